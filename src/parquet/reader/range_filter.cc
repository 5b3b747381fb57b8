#include "parquet/reader/range_filter.h"

#include <cmath>
#include <cstring>

#include "parquet/schema/annotations.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::Type;
using Kind = format::LogicalType::Kind;
using Order = ResolvedRange::Order;

Order OrderOf(const LeafColumn& leaf) {
  const std::optional<format::LogicalType> logical = EffectiveLogicalType(*leaf.node);
  switch (leaf.physical_type) {
    case Type::INT32:
    case Type::INT64:
      if (logical.has_value() && logical->kind == Kind::INTEGER && !logical->is_signed) {
        return Order::kUnknown;
      }
      return Order::kSignedInteger;
    case Type::FLOAT:
    case Type::DOUBLE:
      return Order::kNumber;
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY:
      if (logical.has_value() &&
          (logical->kind == Kind::DECIMAL || logical->kind == Kind::FLOAT16)) {
        return Order::kUnknown;
      }
      if (leaf.node->converted_type == format::ConvertedType::INTERVAL) return Order::kUnknown;
      return Order::kUnsignedBytes;
    default:
      return Order::kUnknown;
  }
}

bool IsString(const ScalarValue& value) { return std::holds_alternative<std::string>(value); }

Status CheckBound(const ColumnRange& range, const LeafColumn& leaf,
                  const std::optional<ScalarValue>& bound) {
  if (!bound.has_value()) return absl::OkStatus();
  const bool bytes_leaf =
      leaf.physical_type == Type::BYTE_ARRAY || leaf.physical_type == Type::FIXED_LEN_BYTE_ARRAY;
  if (bytes_leaf != IsString(*bound)) {
    return absl::InvalidArgumentError(
        StrCat("filter on '", range.column, "': ", bytes_leaf ? "a string" : "a number",
               " column needs ", bytes_leaf ? "string" : "numeric", " bounds"));
  }
  if (const double* number = std::get_if<double>(&*bound);
      number != nullptr && std::isnan(*number)) {
    return absl::InvalidArgumentError(StrCat("filter on '", range.column, "': NaN bound"));
  }
  return absl::OkStatus();
}

long double AsLongDouble(const ScalarValue& value) {
  if (const int64_t* integer = std::get_if<int64_t>(&value))
    return static_cast<long double>(*integer);
  return static_cast<long double>(std::get<double>(value));
}

// A statistics value usable as a bound: decoded and not NaN.
std::optional<ScalarValue> UsableBound(Type type, const std::optional<std::string>& bytes) {
  if (!bytes.has_value()) return std::nullopt;
  std::optional<ScalarValue> value = DecodeStatisticsValue(type, *bytes);
  if (value.has_value()) {
    if (const double* number = std::get_if<double>(&*value);
        number != nullptr && std::isnan(*number)) {
      return std::nullopt;
    }
  }
  return value;
}

// False when [min, max] of some values and the range do not meet.
bool BoundsMayMatch(const ResolvedRange& range, const std::optional<ScalarValue>& min,
                    const std::optional<ScalarValue>& max) {
  if (range.min.has_value() && max.has_value() && CompareScalars(*max, *range.min) < 0)
    return false;
  if (range.max.has_value() && min.has_value() && CompareScalars(*min, *range.max) > 0)
    return false;
  return true;
}

}  // namespace

StatusOr<std::vector<ResolvedRange>> ResolveRanges(const Schema& schema,
                                                   const std::vector<ColumnRange>& ranges) {
  std::vector<ResolvedRange> resolved;
  for (const ColumnRange& range : ranges) {
    HS_ASSIGN_OR_RETURN(Schema projected, schema.Project({range.column}));
    if (projected.num_leaves() != 1) {
      return absl::InvalidArgumentError(StrCat("filter on '", range.column, "': names ",
                                               projected.num_leaves(),
                                               " leaf columns, a filter needs exactly one"));
    }
    const LeafColumn& leaf = schema.leaf(projected.leaf(0).source_index);
    if (leaf.max_rep_level > 0) {
      return absl::InvalidArgumentError(
          StrCat("filter on '", range.column, "': the column is repeated"));
    }
    switch (leaf.physical_type) {
      case Type::INT32:
      case Type::INT64:
      case Type::FLOAT:
      case Type::DOUBLE:
      case Type::BYTE_ARRAY:
      case Type::FIXED_LEN_BYTE_ARRAY:
        break;
      default:
        return absl::InvalidArgumentError(
            StrCat("filter on '", range.column,
                   "': ranges apply to INT32, INT64, FLOAT, DOUBLE and byte array columns"));
    }
    HS_RETURN_IF_ERROR(CheckBound(range, leaf, range.min));
    HS_RETURN_IF_ERROR(CheckBound(range, leaf, range.max));
    resolved.push_back({leaf.index, OrderOf(leaf), range.min, range.max});
  }
  return resolved;
}

