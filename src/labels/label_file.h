// Label files: the rows a model learns from — [record_id,] ENTITY, ts, ITEM, label — as
// Parquet or CSV (SYSTEM.md §5). `hindsight labels` writes them; `hindsight generate`
// reads them. Reading checks every column and row before anything uses them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace hindsight::labels {

struct LabelRows {            // columnar
  std::string entity_column;  // e.g. "profile_id"
  std::string item_column;    // e.g. "video_id"
  bool has_record_id = false;
  std::vector<std::string> record_id;  // empty unless has_record_id
  std::vector<int64_t> entity, ts_us, item;
  std::vector<int32_t> label;
  size_t size() const { return entity.size(); }
};

// Parquet (PAR1 magic) or CSV with a header. Columns by name: record_id (string,
// optional), ENTITY and ITEM (integers), ts (TIMESTAMP or integer µs; in CSV RFC 3339 or
// integer µs, between 2000-01-01 and 2200-01-01), label (0/1: integer, boolean or
// number). Other columns are ignored. InvalidArgument naming the file and the column, or
// FILE:LINE (CSV) / FILE: row N (Parquet).
[[nodiscard]] StatusOr<LabelRows> ReadLabelFile(const std::string& path,
                                                const std::string& entity_column,
                                                const std::string& item_column);

// Writes Parquet (path ends .parquet) or CSV (.csv), atomically.
[[nodiscard]] Status WriteLabelFile(const std::string& path, const LabelRows& rows);

}  // namespace hindsight::labels
