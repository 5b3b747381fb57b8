#include "parquet/reader/page_reader.h"

#include <zlib.h>

#include <algorithm>
#include <string>

#include "parquet/compression/codec.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/reader/reader_errors_internal.h"

namespace hindsight::parquet {

using format::CompressionCodec;
using format::PageType;

PageReader::PageReader(std::span<const uint8_t> bytes, uint64_t file_offset, CompressionCodec codec,
                       bool verify_checksums, ReusableBuffer* decompressed)
    : bytes_(bytes),
      file_offset_(file_offset),
      codec_(codec),
      verify_checksums_(verify_checksums),
      buffer_(decompressed != nullptr ? decompressed : &own_buffer_) {}

void PageReader::Reset(std::span<const uint8_t> bytes, uint64_t file_offset) {
  bytes_ = bytes;
  file_offset_ = file_offset;
  pos_ = 0;
}

StatusOr<const Page*> PageReader::Next() {
  if (pos_ >= bytes_.size()) return nullptr;
  const uint64_t header_offset = position();
  HS_ASSIGN_OR_RETURN(auto parsed,
                      format::DeserializePageHeader(bytes_.subspan(pos_), header_offset));
  page_.header = std::move(parsed.first);
  page_.file_offset = header_offset;
  page_.levels = {};
  page_.body = {};
  const format::PageHeader& header = page_.header;
  const std::string where = StrCat("page at file offset ", header_offset);
  if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0) {
    return CorruptFile(where, ": negative page size (compressed ", header.compressed_page_size,
                       ", uncompressed ", header.uncompressed_page_size, ")");
  }
  const size_t body_start = pos_ + parsed.second;
  const size_t left = bytes_.size() - body_start;
  if (static_cast<uint64_t>(header.compressed_page_size) > left) {
    return CorruptFile(where, ": compressed size ", header.compressed_page_size,
                       " runs past the end of the column chunk (", left, " bytes left)");
  }
  const std::span<const uint8_t> stored =
      bytes_.subspan(body_start, static_cast<size_t>(header.compressed_page_size));
  pos_ = body_start + stored.size();
  if (verify_checksums_ && header.crc.has_value()) {
    HS_RETURN_IF_ERROR(WithContext(CheckCrc(stored), where));
  }
  switch (header.type) {
    case PageType::DATA_PAGE:
      if (!header.data_page_header.has_value()) {
        return CorruptFile(where, ": DATA_PAGE without a data_page_header");
      }
      break;
    case PageType::DICTIONARY_PAGE:
      if (!header.dictionary_page_header.has_value()) {
        return CorruptFile(where, ": DICTIONARY_PAGE without a dictionary_page_header");
      }
      break;
    case PageType::DATA_PAGE_V2:
      HS_RETURN_IF_ERROR(WithContext(ReadDataPageV2(stored), where));
      return &page_;
    default:
      return &page_;  // index pages and unknown kinds carry nothing to decode
  }
  StatusOr<std::span<const uint8_t>> body =
      Decompress(stored, static_cast<size_t>(header.uncompressed_page_size));
  if (!body.ok()) return WithContext(body.status(), where);
  page_.body = *body;
  return &page_;
}

Status PageReader::ReadDataPageV2(std::span<const uint8_t> stored) {
  const format::PageHeader& header = page_.header;
  if (!header.data_page_header_v2.has_value()) {
    return absl::DataLossError("DATA_PAGE_V2 without a data_page_header_v2");
  }
  const format::DataPageHeaderV2& v2 = *header.data_page_header_v2;
  if (v2.repetition_levels_byte_length < 0 || v2.definition_levels_byte_length < 0) {
    return absl::DataLossError(StrCat("negative level byte lengths (repetition ",
                                      v2.repetition_levels_byte_length, ", definition ",
                                      v2.definition_levels_byte_length, ")"));
  }
  const uint64_t levels_size = uint64_t{static_cast<uint32_t>(v2.repetition_levels_byte_length)} +
                               static_cast<uint32_t>(v2.definition_levels_byte_length);
  if (levels_size > stored.size() ||
      levels_size > static_cast<uint64_t>(header.uncompressed_page_size)) {
    return absl::DataLossError(StrCat("level bytes (", levels_size,
                                      ") exceed the page's compressed size ", stored.size(),
                                      " or uncompressed size ", header.uncompressed_page_size));
  }
  page_.levels = stored.first(levels_size);
  const std::span<const uint8_t> values = stored.subspan(levels_size);
  const size_t values_size = static_cast<size_t>(header.uncompressed_page_size) - levels_size;
  if (!v2.is_compressed.value_or(true)) {
    page_.body = values;
    return absl::OkStatus();
  }
  // Writers leave the values of an all-null page empty rather than compress zero bytes.
  if (values.empty()) return absl::OkStatus();
  HS_ASSIGN_OR_RETURN(page_.body, Decompress(values, values_size));
  return absl::OkStatus();
}

StatusOr<std::span<const uint8_t>> PageReader::Decompress(std::span<const uint8_t> in,
                                                          size_t out_size) {
  if (codec_ == CompressionCodec::UNCOMPRESSED) return in;
  if (in.empty() && out_size == 0) return std::span<const uint8_t>();
  if (static_cast<int64_t>(out_size) > kMaxUncompressedPageSize) {
    return CorruptFile("uncompressed page size ", out_size, " exceeds the reader's limit of ",
                       kMaxUncompressedPageSize, " bytes (kMaxUncompressedPageSize)");
  }
  // Not value-initialised: a hostile size costs address space, not zeroed memory.
  const std::span<uint8_t> out = buffer_->Get(out_size);
  HS_RETURN_IF_ERROR(WithContext(parquet::Decompress(codec_, in, out),
                                 StrCat(CodecName(codec_), " decompression")));
  return std::span<const uint8_t>(out);
}

Status PageReader::CheckCrc(std::span<const uint8_t> stored) const {
  // zlib's crc32 takes a uInt length; feed it in pieces for bodies past 4 GiB (none are).
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t done = 0;
  while (done < stored.size()) {
    const size_t piece = std::min<size_t>(stored.size() - done, size_t{1} << 30);
    crc = crc32(crc, stored.data() + done, static_cast<uInt>(piece));
    done += piece;
  }
  const uint32_t expected = static_cast<uint32_t>(*page_.header.crc);
  if (static_cast<uint32_t>(crc) != expected) {
    return absl::DataLossError(StrCat("page CRC mismatch: the header says 0x", Hex32(expected),
                                      ", the page bytes give 0x",
                                      Hex32(static_cast<uint32_t>(crc))));
  }
  return absl::OkStatus();
}

}  // namespace hindsight::parquet
