// PageReader: walks the pages stored in bytes of a column chunk (a page header in Thrift
// compact form, then compressed_page_size bytes of body), optionally checks each page's
// CRC32, and decompresses bodies into a buffer it reuses.
//
// Data page v1 and dictionary pages compress the whole body. Data page v2 stores the
// repetition then the definition levels uncompressed in front of the (possibly
// compressed) values; Page::levels holds those bytes and Page::body the values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "parquet/format/parquet_types.h"
#include "parquet/reader/chunk_buffers.h"
#include "util/status.h"

namespace hindsight::parquet {

// Largest uncompressed page accepted. Writers aim at ~1 MiB pages; the largest legitimate
// page seen in the wild holds one 1 GiB string (parquet-testing's large_string_map). A
// header may claim any int32 size, so this bounds the buffer a hostile file can make the
// reader allocate before decompression proves the claim (the decompression-bomb guard).
inline constexpr int64_t kMaxUncompressedPageSize = int64_t{1} << 30;

struct Page {
  format::PageHeader header;
  uint64_t file_offset = 0;  // of the page header
  // Data page v2: repetition then definition level bytes (never compressed); else empty.
  std::span<const uint8_t> levels;
  // The decompressed body: v1 levels and values, v2 values, or the dictionary values.
  std::span<const uint8_t> body;
};

class PageReader {
 public:
  // `bytes` (borrowed; it must outlive the reader) start with a page header and sit at
  // `file_offset` in the file. Bodies are decompressed into `decompressed` (borrowed, it
  // must outlive the reader) when given, else into a buffer of the reader's own.
  PageReader(std::span<const uint8_t> bytes, uint64_t file_offset, format::CompressionCodec codec,
             bool verify_checksums, ReusableBuffer* decompressed = nullptr);
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  // Reads the next page. Returns nullptr once the bytes are used up. The page (and its
  // body) is valid until the next call of Next or Reset. Errors name the file offset.
  StatusOr<const Page*> Next();

  // Continues with other bytes of the same chunk (after pages were skipped).
  void Reset(std::span<const uint8_t> bytes, uint64_t file_offset);

  // File offset of the next page header.
  uint64_t position() const { return file_offset_ + pos_; }

 private:
  [[nodiscard]] Status CheckCrc(std::span<const uint8_t> stored) const;
  // Decompresses `in` into `out_size` bytes of the reused buffer.
  StatusOr<std::span<const uint8_t>> Decompress(std::span<const uint8_t> in, size_t out_size);
  [[nodiscard]] Status ReadDataPageV2(std::span<const uint8_t> stored);

  std::span<const uint8_t> bytes_;
  uint64_t file_offset_;
  size_t pos_ = 0;
  format::CompressionCodec codec_;
  bool verify_checksums_;
  Page page_;
  ReusableBuffer own_buffer_;
  ReusableBuffer* buffer_;  // decompressed bodies: own_buffer_ or the caller's
};

}  // namespace hindsight::parquet
