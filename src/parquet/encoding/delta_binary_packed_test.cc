#include "parquet/encoding/delta_binary_packed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

namespace hindsight::parquet {
namespace {

constexpr size_t kLengths[] = {0, 1, 2, 7, 8, 9, 127, 128, 129, 10000};

void PutUleb(uint64_t v, std::vector<uint8_t>* out) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    out->push_back(byte);
  } while (v);
}
uint64_t Zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

// Independent reference writer with any block layout; bits are set one by one.
// `unused_width` fills the bit widths of miniblocks the last block does not need.
template <typename T>
std::vector<uint8_t> ReferenceEncode(const std::vector<T>& values, uint64_t block_size,
                                     uint64_t miniblocks, uint8_t unused_width = 0) {
  using U = std::make_unsigned_t<T>;
  std::vector<uint8_t> out;
  PutUleb(block_size, &out);
  PutUleb(miniblocks, &out);
  PutUleb(values.size(), &out);
  PutUleb(Zigzag(values.empty() ? 0 : values[0]), &out);
  const uint64_t per_miniblock = block_size / miniblocks;
  for (size_t start = 1; start < values.size(); start += block_size) {
    std::vector<U> deltas;
    for (size_t i = start; i < std::min<size_t>(start + block_size, values.size()); ++i) {
      deltas.push_back(static_cast<U>(static_cast<U>(values[i]) - static_cast<U>(values[i - 1])));
    }
    T min_delta = static_cast<T>(deltas[0]);
    for (U d : deltas) min_delta = std::min(min_delta, static_cast<T>(d));
    PutUleb(Zigzag(min_delta), &out);
    const size_t used = (deltas.size() + per_miniblock - 1) / per_miniblock;
    std::vector<int> widths;
    for (size_t m = 0; m < miniblocks; ++m) {
      int width = unused_width;
      if (m < used) {
        U max = 0;
        for (size_t i = m * per_miniblock;
             i < std::min<size_t>((m + 1) * per_miniblock, deltas.size()); ++i) {
          max = std::max<U>(max, static_cast<U>(deltas[i] - static_cast<U>(min_delta)));
        }
        width = 0;
        while (width < static_cast<int>(8 * sizeof(T)) && (max >> width) != 0) ++width;
      }
      widths.push_back(width);
      out.push_back(static_cast<uint8_t>(width));
    }
    for (size_t m = 0; m < used; ++m) {
      std::vector<uint8_t> bytes(per_miniblock * widths[m] / 8, 0);
      for (size_t i = 0; i < per_miniblock; ++i) {
        const size_t at = m * per_miniblock + i;
        const U rel =
            at < deltas.size() ? static_cast<U>(deltas[at] - static_cast<U>(min_delta)) : 0;
        for (int b = 0; b < widths[m]; ++b) {
          const size_t bit = i * widths[m] + b;
          if ((rel >> b) & 1) bytes[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
        }
      }
      out.insert(out.end(), bytes.begin(), bytes.end());
    }
  }
  return out;
}

template <typename T>
StatusOr<std::vector<T>> DecodeAll(const std::vector<uint8_t>& data, size_t* consumed = nullptr) {
  HS_ASSIGN_OR_RETURN(auto decoder, DeltaBinaryPackedDecoder<T>::Make(data));
  std::vector<T> out(decoder.total_values());
  HS_RETURN_IF_ERROR(decoder.Decode(std::span<T>(out)));
  if (consumed) *consumed = decoder.bytes_consumed();
  return out;
}

template <typename T>
std::vector<T> RandomSequence(size_t count, int kind, std::mt19937_64& rng) {
  std::vector<T> values(count);
  T running = static_cast<T>(rng());
  for (size_t i = 0; i < count; ++i) {
    switch (kind) {
      case 0:
        values[i] = static_cast<T>(rng());
        break;  // full range: deltas wrap
      case 1:
        running = static_cast<T>(running + static_cast<T>(rng() % 1000));
        values[i] = running;
        break;
      case 2:
        values[i] = static_cast<T>(rng() % 3 == 0 ? std::numeric_limits<T>::min()
                                                  : std::numeric_limits<T>::max());
        break;
      default:
        values[i] = static_cast<T>(42);
        break;
    }
  }
  return values;
}

TEST(DeltaBinaryPackedTest, SpecExampleOneDecodes) {
  // Encodings.md example 1 (block size 8, 1 miniblock): 1, 2, 3, 4, 5.
  const std::vector<uint8_t> data = {0x08, 0x01, 0x05, 0x02, 0x02, 0x00};
  auto values = DecodeAll<int32_t>(data);
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(*values, (std::vector<int32_t>{1, 2, 3, 4, 5}));
}

TEST(DeltaBinaryPackedTest, SpecExampleTwoDecodes) {
  // Example 2: 7, 5, 3, 1, 2, 3, 4, 5; min delta -2, relative 0,0,0,3,3,3,3 at 2 bits.
  const std::vector<uint8_t> data = {0x08, 0x01, 0x08, 0x0E, 0x03, 0x02, 0xC0, 0x3F};
  size_t consumed = 0;
  auto values = DecodeAll<int64_t>(data, &consumed);
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(*values, (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, data.size());
}

TEST(DeltaBinaryPackedTest, EncoderWritesSpecLayout) {
  // 5, 5, 6, 6: header 128 / 4 / 4 / zigzag(5); min delta 0; widths 1,0,0,0; one
  // 32-value miniblock at 1 bit holding 0, 1, 0.
  const std::vector<int32_t> values = {5, 5, 6, 6};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int32_t>(values), &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00,
                                           0x00, 0x02, 0x00, 0x00, 0x00}));
  EXPECT_EQ(encoded, ReferenceEncode(values, 128, 4));
}

