#include "parquet/format/footer.h"

#include <string_view>
#include <vector>

#include "parquet/format/metadata_serde.h"
#include "util/str_cat.h"

namespace hindsight::parquet::format {
namespace {

constexpr int32_t kLargestPhysicalType = static_cast<int32_t>(Type::FIXED_LEN_BYTE_ARRAY);

std::string_view AsChars(std::span<const uint8_t> bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Printable form of magic bytes for error messages: 'PAR1', '\x00\x01ab'.
std::string DescribeMagic(std::span<const uint8_t> bytes) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out = "'";
  for (uint8_t byte : bytes) {
    if (byte >= 0x20 && byte < 0x7F) {
      out.push_back(static_cast<char>(byte));
    } else {
      out += "\\x";
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0xF]);
    }
  }
  out.push_back('\'');
  return out;
}

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  return uint32_t{bytes[0]} | uint32_t{bytes[1]} << 8 | uint32_t{bytes[2]} << 16 |
         uint32_t{bytes[3]} << 24;
}

std::string ColumnName(const ColumnChunk& chunk) {
  std::string name;
  if (!chunk.meta_data.has_value()) return name;
  for (const std::string& part : chunk.meta_data->path_in_schema) {
    if (!name.empty()) name.push_back('.');
    name += part;
  }
  return name;
}

// Checks [offset, offset + length) lies in the data region [begin, end) of the file.
Status CheckRange(std::string_view where, std::string_view what, int64_t offset, int64_t length,
                  uint64_t begin, uint64_t end) {
  if (offset < 0 || length < 0 || static_cast<uint64_t>(offset) < begin ||
      static_cast<uint64_t>(offset) > end ||
      static_cast<uint64_t>(length) > end - static_cast<uint64_t>(offset)) {
    return absl::DataLossError(StrCat("Parquet footer: ", where, ": ", what, " at file offset ",
                                      offset, " with length ", length,
                                      " is outside the data region [", begin, ", ", end, ")"));
  }
  return absl::OkStatus();
}

Status CheckNotNegative(std::string_view where, std::string_view what, int64_t value) {
  if (value < 0) {
    return absl::DataLossError(
        StrCat("Parquet footer: ", where, ": ", what, " is negative (", value, ")"));
  }
  return absl::OkStatus();
}

