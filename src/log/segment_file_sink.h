// The default LogSink: frames appended to segment files `seg-<seq>.hslog` in one
// directory, rolled by size and age.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "log/log_sink.h"
#include "util/status.h"

namespace hindsight::log {

struct SegmentFileSinkOptions {
  // Created if missing. Usually STORE/log.
  std::string directory;
  // A segment is closed and a new one started before a frame would make it
  // larger than this (a segment always takes at least one frame).
  uint64_t max_segment_bytes = 64u << 20;
  // ... or when its first frame is older than this.
  std::chrono::microseconds max_segment_age = std::chrono::minutes(10);
  // fsync the segment (and the directory) when it is rolled or the sink closed.
  // A rolled segment is fsynced by a background thread, off the append path.
  bool sync_on_roll_and_close = true;
};

// Writes frames with write(2), so an appended frame survives a process crash.
// A new sink never appends to existing segments: it starts at the next sequence
// number. Not thread-safe: calls must not overlap (the logger serializes them).
class SegmentFileSink final : public LogSink {
 public:
  static StatusOr<std::unique_ptr<SegmentFileSink>> Open(SegmentFileSinkOptions options);
  ~SegmentFileSink() override;
  SegmentFileSink(const SegmentFileSink&) = delete;
  SegmentFileSink& operator=(const SegmentFileSink&) = delete;

  [[nodiscard]] Status Append(std::span<const uint8_t> frame) override;
  [[nodiscard]] Status Sync() override;
  [[nodiscard]] Status Close() override;

  // Sequence number of the segment being written (or to be written next).
  uint64_t current_sequence() const { return sequence_; }

 private:
  explicit SegmentFileSink(SegmentFileSinkOptions options, uint64_t first_sequence);
  struct PendingSync {
    int fd;
    std::string path;
  };

  [[nodiscard]] Status StartSegment();
  // Closes the current segment; with sync_on_roll_and_close it is fsynced now or,
  // unless `wait_for_sync`, by the syncer thread.
  [[nodiscard]] Status FinishSegment(bool wait_for_sync);
  [[nodiscard]] Status SyncAndClose(int fd, const std::string& path, bool sync);
  void SyncerLoop();
  [[nodiscard]] Status WaitForPendingSyncs();
  // The syncer's first error since the last call. REQUIRES: sync_mutex_ held.
  [[nodiscard]] Status TakeSyncError(std::unique_lock<std::mutex>& held);
  [[nodiscard]] Status WriteAll(std::span<const uint8_t> bytes);
  std::string CurrentPath() const;

  SegmentFileSinkOptions options_;
  uint64_t sequence_;
  int fd_ = -1;
  uint64_t segment_size_ = 0;
  bool segment_has_frames_ = false;
  std::chrono::steady_clock::time_point segment_started_;
  bool closed_ = false;

  std::mutex sync_mutex_;
  std::condition_variable sync_changed_;
  std::deque<PendingSync> pending_syncs_;  // guarded by sync_mutex_
  Status sync_error_;                      // guarded by sync_mutex_
  bool syncer_stop_ = false;               // guarded by sync_mutex_
  std::thread syncer_;
};

// Sequence numbers of the segment files in `directory`, ascending.
StatusOr<std::vector<uint64_t>> ListSegments(const std::string& directory);

}  // namespace hindsight::log
