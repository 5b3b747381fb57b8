#include "parquet/writer/statistics_builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <type_traits>

#include "parquet/schema/annotations.h"

namespace hindsight::parquet {
namespace {

using format::LogicalType;

template <typename T>
std::string EncodeBound(T value) {
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

template <typename T>
T DecodeBound(std::string_view bytes) {
  T value{};
  std::memcpy(&value, bytes.data(), std::min(bytes.size(), sizeof(T)));
  return value;
}

template <typename T>
int CompareValues(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Big-endian two's complement integers of any length; the shorter is sign-extended.
int CompareSignedBigEndian(std::string_view a, std::string_view b) {
  const bool a_negative = !a.empty() && (static_cast<uint8_t>(a[0]) & 0x80) != 0;
  const bool b_negative = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80) != 0;
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  const uint8_t extension = a_negative ? 0xFF : 0x00;
  const size_t length = std::max(a.size(), b.size());
  const size_t a_pad = length - a.size();
  const size_t b_pad = length - b.size();
  for (size_t i = 0; i < length; ++i) {
    const uint8_t x = i < a_pad ? extension : static_cast<uint8_t>(a[i - a_pad]);
    const uint8_t y = i < b_pad ? extension : static_cast<uint8_t>(b[i - b_pad]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

template <typename T, typename Compare>
std::optional<MinMax> MinMaxOfFixed(const Column& values, int64_t begin, int64_t end,
                                    Compare less) {
  const T* data = reinterpret_cast<const T*>(values.values.data());
  int64_t i = begin;
  if constexpr (std::is_floating_point_v<T>) {
    while (i < end && std::isnan(data[i])) ++i;
  }
  if (i >= end) return std::nullopt;
  T min = data[i];
  T max = data[i];
  for (++i; i < end; ++i) {
    const T value = data[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(value)) continue;
    }
    if (less(value, min)) min = value;
    if (less(max, value)) max = value;
  }
  if constexpr (std::is_floating_point_v<T>) {
    // The spec asks for -0.0 as a zero minimum and +0.0 as a zero maximum, so that
    // readers comparing with either zero never prune wrongly.
    if (min == T{0}) min = -T{0};
    if (max == T{0}) max = T{0};
  }
  return MinMax{EncodeBound(min), EncodeBound(max)};
}

template <typename Compare>
std::optional<MinMax> MinMaxOfBinary(const Column& values, int64_t begin, int64_t end,
                                     Compare compare) {
  if (begin >= end) return std::nullopt;
  std::string_view min = values.Binary(begin);
  std::string_view max = min;
  for (int64_t i = begin + 1; i < end; ++i) {
    const std::string_view value = values.Binary(i);
    if (compare(value, min) < 0) min = value;
    if (compare(max, value) < 0) max = value;
  }
  return MinMax{std::string(min), std::string(max)};
}

bool IsUnsignedInteger(const std::optional<LogicalType>& logical) {
  return logical && logical->kind == LogicalType::Kind::INTEGER && !logical->is_signed;
}

bool HasDeprecatedBounds(ValueOrder order) {
  switch (order) {
    case ValueOrder::kBoolean:
    case ValueOrder::kSignedInt32:
    case ValueOrder::kSignedInt64:
    case ValueOrder::kFloat:
    case ValueOrder::kDouble:
      return true;
    default:
      return false;
  }
}

}  // namespace

ValueOrder ValueOrderFor(const LeafColumn& leaf) {
  const std::optional<LogicalType> logical =
      leaf.node != nullptr ? EffectiveLogicalType(*leaf.node) : std::nullopt;
  switch (leaf.physical_type) {
    case format::Type::BOOLEAN:
      return ValueOrder::kBoolean;
    case format::Type::INT32:
      return IsUnsignedInteger(logical) ? ValueOrder::kUnsignedInt32 : ValueOrder::kSignedInt32;
    case format::Type::INT64:
      return IsUnsignedInteger(logical) ? ValueOrder::kUnsignedInt64 : ValueOrder::kSignedInt64;
    case format::Type::FLOAT:
      return ValueOrder::kFloat;
    case format::Type::DOUBLE:
      return ValueOrder::kDouble;
    case format::Type::BYTE_ARRAY:
    case format::Type::FIXED_LEN_BYTE_ARRAY:
      if (!logical) return ValueOrder::kUnsignedBytes;
      if (logical->kind == LogicalType::Kind::DECIMAL) return ValueOrder::kSignedDecimalBytes;
      // FLOAT16 orders as a float and INTERVAL has no order; neither is written here.
      if (logical->kind == LogicalType::Kind::FLOAT16) return ValueOrder::kNone;
      if (leaf.node != nullptr && leaf.node->converted_type == format::ConvertedType::INTERVAL) {
        return ValueOrder::kNone;
      }
      return ValueOrder::kUnsignedBytes;
    default:
      return ValueOrder::kNone;
  }
}

int CompareBounds(ValueOrder order, std::string_view a, std::string_view b) {
  switch (order) {
    case ValueOrder::kBoolean:
      return CompareValues(DecodeBound<uint8_t>(a), DecodeBound<uint8_t>(b));
    case ValueOrder::kSignedInt32:
      return CompareValues(DecodeBound<int32_t>(a), DecodeBound<int32_t>(b));
    case ValueOrder::kUnsignedInt32:
      return CompareValues(DecodeBound<uint32_t>(a), DecodeBound<uint32_t>(b));
    case ValueOrder::kSignedInt64:
      return CompareValues(DecodeBound<int64_t>(a), DecodeBound<int64_t>(b));
    case ValueOrder::kUnsignedInt64:
      return CompareValues(DecodeBound<uint64_t>(a), DecodeBound<uint64_t>(b));
    case ValueOrder::kFloat:
      return CompareValues(DecodeBound<float>(a), DecodeBound<float>(b));
    case ValueOrder::kDouble:
      return CompareValues(DecodeBound<double>(a), DecodeBound<double>(b));
    case ValueOrder::kUnsignedBytes:
      return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    case ValueOrder::kSignedDecimalBytes:
      return CompareSignedBigEndian(a, b);
    case ValueOrder::kNone:
      break;
  }
  return 0;
}

std::optional<MinMax> ComputeMinMax(ValueOrder order, const Column& values, int64_t begin,
                                    int64_t end) {
  switch (order) {
    case ValueOrder::kBoolean: {
      if (begin >= end) return std::nullopt;
      const uint8_t* data = values.values.data();
      bool any_false = false;
      bool any_true = false;
      for (int64_t i = begin; i < end; ++i) {
        any_true |= data[i] != 0;
        any_false |= data[i] == 0;
      }
      return MinMax{std::string(1, any_false ? '\0' : '\1'),
                    std::string(1, any_true ? '\1' : '\0')};
    }
    case ValueOrder::kSignedInt32:
      return MinMaxOfFixed<int32_t>(values, begin, end, std::less<int32_t>());
    case ValueOrder::kUnsignedInt32:
      return MinMaxOfFixed<int32_t>(values, begin, end, [](int32_t a, int32_t b) {
        return static_cast<uint32_t>(a) < static_cast<uint32_t>(b);
      });
    case ValueOrder::kSignedInt64:
      return MinMaxOfFixed<int64_t>(values, begin, end, std::less<int64_t>());
    case ValueOrder::kUnsignedInt64:
      return MinMaxOfFixed<int64_t>(values, begin, end, [](int64_t a, int64_t b) {
        return static_cast<uint64_t>(a) < static_cast<uint64_t>(b);
      });
    case ValueOrder::kFloat:
      return MinMaxOfFixed<float>(values, begin, end, std::less<float>());
    case ValueOrder::kDouble:
      return MinMaxOfFixed<double>(values, begin, end, std::less<double>());
    case ValueOrder::kUnsignedBytes:
      return MinMaxOfBinary(values, begin, end,
                            [](std::string_view a, std::string_view b) { return a.compare(b); });
    case ValueOrder::kSignedDecimalBytes:
      return MinMaxOfBinary(values, begin, end, CompareSignedBigEndian);
    case ValueOrder::kNone:
      break;
  }
  return std::nullopt;
}

std::string TruncateLowerBound(std::string_view value, size_t max_bytes) {
  return std::string(value.substr(0, max_bytes));
}

std::optional<std::string> TruncateUpperBound(std::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  std::string bound(value.substr(0, max_bytes));
  while (!bound.empty() && static_cast<uint8_t>(bound.back()) == 0xFF) bound.pop_back();
  if (bound.empty()) return std::nullopt;
  bound.back() = static_cast<char>(static_cast<uint8_t>(bound.back()) + 1);
  return bound;
}

void StatisticsBuilder::AddPage(const std::optional<MinMax>& bounds, int64_t null_count) {
  null_count_ += null_count;
  if (!bounds) return;
  if (!bounds_) {
    bounds_ = bounds;
    return;
  }
  if (CompareBounds(order_, bounds->min, bounds_->min) < 0) bounds_->min = bounds->min;
  if (CompareBounds(order_, bounds_->max, bounds->max) < 0) bounds_->max = bounds->max;
}

void StatisticsBuilder::Reset() {
  bounds_.reset();
  null_count_ = 0;
}

format::Statistics StatisticsBuilder::Build(size_t max_bytes) const {
  format::Statistics statistics;
  statistics.null_count = null_count_;
  if (!bounds_) return statistics;
  std::string min = bounds_->min;
  std::string max = bounds_->max;
  if (min.size() > max_bytes || max.size() > max_bytes) {
    // Only unsigned byte order survives truncation (a prefix still bounds from below).
    if (order_ != ValueOrder::kUnsignedBytes) return statistics;
    std::optional<std::string> upper = TruncateUpperBound(max, max_bytes);
    if (!upper) return statistics;
    min = TruncateLowerBound(min, max_bytes);
    max = std::move(*upper);
  }
  statistics.is_min_value_exact = min == bounds_->min;
  statistics.is_max_value_exact = max == bounds_->max;
  if (HasDeprecatedBounds(order_)) {
    statistics.min = min;
    statistics.max = max;
  }
  statistics.min_value = std::move(min);
  statistics.max_value = std::move(max);
  return statistics;
}

}  // namespace hindsight::parquet
