// Bloom filter build and probe throughput (not a test; run by hand).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "parquet/bloom/bloom_hash.h"
#include "parquet/bloom/split_block_bloom_filter.h"

namespace hindsight::parquet {
namespace {

constexpr size_t kValues = 1 << 16;

std::vector<int64_t> Keys() {
  std::mt19937_64 rng(1);
  std::vector<int64_t> keys(kValues);
  for (auto& k : keys) k = static_cast<int64_t>(rng() % 10'000'000);
  return keys;
}

void BM_HashAndInsertInt64(benchmark::State& state) {
  const std::vector<int64_t> keys = Keys();
  std::vector<uint64_t> hashes(keys.size());
  SplitBlockBloomFilter filter(SplitBlockBloomFilter::OptimalNumBytes(kValues, 0.01));
  for (auto _ : state) {
    BloomHashes(std::span<const int64_t>(keys), hashes);
    filter.InsertAll(hashes);
    benchmark::DoNotOptimize(filter.bitset().data());
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_HashAndInsertInt64);

void BM_MightContain(benchmark::State& state) {
  const std::vector<int64_t> keys = Keys();
  SplitBlockBloomFilter filter(SplitBlockBloomFilter::OptimalNumBytes(kValues, 0.01));
  std::vector<uint64_t> hashes(keys.size());
  BloomHashes(std::span<const int64_t>(keys), hashes);
  filter.InsertAll(hashes);
  for (auto& h : hashes) h = h * 0x9E3779B97F4A7C15ULL + 1;  // mostly absent values
  for (auto _ : state) {
    size_t hits = 0;
    for (uint64_t h : hashes) hits += filter.MightContain(h);
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * kValues);
}
BENCHMARK(BM_MightContain);

}  // namespace
}  // namespace hindsight::parquet

BENCHMARK_MAIN();
