// Turns rows of a facts-table batch back into records: the inverse of FactsBatchBuilder.
// Works on any file's schema (one written before a fact type or context key was added)
// and on projections of it (query reads only some fact types): what the batch does not
// hold is left unset in the record.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hindsight/record.pb.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "store/fact_schema_registry.h"
#include "util/status.h"

namespace hindsight::store {

// Immutable after Make; Decode is thread-safe. `registry` must outlive the decoder.
class FactsRowDecoder {
 public:
  // `schema` is the schema of the batches to decode (ParquetFileReader::ProjectedSchema).
  // Columns the registry does not know (a fact type or message field no longer
  // registered) are ignored; a column whose type contradicts its fact field is an error
  // naming the column.
  [[nodiscard]] static StatusOr<std::unique_ptr<FactsRowDecoder>> Make(
      const parquet::Schema& schema, const std::string& entity_key,
      const FactSchemaRegistry& registry);
  ~FactsRowDecoder();
  FactsRowDecoder(const FactsRowDecoder&) = delete;
  FactsRowDecoder& operator=(const FactsRowDecoder&) = delete;

  // Row `row` of `batch` (REQUIRES: batch has this decoder's schema, row < num_rows).
  // Facts come out grouped by type in column order, each value serialized
  // deterministically; context in column order, entity first.
  [[nodiscard]] StatusOr<Record> Decode(const parquet::RecordBatch& batch, int64_t row) const;

 private:
  struct Plan;
  explicit FactsRowDecoder(std::unique_ptr<Plan> plan);
  std::unique_ptr<Plan> plan_;
};

}  // namespace hindsight::store
