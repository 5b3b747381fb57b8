#include "parquet/text/row_printer.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <span>

#include "parquet/schema/annotations.h"
#include "parquet/text/value_format.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::Type;
using Kind = format::LogicalType::Kind;
using Node = RowPrinter::Node;
using ValueKind = RowPrinter::ValueKind;

ValueKind IntegerKind(const std::optional<format::LogicalType>& logical, bool is_int64) {
  if (logical.has_value() && logical->kind == Kind::INTEGER && !logical->is_signed) {
    return is_int64 ? ValueKind::kUInt64 : ValueKind::kUInt32;
  }
  return is_int64 ? ValueKind::kInt64 : ValueKind::kInt32;
}

ValueKind TemporalKind(const format::LogicalType& logical, bool timestamp) {
  switch (logical.unit) {
    case format::TimeUnit::MILLIS:
      return timestamp ? ValueKind::kTimestampMillis : ValueKind::kTimeMillis;
    case format::TimeUnit::NANOS:
      return timestamp ? ValueKind::kTimestampNanos : ValueKind::kTimeNanos;
    default:
      return timestamp ? ValueKind::kTimestampMicros : ValueKind::kTimeMicros;
  }
}

// How the values of a primitive schema node are shown.
ValueKind PrimitiveKind(const SchemaNode& node, int32_t& scale) {
  const std::optional<format::LogicalType> logical = EffectiveLogicalType(node);
  const std::optional<Kind> kind =
      logical.has_value() ? std::optional<Kind>(logical->kind) : std::nullopt;
  if (kind == Kind::UNKNOWN) return ValueKind::kNull;
  if (kind == Kind::DECIMAL) scale = logical->decimal_scale;
  switch (*node.physical_type) {
    case Type::BOOLEAN:
      return ValueKind::kBool;
    case Type::INT32:
      if (kind == Kind::DATE) return ValueKind::kDate;
      if (kind == Kind::DECIMAL) return ValueKind::kDecimal32;
      if (kind == Kind::TIME) return TemporalKind(*logical, false);
      return IntegerKind(logical, false);
    case Type::INT64:
      if (kind == Kind::TIMESTAMP) return TemporalKind(*logical, true);
      if (kind == Kind::TIME) return TemporalKind(*logical, false);
      if (kind == Kind::DECIMAL) return ValueKind::kDecimal64;
      return IntegerKind(logical, true);
    case Type::INT96:
      return ValueKind::kInt96Timestamp;
    case Type::FLOAT:
      return ValueKind::kFloat;
    case Type::DOUBLE:
      return ValueKind::kDouble;
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY:
      if (kind == Kind::STRING || kind == Kind::ENUM || kind == Kind::JSON)
        return ValueKind::kString;
      if (kind == Kind::DECIMAL) return ValueKind::kDecimalBytes;
      if (kind == Kind::UUID && node.type_length == 16) return ValueKind::kUuid;
      if (kind == Kind::FLOAT16 && node.type_length == 2) return ValueKind::kFloat16;
      return ValueKind::kBase64;
  }
  return ValueKind::kBase64;
}

Node BuildNode(const LogicalNode& logical) {
  Node node;
  node.kind = logical.kind;
  std::string key;
  AppendJsonString(logical.name, key);
  node.json_key = key + ":";
  if (logical.kind == LogicalKind::kPrimitive) {
    node.value = PrimitiveKind(*logical.node, node.scale);
    return node;
  }
  for (const LogicalNode& child : logical.children) node.children.push_back(BuildNode(child));
  return node;
}

std::span<const uint8_t> BinarySlot(const Column& column, int64_t i) {
  return {column.values.data() + column.offsets[i],
          static_cast<size_t>(column.offsets[i + 1] - column.offsets[i])};
}

