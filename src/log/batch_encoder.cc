#include "log/batch_encoder.h"

#include <zstd.h>

#include <cstring>

#include "log/segment_format.h"
#include "util/str_cat.h"

namespace hindsight::log {
namespace {

// RecordBatch.records is field 1, wire type 2 (length-delimited): (1 << 3) | 2.
constexpr uint8_t kRecordsFieldTag = 0x0A;

size_t VarintSize(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

uint8_t* WriteVarint(uint64_t value, uint8_t* out) {
  while (value >= 0x80) {
    *out++ = static_cast<uint8_t>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<uint8_t>(value);
  return out;
}

}  // namespace

FrameCompressor::FrameCompressor(int compression_level)
    : compression_level_(compression_level), context_(ZSTD_createCCtx()) {}

FrameCompressor::~FrameCompressor() { ZSTD_freeCCtx(context_); }

StatusOr<std::span<const uint8_t>> FrameCompressor::Frame(
    std::span<const uint8_t> serialized_batch) {
  const size_t bound = ZSTD_compressBound(serialized_batch.size());
  frame_.resize(kFrameHeaderSize + bound);
  ZSTD_CCtx_setParameter(context_, ZSTD_c_compressionLevel, compression_level_);
  ZSTD_CCtx_setParameter(context_, ZSTD_c_contentSizeFlag, 1);
  const size_t compressed = ZSTD_compress2(context_, frame_.data() + kFrameHeaderSize, bound,
                                           serialized_batch.data(), serialized_batch.size());
  if (ZSTD_isError(compressed)) {
    return absl::InternalError(StrCat("zstd compression of a batch of ", serialized_batch.size(),
                                      " bytes failed: ", ZSTD_getErrorName(compressed)));
  }
  if (compressed > kMaxFramePayloadSize) {
    return absl::InvalidArgumentError(StrCat("compressed batch of ", compressed,
                                             " bytes exceeds the frame limit of ",
                                             kMaxFramePayloadSize));
  }
  const std::span<const uint8_t> payload(frame_.data() + kFrameHeaderSize, compressed);
  const auto header = EncodeFrameHeader(kFrameTypeZstdRecordBatch, payload);
  std::memcpy(frame_.data(), header.data(), header.size());
  return std::span<const uint8_t>(frame_.data(), kFrameHeaderSize + compressed);
}

size_t BatchEncoder::EncodedSize(const Record& record) {
  const size_t size = record.ByteSizeLong();
  return 1 + VarintSize(size) + size;
}

void BatchEncoder::Add(const Record& record, size_t encoded_size) {
  const size_t start = serialized_.size();
  serialized_.resize(start + encoded_size);
  uint8_t* out = serialized_.data() + start;
  *out++ = kRecordsFieldTag;
  out = WriteVarint(static_cast<uint64_t>(record.GetCachedSize()), out);
  record.SerializeWithCachedSizesToArray(out);
  ++pending_records_;
}

std::vector<uint8_t> BatchEncoder::ReleaseBatch(std::vector<uint8_t> spare) {
  spare.clear();
  std::swap(spare, serialized_);
  pending_records_ = 0;
  return spare;
}

StatusOr<std::span<const uint8_t>> BatchEncoder::FinishFrame() {
  StatusOr<std::span<const uint8_t>> frame = compressor_.Frame(serialized_);
  serialized_.clear();
  pending_records_ = 0;
  return frame;
}

}  // namespace hindsight::log
