// How ParquetFileWriter lays out a file: codec, row group and page limits, value
// encodings (dictionary with PLAIN fallback, or a fixed encoding per column), what
// metadata it adds (statistics, page index, CRCs, bloom filters, key-value pairs,
// sorting columns). The defaults follow Arrow's and parquet-mr's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/compression/codec.h"
#include "parquet/encoding/dictionary_builder.h"
#include "parquet/format/parquet_types.h"

namespace hindsight::parquet {

// FileMetaData.created_by; readers parse "<app> version <semver>" to know the writer.
inline constexpr std::string_view kHindsightCreatedBy = "hindsight version 0.1.0";

// Split-block bloom filter of one column chunk (BloomFilter.md).
struct BloomFilterOptions {
  // Wanted false-positive probability, in (0, 1).
  double fpp = 0.05;
  // Distinct values to size the filter for; unset: the chunk's actual distinct count.
  std::optional<uint64_t> ndv;
};

// Overrides for the leaves under one path.
struct ColumnOptions {
  // Value encoding of every data page. Unset: RLE_DICTIONARY with PLAIN fallback when
  // dictionaries are enabled, else PLAIN. Accepted per physical type: PLAIN (all),
  // RLE (BOOLEAN), DELTA_BINARY_PACKED (INT32, INT64), BYTE_STREAM_SPLIT (INT32, INT64,
  // FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY), DELTA_LENGTH_BYTE_ARRAY (BYTE_ARRAY),
  // DELTA_BYTE_ARRAY (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), RLE_DICTIONARY (not BOOLEAN).
  std::optional<format::Encoding> encoding;
  // Turns dictionary encoding on or off for these leaves (ignored when `encoding` is set).
  std::optional<bool> dictionary;
  // Builds a bloom filter for these leaves (not BOOLEAN).
  std::optional<BloomFilterOptions> bloom_filter;
};

// A column the rows are sorted by, in order of precedence. REQUIRES: the rows written
// are in this order within each row group; the writer records it, it does not sort.
struct SortingColumnOptions {
  std::string column;  // dotted path of one primitive leaf
  bool descending = false;
  bool nulls_first = false;
};

struct WriterOptions {
  format::CompressionCodec codec = format::CompressionCodec::ZSTD;
  int compression_level = kDefaultCompressionLevel;

  // A row group is closed once it holds this many rows or this many uncompressed bytes
  // (checked between slices of a batch, so it may run over by a fraction of a slice).
  int64_t max_row_group_rows = int64_t{1} << 20;
  int64_t max_row_group_bytes = int64_t{128} << 20;
  // Data pages are cut at row boundaries once their values and levels reach this many
  // bytes (PLAIN-size estimate) or rows; a single row larger than that is one page.
  int64_t data_page_bytes = int64_t{1} << 20;
  int64_t max_page_rows = 20000;

  // Dictionary-encode every non-boolean column until its dictionary page would pass
  // max_dictionary_bytes, then write the rest of the column chunk PLAIN.
  bool dictionary = true;
  size_t max_dictionary_bytes = kDefaultMaxDictionaryBytes;

  // Per-leaf overrides keyed by dotted path, physical ("a.list.element") or logical
  // ("a.element"); a group's path applies to every leaf below it. Unknown paths fail Open.
  std::map<std::string, ColumnOptions> columns;

  // Chunk statistics (min, max, null count). Binary min/max longer than
  // max_statistics_bytes are truncated (and marked inexact).
  bool write_statistics = true;
  size_t max_statistics_bytes = 4096;
  // Column index and offset index of every chunk; column index binary bounds are
  // truncated to column_index_value_bytes.
  bool write_page_index = true;
  size_t column_index_value_bytes = 64;
  // CRC32 of every page's stored bytes in its header.
  bool write_page_checksums = true;

  std::vector<format::KeyValue> key_value_metadata;
  std::vector<SortingColumnOptions> sorting_columns;
  std::string created_by = std::string(kHindsightCreatedBy);

  // Column chunks of a row group encoded at once (1: on the calling thread).
  int threads = 1;
};

}  // namespace hindsight::parquet
