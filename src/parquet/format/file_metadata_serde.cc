// FileMetaData and the structs nested in it (schema, row groups, column chunks).
#include "parquet/format/metadata_serde.h"
#include "parquet/format/metadata_serde_internal.h"

namespace hindsight::parquet::format {
namespace {

using serde_internal::ReadStatistics;
using serde_internal::ReadStruct;
using serde_internal::ReadUnionMemberId;
using serde_internal::ThriftField;
using serde_internal::WriteEnumField;
using serde_internal::WriteI64List;
using serde_internal::WriteMarkerUnion;
using serde_internal::WriteStatistics;

// Union member ids written for the encryption markers; only their presence is kept.
constexpr int16_t kEncryptionWithFooterKeyMember = 1;  // ColumnCryptoMetaData
constexpr int16_t kAesGcmV1Member = 1;                 // EncryptionAlgorithm
constexpr int16_t kTypeDefinedOrderMember = 1;         // ColumnOrder.TYPE_ORDER

// ---------------------------------------------------------------------------
// Reading

StatusOr<KeyValue> ReadKeyValue(CompactReader& reader) {
  KeyValue kv;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "KeyValue", {{1, "key"}}, [&](ThriftField& field) {
    switch (field.id()) {
      case 1:
        return field.ReadInto("key", kv.key);
      case 2:
        return field.ReadInto("value", kv.value);
      default:
        return field.Skip();
    }
  }));
  return kv;
}

StatusOr<TimeUnit> ReadTimeUnit(CompactReader& reader) {
  const uint64_t union_offset = reader.offset();
  HS_ASSIGN_OR_RETURN(std::optional<int16_t> member, ReadUnionMemberId(reader, "TimeUnit"));
  if (!member.has_value()) {
    return absl::DataLossError(
        StrCat("TimeUnit union at offset ", union_offset, " has no member set"));
  }
  return static_cast<TimeUnit>(*member);
}

// Reads the struct of a LogicalType member that carries parameters into `logical`.
Status ReadLogicalTypeParameters(ThriftField& member, LogicalType& logical) {
  CompactReader& reader = member.reader();
  switch (logical.kind) {
    case LogicalType::Kind::DECIMAL:
      return ReadStruct(reader, "DecimalType", {{1, "scale"}, {2, "precision"}},
                        [&](ThriftField& field) {
                          switch (field.id()) {
                            case 1:
                              return field.ReadInto("scale", logical.decimal_scale);
                            case 2:
                              return field.ReadInto("precision", logical.decimal_precision);
                            default:
                              return field.Skip();
                          }
                        });
    case LogicalType::Kind::TIME:
    case LogicalType::Kind::TIMESTAMP: {
      const bool is_time = logical.kind == LogicalType::Kind::TIME;
      return ReadStruct(reader, is_time ? "TimeType" : "TimestampType",
                        {{1, "isAdjustedToUTC"}, {2, "unit"}}, [&](ThriftField& field) {
                          switch (field.id()) {
                            case 1:
                              return field.ReadInto("isAdjustedToUTC", logical.is_adjusted_to_utc);
                            case 2:
                              return field.ReadStructInto("unit", logical.unit, ReadTimeUnit);
                            default:
                              return field.Skip();
                          }
                        });
    }
    case LogicalType::Kind::INTEGER:
      return ReadStruct(reader, "IntType", {{1, "bitWidth"}, {2, "isSigned"}},
                        [&](ThriftField& field) {
                          switch (field.id()) {
                            case 1:
                              return field.ReadInto("bitWidth", logical.bit_width);
                            case 2:
                              return field.ReadInto("isSigned", logical.is_signed);
                            default:
                              return field.Skip();
                          }
                        });
    default:
      // Parameterless members (empty structs) and members this code does not know.
      return member.Skip();
  }
}

StatusOr<LogicalType> ReadLogicalType(CompactReader& reader) {
  const uint64_t union_offset = reader.offset();
  LogicalType logical;
  int members = 0;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "LogicalType", {}, [&](ThriftField& member) {
    if (!member.HasType(CompactType::kStruct)) return member.Skip();  // every member is a struct
    ++members;
    logical = LogicalType{};
    logical.kind = static_cast<LogicalType::Kind>(member.id());
    return ReadLogicalTypeParameters(member, logical);
  }));
  if (members != 1) {
    return absl::DataLossError(StrCat("LogicalType union at offset ", union_offset, " has ",
                                      members, " members set, expected one"));
  }
  return logical;
}

