#include "parquet/encoding/plain.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

constexpr size_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 10000};

using encoding_testing::ByteArrays;

std::string RandomString(size_t length, std::mt19937_64& rng) {
  return encoding_testing::RandomBytes(length, rng);
}

TEST(PlainTest, Int32IsLittleEndianBackToBack) {
  const std::vector<int32_t> values = {1, -1, 0x01020304};
  std::vector<uint8_t> encoded;
  EncodePlain(std::span<const int32_t>(values), &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 4, 3, 2, 1}));
  std::vector<int32_t> decoded(3);
  auto consumed = DecodePlain(encoded, std::span<int32_t>(decoded));
  ASSERT_TRUE(consumed.ok());
  EXPECT_EQ(*consumed, 12u);
  EXPECT_EQ(decoded, values);
}

TEST(PlainTest, DoubleIsIeeeLittleEndian) {
  const std::vector<double> values = {1.0};
  std::vector<uint8_t> encoded;
  EncodePlain(std::span<const double>(values), &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0xF0, 0x3F}));
}

template <typename T>
void CheckFixedRoundTrip() {
  std::mt19937_64 rng(1);
  for (size_t count : kLengths) {
    std::vector<T> values(count);
    for (auto& v : values) {
      const uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof(T));  // any bit pattern, NaNs included
    }
    std::vector<uint8_t> encoded;
    EncodePlain(std::span<const T>(values), &encoded);
    ASSERT_EQ(encoded.size(), count * sizeof(T));
    std::vector<T> decoded(count);
    auto consumed = DecodePlain(encoded, std::span<T>(decoded));
    ASSERT_TRUE(consumed.ok()) << consumed.status();
    EXPECT_EQ(*consumed, encoded.size());
    EXPECT_TRUE(count == 0 || std::memcmp(decoded.data(), values.data(), count * sizeof(T)) == 0)
        << count;
  }
}

TEST(PlainTest, FixedWidthTypesRoundTrip) {
  CheckFixedRoundTrip<int32_t>();
  CheckFixedRoundTrip<int64_t>();
  CheckFixedRoundTrip<float>();
  CheckFixedRoundTrip<double>();
}

TEST(PlainTest, BooleansAreBitPackedLsbFirst) {
  const std::vector<uint8_t> values = {1, 0, 1, 1, 0, 0, 0, 0, 1};
  std::vector<uint8_t> encoded;
  EncodePlainBoolean(values, &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{0x0D, 0x01}));
  std::vector<uint8_t> decoded(values.size());
  auto consumed = DecodePlainBoolean(encoded, decoded);
  ASSERT_TRUE(consumed.ok());
  EXPECT_EQ(*consumed, 2u);
  EXPECT_EQ(decoded, values);
}

TEST(PlainTest, BooleansRoundTrip) {
  std::mt19937_64 rng(2);
  for (size_t count : kLengths) {
    std::vector<uint8_t> values(count);
    for (auto& v : values) v = rng() & 1;
    std::vector<uint8_t> encoded;
    EncodePlainBoolean(values, &encoded);
    EXPECT_EQ(encoded.size(), (count + 7) / 8);
    std::vector<uint8_t> decoded(count);
    ASSERT_TRUE(DecodePlainBoolean(encoded, decoded).ok());
    EXPECT_EQ(decoded, values);
  }
}

TEST(PlainTest, ByteArrayHasLengthPrefix) {
  ByteArrays values;
  values.Add("ab");
  values.Add("");
  std::vector<uint8_t> encoded;
  EncodePlainByteArray(values.view(), &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0}));
}

