// Parquet file layout and footer parsing:
//
//   "PAR1" | column chunks | page indexes, bloom filters | FileMetaData | u32 len | "PAR1"
//
// The FileMetaData (Thrift compact, `len` bytes, little-endian length) sits right before
// the 8-byte trailer. A reader fetches the file's tail (kDefaultFooterReadSize bytes, or
// the whole file if smaller), calls LocateFooter to learn how many tail bytes the footer
// needs, fetches more if needed, then calls ParseFooter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "parquet/format/parquet_types.h"
#include "util/status.h"

namespace hindsight::parquet::format {

// Magic at the start and end of every Parquet file.
inline constexpr std::string_view kParquetMagic = "PAR1";
// Trailing magic of files whose footer is encrypted (Parquet modular encryption);
// Hindsight refuses them.
inline constexpr std::string_view kEncryptedFooterMagic = "PARE";
inline constexpr size_t kParquetMagicSize = 4;
// 4-byte little-endian metadata length + trailing magic.
inline constexpr size_t kFooterTrailerSize = 8;
// Leading magic + trailer; real files also need metadata, so they are larger.
inline constexpr uint64_t kMinParquetFileSize = kParquetMagicSize + kFooterTrailerSize;
// First read from the end of a file: holds the whole footer of most files.
inline constexpr size_t kDefaultFooterReadSize = 64 * 1024;

struct FooterLocation {
  uint64_t metadata_offset = 0;  // file offset of the FileMetaData
  uint32_t metadata_length = 0;
  // Bytes at the end of the file that hold the metadata and the trailer.
  uint64_t tail_size() const { return uint64_t{metadata_length} + kFooterTrailerSize; }
};

// Reads the trailer from the last 8 bytes of `file_tail` (the last bytes of a file of
// `file_size` bytes) and checks the metadata fits in the file after the leading magic.
// A `PARE` trailer yields Unimplemented (encrypted footer).
StatusOr<FooterLocation> LocateFooter(std::span<const uint8_t> file_tail, uint64_t file_size);

// Checks the leading magic; `file_head` is at least the file's first 4 bytes.
[[nodiscard]] Status CheckLeadingMagic(std::span<const uint8_t> file_head);

// Parses and validates (ValidateFileMetaData) the footer. `file_tail` holds the last
// bytes of the file, at least FooterLocation::tail_size() of them; when it holds the
// whole file (size == file_size) the leading magic is checked too. Errors name the
// file offset at fault.
StatusOr<FileMetaData> ParseFooter(std::span<const uint8_t> file_tail, uint64_t file_size);

// Checks that the schema is one well-formed tree, row and value counts are not
// negative, every row group has one column chunk per leaf, and every chunk's pages,
// page index and bloom filter lie between the leading magic and the metadata.
[[nodiscard]] Status ValidateFileMetaData(const FileMetaData& metadata,
                                          const FooterLocation& location);

// Checks the depth-first flattened schema forms exactly one tree (the root's
// num_children account for every element; groups have num_children, leaves a known
// physical type) and returns its number of leaf columns.
StatusOr<size_t> CountSchemaLeaves(std::span<const SchemaElement> schema);

// The bytes a writer appends after its last column chunk: metadata, length, magic.
std::string BuildFooter(const FileMetaData& metadata);

}  // namespace hindsight::parquet::format
