#include "parquet/encoding/rle_bit_packed_hybrid.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace hindsight::parquet {
namespace {

// Independent reference decoder, bit by bit: every value the runs hold, padding too.
std::vector<uint64_t> ReferenceDecode(const std::vector<uint8_t>& data, int width) {
  std::vector<uint64_t> values;
  size_t pos = 0;
  while (pos < data.size()) {
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t byte = data.at(pos++);
      header |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (header & 1) {
      const size_t count = (header >> 1) * 8;
      for (size_t i = 0; i < count; ++i) {
        uint64_t value = 0;
        for (int b = 0; b < width; ++b) {
          const size_t bit = i * width + b;
          value |= static_cast<uint64_t>((data.at(pos + bit / 8) >> (bit % 8)) & 1) << b;
        }
        values.push_back(value);
      }
      pos += (header >> 1) * width;
    } else {
      uint64_t value = 0;
      for (int b = 0; b < (width + 7) / 8; ++b) value |= uint64_t{data.at(pos++)} << (8 * b);
      values.insert(values.end(), header >> 1, value);
    }
  }
  return values;
}

// Values with a mix of long runs and noise, as levels and indices tend to be.
template <typename T>
std::vector<T> RunnyValues(size_t count, int width, std::mt19937_64& rng) {
  std::vector<T> values;
  const uint64_t mask = width == 0 ? 0 : (width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1);
  while (values.size() < count) {
    const size_t run = rng() % 4 == 0 ? 1 + rng() % 40 : 1;
    const T value = static_cast<T>(rng() & mask);
    for (size_t i = 0; i < run && values.size() < count; ++i) values.push_back(value);
  }
  return values;
}

template <typename T>
std::vector<T> DecodeAll(std::span<const uint8_t> data, int width, size_t count) {
  auto decoder = RleBitPackedDecoder::Make(data, width);
  EXPECT_TRUE(decoder.ok()) << decoder.status();
  std::vector<T> out(count);
  Status status = decoder->Decode(std::span<T>(out));
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

constexpr size_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 10000};

TEST(RleBitPackedTest, SpecBitPackedExampleDecodes) {
  // One bit-packed group (header 1 << 1 | 1) holding 0..7 at bit width 3.
  const std::vector<uint8_t> data = {0x03, 0x88, 0xC6, 0xFA};
  EXPECT_EQ(DecodeAll<uint32_t>(data, 3, 8), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(RleBitPackedTest, RepeatedRunThenBitPackedRunDecode) {
  // 100 x 5 (header 200 = C8 01, value 1 byte), then the bit-packed 0..7 group.
  const std::vector<uint8_t> data = {0xC8, 0x01, 0x05, 0x03, 0x88, 0xC6, 0xFA};
  std::vector<uint32_t> expected(100, 5);
  for (uint32_t v = 0; v < 8; ++v) expected.push_back(v);
  EXPECT_EQ(DecodeAll<uint32_t>(data, 3, 108), expected);
}

TEST(RleBitPackedTest, RepeatedValueUsesRoundedUpBytes) {
  // Bit width 17 stores the repeated value in 3 bytes.
  const std::vector<uint8_t> data = {0x06, 0x01, 0x00, 0x01};
  EXPECT_EQ(DecodeAll<uint32_t>(data, 17, 3), (std::vector<uint32_t>(3, 0x10001)));
}

TEST(RleBitPackedTest, RoundTripsEveryBitWidthAndLength) {
  std::mt19937_64 rng(7);
  for (int width = 0; width <= kMaxRleBitWidth; ++width) {
    for (size_t count : kLengths) {
      const std::vector<uint32_t> values = RunnyValues<uint32_t>(count, width, rng);
      std::vector<uint8_t> encoded;
      EncodeRleBitPacked(std::span<const uint32_t>(values), width, &encoded);
      EXPECT_EQ(DecodeAll<uint32_t>(encoded, width, count), values)
          << "width " << width << " count " << count;
      const std::vector<uint64_t> reference = ReferenceDecode(encoded, width);
      ASSERT_GE(reference.size(), count);
      EXPECT_LT(reference.size(), count + 8) << "more than one group of padding";
      for (size_t i = 0; i < count; ++i) ASSERT_EQ(reference[i], values[i]) << i;
    }
  }
}

TEST(RleBitPackedTest, RoundTripsLevelsAndBooleans) {
  std::mt19937_64 rng(8);
  for (int width = 0; width <= 15; ++width) {
    const std::vector<int16_t> levels = RunnyValues<int16_t>(5000, width, rng);
    std::vector<uint8_t> encoded;
    EncodeRleBitPacked(std::span<const int16_t>(levels), width, &encoded);
    EXPECT_EQ(DecodeAll<int16_t>(encoded, width, levels.size()), levels) << width;
  }
  const std::vector<uint8_t> bools = RunnyValues<uint8_t>(5000, 1, rng);
  std::vector<uint8_t> encoded;
  EncodeRleBitPacked(std::span<const uint8_t>(bools), 1, &encoded);
  EXPECT_EQ(DecodeAll<uint8_t>(encoded, 1, bools.size()), bools);
}

TEST(RleBitPackedTest, DecodingInPiecesMatchesDecodingAtOnce) {
  std::mt19937_64 rng(9);
  for (int width : {0, 1, 3, 8, 13, 32}) {
    const std::vector<uint32_t> values = RunnyValues<uint32_t>(3001, width, rng);
    std::vector<uint8_t> encoded;
    EncodeRleBitPacked(std::span<const uint32_t>(values), width, &encoded);
    auto decoder = RleBitPackedDecoder::Make(encoded, width);
    ASSERT_TRUE(decoder.ok());
    std::vector<uint32_t> out(values.size());
    size_t done = 0;
    while (done < out.size()) {
      const size_t piece = std::min<size_t>(1 + rng() % 20, out.size() - done);
      ASSERT_TRUE(decoder->Decode(std::span<uint32_t>(out).subspan(done, piece)).ok());
      done += piece;
    }
    EXPECT_EQ(out, values) << width;
    EXPECT_EQ(decoder->bytes_consumed(), encoded.size());
  }
}

TEST(RleBitPackedTest, EncoderUsesRepeatedRunsForConstantData) {
  const std::vector<uint32_t> values(10000, 19);
  std::vector<uint8_t> encoded;
  EncodeRleBitPacked(std::span<const uint32_t>(values), 5, &encoded);
  // One repeated run: header 20000 (3 varint bytes) + 1 value byte.
  EXPECT_EQ(encoded, (std::vector<uint8_t>{0xA0, 0x9C, 0x01, 19}));
}

TEST(RleBitPackedTest, EncoderBitPacksNoisyDataWithoutOverhead) {
  std::mt19937_64 rng(10);
  std::vector<uint32_t> values(1024);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i % 7);
  std::vector<uint8_t> encoded;
  EncodeRleBitPacked(std::span<const uint32_t>(values), 3, &encoded);
  // 1024 values at 3 bits are 384 bytes, plus one varint header of 2 bytes.
  EXPECT_EQ(encoded.size(), 386u);
}

TEST(RleBitPackedTest, EncoderSplitsLongRunsOutOfNoise) {
  std::vector<uint32_t> values;
  for (int i = 0; i < 16; ++i) values.push_back(i % 2);
  values.insert(values.end(), 1000, 1);
  for (int i = 0; i < 16; ++i) values.push_back(i % 2);
  std::vector<uint8_t> encoded;
  EncodeRleBitPacked(std::span<const uint32_t>(values), 1, &encoded);
  EXPECT_LE(encoded.size(), 12u);
  EXPECT_EQ(DecodeAll<uint32_t>(encoded, 1, values.size()), values);
}

TEST(RleBitPackedTest, LengthPrefixedFormRoundTrips) {
  const std::vector<int16_t> levels = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0};
  std::vector<uint8_t> encoded = {0xAB};  // unrelated bytes before are kept
  EncodeRleBitPackedLengthPrefixed(std::span<const int16_t>(levels), 2, &encoded);
  encoded.push_back(0xCD);  // and the values section after
  auto body = SplitRleLengthPrefix(std::span<const uint8_t>(encoded).subspan(1));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(kRleLengthPrefixSize + body->size(), encoded.size() - 2);
  EXPECT_EQ(DecodeAll<int16_t>(*body, 2, levels.size()), levels);
}

TEST(RleBitPackedTest, TruncatedFinalBitPackedRunServesTheValuesItHolds) {
  // Header claims 2 groups (16 values) at width 3 but only the first group's 3 bytes exist.
  const std::vector<uint8_t> data = {0x05, 0x88, 0xC6, 0xFA};
  auto decoder = RleBitPackedDecoder::Make(data, 3);
  ASSERT_TRUE(decoder.ok());
  std::vector<uint32_t> out(8);
  ASSERT_TRUE(decoder->Decode(std::span<uint32_t>(out)).ok());
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  std::vector<uint32_t> more(1);
  EXPECT_FALSE(decoder->Decode(std::span<uint32_t>(more)).ok());
}

// Error paths.

Status DecodeStatus(const std::vector<uint8_t>& data, int width, size_t count) {
  auto decoder = RleBitPackedDecoder::Make(data, width);
  if (!decoder.ok()) return decoder.status();
  std::vector<uint32_t> out(count);
  return decoder->Decode(std::span<uint32_t>(out));
}

TEST(RleBitPackedTest, RejectsBitWidthAbove32) {
  EXPECT_EQ(RleBitPackedDecoder::Make({}, 33).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(RleBitPackedDecoder::Make({}, -1).ok());
}

TEST(RleBitPackedTest, RejectsWidthTooWideForOutputType) {
  const std::vector<uint8_t> data = {0x02, 0x01, 0x00};
  auto decoder = RleBitPackedDecoder::Make(data, 16);
  ASSERT_TRUE(decoder.ok());
  std::vector<int16_t> out(1);
  EXPECT_FALSE(decoder->Decode(std::span<int16_t>(out)).ok());
}

TEST(RleBitPackedTest, RejectsDataEndingBeforeAllValues) {
  const Status status = DecodeStatus({0x06, 0x01}, 1, 4);  // 3 values, 4 asked
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("offset 2"), std::string::npos) << status;
  EXPECT_FALSE(DecodeStatus({}, 1, 1).ok());
}

TEST(RleBitPackedTest, RejectsTruncatedOrOverlongHeader) {
  EXPECT_FALSE(DecodeStatus({0x80}, 1, 1).ok());
  EXPECT_FALSE(DecodeStatus(std::vector<uint8_t>(11, 0xFF), 1, 1).ok());
}

TEST(RleBitPackedTest, RejectsEmptyRuns) {
  EXPECT_FALSE(DecodeStatus({0x00, 0x01}, 1, 1).ok());  // repeated run of 0
  EXPECT_FALSE(DecodeStatus({0x01, 0xFF}, 1, 1).ok());  // bit-packed run of 0 groups
}

TEST(RleBitPackedTest, RejectsRunLongerThanSpecAllows) {
  // Repeated run of 2^31 values: header 2^32 as ULEB128.
  EXPECT_FALSE(DecodeStatus({0x80, 0x80, 0x80, 0x80, 0x10, 0x01}, 1, 1).ok());
}

TEST(RleBitPackedTest, RejectsTruncatedRepeatedValue) {
  EXPECT_FALSE(DecodeStatus({0x04, 0x01}, 9, 2).ok());  // width 9 needs 2 value bytes
}

TEST(RleBitPackedTest, RejectsRepeatedValueWiderThanBitWidth) {
  const Status status = DecodeStatus({0x04, 0x08}, 3, 2);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("does not fit"), std::string::npos) << status;
}

TEST(RleBitPackedTest, RejectsBadLengthPrefix) {
  EXPECT_FALSE(SplitRleLengthPrefix(std::vector<uint8_t>{1, 0, 0}).ok());
  EXPECT_FALSE(SplitRleLengthPrefix(std::vector<uint8_t>{5, 0, 0, 0, 1, 2}).ok());
  EXPECT_FALSE(SplitRleLengthPrefix(std::vector<uint8_t>{0xFF, 0xFF, 0xFF, 0xFF}).ok());
  auto empty = SplitRleLengthPrefix(std::vector<uint8_t>{0, 0, 0, 0});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace hindsight::parquet