StatusOr<SchemaElement> ReadSchemaElement(CompactReader& reader) {
  SchemaElement element;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "SchemaElement", {{4, "name"}}, [&](ThriftField& field) {
    switch (field.id()) {
      case 1:
        return field.ReadInto("type", element.type);
      case 2:
        return field.ReadInto("type_length", element.type_length);
      case 3:
        return field.ReadInto("repetition_type", element.repetition_type);
      case 4:
        return field.ReadInto("name", element.name);
      case 5:
        return field.ReadInto("num_children", element.num_children);
      case 6:
        return field.ReadInto("converted_type", element.converted_type);
      case 7:
        return field.ReadInto("scale", element.scale);
      case 8:
        return field.ReadInto("precision", element.precision);
      case 9:
        return field.ReadInto("field_id", element.field_id);
      case 10:
        return field.ReadStructInto("logicalType", element.logical_type, ReadLogicalType);
      default:
        return field.Skip();
    }
  }));
  return element;
}

StatusOr<PageEncodingStats> ReadPageEncodingStats(CompactReader& reader) {
  PageEncodingStats stats;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "PageEncodingStats",
                                {{1, "page_type"}, {2, "encoding"}, {3, "count"}},
                                [&](ThriftField& field) {
                                  switch (field.id()) {
                                    case 1:
                                      return field.ReadInto("page_type", stats.page_type);
                                    case 2:
                                      return field.ReadInto("encoding", stats.encoding);
                                    case 3:
                                      return field.ReadInto("count", stats.count);
                                    default:
                                      return field.Skip();
                                  }
                                }));
  return stats;
}

StatusOr<SizeStatistics> ReadSizeStatistics(CompactReader& reader) {
  SizeStatistics stats;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "SizeStatistics", {}, [&](ThriftField& field) {
    switch (field.id()) {
      case 1:
        return field.ReadInto("unencoded_byte_array_data_bytes",
                              stats.unencoded_byte_array_data_bytes);
      case 2:
        return field.ReadInto("repetition_level_histogram", stats.repetition_level_histogram);
      case 3:
        return field.ReadInto("definition_level_histogram", stats.definition_level_histogram);
      default:
        return field.Skip();
    }
  }));
  return stats;
}

StatusOr<ColumnMetaData> ReadColumnMetaData(CompactReader& reader) {
  ColumnMetaData meta;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "ColumnMetaData",
      {{1, "type"},
       {2, "encodings"},
       {3, "path_in_schema"},
       {4, "codec"},
       {5, "num_values"},
       {6, "total_uncompressed_size"},
       {7, "total_compressed_size"},
       {9, "data_page_offset"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("type", meta.type);
          case 2:
            return field.ReadInto("encodings", meta.encodings);
          case 3:
            return field.ReadInto("path_in_schema", meta.path_in_schema);
          case 4:
            return field.ReadInto("codec", meta.codec);
          case 5:
            return field.ReadInto("num_values", meta.num_values);
          case 6:
            return field.ReadInto("total_uncompressed_size", meta.total_uncompressed_size);
          case 7:
            return field.ReadInto("total_compressed_size", meta.total_compressed_size);
          case 8:
            return field.ReadStructListInto("key_value_metadata", meta.key_value_metadata,
                                            ReadKeyValue);
          case 9:
            return field.ReadInto("data_page_offset", meta.data_page_offset);
          case 10:
            return field.ReadInto("index_page_offset", meta.index_page_offset);
          case 11:
            return field.ReadInto("dictionary_page_offset", meta.dictionary_page_offset);
          case 12:
            return field.ReadStructInto("statistics", meta.statistics, ReadStatistics);
          case 13:
            return field.ReadStructListInto("encoding_stats", meta.encoding_stats,
                                            ReadPageEncodingStats);
          case 14:
            return field.ReadInto("bloom_filter_offset", meta.bloom_filter_offset);
          case 15:
            return field.ReadInto("bloom_filter_length", meta.bloom_filter_length);
          case 16:
            return field.ReadStructInto("size_statistics", meta.size_statistics,
                                        ReadSizeStatistics);
          default:
            return field.Skip();
        }
      }));
  return meta;
}

