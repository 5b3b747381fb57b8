// Structs stored beside the pages: page headers, the page index (ColumnIndex,
// OffsetIndex) and bloom filter headers.
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

// The only member the spec defines in each bloom filter union (BLOCK, XXHASH,
// UNCOMPRESSED) has id 1.
constexpr int16_t kOnlyBloomFilterMember = 1;

StatusOr<DataPageHeader> ReadDataPageHeader(CompactReader& reader) {
  DataPageHeader header;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "DataPageHeader",
      {{1, "num_values"},
       {2, "encoding"},
       {3, "definition_level_encoding"},
       {4, "repetition_level_encoding"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("num_values", header.num_values);
          case 2:
            return field.ReadInto("encoding", header.encoding);
          case 3:
            return field.ReadInto("definition_level_encoding", header.definition_level_encoding);
          case 4:
            return field.ReadInto("repetition_level_encoding", header.repetition_level_encoding);
          case 5:
            return field.ReadStructInto("statistics", header.statistics, ReadStatistics);
          default:
            return field.Skip();
        }
      }));
  return header;
}

StatusOr<IndexPageHeader> ReadIndexPageHeader(CompactReader& reader) {
  HS_RETURN_IF_ERROR(
      ReadStruct(reader, "IndexPageHeader", {}, [](ThriftField& field) { return field.Skip(); }));
  return IndexPageHeader{};
}

StatusOr<DictionaryPageHeader> ReadDictionaryPageHeader(CompactReader& reader) {
  DictionaryPageHeader header;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "DictionaryPageHeader",
                                {{1, "num_values"}, {2, "encoding"}}, [&](ThriftField& field) {
                                  switch (field.id()) {
                                    case 1:
                                      return field.ReadInto("num_values", header.num_values);
                                    case 2:
                                      return field.ReadInto("encoding", header.encoding);
                                    case 3:
                                      return field.ReadInto("is_sorted", header.is_sorted);
                                    default:
                                      return field.Skip();
                                  }
                                }));
  return header;
}

StatusOr<DataPageHeaderV2> ReadDataPageHeaderV2(CompactReader& reader) {
  DataPageHeaderV2 header;
  HS_RETURN_IF_ERROR(ReadStruct(reader, "DataPageHeaderV2",
                                {{1, "num_values"},
                                 {2, "num_nulls"},
                                 {3, "num_rows"},
                                 {4, "encoding"},
                                 {5, "definition_levels_byte_length"},
                                 {6, "repetition_levels_byte_length"}},
                                [&](ThriftField& field) {
                                  switch (field.id()) {
                                    case 1:
                                      return field.ReadInto("num_values", header.num_values);
                                    case 2:
                                      return field.ReadInto("num_nulls", header.num_nulls);
                                    case 3:
                                      return field.ReadInto("num_rows", header.num_rows);
                                    case 4:
                                      return field.ReadInto("encoding", header.encoding);
                                    case 5:
                                      return field.ReadInto("definition_levels_byte_length",
                                                            header.definition_levels_byte_length);
                                    case 6:
                                      return field.ReadInto("repetition_levels_byte_length",
                                                            header.repetition_levels_byte_length);
                                    case 7:
                                      return field.ReadInto("is_compressed", header.is_compressed);
                                    case 8:
                                      return field.ReadStructInto("statistics", header.statistics,
                                                                  ReadStatistics);
                                    default:
                                      return field.Skip();
                                  }
                                }));
  return header;
}

StatusOr<PageLocation> ReadPageLocation(CompactReader& reader) {
  PageLocation location;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "PageLocation", {{1, "offset"}, {2, "compressed_page_size"}, {3, "first_row_index"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("offset", location.offset);
          case 2:
            return field.ReadInto("compressed_page_size", location.compressed_page_size);
          case 3:
            return field.ReadInto("first_row_index", location.first_row_index);
          default:
            return field.Skip();
        }
      }));
  return location;
}

// Reads a bloom filter union and reports whether its member is the spec's only one.
StatusOr<bool> ReadBloomFilterUnion(CompactReader& reader, std::string_view union_name) {
  HS_ASSIGN_OR_RETURN(std::optional<int16_t> member, ReadUnionMemberId(reader, union_name));
  return member == kOnlyBloomFilterMember;
}

void WriteBloomFilterUnion(CompactWriter& writer, int16_t id, bool is_only_member) {
  writer.WriteFieldHeader(CompactType::kStruct, id);
  WriteMarkerUnion(writer,
                   is_only_member ? std::optional<int16_t>(kOnlyBloomFilterMember) : std::nullopt);
}

}  // namespace