TEST(DeltaBinaryPackedTest, SingleValueIsHeaderOnly) {
  const std::vector<int64_t> values = {-3};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
  EXPECT_EQ(encoded, (std::vector<uint8_t>{0x80, 0x01, 0x04, 0x01, 0x05}));
}

template <typename T>
void CheckRoundTrips() {
  std::mt19937_64 rng(sizeof(T));
  for (int kind = 0; kind < 4; ++kind) {
    for (size_t count : kLengths) {
      const std::vector<T> values = RandomSequence<T>(count, kind, rng);
      std::vector<uint8_t> encoded;
      EncodeDeltaBinaryPacked(std::span<const T>(values), &encoded);
      EXPECT_EQ(encoded, ReferenceEncode(values, 128, 4)) << "kind " << kind << " count " << count;
      encoded.push_back(0x77);  // a following stream must not be read
      size_t consumed = 0;
      auto decoded = DecodeAll<T>(encoded, &consumed);
      ASSERT_TRUE(decoded.ok()) << decoded.status();
      EXPECT_EQ(*decoded, values) << "kind " << kind << " count " << count;
      EXPECT_EQ(consumed, encoded.size() - 1);
    }
  }
}

TEST(DeltaBinaryPackedTest, Int32RoundTripsWithWraparound) { CheckRoundTrips<int32_t>(); }
TEST(DeltaBinaryPackedTest, Int64RoundTripsWithWraparound) { CheckRoundTrips<int64_t>(); }

TEST(DeltaBinaryPackedTest, MinMaxInt64Alternation) {
  const std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max(),
                                       std::numeric_limits<int64_t>::min(),
                                       0,
                                       -1,
                                       std::numeric_limits<int64_t>::max()};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
  auto decoded = DecodeAll<int64_t>(encoded);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, values);
}

TEST(DeltaBinaryPackedTest, ReadsOtherBlockLayouts) {
  std::mt19937_64 rng(5);
  struct Layout {
    uint64_t block, miniblocks;
  };
  for (Layout layout : {Layout{256, 8}, Layout{128, 1}, Layout{512, 4}, Layout{2048, 8},
                        Layout{128, 2}, Layout{64, 8}}) {
    for (size_t count : {size_t{1}, size_t{100}, size_t{1000}, size_t{4097}}) {
      const std::vector<int64_t> values = RandomSequence<int64_t>(count, count % 3, rng);
      const std::vector<uint8_t> encoded = ReferenceEncode(values, layout.block, layout.miniblocks);
      auto decoded = DecodeAll<int64_t>(encoded);
      ASSERT_TRUE(decoded.ok()) << decoded.status();
      EXPECT_EQ(*decoded, values) << layout.block << "/" << layout.miniblocks << " " << count;
    }
  }
}

TEST(DeltaBinaryPackedTest, IgnoresBitWidthsOfUnusedMiniblocks) {
  const std::vector<int32_t> values = {1, 5, 2, 8, 3};
  const std::vector<uint8_t> encoded = ReferenceEncode(values, 128, 4, /*unused_width=*/0xFF);
  auto decoded = DecodeAll<int32_t>(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, values);
}

