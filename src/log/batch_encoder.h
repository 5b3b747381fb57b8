// Turns records into one segment frame: serialized RecordBatch, zstd-compressed,
// framed with length + CRC32C (segment_format.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hindsight/record.pb.h"
#include "util/status.h"

typedef struct ZSTD_CCtx_s ZSTD_CCtx;

namespace hindsight::log {

// Compresses a serialized RecordBatch and frames it, reusing its zstd context and
// output buffer. Not thread-safe.
class FrameCompressor {
 public:
  // `compression_level`: zstd level (1 = fastest positive level).
  explicit FrameCompressor(int compression_level);
  ~FrameCompressor();
  FrameCompressor(const FrameCompressor&) = delete;
  FrameCompressor& operator=(const FrameCompressor&) = delete;

  // The frame for `serialized_batch` (REQUIRES: at most kMaxBatchUncompressedSize
  // bytes). The returned bytes stay valid until the next call.
  StatusOr<std::span<const uint8_t>> Frame(std::span<const uint8_t> serialized_batch);

 private:
  int compression_level_;
  ZSTD_CCtx* context_;
  std::vector<uint8_t> frame_;
};

// Accumulates the records of one batch in RecordBatch wire format. Not thread-safe.
class BatchEncoder {
 public:
  explicit BatchEncoder(int compression_level) : compressor_(compression_level) {}

  // Bytes `record` adds to the pending batch (caches sizes inside `record`).
  static size_t EncodedSize(const Record& record);
  // Appends `record` as RecordBatch field 1. REQUIRES: `encoded_size` is
  // EncodedSize(record), `record` unchanged since, and pending_bytes() +
  // encoded_size <= kMaxBatchUncompressedSize.
  void Add(const Record& record, size_t encoded_size);

  size_t pending_records() const { return pending_records_; }
  size_t pending_bytes() const { return serialized_.size(); }

  // Hands out the pending batch's serialized bytes and starts a new batch in
  // `spare` (cleared first), so buffers circulate without reallocation.
  std::vector<uint8_t> ReleaseBatch(std::vector<uint8_t> spare);

  // Compresses and frames the pending batch and starts a new one. The returned
  // bytes stay valid until the next call on this encoder.
  StatusOr<std::span<const uint8_t>> FinishFrame();

 private:
  FrameCompressor compressor_;
  std::vector<uint8_t> serialized_;
  size_t pending_records_ = 0;
};

}  // namespace hindsight::log
