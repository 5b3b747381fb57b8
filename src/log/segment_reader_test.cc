#include "log/segment_reader.h"

#include <gtest/gtest.h>

#include "log/log_test_util.h"

namespace hindsight::log {
namespace {

using testing::BuildSegment;
using testing::BuiltSegment;
using testing::MakeRecord;

struct ReadResult {
  std::vector<std::string> ids;
  std::vector<uint64_t> frame_ends;
  uint64_t bytes_lost = 0;
  uint64_t valid_end = 0;
  Status status;
};

ReadResult ReadImage(std::vector<uint8_t> bytes, uint64_t offset = 0) {
  ReadResult result;
  StatusOr<std::unique_ptr<SegmentReader>> reader =
      SegmentReader::Open(MakeMemoryFile("seg-test", std::move(bytes)), offset);
  if (!reader.ok()) {
    result.status = reader.status();
    return result;
  }
  for (;;) {
    StatusOr<std::optional<SegmentBatch>> batch = (*reader)->Next();
    if (!batch.ok()) {
      result.status = batch.status();
      return result;
    }
    if (!batch->has_value()) break;
    for (const Record& record : (*batch)->batch.records()) result.ids.push_back(record.record_id());
    result.frame_ends.push_back((*batch)->end_offset);
  }
  result.bytes_lost = (*reader)->bytes_lost();
  result.valid_end = (*reader)->offset();
  return result;
}

// Three frames of 2, 3 and 1 records: r0..r5.
BuiltSegment ThreeFrames() {
  return BuildSegment({{MakeRecord(0), MakeRecord(1)},
                       {MakeRecord(2), MakeRecord(3), MakeRecord(4)},
                       {MakeRecord(5)}});
}

std::vector<std::string> Ids(int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back("r" + std::to_string(i));
  return ids;
}

TEST(SegmentReaderTest, RoundTripsRecordsAndFrameEnds) {
  const BuiltSegment segment = ThreeFrames();
  const ReadResult result = ReadImage(segment.bytes);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.ids, Ids(0, 6));
  EXPECT_EQ(result.frame_ends, segment.frame_ends);
  EXPECT_EQ(result.bytes_lost, 0u);
  EXPECT_EQ(result.valid_end, segment.bytes.size());
}

TEST(SegmentReaderTest, RecordsKeepEveryField) {
  const Record original = MakeRecord(7, 5, 300);
  StatusOr<std::unique_ptr<SegmentReader>> reader =
      SegmentReader::Open(MakeMemoryFile("seg", BuildSegment({{original}}).bytes));
  ASSERT_TRUE(reader.ok());
  StatusOr<std::optional<SegmentBatch>> batch = (*reader)->Next();
  ASSERT_TRUE(batch.ok() && batch->has_value());
  ASSERT_EQ((*batch)->batch.records_size(), 1);
  EXPECT_EQ((*batch)->batch.records(0).SerializeAsString(), original.SerializeAsString());
}

TEST(SegmentReaderTest, ResumesFromAFrameEndOffset) {
  const BuiltSegment segment = ThreeFrames();
  const ReadResult result = ReadImage(segment.bytes, segment.frame_ends[0]);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.ids, Ids(2, 6));
  const ReadResult at_end = ReadImage(segment.bytes, segment.bytes.size());
  ASSERT_TRUE(at_end.status.ok());
  EXPECT_TRUE(at_end.ids.empty());
}

TEST(SegmentReaderTest, RejectsStartOffsetsInsideHeaderOrPastEnd) {
  const BuiltSegment segment = ThreeFrames();
  EXPECT_EQ(ReadImage(segment.bytes, 5).status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadImage(segment.bytes, segment.bytes.size() + 1).status.code(),
            absl::StatusCode::kOutOfRange);
}

TEST(SegmentReaderTest, TornTailAtEveryByteRecoversExactlyTheWholeFrames) {
  const BuiltSegment segment = ThreeFrames();
  const std::vector<int> records_per_frame = {2, 3, 1};
  for (size_t cut = 0; cut <= segment.bytes.size(); ++cut) {
    const std::vector<uint8_t> torn(segment.bytes.begin(), segment.bytes.begin() + cut);
    const ReadResult result = ReadImage(torn);
    ASSERT_TRUE(result.status.ok()) << "cut " << cut << ": " << result.status;
    int whole_frames = 0;
    int records = 0;
    uint64_t valid_end = cut < kSegmentHeaderSize ? 0 : kSegmentHeaderSize;
    while (whole_frames < 3 && segment.frame_ends[whole_frames] <= cut) {
      valid_end = segment.frame_ends[whole_frames];
      records += records_per_frame[whole_frames++];
    }
    EXPECT_EQ(result.ids, Ids(0, records)) << "cut " << cut;
    EXPECT_EQ(result.valid_end, valid_end) << "cut " << cut;
    EXPECT_EQ(result.bytes_lost, cut - valid_end) << "cut " << cut;
  }
}

