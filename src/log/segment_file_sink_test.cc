#include "log/segment_file_sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "log/log_test_util.h"
#include "log/segment_format.h"

namespace hindsight::log {
namespace {

using testing::BuildSegment;
using testing::MakeRecord;
using testing::MakeTempDirectory;
using testing::ReadDirectory;

// One frame holding records [first, first + count).
std::vector<uint8_t> Frame(int first, int count) {
  std::vector<Record> records;
  for (int i = 0; i < count; ++i) records.push_back(MakeRecord(first + i));
  const auto segment = BuildSegment({records});
  return std::vector<uint8_t>(segment.bytes.begin() + kSegmentHeaderSize, segment.bytes.end());
}

TEST(SegmentFileSinkTest, RollsBySizeKeepingEveryFrameWhole) {
  const std::string dir = MakeTempDirectory("sink_roll_size");
  const std::vector<uint8_t> frame = Frame(0, 1);
  SegmentFileSinkOptions options;
  options.directory = dir;
  options.max_segment_bytes = kSegmentHeaderSize + 2 * frame.size();  // two frames each
  StatusOr<std::unique_ptr<SegmentFileSink>> sink = SegmentFileSink::Open(options);
  ASSERT_TRUE(sink.ok()) << sink.status();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*sink)->Append(Frame(i, 1)).ok());
  ASSERT_TRUE((*sink)->Close().ok());
  StatusOr<std::vector<uint64_t>> segments = ListSegments(dir);
  ASSERT_TRUE(segments.ok());
  EXPECT_EQ(*segments, (std::vector<uint64_t>{1, 2, 3}));
  for (uint64_t sequence : *segments) {
    EXPECT_LE(std::filesystem::file_size(std::filesystem::path(dir) / SegmentFileName(sequence)),
              options.max_segment_bytes);
  }
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_EQ(contents->record_ids, (std::vector<std::string>{"r0", "r1", "r2", "r3", "r4"}));
  EXPECT_EQ(contents->bytes_lost, 0u);
}

TEST(SegmentFileSinkTest, OversizedFrameStillGetsItsOwnSegment) {
  const std::string dir = MakeTempDirectory("sink_oversized");
  SegmentFileSinkOptions options;
  options.directory = dir;
  options.max_segment_bytes = kSegmentHeaderSize + 10;
  StatusOr<std::unique_ptr<SegmentFileSink>> sink = SegmentFileSink::Open(options);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Append(Frame(0, 3)).ok());
  ASSERT_TRUE((*sink)->Append(Frame(3, 3)).ok());
  ASSERT_TRUE((*sink)->Close().ok());
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->segments, 2);
  EXPECT_EQ(contents->record_ids.size(), 6u);
}

TEST(SegmentFileSinkTest, RollsByAge) {
  const std::string dir = MakeTempDirectory("sink_roll_age");
  SegmentFileSinkOptions options;
  options.directory = dir;
  options.max_segment_age = std::chrono::milliseconds(20);
  StatusOr<std::unique_ptr<SegmentFileSink>> sink = SegmentFileSink::Open(options);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Append(Frame(0, 1)).ok());
  ASSERT_TRUE((*sink)->Append(Frame(1, 1)).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  ASSERT_TRUE((*sink)->Append(Frame(2, 1)).ok());
  ASSERT_TRUE((*sink)->Close().ok());
  StatusOr<std::vector<uint64_t>> segments = ListSegments(dir);
  ASSERT_TRUE(segments.ok());
  EXPECT_EQ(segments->size(), 2u);
}

TEST(SegmentFileSinkTest, NewSinkContinuesAfterTheHighestExistingSequence) {
  const std::string dir = MakeTempDirectory("sink_continue");
  for (int round = 0; round < 2; ++round) {
    SegmentFileSinkOptions options;
    options.directory = dir;
    StatusOr<std::unique_ptr<SegmentFileSink>> sink = SegmentFileSink::Open(options);
    ASSERT_TRUE(sink.ok());
    EXPECT_EQ((*sink)->current_sequence(), static_cast<uint64_t>(round + 1));
    ASSERT_TRUE((*sink)->Append(Frame(round, 1)).ok());
    ASSERT_TRUE((*sink)->Close().ok());
  }
  StatusOr<testing::DirectoryContents> contents = ReadDirectory(dir);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->record_ids, (std::vector<std::string>{"r0", "r1"}));
}

TEST(SegmentFileSinkTest, AppendAfterCloseFailsAndNothingIsCreatedWithoutFrames) {
  const std::string dir = MakeTempDirectory("sink_closed");
  SegmentFileSinkOptions options;
  options.directory = dir;
  StatusOr<std::unique_ptr<SegmentFileSink>> sink = SegmentFileSink::Open(options);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_EQ((*sink)->Append(Frame(0, 1)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ListSegments(dir)->empty());
}

TEST(SegmentFileSinkTest, OpenRejectsMissingDirectoryOption) {
  EXPECT_EQ(SegmentFileSink::Open(SegmentFileSinkOptions{}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hindsight::log
