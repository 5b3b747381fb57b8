#include "log/fact_logger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "log/log_test_util.h"
#include "log/segment_reader.h"

namespace hindsight::log {
namespace {

using testing::MakeRecord;
using testing::MakeTempDirectory;
using testing::ReadDirectory;

// Keeps frames in memory; Append waits while the gate is closed; can fail on demand.
class MemorySink final : public LogSink {
 public:
  struct State {
    std::mutex mutex;
    std::condition_variable opened;
    bool gate_open = true;
    bool fail = false;
    int appends_started = 0;
    int syncs = 0;
    bool closed = false;
    std::vector<uint8_t> image;  // a segment image: header + frames
  };
  explicit MemorySink(std::shared_ptr<State> state) : state_(std::move(state)) {
    const auto header = EncodeSegmentHeader(0);
    state_->image.assign(header.begin(), header.end());
  }
  Status Append(std::span<const uint8_t> frame) override {
    std::unique_lock lock(state_->mutex);
    ++state_->appends_started;
    state_->opened.wait(lock, [&] { return state_->gate_open; });
    if (state_->fail) return absl::UnavailableError("sink is down");
    state_->image.insert(state_->image.end(), frame.begin(), frame.end());
    return absl::OkStatus();
  }
  Status Sync() override {
    std::lock_guard lock(state_->mutex);
    ++state_->syncs;
    return absl::OkStatus();
  }
  Status Close() override {
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
    return absl::OkStatus();
  }

 private:
  std::shared_ptr<State> state_;
};

std::vector<std::string> IdsInImage(std::vector<uint8_t> image) {
  std::vector<std::string> ids;
  auto reader = SegmentReader::Open(MakeMemoryFile("memory", std::move(image)));
  EXPECT_TRUE(reader.ok());
  for (;;) {
    auto batch = (*reader)->Next();
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok() || !batch->has_value()) break;
    for (const Record& record : (*batch)->batch.records()) ids.push_back(record.record_id());
  }
  return ids;
}

std::vector<std::string> Ids(int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back("r" + std::to_string(i));
  return ids;
}

TEST(FactLoggerTest, LogsFlushesAndReadsBackEveryRecordInOrder) {
  const std::string dir = MakeTempDirectory("logger_roundtrip");
  LoggerOptions options;
  options.log_dir = dir;
  options.max_batch_records = 100;
  StatusOr<std::unique_ptr<FactLogger>> logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok()) << logger.status();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*logger)->Log(MakeRecord(i)).ok());
  ASSERT_TRUE((*logger)->Flush().ok());
  const LoggerCounters counters = (*logger)->counters();
  EXPECT_EQ(counters.logged, 1000u);
  EXPECT_EQ(counters.dropped, 0u);
  EXPECT_EQ(counters.failed, 0u);
  EXPECT_GE(counters.batches, 10u);
  EXPECT_TRUE(counters.last_error.ok());
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_EQ(contents->record_ids, Ids(0, 1000));
  uint64_t file_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    file_bytes += std::filesystem::file_size(entry.path()) - kSegmentHeaderSize;
  }
  EXPECT_EQ(counters.bytes, file_bytes);
  ASSERT_TRUE((*logger)->Close().ok());
}

TEST(FactLoggerTest, LoggedRecordIsMovedFromAndItsContentKept) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  Record record = MakeRecord(5, 5, 200);
  const std::string expected = record.SerializeAsString();
  ASSERT_TRUE((*logger)->Log(std::move(record)).ok());
  ASSERT_TRUE((*logger)->Close().ok());
  auto reader = SegmentReader::Open(MakeMemoryFile("memory", state->image));
  ASSERT_TRUE(reader.ok());
  auto batch = (*reader)->Next();
  ASSERT_TRUE(batch.ok() && batch->has_value());
  ASSERT_EQ((*batch)->batch.records_size(), 1);
  EXPECT_EQ((*batch)->batch.records(0).SerializeAsString(), expected);
  EXPECT_TRUE(state->closed);
}

