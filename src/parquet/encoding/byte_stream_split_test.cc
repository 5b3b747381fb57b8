#include "parquet/encoding/byte_stream_split.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

constexpr size_t kLengths[] = {0, 1, 7, 8, 9, 127, 128, 129, 10000};

TEST(ByteStreamSplitTest, SpecExampleScattersBytes) {
  // Encodings.md: three 4-byte values AA BB CC DD | 00 11 22 33 | A3 B4 C5 D6.
  const std::vector<uint8_t> values = {0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11,
                                       0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6};
  const std::vector<uint8_t> streams = {0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4,
                                        0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6};
  std::vector<uint8_t> encoded;
  EncodeByteStreamSplit(values, 4, &encoded);
  EXPECT_EQ(encoded, streams);
  std::vector<uint8_t> decoded(values.size());
  ASSERT_TRUE(DecodeByteStreamSplit(streams, 4, decoded).ok());
  EXPECT_EQ(decoded, values);
}

template <typename T>
void CheckTypedRoundTrip() {
  std::mt19937_64 rng(sizeof(T) + 40);
  for (size_t count : kLengths) {
    std::vector<T> values(count);
    for (auto& v : values) {
      const uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof(T));
    }
    std::vector<uint8_t> encoded;
    EncodeByteStreamSplit(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()),
                                                   count * sizeof(T)),
                          sizeof(T), &encoded);
    ASSERT_EQ(encoded.size(), count * sizeof(T));
    // Independent check of the layout: byte k of value i sits at k * count + i.
    for (size_t i = 0; i < count; ++i) {
      uint8_t bytes[sizeof(T)];
      std::memcpy(bytes, &values[i], sizeof(T));
      for (size_t k = 0; k < sizeof(T); ++k) ASSERT_EQ(encoded[k * count + i], bytes[k]);
    }
    std::vector<T> decoded(count);
    ASSERT_TRUE(DecodeByteStreamSplit(encoded, std::span<T>(decoded)).ok());
    EXPECT_TRUE(count == 0 || std::memcmp(decoded.data(), values.data(), count * sizeof(T)) == 0);
  }
}

TEST(ByteStreamSplitTest, NumericTypesRoundTrip) {
  CheckTypedRoundTrip<float>();
  CheckTypedRoundTrip<double>();
  CheckTypedRoundTrip<int32_t>();
  CheckTypedRoundTrip<int64_t>();
}

TEST(ByteStreamSplitTest, FixedLenByteArraysRoundTrip) {
  std::mt19937_64 rng(44);
  for (size_t width : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{16}}) {
    for (size_t count : kLengths) {
      std::vector<uint8_t> values(width * count);
      for (auto& b : values) b = static_cast<uint8_t>(rng());
      std::vector<uint8_t> encoded;
      EncodeByteStreamSplit(values, width, &encoded);
      std::vector<uint8_t> decoded(values.size());
      ASSERT_TRUE(DecodeByteStreamSplit(encoded, width, decoded).ok());
      EXPECT_EQ(decoded, values) << width << " " << count;
    }
  }
}

TEST(ByteStreamSplitTest, FixedLenByteArraysAppendToBinaryLayout) {
  const std::vector<uint8_t> values = {'a', 'b', 'c', 'd', 'e', 'f'};
  std::vector<uint8_t> encoded;
  EncodeByteStreamSplit(values, 3, &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{'a', 'd', 'b', 'e', 'c', 'f'}));
  auto out = encoding_testing::ByteArrays::Of({"xy"});
  ASSERT_TRUE(DecodeByteStreamSplitFixedLenByteArray(encoded, 3, 2, out.output()).ok());
  EXPECT_EQ(out.strings(), (std::vector<std::string>{"xy", "abc", "def"}));
  EXPECT_FALSE(DecodeByteStreamSplitFixedLenByteArray(encoded, 3, 3, out.output()).ok());
  EXPECT_FALSE(DecodeByteStreamSplitFixedLenByteArray(encoded, 4, 1, out.output()).ok());
  EXPECT_FALSE(DecodeByteStreamSplitFixedLenByteArray(encoded, 0, 1, out.output()).ok());
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(out.heap.size(), 8u);
}

TEST(ByteStreamSplitTest, DecodesAPrefixOfTheValues) {
  const std::vector<float> values = {1.5f, -2.0f, 3.25f, 7.0f};
  std::vector<uint8_t> encoded;
  EncodeByteStreamSplit(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()), 16), 4, &encoded);
  std::vector<float> first(2);
  ASSERT_TRUE(DecodeByteStreamSplit(encoded, std::span<float>(first)).ok());
  EXPECT_EQ(first, (std::vector<float>{1.5f, -2.0f}));
}

TEST(ByteStreamSplitTest, RejectsBadSizes) {
  std::vector<uint8_t> out(8);
  EXPECT_EQ(DecodeByteStreamSplit(std::vector<uint8_t>(8), 0, out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeByteStreamSplit(std::vector<uint8_t>(9), 4, out).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeByteStreamSplit(std::vector<uint8_t>(4), 4, out).code(),
            absl::StatusCode::kDataLoss);
  std::vector<uint8_t> odd(6);
  EXPECT_FALSE(DecodeByteStreamSplit(std::vector<uint8_t>(8), 4, odd).ok());
}

}  // namespace
}  // namespace hindsight::parquet