std::optional<ScalarValue> DecodeStatisticsValue(Type type, std::string_view bytes) {
  switch (type) {
    case Type::INT32: {
      if (bytes.size() != sizeof(int32_t)) return std::nullopt;
      int32_t value;
      std::memcpy(&value, bytes.data(), sizeof(value));
      return ScalarValue(int64_t{value});
    }
    case Type::INT64: {
      if (bytes.size() != sizeof(int64_t)) return std::nullopt;
      int64_t value;
      std::memcpy(&value, bytes.data(), sizeof(value));
      return ScalarValue(value);
    }
    case Type::FLOAT: {
      if (bytes.size() != sizeof(float)) return std::nullopt;
      float value;
      std::memcpy(&value, bytes.data(), sizeof(value));
      return ScalarValue(static_cast<double>(value));
    }
    case Type::DOUBLE: {
      if (bytes.size() != sizeof(double)) return std::nullopt;
      double value;
      std::memcpy(&value, bytes.data(), sizeof(value));
      return ScalarValue(value);
    }
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY:
      return ScalarValue(std::string(bytes));
    default:
      return std::nullopt;
  }
}

int CompareScalars(const ScalarValue& a, const ScalarValue& b) {
  if (IsString(a)) {
    const int order = std::get<std::string>(a).compare(std::get<std::string>(b));
    return (order > 0) - (order < 0);
  }
  if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) {
    const int64_t x = std::get<int64_t>(a);
    const int64_t y = std::get<int64_t>(b);
    return (x > y) - (x < y);
  }
  // long double holds every int64_t and double exactly on x86-64.
  const long double x = AsLongDouble(a);
  const long double y = AsLongDouble(b);
  return (x > y) - (x < y);
}

bool ChunkMayMatch(const ResolvedRange& range, const format::ColumnChunk& chunk, Type type) {
  if (range.order == Order::kUnknown || !chunk.meta_data.has_value()) return true;
  const format::ColumnMetaData& meta = *chunk.meta_data;
  if (!meta.statistics.has_value()) return true;
  const format::Statistics& stats = *meta.statistics;
  if (stats.null_count.has_value() && *stats.null_count == meta.num_values && meta.num_values > 0) {
    return false;  // only nulls, which lie in no range
  }
  std::optional<ScalarValue> min = UsableBound(type, stats.min_value);
  std::optional<ScalarValue> max = UsableBound(type, stats.max_value);
  // The deprecated min/max used signed comparison, right for numbers but not for bytes.
  if (range.order != Order::kUnsignedBytes) {
    if (!min.has_value()) min = UsableBound(type, stats.min);
    if (!max.has_value()) max = UsableBound(type, stats.max);
  }
  return BoundsMayMatch(range, min, max);
}

RowRanges PageRowsMayMatch(const ResolvedRange& range, Type type,
                           const format::ColumnIndex& column_index,
                           const format::OffsetIndex& offset_index, int64_t num_rows) {
  const std::vector<format::PageLocation>& pages = offset_index.page_locations;
  const size_t count = pages.size();
  if (range.order == Order::kUnknown || count == 0 || column_index.null_pages.size() != count ||
      column_index.min_values.size() != count || column_index.max_values.size() != count) {
    return RowRanges::All(num_rows);
  }
  RowRanges rows;
  for (size_t i = 0; i < count; ++i) {
    const int64_t begin = pages[i].first_row_index;
    const int64_t end = i + 1 < count ? pages[i + 1].first_row_index : num_rows;
    if (begin < 0 || end > num_rows || begin > end ||
        (!rows.ranges().empty() && begin < rows.ranges().back().begin)) {
      return RowRanges::All(num_rows);
    }
    if (column_index.null_pages[i]) continue;
    const std::optional<ScalarValue> min =
        UsableBound(type, std::optional<std::string>(column_index.min_values[i]));
    const std::optional<ScalarValue> max =
        UsableBound(type, std::optional<std::string>(column_index.max_values[i]));
    if (BoundsMayMatch(range, min, max)) rows.Add(begin, end);
  }
  return rows;
}

}  // namespace hindsight::parquet
