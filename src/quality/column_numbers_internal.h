// Reading a numeric leaf's slot as a double, shared by profiles and diffs.
#pragma once

#include <cstdint>

#include "parquet/column.h"

namespace hindsight::quality {

// Whether slots of `column` hold numbers (booleans count as 0/1).
inline bool IsNumeric(const parquet::Column& column) {
  switch (column.type) {
    case parquet::ColumnType::kBool:
    case parquet::ColumnType::kInt32:
    case parquet::ColumnType::kInt64:
    case parquet::ColumnType::kFloat:
    case parquet::ColumnType::kDouble:
      return true;
    default:
      return false;
  }
}

// Slot `i` of a numeric column as a double. REQUIRES: IsNumeric(column).
inline double NumberAt(const parquet::Column& column, int64_t i) {
  switch (column.type) {
    case parquet::ColumnType::kBool:
      return column.values[i] ? 1 : 0;
    case parquet::ColumnType::kInt32:
      return column.Values<int32_t>()[i];
    case parquet::ColumnType::kInt64:
      return static_cast<double>(column.Values<int64_t>()[i]);
    case parquet::ColumnType::kFloat:
      return column.Values<float>()[i];
    default:
      return column.Values<double>()[i];
  }
}

}  // namespace hindsight::quality
