#include "parquet/writer/logical_value_check.h"

#include <optional>

#include "parquet/schema/annotations.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::LogicalType;

template <typename T>
Status CheckRange(const LeafColumn& leaf, const Column& values, int64_t min, int64_t max,
                  std::string_view type_text) {
  const std::span<const T> data = values.Values<T>();
  for (size_t i = 0; i < data.size(); ++i) {
    const auto value = static_cast<int64_t>(data[i]);
    if (value < min || value > max) {
      return absl::InvalidArgumentError(StrCat("column '", leaf.dotted_path, "': value ", value,
                                               " at value index ", i, " does not fit ", type_text));
    }
  }
  return absl::OkStatus();
}

int64_t PowerOfTen(int32_t exponent) {
  int64_t power = 1;
  for (int32_t i = 0; i < exponent; ++i) power *= 10;
  return power;
}

}  // namespace

Status CheckLogicalRange(const LeafColumn& leaf, const Column& values) {
  if (leaf.node == nullptr || values.length == 0) return absl::OkStatus();
  const bool int32 = leaf.physical_type == format::Type::INT32;
  const bool int64 = leaf.physical_type == format::Type::INT64;
  if (!int32 && !int64) return absl::OkStatus();
  const std::optional<LogicalType> logical = EffectiveLogicalType(*leaf.node);
  if (!logical) return absl::OkStatus();
  if (logical->kind == LogicalType::Kind::INTEGER && int32 && logical->bit_width < 32) {
    const int bits = logical->bit_width;
    const int64_t min = logical->is_signed ? -(int64_t{1} << (bits - 1)) : 0;
    const int64_t max =
        logical->is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
    return CheckRange<int32_t>(leaf, values, min, max,
                               StrCat("INT(", bits, ", ", logical->is_signed, ")"));
  }
  // Precision 18 is the widest an INT64 decimal may declare, so 10^precision fits.
  if (logical->kind == LogicalType::Kind::DECIMAL && logical->decimal_precision > 0 &&
      logical->decimal_precision <= 18) {
    const int64_t limit = PowerOfTen(logical->decimal_precision) - 1;
    const std::string text =
        StrCat("DECIMAL(", logical->decimal_precision, ", ", logical->decimal_scale, ")");
    return int32 ? CheckRange<int32_t>(leaf, values, -limit, limit, text)
                 : CheckRange<int64_t>(leaf, values, -limit, limit, text);
  }
  return absl::OkStatus();
}

}  // namespace hindsight::parquet