TEST(SegmentReaderTest, GarbageAppendedAfterLastFrameIsATornTail) {
  BuiltSegment segment = ThreeFrames();
  const size_t clean_size = segment.bytes.size();
  for (int i = 0; i < 100; ++i) segment.bytes.push_back(static_cast<uint8_t>(i * 13));
  const ReadResult result = ReadImage(segment.bytes);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.ids, Ids(0, 6));
  EXPECT_EQ(result.bytes_lost, 100u);
  EXPECT_EQ(result.valid_end, clean_size);
}

TEST(SegmentReaderTest, BitFlipInAMiddleFrameIsDataLossNamingFileAndOffset) {
  const BuiltSegment segment = ThreeFrames();
  // Every byte of the first two frames, flipped one at a time: a valid frame follows.
  for (size_t position = kSegmentHeaderSize; position < segment.frame_ends[1]; ++position) {
    std::vector<uint8_t> corrupt = segment.bytes;
    corrupt[position] ^= 0x10;
    const ReadResult result = ReadImage(corrupt);
    ASSERT_EQ(result.status.code(), absl::StatusCode::kDataLoss) << "flip at " << position;
    const uint64_t frame_start =
        position < segment.frame_ends[0] ? kSegmentHeaderSize : segment.frame_ends[0];
    EXPECT_NE(result.status.message().find("seg-test"), std::string::npos);
    EXPECT_NE(result.status.message().find("offset " + std::to_string(frame_start)),
              std::string::npos)
        << result.status;
  }
}

TEST(SegmentReaderTest, BitFlipInTheLastFrameIsATornTail) {
  const BuiltSegment segment = ThreeFrames();
  std::vector<uint8_t> corrupt = segment.bytes;
  corrupt[segment.frame_ends[1] + kFrameHeaderSize + 6] ^= 0x01;
  const ReadResult result = ReadImage(corrupt);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.ids, Ids(0, 5));
  EXPECT_EQ(result.bytes_lost, segment.bytes.size() - segment.frame_ends[1]);
}

TEST(SegmentReaderTest, HugeLengthDoesNotAllocateAndIsReported) {
  BuiltSegment segment = ThreeFrames();
  // Frame 2's length field set to 4 GiB - 1 while frame 3 is intact.
  for (int i = 0; i < 4; ++i) segment.bytes[segment.frame_ends[0] + i] = 0xFF;
  const ReadResult result = ReadImage(segment.bytes);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(result.status.message().find("exceeds the limit"), std::string::npos);
}

TEST(SegmentReaderTest, BadSegmentHeaderIsDataLoss) {
  BuiltSegment segment = ThreeFrames();
  segment.bytes[3] = 'x';
  EXPECT_EQ(ReadImage(segment.bytes).status.code(), absl::StatusCode::kDataLoss);
}

TEST(SegmentReaderTest, ValidChecksumButUndecodablePayloadIsDataLoss) {
  BuiltSegment segment = BuildSegment({{MakeRecord(1)}});
  const size_t payload = kSegmentHeaderSize + kFrameHeaderSize;
  const std::span<const uint8_t> payload_span(segment.bytes.data() + payload,
                                              segment.bytes.size() - payload);
  segment.bytes[payload + 8] ^= 0xFF;  // corrupt zstd block data
  const auto header = EncodeFrameHeader(kFrameTypeZstdRecordBatch, payload_span);
  std::copy(header.begin(), header.end(), segment.bytes.begin() + kSegmentHeaderSize);
  const ReadResult result = ReadImage(segment.bytes);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kDataLoss) << result.status;
}

TEST(SegmentReaderTest, UnknownFrameTypeWithValidChecksumIsDataLoss) {
  BuiltSegment segment = BuildSegment({{MakeRecord(1)}});
  const size_t payload = kSegmentHeaderSize + kFrameHeaderSize;
  const std::span<const uint8_t> payload_span(segment.bytes.data() + payload,
                                              segment.bytes.size() - payload);
  const auto header = EncodeFrameHeader(7, payload_span);
  std::copy(header.begin(), header.end(), segment.bytes.begin() + kSegmentHeaderSize);
  const ReadResult result = ReadImage(segment.bytes);
  EXPECT_EQ(result.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(result.status.message().find("unknown frame type 7"), std::string::npos);
}

TEST(SegmentReaderTest, RandomBytesNeverCrash) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> bytes(static_cast<size_t>(trial * 7 + 1));
    for (auto& byte : bytes) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      byte = static_cast<uint8_t>(state >> 56);
    }
    if (trial % 2 == 0 && bytes.size() >= kSegmentHeaderSize) {
      const auto header = EncodeSegmentHeader(1);
      std::copy(header.begin(), header.end(), bytes.begin());
    }
    const ReadResult result = ReadImage(bytes);
    EXPECT_TRUE(result.ids.empty());
  }
}

}  // namespace
}  // namespace hindsight::log
