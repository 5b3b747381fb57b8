// Runs fn(shard) for shard 0..shards-1 on `shards` threads (shard 0 on the caller's
// thread) and waits for all of them.
#pragma once

#include <thread>
#include <vector>

namespace hindsight::workload {

template <typename Fn>
void ParallelForShards(int shards, const Fn& fn) {
  if (shards <= 1) {
    fn(0);
    return;
  }
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(shards - 1));
  for (int shard = 1; shard < shards; ++shard) threads.emplace_back([&fn, shard] { fn(shard); });
  fn(0);
  for (std::thread& thread : threads) thread.join();
}

}  // namespace hindsight::workload