TEST(PlainTest, ByteArraysRoundTripIncludingEmptyAndHuge) {
  std::mt19937_64 rng(3);
  for (size_t count : kLengths) {
    ByteArrays values;
    for (size_t i = 0; i < count; ++i)
      values.Add(RandomString(rng() % 3 == 0 ? 0 : rng() % 40, rng));
    if (count == 7) values.Add(RandomString(3 << 20, rng));
    std::vector<uint8_t> encoded;
    EncodePlainByteArray(values.view(), &encoded);
    ByteArrays decoded;
    decoded.Add("existing");  // decoding appends after what is there
    auto consumed = DecodePlainByteArray(encoded, values.view().size(), decoded.output());
    ASSERT_TRUE(consumed.ok()) << consumed.status();
    EXPECT_EQ(*consumed, encoded.size());
    std::vector<std::string> expected = {"existing"};
    for (auto& s : values.strings()) expected.push_back(s);
    EXPECT_EQ(decoded.strings(), expected);
    EXPECT_EQ(decoded.offsets.back(), static_cast<int64_t>(decoded.heap.size()));
  }
}

TEST(PlainTest, FixedLenByteArrayAndInt96RoundTrip) {
  std::mt19937_64 rng(4);
  for (size_t width : {size_t{1}, size_t{5}, kInt96Size, size_t{16}}) {
    for (size_t count : kLengths) {
      ByteArrays values;
      for (size_t i = 0; i < count; ++i) values.Add(RandomString(width, rng));
      std::vector<uint8_t> encoded;
      EncodePlainFixedLenByteArray(values.view(), &encoded);
      ASSERT_EQ(encoded.size(), count * width);
      ByteArrays decoded;
      auto consumed = DecodePlainFixedLenByteArray(encoded, width, count, decoded.output());
      ASSERT_TRUE(consumed.ok()) << consumed.status();
      EXPECT_EQ(*consumed, encoded.size());
      EXPECT_EQ(decoded.strings(), values.strings());
    }
  }
}

// Error paths.

TEST(PlainTest, RejectsTruncatedFixedWidth) {
  std::vector<int64_t> out(2);
  const auto status = DecodePlain(std::vector<uint8_t>(15), std::span<int64_t>(out)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  std::vector<uint8_t> bools(17);
  EXPECT_FALSE(DecodePlainBoolean(std::vector<uint8_t>(2), bools).ok());
}

TEST(PlainTest, RejectsByteArrayRunningPastTheEndAndKeepsOutput) {
  // Second value claims 100 bytes with 1 present.
  const std::vector<uint8_t> data = {1, 0, 0, 0, 'x', 100, 0, 0, 0, 'y'};
  ByteArrays decoded;
  decoded.Add("keep");
  const auto status = DecodePlainByteArray(data, 2, decoded.output()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("offset 5"), std::string::npos) << status;
  EXPECT_EQ(decoded.strings(), (std::vector<std::string>{"keep"}));
  EXPECT_EQ(decoded.heap.size(), 4u);
}

TEST(PlainTest, RejectsTruncatedByteArrayLength) {
  const std::vector<uint8_t> data = {1, 0, 0, 0, 'x', 1, 0, 0};
  ByteArrays decoded;
  EXPECT_FALSE(DecodePlainByteArray(data, 2, decoded.output()).ok());
  EXPECT_EQ(decoded.offsets.size(), 1u);
}

TEST(PlainTest, RejectsMoreByteArraysThanBytesCouldHold) {
  ByteArrays decoded;
  EXPECT_FALSE(DecodePlainByteArray(std::vector<uint8_t>(8), std::numeric_limits<size_t>::max() / 2,
                                    decoded.output())
                   .ok());
}

TEST(PlainTest, RejectsFixedLenByteArrayOfZeroWidthOrTruncated) {
  ByteArrays decoded;
  EXPECT_EQ(
      DecodePlainFixedLenByteArray(std::vector<uint8_t>(4), 0, 1, decoded.output()).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(
      DecodePlainFixedLenByteArray(std::vector<uint8_t>(23), kInt96Size, 2, decoded.output()).ok());
  EXPECT_EQ(decoded.offsets.size(), 1u);
}

}  // namespace
}  // namespace hindsight::parquet
