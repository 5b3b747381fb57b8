#include "parquet/encoding/bit_packing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace hindsight::parquet {
namespace {

// Independent answer: set bit (i * width + b) of the output from bit b of value i.
template <typename T>
std::vector<uint8_t> ReferencePack(const std::vector<T>& values, int width) {
  std::vector<uint8_t> bytes(values.size() * width / 8, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    const uint64_t value = static_cast<std::make_unsigned_t<T>>(values[i]);
    for (int b = 0; b < width; ++b) {
      const size_t bit = i * width + b;
      if ((value >> b) & 1) bytes[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    }
  }
  return bytes;
}

template <typename T>
std::vector<T> RandomValues(size_t count, int width, std::mt19937_64& rng) {
  std::vector<T> values(count);
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  for (auto& v : values) v = static_cast<T>(rng() & mask);
  return values;
}

template <typename T>
void CheckAllWidths(int max_width) {
  std::mt19937_64 rng(42);
  for (int width = 0; width <= max_width; ++width) {
    for (size_t count : {size_t{8}, size_t{16}, size_t{64}, size_t{1024}}) {
      const std::vector<T> values = RandomValues<T>(count, width, rng);
      const std::vector<uint8_t> expected = ReferencePack(values, width);
      std::vector<uint8_t> packed(expected.size() + 3, 0xEE);
      PackBits(std::span<const T>(values), width, packed);
      EXPECT_EQ(std::vector<uint8_t>(packed.begin(), packed.begin() + expected.size()), expected)
          << "width " << width << " count " << count;
      EXPECT_EQ(packed[expected.size()], 0xEE) << "packing wrote past its bytes";
      std::vector<T> unpacked(count);
      UnpackBits(expected, width, std::span<T>(unpacked));
      EXPECT_EQ(unpacked, values) << "width " << width << " count " << count;
    }
  }
}

TEST(BitPackingTest, MatchesBitByBitReferenceForEveryWidth32) { CheckAllWidths<uint32_t>(32); }
TEST(BitPackingTest, MatchesBitByBitReferenceForEveryWidth64) { CheckAllWidths<uint64_t>(64); }
TEST(BitPackingTest, MatchesBitByBitReferenceForEveryWidth16) { CheckAllWidths<int16_t>(16); }
TEST(BitPackingTest, MatchesBitByBitReferenceForEveryWidth8) { CheckAllWidths<uint8_t>(8); }

TEST(BitPackingTest, SpecExampleZeroToSevenAtWidthThree) {
  // Encodings.md: 0..7 at bit width 3 pack to 10001000 11000110 11111010.
  const std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<uint8_t> packed(3);
  PackBits(std::span<const uint32_t>(values), 3, packed);
  EXPECT_EQ(packed, (std::vector<uint8_t>{0x88, 0xC6, 0xFA}));
  std::vector<uint32_t> unpacked(8);
  UnpackBits(packed, 3, std::span<uint32_t>(unpacked));
  EXPECT_EQ(unpacked, values);
}

TEST(BitPackingTest, PackKeepsOnlyLowBits) {
  const std::vector<uint32_t> values(8, 0xFFFFFFFF);
  std::vector<uint8_t> packed(1);
  PackBits(std::span<const uint32_t>(values), 1, packed);
  EXPECT_EQ(packed[0], 0xFF);
  std::vector<uint8_t> two(2);
  PackBits(std::span<const uint32_t>(values), 2, two);
  EXPECT_EQ(two, (std::vector<uint8_t>{0xFF, 0xFF}));
}

TEST(BitPackingTest, BitWidthForMaxValue) {
  EXPECT_EQ(BitWidthFor(0), 0);
  EXPECT_EQ(BitWidthFor(1), 1);
  EXPECT_EQ(BitWidthFor(2), 2);
  EXPECT_EQ(BitWidthFor(255), 8);
  EXPECT_EQ(BitWidthFor(256), 9);
  EXPECT_EQ(BitWidthFor(std::numeric_limits<uint32_t>::max()), 32);
  EXPECT_EQ(BitWidthFor(std::numeric_limits<uint64_t>::max()), 64);
}

}  // namespace
}  // namespace hindsight::parquet
