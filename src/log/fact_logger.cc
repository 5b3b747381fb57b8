#include "log/fact_logger.h"

#include <zstd.h>

#include <algorithm>

#include "log/batch_encoder.h"
#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "util/str_cat.h"

namespace hindsight::log {
namespace {

// A producer that finds the queue full retries this many times (yielding) before
// it sleeps; space usually frees within a batch write.
constexpr int kBlockedSpinRounds = 64;
// Sleeping producers and a writer waiting for unpublished slots re-check at least
// this often, so a missed wake-up costs latency, never progress.
constexpr auto kBlockedPollInterval = std::chrono::milliseconds(1);
// Each frame writer holds up to two batches (max 32 MiB each) in memory.
constexpr int kMaxCompressionThreads = 16;

Status ValidateOptions(const LoggerOptions& options) {
  if (options.sink == nullptr && options.log_dir.empty()) {
    return absl::InvalidArgumentError("logger needs a log_dir or a sink");
  }
  if (options.max_batch_records == 0) {
    return absl::InvalidArgumentError("max_batch_records must be at least 1");
  }
  if (options.max_batch_bytes == 0 || options.max_batch_bytes > kMaxBatchUncompressedSize) {
    return absl::InvalidArgumentError(
        StrCat("max_batch_bytes must be in [1, ", kMaxBatchUncompressedSize, "]"));
  }
  if (options.max_batch_age.count() <= 0) {
    return absl::InvalidArgumentError("max_batch_age must be positive");
  }
  if (options.compression_threads < 1 || options.compression_threads > kMaxCompressionThreads) {
    return absl::InvalidArgumentError(
        StrCat("compression_threads must be in [1, ", kMaxCompressionThreads, "]"));
  }
  if (options.queue_capacity < 2) {
    return absl::InvalidArgumentError("queue_capacity must be at least 2");
  }
  if (options.compression_level < ZSTD_minCLevel() ||
      options.compression_level > ZSTD_maxCLevel()) {
    return absl::InvalidArgumentError(StrCat("compression_level ", options.compression_level,
                                             " is outside zstd's range [", ZSTD_minCLevel(), ", ",
                                             ZSTD_maxCLevel(), "]"));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<std::unique_ptr<FactLogger>> FactLogger::Open(LoggerOptions options) {
  HS_RETURN_IF_ERROR(ValidateOptions(options));
  std::unique_ptr<LogSink> sink = std::move(options.sink);
  if (sink == nullptr) {
    SegmentFileSinkOptions sink_options;
    sink_options.directory = options.log_dir;
    sink_options.max_segment_bytes = options.max_segment_bytes;
    sink_options.max_segment_age = options.max_segment_age;
    sink_options.sync_on_roll_and_close = options.fsync != FsyncPolicy::kNever;
    HS_ASSIGN_OR_RETURN(sink, SegmentFileSink::Open(std::move(sink_options)));
  }
  std::unique_ptr<FactLogger> logger(new FactLogger(std::move(options), std::move(sink)));
  for (int i = 0; i < logger->options_.compression_threads; ++i) {
    logger->frame_writers_.emplace_back([raw = logger.get()] { raw->FrameWriterLoop(); });
  }
  logger->batcher_ = std::thread([raw = logger.get()] { raw->BatcherLoop(); });
  return logger;
}

FactLogger::FactLogger(LoggerOptions options, std::unique_ptr<LogSink> sink)
    : options_(std::move(options)),
      wake_threshold_(std::min(options_.max_batch_records, options_.queue_capacity / 2)),
      sink_(std::move(sink)),
      encoder_(std::make_unique<BatchEncoder>(options_.compression_level)),
      queue_(options_.queue_capacity) {}

FactLogger::~FactLogger() { PermitUncheckedError(Close()); }

Status FactLogger::Log(Record&& record) {
  if (closing_.load(std::memory_order_relaxed)) {
    return absl::FailedPreconditionError("fact logger is closed");
  }
  int attempts = 0;
  while (!queue_.TryPush(record)) {
    if (options_.overflow == OverflowPolicy::kDropAndCount) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return absl::ResourceExhaustedError("fact logger queue is full; record dropped");
    }
    if (closing_.load(std::memory_order_relaxed)) {
      return absl::FailedPreconditionError("fact logger is closed");
    }
    WakeBatcher();
    if (++attempts < kBlockedSpinRounds) {
      std::this_thread::yield();
      continue;
    }
    std::unique_lock lock(mutex_);
    blocked_producers_.fetch_add(1);
    space_available_.wait_for(lock, kBlockedPollInterval);
    blocked_producers_.fetch_sub(1);
  }
  if (batcher_waiting_.load(std::memory_order_relaxed) &&
      queue_.pushed() - queue_.popped() >= wake_threshold_) {
    WakeBatcher();
  }
  return absl::OkStatus();
}

void FactLogger::WakeBatcher() {
  if (!batcher_waiting_.exchange(false)) return;
  std::lock_guard lock(mutex_);
  wake_requested_ = true;
  batcher_wakeup_.notify_one();
}

Status FactLogger::Flush() {
  const uint64_t target = queue_.pushed();
  std::unique_lock lock(mutex_);
  if (stopped_) return absl::FailedPreconditionError("fact logger is closed");
  uint64_t previous = flush_target_.load();
  while (previous < target && !flush_target_.compare_exchange_weak(previous, target)) {
  }
  wake_requested_ = true;
  batcher_wakeup_.notify_one();
  written_.wait(lock, [&] { return written_position_ >= target || stopped_; });
  Status status = std::move(unacknowledged_error_);
  unacknowledged_error_ = absl::OkStatus();
  if (status.ok() && written_position_ < target) {
    status = absl::FailedPreconditionError("fact logger closed during Flush");
  }
  return status;
}

Status FactLogger::Close() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return close_status_;
    closed_ = true;
    closing_.store(true);
    wake_requested_ = true;
    batcher_wakeup_.notify_one();
  }
  batcher_.join();
  for (std::thread& frame_writer : frame_writers_) frame_writer.join();
  Status sink_closed = sink_->Close();
  std::lock_guard lock(mutex_);
  if (!sink_closed.ok()) last_error_ = sink_closed;
  close_status_ = sink_closed.ok() ? unacknowledged_error_ : sink_closed;
  stopped_ = true;
  written_.notify_all();
  return close_status_;
}

LoggerCounters FactLogger::counters() const {
  LoggerCounters counters;
  counters.logged = queue_.pushed();
  counters.dropped = dropped_.load(std::memory_order_relaxed);
  counters.failed = failed_.load(std::memory_order_relaxed);
  counters.batches = batches_.load(std::memory_order_relaxed);
  counters.bytes = bytes_.load(std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  counters.last_error = last_error_;
  return counters;
}

void FactLogger::RecordFailure(uint64_t records, Status error) {
  failed_.fetch_add(records, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  last_error_ = error;
  if (unacknowledged_error_.ok()) unacknowledged_error_ = std::move(error);
}

void FactLogger::DrainQueue() {
  while (Record* record = queue_.Front()) {
    const size_t size = BatchEncoder::EncodedSize(*record);
    if (size > kMaxBatchUncompressedSize) {
      RecordFailure(
          1, absl::InvalidArgumentError(StrCat("record '", record->record_id(), "' of ", size,
                                               " bytes exceeds the batch limit of ",
                                               kMaxBatchUncompressedSize, " bytes; not written")));
      queue_.Pop();
      continue;
    }
    if (encoder_->pending_bytes() + size > kMaxBatchUncompressedSize) SealBatch();
    if (encoder_->pending_records() == 0) batch_started_ = std::chrono::steady_clock::now();
    encoder_->Add(*record, size);
    queue_.Pop();
    if (blocked_producers_.load(std::memory_order_relaxed) > 0) space_available_.notify_all();
    if (encoder_->pending_records() >= options_.max_batch_records ||
        encoder_->pending_bytes() >= options_.max_batch_bytes) {
      SealBatch();
    }
  }
}

void FactLogger::SealBatch() {
  const uint64_t end_position = queue_.popped();
  if (encoder_->pending_records() == 0 && end_position == sealed_position_) return;
  std::unique_lock lock(handoff_mutex_);
  handoff_changed_.wait(
      lock, [&] { return sealed_.size() < static_cast<size_t>(options_.compression_threads); });
  std::vector<uint8_t> spare;
  if (!spare_buffers_.empty()) {
    spare = std::move(spare_buffers_.back());
    spare_buffers_.pop_back();
  }
  SealedBatch batch;
  batch.records = encoder_->pending_records();
  batch.serialized = encoder_->ReleaseBatch(std::move(spare));
  batch.end_position = end_position;
  batch.sequence = next_sequence_++;
  sealed_.push_back(std::move(batch));
  handoff_changed_.notify_all();
  sealed_position_ = end_position;
}

void FactLogger::WaitForWork(std::chrono::steady_clock::time_point deadline) {
  batcher_waiting_.store(true);
  if (queue_.Front() != nullptr || closing_.load() || flush_target_.load() > sealed_position_) {
    batcher_waiting_.store(false);
    return;
  }
  std::unique_lock lock(mutex_);
  if (flush_target_.load() <= sealed_position_) {
    batcher_wakeup_.wait_until(lock, deadline, [&] { return wake_requested_; });
  }
  wake_requested_ = false;
  batcher_waiting_.store(false);
}

void FactLogger::BatcherLoop() {
  for (;;) {
    DrainQueue();
    const bool closing = closing_.load(std::memory_order_acquire);
    const uint64_t target = closing ? queue_.pushed() : flush_target_.load();
    if (queue_.popped() < target) {
      // A producer claimed a slot but has not published it yet: it will shortly.
      std::this_thread::yield();
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (closing || target > sealed_position_ ||
        (encoder_->pending_records() > 0 && now - batch_started_ >= options_.max_batch_age)) {
      SealBatch();
      if (closing && queue_.popped() == queue_.pushed()) break;
      continue;
    }
    const auto deadline = encoder_->pending_records() > 0 ? batch_started_ + options_.max_batch_age
                                                          : now + options_.max_batch_age;
    WaitForWork(deadline);
  }
  std::lock_guard lock(handoff_mutex_);
  frame_writers_stop_ = true;
  handoff_changed_.notify_all();
}

void FactLogger::AppendFrame(const StatusOr<std::span<const uint8_t>>& frame, size_t records) {
  Status status = frame.status();
  if (status.ok()) status = sink_->Append(*frame);
  if (status.ok() && options_.fsync == FsyncPolicy::kEveryBatch) status = sink_->Sync();
  if (!status.ok()) {
    RecordFailure(records, std::move(status));
    return;
  }
  batches_.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(frame->size(), std::memory_order_relaxed);
}

void FactLogger::FrameWriterLoop() {
  FrameCompressor compressor(options_.compression_level);
  for (;;) {
    SealedBatch batch;
    {
      std::unique_lock lock(handoff_mutex_);
      handoff_changed_.wait(lock, [&] { return !sealed_.empty() || frame_writers_stop_; });
      if (sealed_.empty()) return;
      batch = std::move(sealed_.front());
      sealed_.pop_front();
      handoff_changed_.notify_all();
    }
    StatusOr<std::span<const uint8_t>> frame =
        batch.records > 0 ? compressor.Frame(batch.serialized)
                          : StatusOr<std::span<const uint8_t>>(std::span<const uint8_t>());
    {
      std::unique_lock lock(handoff_mutex_);
      handoff_changed_.wait(lock, [&] { return next_append_sequence_ == batch.sequence; });
    }
    // Only this thread may append now: the others wait for later sequence numbers.
    if (batch.records > 0) AppendFrame(frame, batch.records);
    {
      std::lock_guard lock(mutex_);
      written_position_ = batch.end_position;
      written_.notify_all();
    }
    std::lock_guard lock(handoff_mutex_);
    ++next_append_sequence_;
    batch.serialized.clear();
    spare_buffers_.push_back(std::move(batch.serialized));
    handoff_changed_.notify_all();
  }
}

}  // namespace hindsight::log
