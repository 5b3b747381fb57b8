// Page compression and decompression throughput per codec (not a test; run by hand).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "parquet/compression/codec.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;

// A 1 MiB page of small-range integers with noise, like encoded levels and values.
std::vector<uint8_t> Page() {
  std::mt19937_64 rng(1);
  std::vector<uint8_t> page(1 << 20);
  for (size_t i = 0; i < page.size(); ++i) {
    page[i] = static_cast<uint8_t>((i / 64) % 7 + (rng() % 16 == 0 ? rng() % 256 : 0));
  }
  return page;
}

void BM_Compress(benchmark::State& state) {
  const auto codec = static_cast<CompressionCodec>(state.range(0));
  const std::vector<uint8_t> page = Page();
  std::vector<uint8_t> out;
  size_t compressed = 0;
  for (auto _ : state) {
    out.clear();
    compressed = *Compress(codec, page, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * page.size());
  state.counters["ratio"] = static_cast<double>(page.size()) / static_cast<double>(compressed);
  state.SetLabel(std::string(CodecName(codec)));
}

void BM_Decompress(benchmark::State& state) {
  const auto codec = static_cast<CompressionCodec>(state.range(0));
  const std::vector<uint8_t> page = Page();
  std::vector<uint8_t> compressed;
  (void)*Compress(codec, page, &compressed);
  std::vector<uint8_t> out(page.size());
  for (auto _ : state) benchmark::DoNotOptimize(Decompress(codec, compressed, out).ok());
  state.SetBytesProcessed(state.iterations() * page.size());
  state.SetLabel(std::string(CodecName(codec)));
}

void Codecs(benchmark::internal::Benchmark* benchmark) {
  for (auto codec : {CompressionCodec::SNAPPY, CompressionCodec::GZIP, CompressionCodec::ZSTD,
                     CompressionCodec::LZ4_RAW, CompressionCodec::BROTLI}) {
    benchmark->Arg(static_cast<int>(codec));
  }
}
BENCHMARK(BM_Compress)->Apply(Codecs);
BENCHMARK(BM_Decompress)->Apply(Codecs);

}  // namespace
}  // namespace hindsight::parquet

BENCHMARK_MAIN();