StatusOr<ColumnChunk> ReadColumnChunk(CompactReader& reader) {
  ColumnChunk chunk;
  HS_RETURN_IF_ERROR(
      ReadStruct(reader, "ColumnChunk", {{2, "file_offset"}}, [&](ThriftField& field) -> Status {
        switch (field.id()) {
          case 1:
            return field.ReadInto("file_path", chunk.file_path);
          case 2:
            return field.ReadInto("file_offset", chunk.file_offset);
          case 3:
            return field.ReadStructInto("meta_data", chunk.meta_data, ReadColumnMetaData);
          case 4:
            return field.ReadInto("offset_index_offset", chunk.offset_index_offset);
          case 5:
            return field.ReadInto("offset_index_length", chunk.offset_index_length);
          case 6:
            return field.ReadInto("column_index_offset", chunk.column_index_offset);
          case 7:
            return field.ReadInto("column_index_length", chunk.column_index_length);
          case 8:
            if (field.HasType(CompactType::kStruct)) chunk.has_crypto_metadata = true;
            return field.Skip();
          case 9:
            return field.ReadInto("encrypted_column_metadata", chunk.encrypted_column_metadata);
          default:
            return field.Skip();
        }
      }));
  return chunk;
}

StatusOr<SortingColumn> ReadSortingColumn(CompactReader& reader) {
  SortingColumn column;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "SortingColumn",
                                {{1, "column_idx"}, {2, "descending"}, {3, "nulls_first"}},
                                [&](ThriftField& field) {
                                  switch (field.id()) {
                                    case 1:
                                      return field.ReadInto("column_idx", column.column_idx);
                                    case 2:
                                      return field.ReadInto("descending", column.descending);
                                    case 3:
                                      return field.ReadInto("nulls_first", column.nulls_first);
                                    default:
                                      return field.Skip();
                                  }
                                }));
  return column;
}

StatusOr<RowGroup> ReadRowGroup(CompactReader& reader) {
  RowGroup group;
  HS_RETURN_IF_ERROR(
      ReadStruct(reader, "RowGroup", {{1, "columns"}, {2, "total_byte_size"}, {3, "num_rows"}},
                 [&](ThriftField& field) {
                   switch (field.id()) {
                     case 1:
                       return field.ReadStructListInto("columns", group.columns, ReadColumnChunk);
                     case 2:
                       return field.ReadInto("total_byte_size", group.total_byte_size);
                     case 3:
                       return field.ReadInto("num_rows", group.num_rows);
                     case 4:
                       return field.ReadStructListInto("sorting_columns", group.sorting_columns,
                                                       ReadSortingColumn);
                     case 5:
                       return field.ReadInto("file_offset", group.file_offset);
                     case 6:
                       return field.ReadInto("total_compressed_size", group.total_compressed_size);
                     case 7:
                       return field.ReadInto("ordinal", group.ordinal);
                     default:
                       return field.Skip();
                   }
                 }));
  return group;
}

StatusOr<ColumnOrder> ReadColumnOrder(CompactReader& reader) {
  HS_ASSIGN_OR_RETURN(std::optional<int16_t> member, ReadUnionMemberId(reader, "ColumnOrder"));
  ColumnOrder order;
  order.type_defined_order = member == kTypeDefinedOrderMember;
  return order;
}

// ---------------------------------------------------------------------------
// Writing

void WriteKeyValues(CompactWriter& writer, int16_t id, const std::vector<KeyValue>& kvs) {
  writer.WriteFieldHeader(CompactType::kList, id);
  writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(kvs.size()));
  for (const KeyValue& kv : kvs) {
    writer.WriteStructBegin();
    writer.WriteBinaryField(1, kv.key);
    if (kv.value) writer.WriteBinaryField(2, *kv.value);
    writer.WriteStructEnd();
  }
}

void WriteLogicalType(CompactWriter& writer, const LogicalType& logical) {
  writer.WriteStructBegin();
  writer.WriteFieldHeader(CompactType::kStruct, static_cast<int16_t>(logical.kind));
  writer.WriteStructBegin();
  switch (logical.kind) {
    case LogicalType::Kind::DECIMAL:
      writer.WriteI32Field(1, logical.decimal_scale);
      writer.WriteI32Field(2, logical.decimal_precision);
      break;
    case LogicalType::Kind::TIME:
    case LogicalType::Kind::TIMESTAMP:
      writer.WriteBoolField(1, logical.is_adjusted_to_utc);
      writer.WriteFieldHeader(CompactType::kStruct, 2);
      WriteMarkerUnion(writer, static_cast<int16_t>(logical.unit));
      break;
    case LogicalType::Kind::INTEGER:
      writer.WriteI8Field(1, logical.bit_width);
      writer.WriteBoolField(2, logical.is_signed);
      break;
    default:
      break;  // parameterless member: an empty struct
  }
  writer.WriteStructEnd();
  writer.WriteStructEnd();
}

