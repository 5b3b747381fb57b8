// Reads the records of STORE/log in log order from a LogPosition, a budget at a time,
// across segment files. A segment that ends in a torn tail (a writer crash) is finished
// only once a later segment exists: then its lost bytes are reported and reading moves
// on; the newest segment may still be growing, so reading stops at its last whole frame
// and resumes there next time. Corruption followed by valid frames fails (DataLoss
// naming the segment and offset); nothing is skipped silently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "log/segment_reader.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::store {

// A record and the frame it was read from (for quarantine reasons).
struct LoggedRecord {
  Record record;
  uint64_t segment = 0;
  uint64_t frame_offset = 0;
};

struct TornSegment {
  std::string file;
  uint64_t valid_bytes = 0;  // where the whole frames end
  uint64_t bytes_lost = 0;
};

// Not thread-safe.
class LogTailReader {
 public:
  // NotFound when `start` names a segment that no longer exists (its records would be
  // lost); a segment number of 0 means the log's first segment.
  [[nodiscard]] static StatusOr<std::unique_ptr<LogTailReader>> Open(std::string log_dir,
                                                                     LogPosition start);

  // Appends whole frames' records to *out until at least `max_bytes` serialized record
  // bytes were appended or the log ends. Returns the bytes appended (0: the log is done).
  [[nodiscard]] StatusOr<int64_t> Read(int64_t max_bytes, std::vector<LoggedRecord>* out);

  // Where reading resumes after everything returned so far.
  LogPosition position() const { return position_; }
  // Finished segments that ended in a torn tail, in log order.
  const std::vector<TornSegment>& torn_segments() const { return torn_; }
  // Bytes after the last whole frame of the newest segment (a frame being appended, or
  // the tail of a crashed writer), not yet counted as lost.
  uint64_t pending_tail_bytes() const { return pending_tail_bytes_; }

 private:
  LogTailReader(std::string log_dir, std::vector<uint64_t> segments, LogPosition start);
  // Opens the segment at segments_[next_segment_] from position_.
  [[nodiscard]] Status OpenCurrent();
  std::string SegmentPath(uint64_t sequence) const;

  std::string log_dir_;
  std::vector<uint64_t> segments_;  // sequences still to read, ascending
  size_t current_ = 0;              // index into segments_
  LogPosition position_;
  std::unique_ptr<log::SegmentReader> reader_;
  std::vector<TornSegment> torn_;
  uint64_t pending_tail_bytes_ = 0;
};

}  // namespace hindsight::store
