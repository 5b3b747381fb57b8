// Reads the batches of one segment file (segment_format.h) from a byte offset.
//
// Tail rule: a frame that is short, has an impossible length, a bad type or a bad
// CRC ends the segment as a *torn tail* when no valid frame follows it anywhere in
// the file — the reader stops there and reports bytes_lost(). When a valid frame
// does follow, the damage is in the middle: Next() returns DataLoss naming the file
// and offset. A writer crash can only leave a torn tail, so flushed frames are
// never lost to it. The segment a logger is still writing may end in a frame being
// appended: it reads as a torn tail, and a later reader resumes from offset().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "log/segment_format.h"
#include "util/file_io.h"
#include "util/status.h"

typedef struct ZSTD_DCtx_s ZSTD_DCtx;

namespace hindsight::log {

struct SegmentBatch {
  RecordBatch batch;
  // Where the frame starts and ends; end_offset is a valid checkpoint to resume from.
  uint64_t offset = 0;
  uint64_t end_offset = 0;
};

// Not thread-safe.
class SegmentReader {
 public:
  // Positions at `offset`: 0 (or kSegmentHeaderSize) for the first frame, or an
  // end_offset returned by an earlier read of this segment.
  static StatusOr<std::unique_ptr<SegmentReader>> Open(std::unique_ptr<RandomAccessFile> file,
                                                       uint64_t offset = 0);
  static StatusOr<std::unique_ptr<SegmentReader>> Open(const std::string& path,
                                                       uint64_t offset = 0);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  // The next whole frame, or nullopt at the end of the segment (then bytes_lost()
  // tells whether it ended in a torn tail). DataLoss on corruption in the middle.
  StatusOr<std::optional<SegmentBatch>> Next();

  // Valid only when the file had a whole header (it is zero-initialised otherwise).
  const SegmentHeader& header() const { return header_; }
  // Offset of the next frame to read; after the end, the end of the valid data.
  uint64_t offset() const { return offset_; }
  // Bytes of torn tail found after offset() (0 for a cleanly ended segment).
  uint64_t bytes_lost() const { return bytes_lost_; }
  uint64_t file_size() const { return file_->size(); }
  const std::string& name() const { return file_->name(); }

 private:
  SegmentReader(std::unique_ptr<RandomAccessFile> file, uint64_t offset);
  // Called on a bad frame at offset_: torn tail (ends the segment) or DataLoss.
  Status EndAtBadFrame(std::string_view reason);
  // Offset of the first valid frame starting after `from`, if any (bounded work).
  StatusOr<std::optional<uint64_t>> FindValidFrameAfter(uint64_t from);
  // Whether a whole frame with a correct CRC starts at `position`.
  StatusOr<bool> IsValidFrameAt(uint64_t position, uint64_t& verify_budget);
  Status DecodeBatch(std::span<const uint8_t> payload, RecordBatch& batch);

  std::unique_ptr<RandomAccessFile> file_;
  SegmentHeader header_;
  uint64_t offset_;
  uint64_t bytes_lost_ = 0;
  bool at_end_ = false;
  ZSTD_DCtx* decompressor_;
  std::vector<uint8_t> payload_;
  std::vector<uint8_t> uncompressed_;
};

}  // namespace hindsight::log