TEST(DeltaBinaryPackedTest, DecodingInPiecesMatchesDecodingAtOnce) {
  std::mt19937_64 rng(6);
  const std::vector<int64_t> values = RandomSequence<int64_t>(5000, 1, rng);
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
  auto decoder = DeltaBinaryPackedDecoder<int64_t>::Make(encoded);
  ASSERT_TRUE(decoder.ok());
  std::vector<int64_t> out(values.size());
  size_t done = 0;
  while (done < out.size()) {
    const size_t piece = std::min<size_t>(rng() % 50, out.size() - done);
    ASSERT_TRUE(decoder->Decode(std::span<int64_t>(out).subspan(done, piece)).ok());
    done += piece;
  }
  EXPECT_EQ(out, values);
  EXPECT_EQ(decoder->values_left(), 0u);
}

TEST(DeltaBinaryPackedTest, ReadsFinalMiniblockCutShortOfPadding) {
  const std::vector<int32_t> values = {10, 11, 13, 16};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int32_t>(values), &encoded);
  // The miniblock is 32 values at 2 bits = 8 bytes; the 3 deltas sit in the first byte.
  encoded.resize(encoded.size() - 7);
  auto decoded = DecodeAll<int32_t>(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, values);
}

// Error paths.

std::vector<uint8_t> Header(uint64_t block, uint64_t miniblocks, uint64_t total, int64_t first) {
  std::vector<uint8_t> out;
  PutUleb(block, &out);
  PutUleb(miniblocks, &out);
  PutUleb(total, &out);
  PutUleb(Zigzag(first), &out);
  return out;
}

TEST(DeltaBinaryPackedTest, RejectsBadBlockLayouts) {
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(0, 1, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(100, 1, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(128, 0, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(128, 3, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(128, 32, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(uint64_t{1} << 40, 1, 1, 0)).ok());
  EXPECT_FALSE(DeltaBinaryPackedDecoder<int32_t>::Make(Header(128, 4, uint64_t{1} << 40, 0)).ok());
}

TEST(DeltaBinaryPackedTest, RejectsTruncatedHeader) {
  const std::vector<uint8_t> header = Header(128, 4, 5, 1000);
  for (size_t cut = 0; cut < header.size(); ++cut) {
    EXPECT_FALSE(
        DeltaBinaryPackedDecoder<int64_t>::Make(std::span<const uint8_t>(header).first(cut)).ok())
        << cut;
  }
}

TEST(DeltaBinaryPackedTest, RejectsMiniblockWidthWiderThanType) {
  std::vector<uint8_t> data = Header(128, 4, 2, 0);
  data.push_back(0x00);  // min delta
  data.insert(data.end(), {65, 0, 0, 0});
  data.resize(data.size() + 32 * 65 / 8);
  auto decoded = DecodeAll<int64_t>(data);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("bit width 65"), std::string::npos);
}

// DuckDB writes INT32 columns whose deltas span 33 bits; the sums wrap around.
TEST(DeltaBinaryPackedTest, DecodesInt32MiniblocksWiderThan32Bits) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  // Values kMin, kMax, kMin: deltas +(2^32 - 1) and -(2^32 - 1), so min_delta is
  // -(2^32 - 1) and the relative deltas are 2^33 - 2 and 0: 33 bits.
  std::vector<uint8_t> data = Header(128, 4, 3, kMin);
  PutUleb(Zigzag(-4294967295LL), &data);
  data.insert(data.end(), {33, 0, 0, 0});
  const size_t packed = data.size();
  data.resize(packed + 32 * 33 / 8);
  data[packed] = 0xFE;  // 0x1FFFFFFFE, least significant bit first
  data[packed + 1] = 0xFF;
  data[packed + 2] = 0xFF;
  data[packed + 3] = 0xFF;
  data[packed + 4] = 0x01;
  auto decoded = DecodeAll<int32_t>(data);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, (std::vector<int32_t>{kMin, kMax, kMin}));
}

TEST(DeltaBinaryPackedTest, RejectsEveryTruncationOfABody) {
  std::mt19937_64 rng(11);
  const std::vector<int32_t> values = RandomSequence<int32_t>(300, 0, rng);
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int32_t>(values), &encoded);
  // Cuts inside the last miniblock's padding still hold every value, so stop before.
  for (size_t cut = 0; cut + 100 < encoded.size(); ++cut) {
    EXPECT_FALSE(
        DecodeAll<int32_t>(std::vector<uint8_t>(encoded.begin(), encoded.begin() + cut)).ok())
        << cut;
  }
}

TEST(DeltaBinaryPackedTest, RejectsRequestBeyondTotal) {
  const std::vector<int64_t> values = {1, 2, 3};
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
  auto decoder = DeltaBinaryPackedDecoder<int64_t>::Make(encoded);
  ASSERT_TRUE(decoder.ok());
  std::vector<int64_t> out(4);
  EXPECT_FALSE(decoder->Decode(std::span<int64_t>(out)).ok());
}

}  // namespace
}  // namespace hindsight::parquet
