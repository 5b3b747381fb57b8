// FactLogger: the client compute apps use to log the facts they scored with.
// Log() costs the caller one bounded, lock-free enqueue. Background threads form
// a pipeline: the batcher drains the queue and serializes records into batches;
// frame writers (compression_threads of them) zstd-compress batches in parallel,
// frame each with length + CRC32C (segment_format.h) and append them to a LogSink
// in batch order.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "hindsight/record.pb.h"
#include "log/log_sink.h"
#include "log/record_queue.h"
#include "util/status.h"

namespace hindsight::log {

class BatchEncoder;

// What Log() does when the queue is full.
enum class OverflowPolicy {
  kBlock,         // wait for space: nothing is lost, the caller may stall
  kDropAndCount,  // drop the record, count it, return ResourceExhausted
};

enum class FsyncPolicy {
  kNever,           // rely on the OS (survives a process crash, not power loss)
  kOnRollAndClose,  // fsync each segment when it is finished
  kEveryBatch,      // fsync after every batch: Flush() then means durable
};

struct LoggerOptions {
  // Default sink: segment files in this directory (usually STORE/log).
  std::string log_dir;
  // When set, frames go here instead of segment files (log_dir is then unused).
  std::unique_ptr<LogSink> sink;

  // A batch is written when it holds this many records, this many serialized
  // bytes, or its first record is this old (or on Flush/Close).
  size_t max_batch_records = 1000;
  size_t max_batch_bytes = 1u << 20;
  std::chrono::microseconds max_batch_age = std::chrono::milliseconds(50);

  // Records the queue holds at most (rounded up to a power of two); bounds memory.
  size_t queue_capacity = 1u << 16;
  OverflowPolicy overflow = OverflowPolicy::kBlock;
  // zstd level (1 = fastest positive level; negative levels trade size for speed).
  int compression_level = 1;
  // Frame writer threads compressing batches in parallel (frames stay in order).
  int compression_threads = 2;
  FsyncPolicy fsync = FsyncPolicy::kOnRollAndClose;

  // Segment rolling for the default sink.
  uint64_t max_segment_bytes = 64u << 20;
  std::chrono::microseconds max_segment_age = std::chrono::minutes(10);
};

struct LoggerCounters {
  uint64_t logged = 0;   // accepted by Log()
  uint64_t dropped = 0;  // refused by Log() under kDropAndCount
  uint64_t failed = 0;   // accepted but lost to a write error or too large for a frame
  uint64_t batches = 0;  // frames appended to the sink
  uint64_t bytes = 0;    // frame bytes appended to the sink
  Status last_error;     // the most recent write error, OK if none
};

// Thread-safe: Log, Flush and counters may be called from any number of threads.
// Close (or destruction) must not race with Log; Close is idempotent.
class FactLogger {
 public:
  static StatusOr<std::unique_ptr<FactLogger>> Open(LoggerOptions options);
  // Closes if still open (errors are then only visible in counters()).
  ~FactLogger();
  FactLogger(const FactLogger&) = delete;
  FactLogger& operator=(const FactLogger&) = delete;

  // Enqueues `record`. It is moved from: left valid but unspecified (Clear() or
  // CopyFrom() before reuse; its memory is reused).
  // ResourceExhausted when dropped (kDropAndCount); FailedPrecondition after Close.
  [[nodiscard]] Status Log(Record&& record);

  // Returns once every record whose Log() returned before this call is appended
  // to the sink (and fsynced under kEveryBatch): the acknowledgement point. Returns
  // the first write error since the previous Flush, if any.
  [[nodiscard]] Status Flush();

  // Writes everything logged, stops the background threads and closes the sink.
  // Returns the first error not yet returned by Flush, or the sink's close error.
  [[nodiscard]] Status Close();

  LoggerCounters counters() const;

 private:
  // A serialized batch on its way from the batcher to the frame writer.
  struct SealedBatch {
    std::vector<uint8_t> serialized;
    size_t records = 0;
    uint64_t sequence = 0;  // batches are appended in this order
    // Queue position after the batch's last record: acknowledged once written.
    uint64_t end_position = 0;
  };

  FactLogger(LoggerOptions options, std::unique_ptr<LogSink> sink);
  void WakeBatcher();
  void BatcherLoop();
  // Batcher: moves published records into the batch; seals batches as they fill.
  void DrainQueue();
  // Batcher: hands the pending batch (possibly empty, to acknowledge records that
  // failed) to the frame writers, waiting while compression_threads are queued.
  void SealBatch();
  void WaitForWork(std::chrono::steady_clock::time_point deadline);
  void FrameWriterLoop();
  // Frame writer whose turn it is: appends (and syncs per policy); counts failures.
  void AppendFrame(const StatusOr<std::span<const uint8_t>>& frame, size_t records);
  void RecordFailure(uint64_t records, Status error);

  const LoggerOptions options_;
  const size_t wake_threshold_;
  std::unique_ptr<LogSink> sink_;
  std::unique_ptr<BatchEncoder> encoder_;  // batcher thread only
  RecordQueue queue_;

  std::atomic<bool> closing_{false};
  std::atomic<bool> batcher_waiting_{false};
  std::atomic<uint32_t> blocked_producers_{0};
  std::atomic<uint64_t> flush_target_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> bytes_{0};

  mutable std::mutex mutex_;
  std::condition_variable batcher_wakeup_;   // batcher waits for work
  std::condition_variable space_available_;  // kBlock producers wait for space
  std::condition_variable written_;          // Flush waits for written_position_
  bool wake_requested_ = false;              // guarded by mutex_
  bool stopped_ = false;                     // guarded by mutex_
  bool closed_ = false;                      // guarded by mutex_
  uint64_t written_position_ = 0;            // guarded by mutex_
  Status last_error_;                        // guarded by mutex_
  Status unacknowledged_error_;              // guarded by mutex_
  Status close_status_;                      // guarded by mutex_

  std::mutex handoff_mutex_;
  std::condition_variable handoff_changed_;
  std::deque<SealedBatch> sealed_;                   // guarded by handoff_mutex_
  std::vector<std::vector<uint8_t>> spare_buffers_;  // guarded by handoff_mutex_
  uint64_t next_append_sequence_ = 0;                // guarded by handoff_mutex_
  bool frame_writers_stop_ = false;                  // guarded by handoff_mutex_

  // Batcher thread only.
  std::chrono::steady_clock::time_point batch_started_;
  uint64_t sealed_position_ = 0;
  uint64_t next_sequence_ = 0;

  std::thread batcher_;
  std::vector<std::thread> frame_writers_;
};

}  // namespace hindsight::log