TEST(FactLoggerTest, ConcurrentLogFromFourThreadsThenFlushSeesEveryRecordOnce) {
  const std::string dir = MakeTempDirectory("logger_concurrent");
  LoggerOptions options;
  options.log_dir = dir;
  options.queue_capacity = 256;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE((*logger)->Log(MakeRecord(t * kPerThread + i)).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE((*logger)->Flush().ok());
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok()) << contents.status();
  std::vector<std::string> ids = contents->record_ids;
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> expected = Ids(0, kThreads * kPerThread);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ((*logger)->counters().logged, static_cast<uint64_t>(kThreads * kPerThread));
}

TEST(FactLoggerTest, DropPolicyCountsDropsUnderAFullQueue) {
  auto state = std::make_shared<MemorySink::State>();
  state->gate_open = false;
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  options.queue_capacity = 8;
  options.max_batch_records = 1;
  options.compression_threads = 1;
  options.overflow = OverflowPolicy::kDropAndCount;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  int refused = 0;
  std::vector<std::string> accepted;
  for (int i = 0; i < 100; ++i) {
    const Status status = (*logger)->Log(MakeRecord(i));
    if (status.ok()) {
      accepted.push_back("r" + std::to_string(i));
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
      ++refused;
    }
  }
  // Beyond a full queue, at most three one-record batches are in flight: one stuck
  // in the sink, one handed off, one being sealed.
  EXPECT_GE(refused, 100 - 8 - 3);
  LoggerCounters counters = (*logger)->counters();
  EXPECT_EQ(counters.dropped, static_cast<uint64_t>(refused));
  EXPECT_EQ(counters.logged, accepted.size());
  {
    std::lock_guard lock(state->mutex);
    state->gate_open = true;
  }
  state->opened.notify_all();
  ASSERT_TRUE((*logger)->Flush().ok());
  EXPECT_EQ(IdsInImage(state->image), accepted);
}

TEST(FactLoggerTest, BlockPolicyLosesNothingWithATinyQueueAndASlowSink) {
  auto state = std::make_shared<MemorySink::State>();
  state->gate_open = false;
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  options.queue_capacity = 4;
  options.max_batch_records = 3;
  options.compression_threads = 1;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  constexpr int kThreads = 3;
  constexpr int kPerThread = 300;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE((*logger)->Log(MakeRecord(t * kPerThread + i)).ok());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // A full queue plus three batches in flight (in the sink, handed off, being sealed).
  EXPECT_LE((*logger)->counters().logged, 4u + 3 * 3u);
  {
    std::lock_guard lock(state->mutex);
    state->gate_open = true;
  }
  state->opened.notify_all();
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE((*logger)->Close().ok());
  std::vector<std::string> ids = IdsInImage(state->image);
  std::sort(ids.begin(), ids.end());
  std::vector<std::string> expected = Ids(0, kThreads * kPerThread);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ((*logger)->counters().dropped, 0u);
}

TEST(FactLoggerTest, WriteErrorsAreCountedAndReturnedByFlushOnce) {
  auto state = std::make_shared<MemorySink::State>();
  state->fail = true;
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*logger)->Log(MakeRecord(i)).ok());
  const Status flushed = (*logger)->Flush();
  EXPECT_EQ(flushed.code(), absl::StatusCode::kUnavailable);
  LoggerCounters counters = (*logger)->counters();
  EXPECT_EQ(counters.failed, 10u);
  EXPECT_EQ(counters.batches, 0u);
  EXPECT_EQ(counters.last_error.code(), absl::StatusCode::kUnavailable);
  {
    std::lock_guard lock(state->mutex);
    state->fail = false;
  }
  ASSERT_TRUE((*logger)->Log(MakeRecord(10)).ok());
  EXPECT_TRUE((*logger)->Flush().ok());
  EXPECT_EQ(IdsInImage(state->image), Ids(10, 11));
}

TEST(FactLoggerTest, RecordTooLargeForAFrameIsRejectedAndCounted) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  ASSERT_TRUE((*logger)->Log(MakeRecord(0)).ok());
  ASSERT_TRUE((*logger)->Log(MakeRecord(1, 1, kMaxBatchUncompressedSize + 1)).ok());
  ASSERT_TRUE((*logger)->Log(MakeRecord(2)).ok());
  EXPECT_EQ((*logger)->Flush().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*logger)->counters().failed, 1u);
  EXPECT_EQ(IdsInImage(state->image), (std::vector<std::string>{"r0", "r2"}));
}