Status ValidateColumnChunk(const ColumnChunk& chunk, std::string_view where, uint64_t data_begin,
                           uint64_t data_end) {
  if (chunk.has_crypto_metadata || chunk.encrypted_column_metadata.has_value()) {
    return absl::OkStatus();  // encrypted: its metadata is not readable, readers refuse it
  }
  if (!chunk.meta_data.has_value()) {
    return absl::DataLossError(StrCat("Parquet footer: ", where, " has no meta_data"));
  }
  const ColumnMetaData& meta = *chunk.meta_data;
  HS_RETURN_IF_ERROR(CheckNotNegative(where, "num_values", meta.num_values));
  HS_RETURN_IF_ERROR(CheckNotNegative(where, "total_compressed_size", meta.total_compressed_size));
  HS_RETURN_IF_ERROR(
      CheckNotNegative(where, "total_uncompressed_size", meta.total_uncompressed_size));
  if (chunk.file_path.has_value()) return absl::OkStatus();  // pages live in another file

  // index_page_offset is not checked: no writer produces index pages, and old
  // parquet-cpp wrote 0 there.
  // Pages start at the dictionary page when there is one. Some writers store 0 for "no
  // dictionary page", and a chunk without values may have no data page (offset 0);
  // both are tolerated here.
  const bool has_dictionary_page =
      meta.dictionary_page_offset.has_value() && *meta.dictionary_page_offset != 0;
  const bool has_data_page = meta.num_values > 0 || meta.data_page_offset != 0;
  if (has_data_page) {
    HS_RETURN_IF_ERROR(
        CheckRange(where, "data_page_offset", meta.data_page_offset, 0, data_begin, data_end));
  }
  if (has_dictionary_page) {
    HS_RETURN_IF_ERROR(CheckRange(where, "dictionary_page_offset", *meta.dictionary_page_offset, 0,
                                  data_begin, data_end));
  }
  if (has_data_page || has_dictionary_page) {
    int64_t chunk_start = has_data_page ? meta.data_page_offset : *meta.dictionary_page_offset;
    if (has_dictionary_page && *meta.dictionary_page_offset < chunk_start) {
      chunk_start = *meta.dictionary_page_offset;
    }
    HS_RETURN_IF_ERROR(CheckRange(where, "column chunk pages", chunk_start,
                                  meta.total_compressed_size, data_begin, data_end));
  }
  if (meta.bloom_filter_offset.has_value()) {
    HS_RETURN_IF_ERROR(CheckRange(where, "bloom filter", *meta.bloom_filter_offset,
                                  meta.bloom_filter_length.value_or(0), data_begin, data_end));
  }
  if (chunk.column_index_offset.has_value()) {
    HS_RETURN_IF_ERROR(CheckRange(where, "column index", *chunk.column_index_offset,
                                  chunk.column_index_length.value_or(0), data_begin, data_end));
  }
  if (chunk.offset_index_offset.has_value()) {
    HS_RETURN_IF_ERROR(CheckRange(where, "offset index", *chunk.offset_index_offset,
                                  chunk.offset_index_length.value_or(0), data_begin, data_end));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<FooterLocation> LocateFooter(std::span<const uint8_t> file_tail, uint64_t file_size) {
  if (file_size < kMinParquetFileSize) {
    return absl::DataLossError(StrCat("Parquet footer: file of ", file_size,
                                      " bytes is too small (a Parquet file has at least ",
                                      kMinParquetFileSize, ")"));
  }
  if (file_tail.size() < kFooterTrailerSize || file_tail.size() > file_size) {
    return absl::InvalidArgumentError(StrCat("Parquet footer: the file tail given has ",
                                             file_tail.size(), " bytes; it must hold between ",
                                             kFooterTrailerSize, " and the file size ", file_size));
  }
  const std::span<const uint8_t> trailer = file_tail.last(kFooterTrailerSize);
  const std::span<const uint8_t> magic = trailer.last(kParquetMagicSize);
  const uint64_t magic_offset = file_size - kParquetMagicSize;
  if (AsChars(magic) == kEncryptedFooterMagic) {
    return absl::UnimplementedError(
        StrCat("Parquet footer: the file has an encrypted footer (magic PARE at file offset ",
               magic_offset, "); encrypted Parquet files are not supported"));
  }
  if (AsChars(magic) != kParquetMagic) {
    return absl::DataLossError(StrCat("Parquet footer: bad magic ", DescribeMagic(magic),
                                      " at file offset ", magic_offset, ", expected 'PAR1'"));
  }
  FooterLocation location;
  location.metadata_length = LoadLittleEndian32(trailer.data());
  const uint64_t length_offset = file_size - kFooterTrailerSize;
  if (location.metadata_length == 0 ||
      uint64_t{location.metadata_length} > file_size - kMinParquetFileSize) {
    return absl::DataLossError(StrCat("Parquet footer: metadata length ", location.metadata_length,
                                      " at file offset ", length_offset, " does not fit a file of ",
                                      file_size, " bytes"));
  }
  location.metadata_offset = length_offset - location.metadata_length;
  return location;
}

Status CheckLeadingMagic(std::span<const uint8_t> file_head) {
  if (file_head.size() < kParquetMagicSize) {
    return absl::DataLossError(StrCat("Parquet header: file has only ", file_head.size(),
                                      " bytes, fewer than the 4-byte magic"));
  }
  const std::span<const uint8_t> magic = file_head.first(kParquetMagicSize);
  if (AsChars(magic) != kParquetMagic) {
    return absl::DataLossError(StrCat("Parquet header: bad magic ", DescribeMagic(magic),
                                      " at file offset 0, expected 'PAR1'"));
  }
  return absl::OkStatus();
}

StatusOr<FileMetaData> ParseFooter(std::span<const uint8_t> file_tail, uint64_t file_size) {
  HS_ASSIGN_OR_RETURN(FooterLocation location, LocateFooter(file_tail, file_size));
  if (file_tail.size() < location.tail_size()) {
    return absl::InvalidArgumentError(
        StrCat("Parquet footer: metadata starts at file offset ", location.metadata_offset,
               ", so the last ", location.tail_size(),
               " bytes are needed; the tail given has only ", file_tail.size()));
  }
  if (file_tail.size() == file_size) HS_RETURN_IF_ERROR(CheckLeadingMagic(file_tail));
  const std::span<const uint8_t> metadata_bytes =
      file_tail.last(location.tail_size()).first(location.metadata_length);
  HS_ASSIGN_OR_RETURN(FileMetaData metadata,
                      DeserializeFileMetaData(metadata_bytes, location.metadata_offset));
  if (Status valid = ValidateFileMetaData(metadata, location); !valid.ok()) {
    return Status(valid.code(),
                  StrCat(std::string(valid.message()), " (footer metadata at file offset ",
                         location.metadata_offset, ")"));
  }
  return metadata;
}

StatusOr<size_t> CountSchemaLeaves(std::span<const SchemaElement> schema) {
  if (schema.empty()) return absl::DataLossError("Parquet schema: no elements (needs a root)");
  const SchemaElement& root = schema[0];
  if (root.type.has_value() || root.num_children.value_or(0) < 0) {
    return absl::DataLossError(
        StrCat("Parquet schema: root '", root.name, "' must be a group with num_children >= 0"));
  }
  // Children still expected by each open group, innermost last.
  std::vector<int32_t> open_groups = {root.num_children.value_or(0)};
  size_t leaves = 0;
  size_t index = 1;
  while (!open_groups.empty()) {
    if (open_groups.back() == 0) {
      open_groups.pop_back();
      continue;
    }
    if (index >= schema.size()) {
      return absl::DataLossError(StrCat(
          "Parquet schema: ", schema.size(), " elements end before the groups' num_children ",
          "are satisfied (", open_groups.back(), " children missing)"));
    }
    --open_groups.back();
    const SchemaElement& element = schema[index];
    if (element.type.has_value()) {
      const int32_t type = static_cast<int32_t>(*element.type);
      if (type < 0 || type > kLargestPhysicalType) {
        return absl::DataLossError(StrCat("Parquet schema: element ", index, " '", element.name,
                                          "' has unknown physical type ", type));
      }
      if (element.num_children.value_or(0) != 0) {
        return absl::DataLossError(StrCat("Parquet schema: element ", index, " '", element.name,
                                          "' has both a type and ", *element.num_children,
                                          " children"));
      }
      ++leaves;
    } else {
      if (!element.num_children.has_value() || *element.num_children < 0) {
        return absl::DataLossError(StrCat("Parquet schema: element ", index, " '", element.name,
                                          "' has neither a type nor num_children >= 0"));
      }
      open_groups.push_back(*element.num_children);
    }
    ++index;
  }
  if (index != schema.size()) {
    return absl::DataLossError(StrCat("Parquet schema: the root's subtree ends at element ", index,
                                      " but the schema has ", schema.size(), " elements"));
  }
  return leaves;
}

Status ValidateFileMetaData(const FileMetaData& metadata, const FooterLocation& location) {
  HS_RETURN_IF_ERROR(CheckNotNegative("FileMetaData", "num_rows", metadata.num_rows));
  HS_ASSIGN_OR_RETURN(size_t leaves, CountSchemaLeaves(metadata.schema));
  const uint64_t data_begin = kParquetMagicSize;
  const uint64_t data_end = location.metadata_offset;
  for (size_t group_index = 0; group_index < metadata.row_groups.size(); ++group_index) {
    const RowGroup& group = metadata.row_groups[group_index];
    const std::string group_name = StrCat("row group ", group_index);
    HS_RETURN_IF_ERROR(CheckNotNegative(group_name, "num_rows", group.num_rows));
    if (group.columns.size() != leaves) {
      return absl::DataLossError(StrCat("Parquet footer: ", group_name, " has ",
                                        group.columns.size(), " column chunks but the schema has ",
                                        leaves, " leaf columns"));
    }
    for (size_t column_index = 0; column_index < group.columns.size(); ++column_index) {
      const ColumnChunk& chunk = group.columns[column_index];
      const std::string where =
          StrCat(group_name, " column ", column_index, " '", ColumnName(chunk), "'");
      HS_RETURN_IF_ERROR(ValidateColumnChunk(chunk, where, data_begin, data_end));
    }
  }
  return absl::OkStatus();
}

std::string BuildFooter(const FileMetaData& metadata) {
  std::string footer = SerializeFileMetaData(metadata);
  const uint32_t length = static_cast<uint32_t>(footer.size());
  for (size_t i = 0; i < kFooterTrailerSize - kParquetMagicSize; ++i) {
    footer.push_back(static_cast<char>(length >> (8 * i)));
  }
  footer.append(kParquetMagic);
  return footer;
}

}  // namespace hindsight::parquet::format
