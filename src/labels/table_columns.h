// Named columns of a Parquet or CSV file read as integers, times or strings: what label
// and event files are made of. Errors name the file and the column, or the CSV line /
// Parquet row at fault.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace hindsight::labels {

enum class ColumnKind {
  kInteger,  // INT32/INT64 (BOOLEAN as 0/1, DOUBLE if integral); CSV: an integer, true/false
  kTime,     // TIMESTAMP or integer µs; CSV: RFC 3339 or integer µs; within 2000..2200
  kString,
};

struct ColumnRequest {
  std::string name;
  ColumnKind kind = ColumnKind::kInteger;
  bool required = true;
};

struct TableColumns {
  std::vector<std::vector<int64_t>> integers;     // per request (kInteger, kTime)
  std::vector<std::vector<std::string>> strings;  // per request (kString)
  std::vector<bool> present;                      // per request
  size_t rows = 0;
};

[[nodiscard]] StatusOr<TableColumns> ReadTableColumns(const std::string& path,
                                                      const std::vector<ColumnRequest>& requests);

}  // namespace hindsight::labels
