// RecordBatch: rows in memory, as one Column per top-level field of a Schema.
#pragma once

#include <cstdint>
#include <vector>

#include "parquet/column.h"

namespace hindsight::parquet {

// columns[i] stands for schema.logical_root().children[i] and has num_rows slots; its
// Column tree mirrors that logical node (column.h).
struct RecordBatch {
  int64_t num_rows = 0;
  std::vector<Column> columns;
};

}  // namespace hindsight::parquet