StatusOr<std::pair<PageHeader, size_t>> DeserializePageHeader(std::span<const uint8_t> bytes,
                                                              uint64_t base_offset) {
  CompactReader reader(bytes, base_offset);
  PageHeader header;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "PageHeader",
      {{1, "type"}, {2, "uncompressed_page_size"}, {3, "compressed_page_size"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("type", header.type);
          case 2:
            return field.ReadInto("uncompressed_page_size", header.uncompressed_page_size);
          case 3:
            return field.ReadInto("compressed_page_size", header.compressed_page_size);
          case 4:
            return field.ReadInto("crc", header.crc);
          case 5:
            return field.ReadStructInto("data_page_header", header.data_page_header,
                                        ReadDataPageHeader);
          case 6:
            return field.ReadStructInto("index_page_header", header.index_page_header,
                                        ReadIndexPageHeader);
          case 7:
            return field.ReadStructInto("dictionary_page_header", header.dictionary_page_header,
                                        ReadDictionaryPageHeader);
          case 8:
            return field.ReadStructInto("data_page_header_v2", header.data_page_header_v2,
                                        ReadDataPageHeaderV2);
          default:
            return field.Skip();
        }
      }));
  return std::make_pair(std::move(header), reader.position());
}

std::string SerializePageHeader(const PageHeader& header) {
  CompactWriter writer;
  writer.WriteStructBegin();
  WriteEnumField(writer, 1, header.type);
  writer.WriteI32Field(2, header.uncompressed_page_size);
  writer.WriteI32Field(3, header.compressed_page_size);
  if (header.crc) writer.WriteI32Field(4, *header.crc);
  if (header.data_page_header) {
    const DataPageHeader& data = *header.data_page_header;
    writer.WriteFieldHeader(CompactType::kStruct, 5);
    writer.WriteStructBegin();
    writer.WriteI32Field(1, data.num_values);
    WriteEnumField(writer, 2, data.encoding);
    WriteEnumField(writer, 3, data.definition_level_encoding);
    WriteEnumField(writer, 4, data.repetition_level_encoding);
    if (data.statistics) {
      writer.WriteFieldHeader(CompactType::kStruct, 5);
      WriteStatistics(writer, *data.statistics);
    }
    writer.WriteStructEnd();
  }
  if (header.index_page_header) {
    writer.WriteFieldHeader(CompactType::kStruct, 6);
    writer.WriteStructBegin();
    writer.WriteStructEnd();
  }
  if (header.dictionary_page_header) {
    const DictionaryPageHeader& dictionary = *header.dictionary_page_header;
    writer.WriteFieldHeader(CompactType::kStruct, 7);
    writer.WriteStructBegin();
    writer.WriteI32Field(1, dictionary.num_values);
    WriteEnumField(writer, 2, dictionary.encoding);
    if (dictionary.is_sorted) writer.WriteBoolField(3, *dictionary.is_sorted);
    writer.WriteStructEnd();
  }
  if (header.data_page_header_v2) {
    const DataPageHeaderV2& data = *header.data_page_header_v2;
    writer.WriteFieldHeader(CompactType::kStruct, 8);
    writer.WriteStructBegin();
    writer.WriteI32Field(1, data.num_values);
    writer.WriteI32Field(2, data.num_nulls);
    writer.WriteI32Field(3, data.num_rows);
    WriteEnumField(writer, 4, data.encoding);
    writer.WriteI32Field(5, data.definition_levels_byte_length);
    writer.WriteI32Field(6, data.repetition_levels_byte_length);
    if (data.is_compressed) writer.WriteBoolField(7, *data.is_compressed);
    if (data.statistics) {
      writer.WriteFieldHeader(CompactType::kStruct, 8);
      WriteStatistics(writer, *data.statistics);
    }
    writer.WriteStructEnd();
  }
  writer.WriteStructEnd();
  return writer.Release();
}

StatusOr<ColumnIndex> DeserializeColumnIndex(std::span<const uint8_t> bytes, uint64_t base_offset) {
  CompactReader reader(bytes, base_offset);
  ColumnIndex index;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "ColumnIndex",
      {{1, "null_pages"}, {2, "min_values"}, {3, "max_values"}, {4, "boundary_order"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("null_pages", index.null_pages);
          case 2:
            return field.ReadInto("min_values", index.min_values);
          case 3:
            return field.ReadInto("max_values", index.max_values);
          case 4:
            return field.ReadInto("boundary_order", index.boundary_order);
          case 5:
            return field.ReadInto("null_counts", index.null_counts);
          case 6:
            return field.ReadInto("repetition_level_histograms", index.repetition_level_histograms);
          case 7:
            return field.ReadInto("definition_level_histograms", index.definition_level_histograms);
          default:
            return field.Skip();
        }
      }));
  return index;
}

