#include "parquet/encoding/delta_length_byte_array.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

using encoding_testing::ByteArrays;
using encoding_testing::RandomBytes;

constexpr size_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 10000};

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(DeltaLengthByteArrayTest, SpecExampleEncodesAndDecodes) {
  // Encodings.md: "Hello", "World", "Foobar", "ABCDEF" = DeltaEncoding(5, 5, 6, 6)
  // followed by "HelloWorldFoobarABCDEF".
  const ByteArrays values = ByteArrays::Of({"Hello", "World", "Foobar", "ABCDEF"});
  std::vector<uint8_t> expected = {0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01,
                                   0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
  const std::vector<uint8_t> text = Bytes("HelloWorldFoobarABCDEF");
  expected.insert(expected.end(), text.begin(), text.end());
  std::vector<uint8_t> encoded;
  EncodeDeltaLengthByteArray(values.view(), &encoded);
  EXPECT_EQ(encoded, expected);

  ByteArrays decoded;
  auto consumed = DecodeDeltaLengthByteArray(expected, 4, decoded.output());
  ASSERT_TRUE(consumed.ok()) << consumed.status();
  EXPECT_EQ(*consumed, expected.size());
  EXPECT_EQ(decoded.strings(), values.strings());
}

TEST(DeltaLengthByteArrayTest, RoundTripsEmptyAndHugeValues) {
  std::mt19937_64 rng(21);
  for (size_t count : kLengths) {
    ByteArrays values;
    for (size_t i = 0; i < count; ++i)
      values.Add(RandomBytes(rng() % 4 == 0 ? 0 : rng() % 50, rng));
    if (count == 9) values.Add(RandomBytes(2 << 20, rng));
    std::vector<uint8_t> encoded;
    EncodeDeltaLengthByteArray(values.view(), &encoded);
    encoded.push_back(0x55);
    ByteArrays decoded;
    decoded.Add("before");
    auto consumed = DecodeDeltaLengthByteArray(encoded, values.size(), decoded.output());
    ASSERT_TRUE(consumed.ok()) << consumed.status();
    EXPECT_EQ(*consumed, encoded.size() - 1);
    std::vector<std::string> expected = {"before"};
    for (auto& s : values.strings()) expected.push_back(s);
    EXPECT_EQ(decoded.strings(), expected);
  }
}

TEST(DeltaLengthByteArrayTest, RejectsCountMismatch) {
  const ByteArrays values = ByteArrays::Of({"a", "b"});
  std::vector<uint8_t> encoded;
  EncodeDeltaLengthByteArray(values.view(), &encoded);
  ByteArrays decoded;
  EXPECT_FALSE(DecodeDeltaLengthByteArray(encoded, 3, decoded.output()).ok());
  EXPECT_FALSE(DecodeDeltaLengthByteArray(encoded, 1, decoded.output()).ok());
  EXPECT_EQ(decoded.size(), 0u);
}

TEST(DeltaLengthByteArrayTest, RejectsNegativeLength) {
  const std::vector<int32_t> lengths = {1, -1};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int32_t>(lengths), &encoded);
  encoded.push_back('x');
  ByteArrays decoded;
  const Status status = DecodeDeltaLengthByteArray(encoded, 2, decoded.output()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("negative"), std::string::npos) << status;
  EXPECT_EQ(decoded.offsets.size(), 1u);
}

TEST(DeltaLengthByteArrayTest, RejectsBytesPastTheEnd) {
  const ByteArrays values = ByteArrays::Of({"abc", "defg"});
  std::vector<uint8_t> encoded;
  EncodeDeltaLengthByteArray(values.view(), &encoded);
  encoded.pop_back();
  ByteArrays decoded;
  const Status status = DecodeDeltaLengthByteArray(encoded, 2, decoded.output()).status();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("add up to 7"), std::string::npos) << status;
  EXPECT_EQ(decoded.offsets.size(), 1u);
  EXPECT_TRUE(decoded.heap.empty());
}

TEST(DeltaLengthByteArrayTest, RejectsTruncatedLengths) {
  ByteArrays decoded;
  EXPECT_FALSE(
      DecodeDeltaLengthByteArray(std::vector<uint8_t>{0x80, 0x01, 0x04}, 1, decoded.output()).ok());
}

}  // namespace
}  // namespace hindsight::parquet
