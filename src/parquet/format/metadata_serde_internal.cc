#include "parquet/format/metadata_serde_internal.h"

namespace hindsight::parquet::format::serde_internal {

bool WireTypesMatch(CompactType actual, CompactType expected) {
  const auto is_bool = [](CompactType type) {
    return type == CompactType::kBoolTrue || type == CompactType::kBoolFalse;
  };
  if (is_bool(expected)) return is_bool(actual);
  return actual == expected;
}

bool ListElementTypesMatch(CompactType actual, CompactType expected) {
  const auto is_varint_integer = [](CompactType type) {
    return type == CompactType::kI16 || type == CompactType::kI32 || type == CompactType::kI64;
  };
  if (is_varint_integer(expected)) return is_varint_integer(actual);
  return WireTypesMatch(actual, expected);
}

StatusOr<std::optional<int16_t>> ReadUnionMemberId(CompactReader& reader,
                                                   std::string_view union_name) {
  const uint64_t union_offset = reader.offset();
  int members = 0;
  std::optional<int16_t> member_id;
  HS_RETURN_IF_ERROR(ReadStruct(reader, union_name, {}, [&](ThriftField& field) -> Status {
    ++members;
    member_id = field.id();
    return field.Skip();
  }));
  if (members > 1) {
    return absl::DataLossError(StrCat("union ", union_name, " at offset ", union_offset, " has ",
                                      members, " members set, expected one"));
  }
  return member_id;
}

void WriteMarkerUnion(CompactWriter& writer, std::optional<int16_t> member_id) {
  writer.WriteStructBegin();
  if (member_id.has_value()) {
    writer.WriteFieldHeader(CompactType::kStruct, *member_id);
    writer.WriteStructBegin();
    writer.WriteStructEnd();
  }
  writer.WriteStructEnd();
}

StatusOr<Statistics> ReadStatistics(CompactReader& reader) {
  Statistics stats;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "Statistics", {}, [&](ThriftField& field) -> Status {
    switch (field.id()) {
      case 1:
        return field.ReadInto("max", stats.max);
      case 2:
        return field.ReadInto("min", stats.min);
      case 3:
        return field.ReadInto("null_count", stats.null_count);
      case 4:
        return field.ReadInto("distinct_count", stats.distinct_count);
      case 5:
        return field.ReadInto("max_value", stats.max_value);
      case 6:
        return field.ReadInto("min_value", stats.min_value);
      case 7:
        return field.ReadInto("is_max_value_exact", stats.is_max_value_exact);
      case 8:
        return field.ReadInto("is_min_value_exact", stats.is_min_value_exact);
      default:
        return field.Skip();
    }
  }));
  return stats;
}

void WriteStatistics(CompactWriter& writer, const Statistics& stats) {
  writer.WriteStructBegin();
  if (stats.max) writer.WriteBinaryField(1, *stats.max);
  if (stats.min) writer.WriteBinaryField(2, *stats.min);
  if (stats.null_count) writer.WriteI64Field(3, *stats.null_count);
  if (stats.distinct_count) writer.WriteI64Field(4, *stats.distinct_count);
  if (stats.max_value) writer.WriteBinaryField(5, *stats.max_value);
  if (stats.min_value) writer.WriteBinaryField(6, *stats.min_value);
  if (stats.is_max_value_exact) writer.WriteBoolField(7, *stats.is_max_value_exact);
  if (stats.is_min_value_exact) writer.WriteBoolField(8, *stats.is_min_value_exact);
  writer.WriteStructEnd();
}

void WriteI64List(CompactWriter& writer, int16_t id, const std::vector<int64_t>& values) {
  writer.WriteFieldHeader(CompactType::kList, id);
  writer.WriteListBegin(CompactType::kI64, static_cast<uint32_t>(values.size()));
  for (int64_t value : values) writer.WriteI64(value);
}

}  // namespace hindsight::parquet::format::serde_internal