std::string SerializeColumnIndex(const ColumnIndex& index) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteFieldHeader(CompactType::kList, 1);
  writer.WriteListBegin(CompactType::kBoolTrue, static_cast<uint32_t>(index.null_pages.size()));
  for (bool null_page : index.null_pages) writer.WriteBool(null_page);
  writer.WriteFieldHeader(CompactType::kList, 2);
  writer.WriteListBegin(CompactType::kBinary, static_cast<uint32_t>(index.min_values.size()));
  for (const std::string& value : index.min_values) writer.WriteBinary(value);
  writer.WriteFieldHeader(CompactType::kList, 3);
  writer.WriteListBegin(CompactType::kBinary, static_cast<uint32_t>(index.max_values.size()));
  for (const std::string& value : index.max_values) writer.WriteBinary(value);
  WriteEnumField(writer, 4, index.boundary_order);
  if (!index.null_counts.empty()) WriteI64List(writer, 5, index.null_counts);
  if (!index.repetition_level_histograms.empty()) {
    WriteI64List(writer, 6, index.repetition_level_histograms);
  }
  if (!index.definition_level_histograms.empty()) {
    WriteI64List(writer, 7, index.definition_level_histograms);
  }
  writer.WriteStructEnd();
  return writer.Release();
}

StatusOr<OffsetIndex> DeserializeOffsetIndex(std::span<const uint8_t> bytes, uint64_t base_offset) {
  CompactReader reader(bytes, base_offset);
  OffsetIndex index;
  HS_RETURN_IF_ERROR(
      ReadStruct(reader, "OffsetIndex", {{1, "page_locations"}}, [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadStructListInto("page_locations", index.page_locations,
                                            ReadPageLocation);
          case 2:
            return field.ReadInto("unencoded_byte_array_data_bytes",
                                  index.unencoded_byte_array_data_bytes);
          default:
            return field.Skip();
        }
      }));
  return index;
}

std::string SerializeOffsetIndex(const OffsetIndex& index) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteFieldHeader(CompactType::kList, 1);
  writer.WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(index.page_locations.size()));
  for (const PageLocation& location : index.page_locations) {
    writer.WriteStructBegin();
    writer.WriteI64Field(1, location.offset);
    writer.WriteI32Field(2, location.compressed_page_size);
    writer.WriteI64Field(3, location.first_row_index);
    writer.WriteStructEnd();
  }
  if (!index.unencoded_byte_array_data_bytes.empty()) {
    WriteI64List(writer, 2, index.unencoded_byte_array_data_bytes);
  }
  writer.WriteStructEnd();
  return writer.Release();
}

StatusOr<std::pair<BloomFilterHeader, size_t>> DeserializeBloomFilterHeader(
    std::span<const uint8_t> bytes, uint64_t base_offset) {
  CompactReader reader(bytes, base_offset);
  BloomFilterHeader header;
  HS_RETURN_IF_ERROR(ReadStruct(
      reader, "BloomFilterHeader",
      {{1, "numBytes"}, {2, "algorithm"}, {3, "hash"}, {4, "compression"}},
      [&](ThriftField& field) {
        switch (field.id()) {
          case 1:
            return field.ReadInto("numBytes", header.num_bytes);
          case 2:
            return field.ReadStructInto(
                "algorithm", header.algorithm_is_block,
                [](CompactReader& r) { return ReadBloomFilterUnion(r, "BloomFilterAlgorithm"); });
          case 3:
            return field.ReadStructInto("hash", header.hash_is_xxhash, [](CompactReader& r) {
              return ReadBloomFilterUnion(r, "BloomFilterHash");
            });
          case 4:
            return field.ReadStructInto(
                "compression", header.compression_is_uncompressed,
                [](CompactReader& r) { return ReadBloomFilterUnion(r, "BloomFilterCompression"); });
          default:
            return field.Skip();
        }
      }));
  return std::make_pair(header, reader.position());
}

std::string SerializeBloomFilterHeader(const BloomFilterHeader& header) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteI32Field(1, header.num_bytes);
  WriteBloomFilterUnion(writer, 2, header.algorithm_is_block);
  WriteBloomFilterUnion(writer, 3, header.hash_is_xxhash);
  WriteBloomFilterUnion(writer, 4, header.compression_is_uncompressed);
  writer.WriteStructEnd();
  return writer.Release();
}

}  // namespace hindsight::parquet::format
