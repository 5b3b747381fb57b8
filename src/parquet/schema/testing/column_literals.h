// Column literals for tests: short ways to write the Columns of column.h by hand, with
// std::nullopt for null slots. Test-only (hindsight_parquet_testing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parquet/column.h"

namespace hindsight::parquet::test_util {

Column BoolColumn(const std::vector<std::optional<bool>>& values);
Column Int32Column(const std::vector<std::optional<int32_t>>& values);
Column Int64Column(const std::vector<std::optional<int64_t>>& values);
Column FloatColumn(const std::vector<std::optional<float>>& values);
Column DoubleColumn(const std::vector<std::optional<double>>& values);
Column BinaryColumn(const std::vector<std::optional<std::string>>& values);

// One slot per entry of `sizes` (nullopt: a null list), elements taken in order from
// `elements`, which must hold the sum of the sizes.
Column ListColumn(const std::vector<std::optional<int64_t>>& sizes, Column elements);
Column MapColumn(const std::vector<std::optional<int64_t>>& sizes, Column keys, Column values);

// A struct of `fields` (all of one length); `validity` 1/0 per slot, empty for no nulls.
Column StructColumn(std::vector<Column> fields, std::vector<uint8_t> validity = {});

}  // namespace hindsight::parquet::test_util
