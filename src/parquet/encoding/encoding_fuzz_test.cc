// Hostile-input loops: thousands of random and mutated buffers through every decoder.
// Each must return (ok or an error) without crashing or reading out of bounds (run
// under -DHINDSIGHT_SANITIZE=ON to prove the latter), and keep its output invariants.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_byte_array.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "parquet/encoding/testing/byte_arrays.h"

namespace hindsight::parquet {
namespace {

using encoding_testing::ByteArrays;
using encoding_testing::RandomBytes;

constexpr int kIterations = 3000;
constexpr size_t kMaxValues = 600;

// Produces buffers: a third pure noise, the rest valid encodings with a few random
// byte changes, truncations, insertions or duplicated runs of bytes.
class HostileBuffers {
 public:
  explicit HostileBuffers(uint64_t seed) : rng_(seed) {}

  std::vector<uint8_t> Next(const std::vector<std::vector<uint8_t>>& seeds) {
    if (seeds.empty() || rng_() % 3 == 0) {
      std::vector<uint8_t> noise(rng_() % 160);
      for (auto& b : noise) b = static_cast<uint8_t>(rng_() % 4 == 0 ? 0 : rng_());
      return noise;
    }
    return Mutate(seeds[rng_() % seeds.size()]);
  }

  // One to four random edits of a valid encoding; sometimes only the last quarter
  // (the value bytes of most encodings) is touched, so decoding gets deep.
  std::vector<uint8_t> Mutate(std::vector<uint8_t> data) {
    const int edits = 1 + static_cast<int>(rng_() % 4);
    const bool tail_only = rng_() % 2 == 0 && data.size() >= 4;
    for (int e = 0; e < edits; ++e) {
      const size_t from = tail_only ? data.size() * 3 / 4 : 0;
      const size_t span = data.size() - from;
      switch (rng_() % 4) {
        case 0:
          if (span > 0) data[from + rng_() % span] = static_cast<uint8_t>(rng_());
          break;
        case 1:
          if (!tail_only) data.resize(data.empty() ? 0 : rng_() % data.size());
          break;
        case 2:
          data.insert(data.begin() + from + (span == 0 ? 0 : rng_() % span),
                      static_cast<uint8_t>(rng_()));
          break;
        default:
          if (data.size() > 4) {
            const size_t at = rng_() % (data.size() - 4);
            data.insert(data.end(), data.begin() + at, data.begin() + at + 4);
          }
          break;
      }
    }
    return data;
  }

