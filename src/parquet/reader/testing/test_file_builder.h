// A small Parquet file builder for the reader's tests, written directly on the format,
// encoding and compression libraries (independent of src/parquet/writer) so tests control
// every page: encodings, page versions, codecs, CRCs, page index, bloom filters, and hooks
// that corrupt headers. Test-only (hindsight_parquet_reader_testing).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"

namespace hindsight::parquet::test_util {

enum class ValueEncoding {
  kPlain,
  kDictionary,       // RLE_DICTIONARY pages after a PLAIN dictionary page (not booleans)
  kDelta,            // DELTA_BINARY_PACKED ints, DELTA_LENGTH_BYTE_ARRAY binary, RLE booleans
  kDeltaByteArray,   // DELTA_BYTE_ARRAY byte arrays (others as kDelta)
  kByteStreamSplit,  // FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY (others PLAIN)
};

struct TestFileOptions {
  int64_t rows_per_row_group = int64_t{1} << 40;
  int64_t rows_per_page = int64_t{1} << 40;
  // When not empty: rows per page of each leaf (by leaf index), overriding rows_per_page.
  std::vector<int64_t> leaf_rows_per_page;
  bool data_page_v2 = false;
  format::CompressionCodec codec = format::CompressionCodec::UNCOMPRESSED;
  ValueEncoding encoding = ValueEncoding::kPlain;
  bool bit_packed_levels = false;  // v1 only: the deprecated BIT_PACKED level encoding
  bool write_crc = false;
  bool write_statistics = true;
  bool write_page_index = false;  // column index (where orderable) and offset index
  bool write_bloom_filters = false;
  bool write_dictionary_page_offset = true;  // false: leave it unset, as old writers did
  // Called on each page header before it is written, to corrupt files in tests.
  std::function<void(format::PageHeader&)> edit_page_header;
  // Called on each v1 data page body (levels and values) before it is compressed.
  std::function<void(std::vector<uint8_t>&)> edit_page_body;
  // Called on the footer before it is serialised.
  std::function<void(format::FileMetaData&)> edit_metadata;
};

// A Parquet file holding the rows of `batch` (valid rows of `schema`).
std::vector<uint8_t> BuildTestFile(const Schema& schema, const RecordBatch& batch,
                                   const TestFileOptions& options = {});

}  // namespace hindsight::parquet::test_util
