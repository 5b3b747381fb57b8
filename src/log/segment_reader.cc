#include "log/segment_reader.h"

#include <zstd.h>

#include <algorithm>

#include "util/str_cat.h"

namespace hindsight::log {
namespace {

// Looking for a valid frame after a bad one reads the rest of the file in windows
// of this size ...
constexpr uint64_t kResyncWindowSize = 1u << 20;
// ... and verifies the CRC of at most this many candidate payload bytes in total,
// so a hostile file full of frame-like headers cannot make the scan quadratic.
// Past the budget the bad frame is reported as corruption (the safe answer).
constexpr uint64_t kResyncVerifyBudget = 256u << 20;
// Frame header plus the 4-byte zstd magic that starts every payload.
constexpr size_t kResyncProbeSize = kFrameHeaderSize + 4;

}  // namespace

StatusOr<std::unique_ptr<SegmentReader>> SegmentReader::Open(const std::string& path,
                                                             uint64_t offset) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, OpenRandomAccessFile(path));
  return Open(std::move(file), offset);
}

StatusOr<std::unique_ptr<SegmentReader>> SegmentReader::Open(std::unique_ptr<RandomAccessFile> file,
                                                             uint64_t offset) {
  const uint64_t size = file->size();
  if (offset != 0 && offset < kSegmentHeaderSize) {
    return absl::InvalidArgumentError(
        StrCat(file->name(), ": start offset ", offset, " lies inside the segment header"));
  }
  if (offset > size) {
    return absl::OutOfRangeError(StrCat(file->name(), ": start offset ", offset,
                                        " is past the end of the file (", size, " bytes)"));
  }
  std::unique_ptr<SegmentReader> reader(
      new SegmentReader(std::move(file), std::max<uint64_t>(offset, kSegmentHeaderSize)));
  if (size < kSegmentHeaderSize) {
    // The writer died while creating the segment: a torn header holds no frames.
    reader->offset_ = 0;
    reader->bytes_lost_ = size;
    reader->at_end_ = true;
    return reader;
  }
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> header_bytes,
                      reader->file_->Read(0, kSegmentHeaderSize));
  HS_ASSIGN_OR_RETURN(reader->header_, DecodeSegmentHeader(header_bytes, reader->name()));
  return reader;
}

SegmentReader::SegmentReader(std::unique_ptr<RandomAccessFile> file, uint64_t offset)
    : file_(std::move(file)), offset_(offset), decompressor_(ZSTD_createDCtx()) {}

SegmentReader::~SegmentReader() { ZSTD_freeDCtx(decompressor_); }

StatusOr<std::optional<SegmentBatch>> SegmentReader::Next() {
  if (at_end_) return std::optional<SegmentBatch>();
  const uint64_t size = file_->size();
  if (offset_ == size) {
    at_end_ = true;
    return std::optional<SegmentBatch>();
  }
  if (size - offset_ < kFrameHeaderSize) {
    HS_RETURN_IF_ERROR(EndAtBadFrame("short frame header"));
    return std::optional<SegmentBatch>();
  }
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> header_bytes, file_->Read(offset_, kFrameHeaderSize));
  const FrameHeader header = DecodeFrameHeader(header_bytes);
  if (header.payload_length > kMaxFramePayloadSize) {
    HS_RETURN_IF_ERROR(EndAtBadFrame(StrCat("frame length ", header.payload_length,
                                            " exceeds the limit ", kMaxFramePayloadSize)));
    return std::optional<SegmentBatch>();
  }
  if (header.payload_length > size - offset_ - kFrameHeaderSize) {
    HS_RETURN_IF_ERROR(EndAtBadFrame(
        StrCat("frame of ", header.payload_length, " bytes runs past the end of the file")));
    return std::optional<SegmentBatch>();
  }
  payload_.resize(header.payload_length);
  HS_RETURN_IF_ERROR(file_->ReadAt(offset_ + kFrameHeaderSize, payload_));
  if (FrameChecksum(header.type, payload_) != header.masked_crc) {
    HS_RETURN_IF_ERROR(EndAtBadFrame("frame checksum mismatch"));
    return std::optional<SegmentBatch>();
  }
  if (header.type != kFrameTypeZstdRecordBatch) {
    return absl::DataLossError(
        StrCat(name(), ": unknown frame type ", header.type, " at offset ", offset_));
  }
  SegmentBatch result;
  result.offset = offset_;
  result.end_offset = offset_ + kFrameHeaderSize + header.payload_length;
  HS_RETURN_IF_ERROR(DecodeBatch(payload_, result.batch));
  offset_ = result.end_offset;
  return std::optional<SegmentBatch>(std::move(result));
}