TEST(FactLoggerTest, BatchAgeWritesWithoutFlush) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  options.max_batch_age = std::chrono::milliseconds(5);
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*logger)->Log(MakeRecord(i)).ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((*logger)->counters().batches == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ((*logger)->counters().batches, 1u);
  std::lock_guard lock(state->mutex);
  EXPECT_EQ(IdsInImage(state->image), Ids(0, 3));
}

TEST(FactLoggerTest, EveryBatchPolicySyncsEachBatch) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  options.fsync = FsyncPolicy::kEveryBatch;
  options.max_batch_records = 10;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE((*logger)->Log(MakeRecord(i)).ok());
  ASSERT_TRUE((*logger)->Flush().ok());
  std::lock_guard lock(state->mutex);
  EXPECT_EQ(static_cast<uint64_t>(state->syncs), (*logger)->counters().batches);
  EXPECT_EQ((*logger)->counters().batches, 5u);
}

TEST(FactLoggerTest, FlushWithNothingLoggedReturnsAndLogAfterCloseFails) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  EXPECT_TRUE((*logger)->Flush().ok());
  EXPECT_EQ((*logger)->counters().batches, 0u);
  ASSERT_TRUE((*logger)->Close().ok());
  EXPECT_TRUE((*logger)->Close().ok());
  EXPECT_EQ((*logger)->Log(MakeRecord(1)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*logger)->Flush().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FactLoggerTest, RollsSegmentsBySizeAndLosesNothing) {
  const std::string dir = MakeTempDirectory("logger_roll");
  LoggerOptions options;
  options.log_dir = dir;
  options.max_batch_records = 20;
  options.max_segment_bytes = 8 * 1024;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE((*logger)->Log(MakeRecord(i, 2, 100)).ok());
  ASSERT_TRUE((*logger)->Close().ok());
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_GT(contents->segments, 5);
  EXPECT_EQ(contents->record_ids, Ids(0, 2000));
  EXPECT_EQ(contents->bytes_lost, 0u);
}

TEST(FactLoggerTest, ParallelCompressionKeepsFramesInLogOrder) {
  auto state = std::make_shared<MemorySink::State>();
  LoggerOptions options;
  options.sink = std::make_unique<MemorySink>(state);
  options.compression_threads = 4;
  options.max_batch_records = 3;
  auto logger = FactLogger::Open(std::move(options));
  ASSERT_TRUE(logger.ok());
  for (int i = 0; i < 3000; ++i) {
    // Varying sizes make compression times differ between batches.
    ASSERT_TRUE((*logger)->Log(MakeRecord(i, 1 + i % 5, 10 + (i * 7919) % 3000)).ok());
  }
  ASSERT_TRUE((*logger)->Flush().ok());
  EXPECT_EQ((*logger)->counters().batches, 1000u);
  EXPECT_EQ(IdsInImage(state->image), Ids(0, 3000));
}

TEST(FactLoggerTest, OpenRejectsBadOptions) {
  LoggerOptions no_destination;
  EXPECT_EQ(FactLogger::Open(std::move(no_destination)).status().code(),
            absl::StatusCode::kInvalidArgument);
  LoggerOptions zero_batch;
  zero_batch.log_dir = MakeTempDirectory("logger_bad_options");
  zero_batch.max_batch_records = 0;
  EXPECT_EQ(FactLogger::Open(std::move(zero_batch)).status().code(),
            absl::StatusCode::kInvalidArgument);
  LoggerOptions no_compressor;
  no_compressor.log_dir = MakeTempDirectory("logger_bad_options");
  no_compressor.compression_threads = 0;
  EXPECT_EQ(FactLogger::Open(std::move(no_compressor)).status().code(),
            absl::StatusCode::kInvalidArgument);
  LoggerOptions bad_level;
  bad_level.log_dir = MakeTempDirectory("logger_bad_options");
  bad_level.compression_level = 1000;
  EXPECT_EQ(FactLogger::Open(std::move(bad_level)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hindsight::log
