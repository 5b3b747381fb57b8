#include "parquet/encoding/delta_byte_array.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

using encoding_testing::ByteArrays;
using encoding_testing::RandomBytes;

constexpr size_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 10000};

std::vector<uint8_t> SpecExampleBytes() {
  // Encodings.md: "axis", "axle", "babble", "babyhood" = prefix lengths (0, 2, 0, 3),
  // suffix lengths (4, 2, 6, 5), "axislebabbleyhood". Both length streams have one
  // 32-value miniblock at 3 bits (12 bytes), worked out by hand.
  std::vector<uint8_t> bytes = {0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44,
                                0x01, 0,    0,    0,    0,    0,    0,    0,    0,    0,    0};
  const std::vector<uint8_t> suffixes = {0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00,
                                         0x00, 0x00, 0x70, 0x00, 0,    0,    0,    0,
                                         0,    0,    0,    0,    0,    0};
  bytes.insert(bytes.end(), suffixes.begin(), suffixes.end());
  const std::string text = "axislebabbleyhood";
  bytes.insert(bytes.end(), text.begin(), text.end());
  return bytes;
}

TEST(DeltaByteArrayTest, SpecExampleEncodesAndDecodes) {
  const ByteArrays values = ByteArrays::Of({"axis", "axle", "babble", "babyhood"});
  std::vector<uint8_t> encoded;
  EncodeDeltaByteArray(values.view(), &encoded);
  EXPECT_EQ(encoded, SpecExampleBytes());

  ByteArrays decoded;
  auto consumed = DecodeDeltaByteArray(SpecExampleBytes(), 4, decoded.output());
  ASSERT_TRUE(consumed.ok()) << consumed.status();
  EXPECT_EQ(*consumed, SpecExampleBytes().size());
  EXPECT_EQ(decoded.strings(), values.strings());
}

TEST(DeltaByteArrayTest, RoundTripsSharedPrefixesEmptyAndHugeValues) {
  std::mt19937_64 rng(31);
  for (size_t count : kLengths) {
    ByteArrays values;
    std::string previous;
    for (size_t i = 0; i < count; ++i) {
      std::string value = previous.substr(0, rng() % (previous.size() + 1));
      if (rng() % 5 != 0) value += RandomBytes(rng() % 20, rng);
      values.Add(value);
      previous = value;
    }
    if (count == 8) values.Add(RandomBytes(2 << 20, rng));
    std::vector<uint8_t> encoded;
    EncodeDeltaByteArray(values.view(), &encoded);
    ByteArrays decoded;
    decoded.Add("before");
    auto consumed = DecodeDeltaByteArray(encoded, values.size(), decoded.output());
    ASSERT_TRUE(consumed.ok()) << consumed.status();
    EXPECT_EQ(*consumed, encoded.size());
    std::vector<std::string> expected = {"before"};
    for (auto& s : values.strings()) expected.push_back(s);
    EXPECT_EQ(decoded.strings(), expected) << count;
  }
}

TEST(DeltaByteArrayTest, FixedLenValuesRoundTrip) {
  std::mt19937_64 rng(32);
  ByteArrays values;
  for (int i = 0; i < 500; ++i) values.Add(RandomBytes(16, rng).replace(0, 12, 12, 'k'));
  std::vector<uint8_t> encoded;
  EncodeDeltaByteArray(values.view(), &encoded);
  ByteArrays decoded;
  ASSERT_TRUE(DecodeDeltaByteArray(encoded, values.size(), decoded.output()).ok());
  EXPECT_EQ(decoded.strings(), values.strings());
}

std::vector<uint8_t> Streams(const std::vector<int32_t>& prefixes,
                             const std::vector<int32_t>& suffixes, std::string_view bytes) {
  std::vector<uint8_t> out;
  EncodeDeltaBinaryPacked(std::span<const int32_t>(prefixes), &out);
  EncodeDeltaBinaryPacked(std::span<const int32_t>(suffixes), &out);
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

TEST(DeltaByteArrayTest, RejectsPrefixLongerThanPreviousValue) {
  ByteArrays decoded;
  decoded.Add("keep");
  const Status status =
      DecodeDeltaByteArray(Streams({0, 3}, {2, 1}, "abc"), 2, decoded.output()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("prefix of 3"), std::string::npos) << status;
  EXPECT_EQ(decoded.strings(), (std::vector<std::string>{"keep"}));
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({1}, {1}, "a"), 1, decoded.output()).ok());
}

TEST(DeltaByteArrayTest, RejectsNegativeLengths) {
  ByteArrays decoded;
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({0, -1}, {2, 1}, "abc"), 2, decoded.output()).ok());
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({0, 0}, {2, -1}, "ab"), 2, decoded.output()).ok());
}

TEST(DeltaByteArrayTest, RejectsSuffixesPastTheEnd) {
  ByteArrays decoded;
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({0, 1}, {2, 5}, "abcd"), 2, decoded.output()).ok());
  EXPECT_TRUE(decoded.heap.empty());
}

TEST(DeltaByteArrayTest, RejectsCountMismatchInEitherStream) {
  ByteArrays decoded;
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({0, 1}, {2, 1}, "abc"), 3, decoded.output()).ok());
  EXPECT_FALSE(DecodeDeltaByteArray(Streams({0, 1, 0}, {2, 1}, "abc"), 3, decoded.output()).ok());
}

TEST(DeltaByteArrayTest, RejectsExpansionPastTheLimit) {
  // 2M values each repeating a 1000-byte prefix would decode to 2 GB from a few KB.
  const size_t count = 2'000'000;
  std::vector<int32_t> prefixes(count, 1000);
  prefixes[0] = 0;
  std::vector<int32_t> suffixes(count, 0);
  suffixes[0] = 1000;
  const std::vector<uint8_t> data = Streams(prefixes, suffixes, std::string(1000, 'z'));
  ByteArrays decoded;
  const Status status = DecodeDeltaByteArray(data, count, decoded.output()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("limit"), std::string::npos) << status;
  EXPECT_TRUE(decoded.heap.empty());
}

}  // namespace
}  // namespace hindsight::parquet