Status SegmentReader::DecodeBatch(std::span<const uint8_t> payload, RecordBatch& batch) {
  const unsigned long long content_size = ZSTD_getFrameContentSize(payload.data(), payload.size());
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return absl::DataLossError(
        StrCat(name(), ": frame at offset ", offset_, " is not a sized zstd frame"));
  }
  if (content_size > kMaxBatchUncompressedSize) {
    return absl::DataLossError(StrCat(name(), ": frame at offset ", offset_, " decompresses to ",
                                      content_size, " bytes, over the limit ",
                                      kMaxBatchUncompressedSize));
  }
  uncompressed_.resize(content_size);
  const size_t produced = ZSTD_decompressDCtx(decompressor_, uncompressed_.data(),
                                              uncompressed_.size(), payload.data(), payload.size());
  if (ZSTD_isError(produced) || produced != content_size) {
    return absl::DataLossError(StrCat(name(), ": cannot decompress frame at offset ", offset_,
                                      ZSTD_isError(produced) ? ": " : "",
                                      ZSTD_isError(produced) ? ZSTD_getErrorName(produced) : ""));
  }
  if (!batch.ParseFromArray(uncompressed_.data(), static_cast<int>(uncompressed_.size()))) {
    return absl::DataLossError(
        StrCat(name(), ": frame at offset ", offset_, " does not hold a valid RecordBatch"));
  }
  return absl::OkStatus();
}

Status SegmentReader::EndAtBadFrame(std::string_view reason) {
  HS_ASSIGN_OR_RETURN(std::optional<uint64_t> next_valid, FindValidFrameAfter(offset_));
  if (next_valid.has_value()) {
    return absl::DataLossError(StrCat(name(), ": corrupt frame at offset ", offset_, " (", reason,
                                      "); a valid frame follows at offset ", *next_valid));
  }
  at_end_ = true;
  bytes_lost_ = file_->size() - offset_;
  return absl::OkStatus();
}

StatusOr<std::optional<uint64_t>> SegmentReader::FindValidFrameAfter(uint64_t from) {
  const uint64_t size = file_->size();
  uint64_t verify_budget = kResyncVerifyBudget;
  std::vector<uint8_t> window;
  for (uint64_t window_start = from + 1; window_start + kResyncProbeSize <= size;
       window_start += kResyncWindowSize) {
    const uint64_t window_length =
        std::min<uint64_t>(kResyncWindowSize + kResyncProbeSize - 1, size - window_start);
    window.resize(window_length);
    HS_RETURN_IF_ERROR(file_->ReadAt(window_start, window));
    for (size_t i = 0; i + kResyncProbeSize <= window.size() && i < kResyncWindowSize; ++i) {
      const uint8_t* probe = window.data() + i;
      if (probe[8] != kFrameTypeZstdRecordBatch ||
          LoadLittleEndian32(probe + kFrameHeaderSize) != kZstdFrameMagic) {
        continue;
      }
      HS_ASSIGN_OR_RETURN(bool valid, IsValidFrameAt(window_start + i, verify_budget));
      if (valid) return std::optional<uint64_t>(window_start + i);
    }
  }
  return std::optional<uint64_t>();
}

StatusOr<bool> SegmentReader::IsValidFrameAt(uint64_t position, uint64_t& verify_budget) {
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> header_bytes, file_->Read(position, kFrameHeaderSize));
  const FrameHeader header = DecodeFrameHeader(header_bytes);
  const uint64_t size = file_->size();
  if (header.payload_length > kMaxFramePayloadSize ||
      header.payload_length > size - position - kFrameHeaderSize) {
    return false;
  }
  if (header.payload_length > verify_budget) {
    return absl::DataLossError(
        StrCat(name(), ": corrupt frame at offset ", offset_,
               "; too many frame-like candidates after it to prove it is a torn tail"));
  }
  verify_budget -= header.payload_length;
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> payload,
                      file_->Read(position + kFrameHeaderSize, header.payload_length));
  return FrameChecksum(header.type, payload) == header.masked_crc;
}

}  // namespace hindsight::log