  size_t Count() { return rng_() % kMaxValues; }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

void ExpectWellFormed(const ByteArrays& out, bool ok, size_t count) {
  if (!ok) {
    EXPECT_EQ(out.offsets.size(), 1u);
    EXPECT_TRUE(out.heap.empty());
    return;
  }
  ASSERT_EQ(out.size(), count);
  for (size_t i = 0; i < count; ++i) ASSERT_LE(out.offsets[i], out.offsets[i + 1]);
  EXPECT_EQ(out.offsets.back(), static_cast<int64_t>(out.heap.size()));
}

ByteArrays RandomStrings(size_t count, std::mt19937_64& rng) {
  ByteArrays values;
  std::string previous;
  for (size_t i = 0; i < count; ++i) {
    std::string value =
        previous.substr(0, rng() % (previous.size() + 1)) + RandomBytes(rng() % 9, rng);
    values.Add(value);
    previous = value;
  }
  return values;
}

TEST(EncodingFuzzTest, RleBitPackedNeverCrashes) {
  HostileBuffers buffers(1);
  std::vector<std::vector<uint8_t>> seeds;
  for (int width : {1, 3, 8, 13, 20, 32}) {
    std::vector<uint32_t> values(200);
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<uint32_t>((i / 17) * 7919 % (uint64_t{1} << width));
    seeds.emplace_back();
    EncodeRleBitPacked(std::span<const uint32_t>(values), width, &seeds.back());
  }
  for (int i = 0; i < kIterations; ++i) {
    const std::vector<uint8_t> data = buffers.Next(seeds);
    const int width = static_cast<int>(buffers.rng()() % 34);
    auto decoder = RleBitPackedDecoder::Make(data, width);
    if (!decoder.ok()) {
      EXPECT_GT(width, 32);
      continue;
    }
    std::vector<uint32_t> out(buffers.Count());
    if (decoder->Decode(std::span<uint32_t>(out)).ok() && width < 32) {
      for (uint32_t v : out) ASSERT_LT(v, uint64_t{1} << width);
    }
    std::vector<int16_t> levels(buffers.Count());
    PermitUncheckedError(decoder->Decode(std::span<int16_t>(levels)));
    EXPECT_LE(decoder->bytes_consumed(), data.size());
    auto prefixed = SplitRleLengthPrefix(data);
    if (prefixed.ok()) EXPECT_LE(prefixed->size() + kRleLengthPrefixSize, data.size());
  }
}

TEST(EncodingFuzzTest, PlainNeverCrashes) {
  HostileBuffers buffers(2);
  std::vector<std::vector<uint8_t>> seeds;
  seeds.emplace_back();
  EncodePlainByteArray(RandomStrings(50, buffers.rng()).view(), &seeds.back());
  for (int i = 0; i < kIterations; ++i) {
    const std::vector<uint8_t> data = buffers.Next(seeds);
    const size_t count = buffers.Count();
    std::vector<int64_t> longs(count);
    auto fixed = DecodePlain(data, std::span<int64_t>(longs));
    EXPECT_EQ(fixed.ok(), count * 8 <= data.size());
    std::vector<uint8_t> bools(count);
    PermitUncheckedError(DecodePlainBoolean(data, bools).status());
    ByteArrays strings;
    auto consumed = DecodePlainByteArray(data, count, strings.output());
    ExpectWellFormed(strings, consumed.ok(), count);
    if (consumed.ok()) EXPECT_LE(*consumed, data.size());
    ByteArrays fixed_len;
    auto flba =
        DecodePlainFixedLenByteArray(data, 1 + buffers.rng()() % 16, count, fixed_len.output());
    ExpectWellFormed(fixed_len, flba.ok(), count);
  }
}

TEST(EncodingFuzzTest, DeltaBinaryPackedNeverCrashes) {
  HostileBuffers buffers(3);
  std::vector<std::vector<uint8_t>> seeds;
  for (size_t count : {1, 5, 40, 129, 300}) {
    std::vector<int64_t> values(count);
    for (auto& v : values) v = static_cast<int64_t>(buffers.rng()() >> (buffers.rng()() % 64));
    seeds.emplace_back();
    EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &seeds.back());
  }
  for (int i = 0; i < kIterations; ++i) {
    const std::vector<uint8_t> data = buffers.Next(seeds);
    auto wide = DeltaBinaryPackedDecoder<int64_t>::Make(data);
    if (wide.ok()) {
      std::vector<int64_t> out(std::min<uint64_t>(wide->total_values(), kMaxValues));
      size_t done = 0;
      while (done < out.size()) {
        const size_t piece = std::min<size_t>(1 + buffers.rng()() % 70, out.size() - done);
        if (!wide->Decode(std::span<int64_t>(out).subspan(done, piece)).ok()) break;
        done += piece;
      }
      EXPECT_LE(wide->bytes_consumed(), data.size());
    }
    auto narrow = DeltaBinaryPackedDecoder<int32_t>::Make(data);
    if (narrow.ok()) {
      std::vector<int32_t> out(std::min<uint64_t>(narrow->total_values(), kMaxValues));
      PermitUncheckedError(narrow->Decode(std::span<int32_t>(out)));
      EXPECT_LE(narrow->bytes_consumed(), data.size());
    }
  }
}

TEST(EncodingFuzzTest, DeltaByteArraysNeverCrash) {
  HostileBuffers buffers(4);
  std::vector<std::vector<uint8_t>> length_seeds, prefix_seeds;
  std::vector<size_t> seed_counts;
  for (size_t count : {1, 3, 30, 200}) {
    const ByteArrays values = RandomStrings(count, buffers.rng());
    length_seeds.emplace_back();
    EncodeDeltaLengthByteArray(values.view(), &length_seeds.back());
    prefix_seeds.emplace_back();
    EncodeDeltaByteArray(values.view(), &prefix_seeds.back());
    seed_counts.push_back(count);
  }
  for (int i = 0; i < kIterations; ++i) {
    // Mostly mutate one seed and ask for the count it holds, so decoding gets deep.
    const size_t seed = buffers.rng()() % seed_counts.size();
    const bool noise = buffers.rng()() % 4 == 0;
    const size_t count = noise ? buffers.Count() : seed_counts[seed];
    const std::vector<uint8_t> lengths_data =
        noise ? buffers.Next({}) : buffers.Mutate(length_seeds[seed]);
    ByteArrays lengths_out;
    auto lengths_result = DecodeDeltaLengthByteArray(lengths_data, count, lengths_out.output());
    ExpectWellFormed(lengths_out, lengths_result.ok(), count);
    if (lengths_result.ok()) EXPECT_LE(*lengths_result, lengths_data.size());

    const std::vector<uint8_t> prefix_data =
        noise ? buffers.Next({}) : buffers.Mutate(prefix_seeds[seed]);
    ByteArrays prefix_out;
    auto prefix_result = DecodeDeltaByteArray(prefix_data, count, prefix_out.output());
    ExpectWellFormed(prefix_out, prefix_result.ok(), count);
    if (prefix_result.ok()) EXPECT_LE(*prefix_result, prefix_data.size());
  }
}

TEST(EncodingFuzzTest, ByteStreamSplitNeverCrashes) {
  HostileBuffers buffers(5);
  for (int i = 0; i < kIterations; ++i) {
    const std::vector<uint8_t> data = buffers.Next({});
    const size_t width = buffers.rng()() % 18;
    std::vector<uint8_t> out(width * (buffers.Count() % 20));
    const Status status = DecodeByteStreamSplit(data, width, out);
    if (status.ok()) EXPECT_LE(out.size(), data.size());
    std::vector<double> doubles(buffers.Count() % 20);
    PermitUncheckedError(DecodeByteStreamSplit(data, std::span<double>(doubles)));
    ByteArrays fixed_len;
    const size_t count = buffers.Count() % 40;
    const bool ok =
        DecodeByteStreamSplitFixedLenByteArray(data, width, count, fixed_len.output()).ok();
    ExpectWellFormed(fixed_len, ok, count);
  }
}

TEST(EncodingFuzzTest, DictionaryIndicesNeverEscapeTheDictionary) {
  HostileBuffers buffers(6);
  std::vector<std::vector<uint8_t>> seeds;
  std::vector<uint32_t> indices(300);
  for (size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<uint32_t>(i * i % 5);
  seeds.emplace_back();
  EncodeDictionaryIndices(indices, 5, &seeds.back());
  const ByteArrays dictionary = ByteArrays::Of({"a", "bb", "", "dddd", "eeeee"});
  const std::vector<int32_t> numbers = {10, 20, 30, 40, 50};
  for (int i = 0; i < kIterations; ++i) {
    const std::vector<uint8_t> data = buffers.Next(seeds);
    std::vector<uint32_t> decoded(buffers.Count());
    if (!DecodeDictionaryIndices(data, decoded).ok()) continue;
    bool in_range = true;
    for (uint32_t index : decoded) in_range = in_range && index < numbers.size();
    std::vector<int32_t> gathered(decoded.size());
    EXPECT_EQ(
        GatherDictionary(std::span<const int32_t>(numbers), decoded, std::span<int32_t>(gathered))
            .ok(),
        in_range);
    ByteArrays strings;
    const bool ok = GatherDictionary(dictionary.view(), decoded, strings.output()).ok();
    EXPECT_EQ(ok, in_range);
    ExpectWellFormed(strings, ok, decoded.size());
  }
}

}  // namespace
}  // namespace hindsight::parquet
