// Throughput of the hot decode/encode loops (not a test; run by hand).
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/dictionary_builder.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"

namespace hindsight::parquet {
namespace {

constexpr size_t kValues = 1 << 16;

void BM_UnpackBits(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  std::vector<uint8_t> packed(kValues * width / 8 + 8);
  std::mt19937_64 rng(1);
  for (auto& b : packed) b = static_cast<uint8_t>(rng());
  std::vector<uint32_t> out(kValues);
  for (auto _ : state) {
    UnpackBits(packed, width, std::span<uint32_t>(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_UnpackBits)->Arg(1)->Arg(3)->Arg(8)->Arg(13)->Arg(32);

// Definition levels of an optional column: mostly present, some null runs.
std::vector<int16_t> Levels() {
  std::mt19937_64 rng(2);
  std::vector<int16_t> levels(kValues);
  for (size_t i = 0; i < levels.size(); ++i) levels[i] = rng() % 10 == 0 ? 0 : 1;
  return levels;
}

void BM_RleDecodeLevels(benchmark::State& state) {
  const std::vector<int16_t> levels = Levels();
  std::vector<uint8_t> encoded;
  EncodeRleBitPacked(std::span<const int16_t>(levels), 1, &encoded);
  std::vector<int16_t> out(levels.size());
  for (auto _ : state) {
    auto decoder = RleBitPackedDecoder::Make(encoded, 1);
    benchmark::DoNotOptimize(decoder->Decode(std::span<int16_t>(out)).ok());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_RleDecodeLevels);

void BM_RleEncodeLevels(benchmark::State& state) {
  const std::vector<int16_t> levels = Levels();
  std::vector<uint8_t> encoded;
  for (auto _ : state) {
    encoded.clear();
    EncodeRleBitPacked(std::span<const int16_t>(levels), 1, &encoded);
    benchmark::DoNotOptimize(encoded.data());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_RleEncodeLevels);

void BM_DictionaryDecodeAndGather(benchmark::State& state) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> dictionary(1000);
  for (auto& v : dictionary) v = static_cast<int64_t>(rng());
  std::vector<uint32_t> indices(kValues);
  for (auto& i : indices) i = static_cast<uint32_t>(rng() % dictionary.size());
  std::vector<uint8_t> page;
  EncodeDictionaryIndices(indices, dictionary.size(), &page);
  std::vector<uint32_t> decoded(kValues);
  std::vector<int64_t> out(kValues);
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodeDictionaryIndices(page, decoded).ok());
    benchmark::DoNotOptimize(
        GatherDictionary(std::span<const int64_t>(dictionary), decoded, std::span<int64_t>(out))
            .ok());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DictionaryDecodeAndGather);

void BM_DictionaryBuildInt64(benchmark::State& state) {
  std::mt19937_64 rng(4);
  std::vector<int64_t> values(kValues);
  for (auto& v : values) v = static_cast<int64_t>(rng() % 5000);
  std::vector<uint32_t> indices(kValues);
  for (auto _ : state) {
    DictionaryBuilder<int64_t> builder;
    benchmark::DoNotOptimize(builder.Map(values, indices));
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DictionaryBuildInt64);

// Sorted microsecond timestamps, as the facts table holds them.
std::vector<int64_t> Timestamps() {
  std::mt19937_64 rng(5);
  std::vector<int64_t> values(kValues);
  int64_t t = 1'790'000'000'000'000;
  for (auto& v : values) v = t += static_cast<int64_t>(rng() % 5'000'000);
  return values;
}

void BM_DeltaDecodeInt64(benchmark::State& state) {
  const std::vector<int64_t> values = Timestamps();
  std::vector<uint8_t> encoded;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
  std::vector<int64_t> out(values.size());
  for (auto _ : state) {
    auto decoder = DeltaBinaryPackedDecoder<int64_t>::Make(encoded);
    benchmark::DoNotOptimize(decoder->Decode(std::span<int64_t>(out)).ok());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DeltaDecodeInt64);

void BM_DeltaEncodeInt64(benchmark::State& state) {
  const std::vector<int64_t> values = Timestamps();
  std::vector<uint8_t> encoded;
  for (auto _ : state) {
    encoded.clear();
    EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &encoded);
    benchmark::DoNotOptimize(encoded.data());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_DeltaEncodeInt64);

void BM_PlainByteArrayDecode(benchmark::State& state) {
  std::vector<int64_t> offsets{0};
  std::vector<uint8_t> heap;
  for (size_t i = 0; i < kValues; ++i) {
    const std::string value = "country-" + std::to_string(i % 200);
    heap.insert(heap.end(), value.begin(), value.end());
    offsets.push_back(static_cast<int64_t>(heap.size()));
  }
  std::vector<uint8_t> encoded;
  EncodePlainByteArray(ViewOf(offsets, heap), &encoded);
  std::vector<int64_t> out_offsets;
  std::vector<uint8_t> out_heap;
  for (auto _ : state) {
    out_offsets.assign(1, 0);
    out_heap.clear();
    benchmark::DoNotOptimize(
        DecodePlainByteArray(encoded, kValues, {&out_offsets, &out_heap}).ok());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
  state.SetBytesProcessed(state.iterations() * encoded.size());
}
BENCHMARK(BM_PlainByteArrayDecode);

void BM_ByteStreamSplitDecodeDouble(benchmark::State& state) {
  std::mt19937_64 rng(6);
  std::vector<double> values(kValues);
  for (auto& v : values) v = static_cast<double>(rng() % 100000) / 7.0;
  std::vector<uint8_t> encoded;
  EncodeByteStreamSplit(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()),
                                                 values.size() * sizeof(double)),
                        sizeof(double), &encoded);
  std::vector<double> out(kValues);
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodeByteStreamSplit(encoded, std::span<double>(out)).ok());
  }
  state.SetBytesProcessed(state.iterations() * encoded.size());
}
BENCHMARK(BM_ByteStreamSplitDecodeDouble);

}  // namespace
}  // namespace hindsight::parquet

BENCHMARK_MAIN();
