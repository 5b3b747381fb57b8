// RecordShredder: turns rows held as Columns (record_batch.h) into Dremel levels and dense
// values, one leaf column at a time, for the writer.
#pragma once

#include <vector>

#include "parquet/schema/leaf_data.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

class RecordShredder {
 public:
  // Checks that `batch` matches `schema` (one valid Column per top-level field, each of
  // batch.num_rows slots). Both are borrowed and must outlive the shredder.
  [[nodiscard]] static StatusOr<RecordShredder> Make(const Schema& schema,
                                                     const RecordBatch& batch);

  // Levels and non-null values of leaf `leaf_index` for all rows. Fails on a
  // FIXED_LEN_BYTE_ARRAY or INT96 value of the wrong width.
  [[nodiscard]] StatusOr<LeafData> ShredLeaf(int leaf_index) const;

  // ShredLeaf for every leaf, in leaf order.
  [[nodiscard]] StatusOr<std::vector<LeafData>> ShredAll() const;

 private:
  RecordShredder(const Schema& schema, const RecordBatch& batch)
      : schema_(&schema), batch_(&batch) {}

  const Schema* schema_;
  const RecordBatch* batch_;
};

// Make + ShredAll.
[[nodiscard]] StatusOr<std::vector<LeafData>> ShredRecords(const Schema& schema,
                                                           const RecordBatch& batch);

}  // namespace hindsight::parquet
