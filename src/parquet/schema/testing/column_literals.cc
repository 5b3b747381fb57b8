#include "parquet/schema/testing/column_literals.h"

#include <cstring>
#include <utility>

namespace hindsight::parquet::test_util {
namespace {

template <typename T>
Column FixedWidthColumn(ColumnType type, const std::vector<std::optional<T>>& values) {
  Column column;
  column.type = type;
  column.length = static_cast<int64_t>(values.size());
  column.values.assign(values.size() * sizeof(T), 0);
  bool any_null = false;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].has_value()) {
      any_null = true;
      continue;
    }
    const T value = *values[i];
    std::memcpy(column.values.data() + i * sizeof(T), &value, sizeof(T));
  }
  if (any_null) {
    for (const std::optional<T>& value : values) column.validity.push_back(value.has_value());
  }
  return column;
}

template <typename Slots>
void SetValidity(Column& column, const Slots& slots) {
  bool any_null = false;
  for (const auto& slot : slots) any_null |= !slot.has_value();
  if (!any_null) return;
  for (const auto& slot : slots) column.validity.push_back(slot.has_value() ? 1 : 0);
}

Column Repeated(ColumnType type, const std::vector<std::optional<int64_t>>& sizes) {
  Column column;
  column.type = type;
  column.length = static_cast<int64_t>(sizes.size());
  column.offsets.push_back(0);
  for (const std::optional<int64_t>& size : sizes) {
    column.offsets.push_back(column.offsets.back() + size.value_or(0));
  }
  SetValidity(column, sizes);
  return column;
}

}  // namespace

Column BoolColumn(const std::vector<std::optional<bool>>& values) {
  std::vector<std::optional<uint8_t>> bytes;
  for (const std::optional<bool>& value : values) {
    bytes.push_back(value.has_value() ? std::optional<uint8_t>(*value ? 1 : 0) : std::nullopt);
  }
  return FixedWidthColumn(ColumnType::kBool, bytes);
}

Column Int32Column(const std::vector<std::optional<int32_t>>& values) {
  return FixedWidthColumn(ColumnType::kInt32, values);
}

Column Int64Column(const std::vector<std::optional<int64_t>>& values) {
  return FixedWidthColumn(ColumnType::kInt64, values);
}

Column FloatColumn(const std::vector<std::optional<float>>& values) {
  return FixedWidthColumn(ColumnType::kFloat, values);
}

Column DoubleColumn(const std::vector<std::optional<double>>& values) {
  return FixedWidthColumn(ColumnType::kDouble, values);
}

Column BinaryColumn(const std::vector<std::optional<std::string>>& values) {
  Column column;
  column.type = ColumnType::kBinary;
  column.length = static_cast<int64_t>(values.size());
  column.offsets.push_back(0);
  for (const std::optional<std::string>& value : values) {
    if (value.has_value()) column.values.insert(column.values.end(), value->begin(), value->end());
    column.offsets.push_back(static_cast<int64_t>(column.values.size()));
  }
  SetValidity(column, values);
  return column;
}

Column ListColumn(const std::vector<std::optional<int64_t>>& sizes, Column elements) {
  Column column = Repeated(ColumnType::kList, sizes);
  column.children.push_back(std::move(elements));
  return column;
}

Column MapColumn(const std::vector<std::optional<int64_t>>& sizes, Column keys, Column values) {
  Column column = Repeated(ColumnType::kMap, sizes);
  column.children.push_back(std::move(keys));
  column.children.push_back(std::move(values));
  return column;
}

Column StructColumn(std::vector<Column> fields, std::vector<uint8_t> validity) {
  Column column;
  column.type = ColumnType::kStruct;
  column.length = fields.empty() ? static_cast<int64_t>(validity.size()) : fields[0].length;
  column.validity = std::move(validity);
  column.children = std::move(fields);
  return column;
}

}  // namespace hindsight::parquet::test_util