template <typename T>
T FixedSlot(const Column& column, int64_t i) {
  T value;
  std::memcpy(&value, column.values.data() + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return value;
}

// Numbers that JSON cannot hold are shown as quoted strings (bare in CSV).
template <typename T>
void AppendFloating(T value, bool quote, std::string& out) {
  const char* special = nullptr;
  if (std::isnan(value)) {
    special = "NaN";
  } else if (std::isinf(value)) {
    special = value > 0 ? "Infinity" : "-Infinity";
  }
  if (special != nullptr) {
    if (quote) out.push_back('"');
    out.append(special);
    if (quote) out.push_back('"');
    return;
  }
  if constexpr (sizeof(T) == sizeof(float)) {
    AppendFloat(value, out);
  } else {
    AppendDouble(value, out);
  }
}

template <typename T>
void AppendInteger(T value, std::string& out) {
  char buffer[24];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

// A primitive value. `quote`: JSON strings (else CSV text, quoted by the caller).
void AppendPrimitive(const Node& node, const Column& column, int64_t i, bool quote,
                     std::string& out) {
  // Values shown as JSON strings are wrapped in quotes around their plain text form.
  auto quoted = [&](auto&& append_text) {
    if (quote) out.push_back('"');
    append_text();
    if (quote) out.push_back('"');
  };
  switch (node.value) {
    case ValueKind::kNull:
      out.append(quote ? "null" : "");
      return;
    case ValueKind::kBool:
      out.append(column.values[static_cast<size_t>(i)] != 0 ? "true" : "false");
      return;
    case ValueKind::kInt32:
      AppendInteger(FixedSlot<int32_t>(column, i), out);
      return;
    case ValueKind::kUInt32:
      AppendInteger(FixedSlot<uint32_t>(column, i), out);
      return;
    case ValueKind::kInt64:
      AppendInteger(FixedSlot<int64_t>(column, i), out);
      return;
    case ValueKind::kUInt64:
      AppendInteger(FixedSlot<uint64_t>(column, i), out);
      return;
    case ValueKind::kFloat:
      AppendFloating(FixedSlot<float>(column, i), quote, out);
      return;
    case ValueKind::kDouble:
      AppendFloating(FixedSlot<double>(column, i), quote, out);
      return;
    case ValueKind::kFloat16: {
      const std::span<const uint8_t> bytes = BinarySlot(column, i);
      const uint16_t half = static_cast<uint16_t>(bytes[0] | bytes[1] << 8);
      AppendFloating(HalfToFloat(half), quote, out);
      return;
    }
    case ValueKind::kString: {
      const std::span<const uint8_t> bytes = BinarySlot(column, i);
      const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      if (quote) {
        AppendJsonString(text, out);
      } else {
        out.append(text);
      }
      return;
    }
    case ValueKind::kBase64:
      quoted([&] { AppendBase64(BinarySlot(column, i), out); });
      return;
    case ValueKind::kDate:
      quoted([&] { AppendDate(FixedSlot<int32_t>(column, i), out); });
      return;
    case ValueKind::kTimeMillis:
      quoted([&] { AppendTimeOfDay(FixedSlot<int32_t>(column, i), TimeUnitDigits::kMillis, out); });
      return;
    case ValueKind::kTimeMicros:
      quoted([&] { AppendTimeOfDay(FixedSlot<int64_t>(column, i), TimeUnitDigits::kMicros, out); });
      return;
    case ValueKind::kTimeNanos:
      quoted([&] { AppendTimeOfDay(FixedSlot<int64_t>(column, i), TimeUnitDigits::kNanos, out); });
      return;
    case ValueKind::kTimestampMillis:
      quoted([&] { AppendTimestamp(FixedSlot<int64_t>(column, i), TimeUnitDigits::kMillis, out); });
      return;
    case ValueKind::kTimestampMicros:
      quoted([&] { AppendTimestamp(FixedSlot<int64_t>(column, i), TimeUnitDigits::kMicros, out); });
      return;
    case ValueKind::kTimestampNanos:
      quoted([&] { AppendTimestamp(FixedSlot<int64_t>(column, i), TimeUnitDigits::kNanos, out); });
      return;
    case ValueKind::kInt96Timestamp:
      quoted([&] { AppendInt96Timestamp(BinarySlot(column, i), out); });
      return;
    case ValueKind::kDecimal32:
      quoted([&] { AppendDecimal(FixedSlot<int32_t>(column, i), node.scale, out); });
      return;
    case ValueKind::kDecimal64:
      quoted([&] { AppendDecimal(FixedSlot<int64_t>(column, i), node.scale, out); });
      return;
    case ValueKind::kDecimalBytes:
      quoted([&] { AppendDecimalBytes(BinarySlot(column, i), node.scale, out); });
      return;
    case ValueKind::kUuid:
      quoted([&] { AppendUuid(BinarySlot(column, i), out); });
      return;
  }
}

// A value as JSON.
void AppendJson(const Node& node, const Column& column, int64_t i, std::string& out) {
  if (column.IsNull(i)) {
    out.append("null");
    return;
  }
  switch (node.kind) {
    case LogicalKind::kPrimitive:
      AppendPrimitive(node, column, i, true, out);
      return;
    case LogicalKind::kStruct:
      out.push_back('{');
      for (size_t f = 0; f < node.children.size(); ++f) {
        if (f > 0) out.push_back(',');
        out.append(node.children[f].json_key);
        AppendJson(node.children[f], column.children[f], i, out);
      }
      out.push_back('}');
      return;
    case LogicalKind::kList: {
      out.push_back('[');
      const Column& elements = column.children[0];
      for (int64_t e = column.ChildBegin(i); e < column.ChildEnd(i); ++e) {
        if (e > column.ChildBegin(i)) out.push_back(',');
        AppendJson(node.children[0], elements, e, out);
      }
      out.push_back(']');
      return;
    }
    case LogicalKind::kMap: {
      out.push_back('[');
      for (int64_t e = column.ChildBegin(i); e < column.ChildEnd(i); ++e) {
        if (e > column.ChildBegin(i)) out.push_back(',');
        out.append("{\"key\":");
        AppendJson(node.children[0], column.children[0], e, out);
        out.append(",\"value\":");
        AppendJson(node.children[1], column.children[1], e, out);
        out.push_back('}');
      }
      out.push_back(']');
      return;
    }
  }
}

bool NeedsCsvQuotes(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return text.front() == ' ' || text.back() == ' ';
}

void AppendCsvCell(std::string_view text, bool force_quotes, std::string& out) {
  if (!force_quotes && !NeedsCsvQuotes(text)) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsv(const Node& node, const Column& column, int64_t i, std::string& cell,
               std::string& out) {
  if (column.IsNull(i)) return;  // empty cell
  if (node.kind == LogicalKind::kPrimitive && node.value == ValueKind::kNull) return;
  cell.clear();
  if (node.kind == LogicalKind::kPrimitive) {
    AppendPrimitive(node, column, i, false, cell);
    // The empty string is quoted so that it differs from null.
    AppendCsvCell(cell, node.value == ValueKind::kString && cell.empty(), out);
    return;
  }
  AppendJson(node, column, i, cell);
  AppendCsvCell(cell, true, out);
}

}  // namespace

std::optional<std::string> FormatStatisticsValue(const LeafColumn& leaf, std::string_view bytes) {
  Node node;
  node.value = PrimitiveKind(*leaf.node, node.scale);
  Column column;
  column.type = leaf.column_type;
  column.length = 1;
  column.values.assign(bytes.begin(), bytes.end());
  if (column.type == ColumnType::kBinary) {
    const size_t width = leaf.physical_type == Type::INT96 ? size_t{12}
                         : leaf.physical_type == Type::FIXED_LEN_BYTE_ARRAY
                             ? static_cast<size_t>(leaf.type_length)
                             : bytes.size();
    if (bytes.size() != width && leaf.physical_type != Type::FIXED_LEN_BYTE_ARRAY) {
      return std::nullopt;
    }
    // Truncated FIXED_LEN_BYTE_ARRAY statistics (shorter than the width) show as base64.
    if (bytes.size() != width) node.value = ValueKind::kBase64;
    column.offsets = {0, static_cast<int64_t>(bytes.size())};
  } else if (bytes.size() != FixedWidth(column.type)) {
    return std::nullopt;
  }
  std::string out;
  AppendPrimitive(node, column, 0, true, out);
  return out;
}

RowPrinter RowPrinter::Make(const Schema& schema, TextFormat format) {
  std::vector<Node> fields;
  std::vector<std::string> names;
  for (const LogicalNode& field : schema.logical_root().children) {
    fields.push_back(BuildNode(field));
    names.push_back(field.name);
  }
  return RowPrinter(std::move(fields), std::move(names), format);
}

void RowPrinter::AppendHeader(std::string& out) const {
  if (format_ != TextFormat::kCsv) return;
  for (size_t f = 0; f < names_.size(); ++f) {
    if (f > 0) out.push_back(',');
    AppendCsvCell(names_[f], false, out);
  }
  out.push_back('\n');
}

void RowPrinter::AppendRows(const RecordBatch& batch, int64_t begin, int64_t end,
                            std::string& out) const {
  std::string cell;
  for (int64_t row = begin; row < end; ++row) {
    if (format_ == TextFormat::kJsonl) {
      out.push_back('{');
      for (size_t f = 0; f < fields_.size(); ++f) {
        if (f > 0) out.push_back(',');
        out.append(fields_[f].json_key);
        AppendJson(fields_[f], batch.columns[f], row, out);
      }
      out.append("}\n");
    } else {
      for (size_t f = 0; f < fields_.size(); ++f) {
        if (f > 0) out.push_back(',');
        AppendCsv(fields_[f], batch.columns[f], row, cell, out);
      }
      out.push_back('\n');
    }
  }
}

}  // namespace hindsight::parquet