void WriteSchemaElement(CompactWriter& writer, const SchemaElement& element) {
  writer.WriteStructBegin();
  if (element.type) WriteEnumField(writer, 1, *element.type);
  if (element.type_length) writer.WriteI32Field(2, *element.type_length);
  if (element.repetition_type) WriteEnumField(writer, 3, *element.repetition_type);
  writer.WriteBinaryField(4, element.name);
  if (element.num_children) writer.WriteI32Field(5, *element.num_children);
  if (element.converted_type) WriteEnumField(writer, 6, *element.converted_type);
  if (element.scale) writer.WriteI32Field(7, *element.scale);
  if (element.precision) writer.WriteI32Field(8, *element.precision);
  if (element.field_id) writer.WriteI32Field(9, *element.field_id);
  if (element.logical_type) {
    writer.WriteFieldHeader(CompactType::kStruct, 10);
    WriteLogicalType(writer, *element.logical_type);
  }
  writer.WriteStructEnd();
}

void WriteColumnMetaData(CompactWriter& writer, const ColumnMetaData& meta) {
  writer.WriteStructBegin();
  WriteEnumField(writer, 1, meta.type);
  writer.WriteFieldHeader(CompactType::kList, 2);
  writer.WriteListBegin(CompactType::kI32, static_cast<uint32_t>(meta.encodings.size()));
  for (Encoding encoding : meta.encodings) writer.WriteI32(static_cast<int32_t>(encoding));
  writer.WriteFieldHeader(CompactType::kList, 3);
  writer.WriteListBegin(CompactType::kBinary, static_cast<uint32_t>(meta.path_in_schema.size()));
  for (const std::string& part : meta.path_in_schema) writer.WriteBinary(part);
  WriteEnumField(writer, 4, meta.codec);
  writer.WriteI64Field(5, meta.num_values);
  writer.WriteI64Field(6, meta.total_uncompressed_size);
  writer.WriteI64Field(7, meta.total_compressed_size);
  if (!meta.key_value_metadata.empty()) WriteKeyValues(writer, 8, meta.key_value_metadata);
  writer.WriteI64Field(9, meta.data_page_offset);
  if (meta.index_page_offset) writer.WriteI64Field(10, *meta.index_page_offset);
  if (meta.dictionary_page_offset) writer.WriteI64Field(11, *meta.dictionary_page_offset);
  if (meta.statistics) {
    writer.WriteFieldHeader(CompactType::kStruct, 12);
    WriteStatistics(writer, *meta.statistics);
  }
  if (!meta.encoding_stats.empty()) {
    writer.WriteFieldHeader(CompactType::kList, 13);
    writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(meta.encoding_stats.size()));
    for (const PageEncodingStats& stats : meta.encoding_stats) {
      writer.WriteStructBegin();
      WriteEnumField(writer, 1, stats.page_type);
      WriteEnumField(writer, 2, stats.encoding);
      writer.WriteI32Field(3, stats.count);
      writer.WriteStructEnd();
    }
  }
  if (meta.bloom_filter_offset) writer.WriteI64Field(14, *meta.bloom_filter_offset);
  if (meta.bloom_filter_length) writer.WriteI32Field(15, *meta.bloom_filter_length);
  if (meta.size_statistics) {
    const SizeStatistics& stats = *meta.size_statistics;
    writer.WriteFieldHeader(CompactType::kStruct, 16);
    writer.WriteStructBegin();
    if (stats.unencoded_byte_array_data_bytes) {
      writer.WriteI64Field(1, *stats.unencoded_byte_array_data_bytes);
    }
    if (!stats.repetition_level_histogram.empty()) {
      WriteI64List(writer, 2, stats.repetition_level_histogram);
    }
    if (!stats.definition_level_histogram.empty()) {
      WriteI64List(writer, 3, stats.definition_level_histogram);
    }
    writer.WriteStructEnd();
  }
  writer.WriteStructEnd();
}

void WriteColumnChunk(CompactWriter& writer, const ColumnChunk& chunk) {
  writer.WriteStructBegin();
  if (chunk.file_path) writer.WriteBinaryField(1, *chunk.file_path);
  writer.WriteI64Field(2, chunk.file_offset);
  if (chunk.meta_data) {
    writer.WriteFieldHeader(CompactType::kStruct, 3);
    WriteColumnMetaData(writer, *chunk.meta_data);
  }
  if (chunk.offset_index_offset) writer.WriteI64Field(4, *chunk.offset_index_offset);
  if (chunk.offset_index_length) writer.WriteI32Field(5, *chunk.offset_index_length);
  if (chunk.column_index_offset) writer.WriteI64Field(6, *chunk.column_index_offset);
  if (chunk.column_index_length) writer.WriteI32Field(7, *chunk.column_index_length);
  if (chunk.has_crypto_metadata) {
    writer.WriteFieldHeader(CompactType::kStruct, 8);
    WriteMarkerUnion(writer, kEncryptionWithFooterKeyMember);
  }
  if (chunk.encrypted_column_metadata) {
    writer.WriteBinaryField(9, *chunk.encrypted_column_metadata);
  }
  writer.WriteStructEnd();
}

