#include "log/segment_format.h"

#include <gtest/gtest.h>

#include <vector>

namespace hindsight::log {
namespace {

TEST(SegmentFormatTest, HeaderRoundTrips) {
  const auto header = EncodeSegmentHeader(1'790'000'123'456'789);
  ASSERT_EQ(header.size(), kSegmentHeaderSize);
  EXPECT_EQ(std::string(header.begin(), header.begin() + 8), "HSSEG001");
  StatusOr<SegmentHeader> decoded = DecodeSegmentHeader(header, "seg");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->version, kSegmentFormatVersion);
  EXPECT_EQ(decoded->creation_time_us, 1'790'000'123'456'789);
}

TEST(SegmentFormatTest, HeaderRejectsBadMagicChecksumVersionAndShortInput) {
  const auto good = EncodeSegmentHeader(42);
  std::vector<uint8_t> bad_magic(good.begin(), good.end());
  bad_magic[0] = 'X';
  EXPECT_EQ(DecodeSegmentHeader(bad_magic, "f").status().code(), absl::StatusCode::kDataLoss);
  std::vector<uint8_t> bad_time(good.begin(), good.end());
  bad_time[13] ^= 1;
  StatusOr<SegmentHeader> decoded = DecodeSegmentHeader(bad_time, "f");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(decoded.status().message().find("checksum"), std::string::npos);
  EXPECT_EQ(DecodeSegmentHeader(std::span(good).first(23), "f").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(SegmentFormatTest, FrameHeaderEncodesLengthChecksumAndType) {
  const std::vector<uint8_t> payload = {1, 2, 3, 4, 5};
  const auto header = EncodeFrameHeader(kFrameTypeZstdRecordBatch, payload);
  const FrameHeader decoded = DecodeFrameHeader(header);
  EXPECT_EQ(decoded.payload_length, 5u);
  EXPECT_EQ(decoded.type, kFrameTypeZstdRecordBatch);
  EXPECT_EQ(decoded.masked_crc, FrameChecksum(kFrameTypeZstdRecordBatch, payload));
  EXPECT_NE(FrameChecksum(2, payload), decoded.masked_crc);
  EXPECT_EQ(header[0], 5);
  EXPECT_EQ(header[1], 0);
}

TEST(SegmentFormatTest, FileNamesRoundTripAndSortBySequence) {
  EXPECT_EQ(SegmentFileName(42), "seg-00000000000000000042.hslog");
  EXPECT_EQ(ParseSegmentFileName(SegmentFileName(42)), 42u);
  EXPECT_EQ(ParseSegmentFileName(SegmentFileName(UINT64_MAX)), UINT64_MAX);
  EXPECT_LT(SegmentFileName(9), SegmentFileName(10));
  EXPECT_EQ(ParseSegmentFileName("seg-0000000000000000004.hslog"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("seg-0000000000000000004x.hslog"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("seg-99999999999999999999.hslog"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("seg-00000000000000000042.hslog.tmp"), std::nullopt);
  EXPECT_EQ(ParseSegmentFileName("checkpoint"), std::nullopt);
}

}  // namespace
}  // namespace hindsight::log
