#include "parquet/reader/level_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "parquet/encoding/rle_bit_packed_hybrid.h"

namespace hindsight::parquet {
namespace {

using format::Encoding;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LevelDecoderTest, DecodesLengthPrefixedRleAndReportsBytesTaken) {
  const std::vector<int16_t> levels = {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0};
  std::vector<uint8_t> data;
  EncodeRleBitPackedLengthPrefixed(std::span<const int16_t>(levels), 2, &data);
  const size_t encoded = data.size();
  data.push_back(0xEE);  // values follow the levels
  std::vector<int16_t> out = {7};
  StatusOr<size_t> used = DecodeLevelsV1(Encoding::RLE, data, 2, levels.size(), &out);
  ASSERT_TRUE(used.ok()) << used.status();
  EXPECT_EQ(*used, encoded);
  EXPECT_THAT(out, ElementsAre(7, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0));
}

TEST(LevelDecoderTest, DecodesDeprecatedBitPackedMostSignificantBitFirst) {
  // Levels 0..7 at 3 bits, MSB first: 000 001 010 011 100 101 110 111.
  const std::vector<uint8_t> data = {0b00000101, 0b00111001, 0b01110111, 0xFF};
  std::vector<int16_t> out;
  StatusOr<size_t> used = DecodeLevelsV1(Encoding::BIT_PACKED, data, 7, 8, &out);
  ASSERT_TRUE(used.ok()) << used.status();
  EXPECT_EQ(*used, 3u);
  EXPECT_THAT(out, ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
}

TEST(LevelDecoderTest, LevelsAboveTheMaximumAreErrors) {
  const std::vector<int16_t> levels = {0, 1, 3, 1};
  std::vector<uint8_t> data;
  EncodeRleBitPacked(std::span<const int16_t>(levels), 2, &data);
  std::vector<int16_t> out;
  const Status status = DecodeLevelsV2(data, 2, levels.size(), &out);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("level 3 at level index 2 exceeds the maximum 2"));
  EXPECT_TRUE(out.empty());

  const std::vector<uint8_t> packed = {0b11100000};  // one 3-bit level of 7 with max 5
  EXPECT_FALSE(DecodeLevelsV1(Encoding::BIT_PACKED, packed, 5, 1, &out).ok());
}

TEST(LevelDecoderTest, TooFewLevelsAreErrors) {
  const std::vector<int16_t> levels = {1, 0, 1};
  std::vector<uint8_t> data;
  EncodeRleBitPacked(std::span<const int16_t>(levels), 1, &data);
  std::vector<int16_t> out;
  EXPECT_FALSE(DecodeLevelsV2(data, 1, 100000, &out).ok());
  EXPECT_TRUE(out.empty());
  const std::vector<uint8_t> short_prefix = {9, 0, 0, 0, 2};
  EXPECT_FALSE(DecodeLevelsV1(Encoding::RLE, short_prefix, 1, 1, &out).ok());
  const std::vector<uint8_t> packed = {0xFF};
  EXPECT_THAT(
      std::string(DecodeLevelsV1(Encoding::BIT_PACKED, packed, 1, 9, &out).status().message()),
      HasSubstr("need 2 bytes"));
}

TEST(LevelDecoderTest, OtherEncodingsAreErrors) {
  std::vector<int16_t> out;
  const std::vector<uint8_t> data = {0, 0, 0, 0};
  EXPECT_THAT(std::string(DecodeLevelsV1(Encoding::PLAIN, data, 1, 1, &out).status().message()),
              HasSubstr("unsupported level encoding"));
}

}  // namespace
}  // namespace hindsight::parquet