void WriteRowGroup(CompactWriter& writer, const RowGroup& group) {
  writer.WriteStructBegin();
  writer.WriteFieldHeader(CompactType::kList, 1);
  writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(group.columns.size()));
  for (const ColumnChunk& chunk : group.columns) WriteColumnChunk(writer, chunk);
  writer.WriteI64Field(2, group.total_byte_size);
  writer.WriteI64Field(3, group.num_rows);
  if (!group.sorting_columns.empty()) {
    writer.WriteFieldHeader(CompactType::kList, 4);
    writer.WriteListBegin(CompactType::kStruct,
                          static_cast<uint32_t>(group.sorting_columns.size()));
    for (const SortingColumn& column : group.sorting_columns) {
      writer.WriteStructBegin();
      writer.WriteI32Field(1, column.column_idx);
      writer.WriteBoolField(2, column.descending);
      writer.WriteBoolField(3, column.nulls_first);
      writer.WriteStructEnd();
    }
  }
  if (group.file_offset) writer.WriteI64Field(5, *group.file_offset);
  if (group.total_compressed_size) writer.WriteI64Field(6, *group.total_compressed_size);
  if (group.ordinal) writer.WriteI16Field(7, *group.ordinal);
  writer.WriteStructEnd();
}

}  // namespace

StatusOr<FileMetaData> DeserializeFileMetaData(std::span<const uint8_t> bytes,
                                               uint64_t base_offset) {
  CompactReader reader(bytes, base_offset);
  FileMetaData metadata;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "FileMetaData", {{1, "version"}, {2, "schema"}, {3, "num_rows"}, {4, "row_groups"}},
      [&](ThriftField& field) -> Status {
        switch (field.id()) {
          case 1:
            return field.ReadInto("version", metadata.version);
          case 2:
            return field.ReadStructListInto("schema", metadata.schema, ReadSchemaElement);
          case 3:
            return field.ReadInto("num_rows", metadata.num_rows);
          case 4:
            return field.ReadStructListInto("row_groups", metadata.row_groups, ReadRowGroup);
          case 5:
            return field.ReadStructListInto("key_value_metadata", metadata.key_value_metadata,
                                            ReadKeyValue);
          case 6:
            return field.ReadInto("created_by", metadata.created_by);
          case 7:
            return field.ReadStructListInto("column_orders", metadata.column_orders,
                                            ReadColumnOrder);
          case 8:
            if (field.HasType(CompactType::kStruct)) metadata.has_encryption_algorithm = true;
            return field.Skip();
          default:
            return field.Skip();
        }
      }));
  return metadata;
}

std::string SerializeFileMetaData(const FileMetaData& metadata) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteI32Field(1, metadata.version);
  writer.WriteFieldHeader(CompactType::kList, 2);
  writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(metadata.schema.size()));
  for (const SchemaElement& element : metadata.schema) WriteSchemaElement(writer, element);
  writer.WriteI64Field(3, metadata.num_rows);
  writer.WriteFieldHeader(CompactType::kList, 4);
  writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(metadata.row_groups.size()));
  for (const RowGroup& group : metadata.row_groups) WriteRowGroup(writer, group);
  if (!metadata.key_value_metadata.empty()) WriteKeyValues(writer, 5, metadata.key_value_metadata);
  if (metadata.created_by) writer.WriteBinaryField(6, *metadata.created_by);
  if (!metadata.column_orders.empty()) {
    writer.WriteFieldHeader(CompactType::kList, 7);
    writer.WriteListBegin(CompactType::kStruct,
                          static_cast<uint32_t>(metadata.column_orders.size()));
    for (const ColumnOrder& order : metadata.column_orders) {
      WriteMarkerUnion(writer, order.type_defined_order
                                   ? std::optional<int16_t>(kTypeDefinedOrderMember)
                                   : std::nullopt);
    }
  }
  if (metadata.has_encryption_algorithm) {
    writer.WriteFieldHeader(CompactType::kStruct, 8);
    WriteMarkerUnion(writer, kAesGcmV1Member);
  }
  writer.WriteStructEnd();
  return writer.Release();
}

}  // namespace hindsight::parquet::format
