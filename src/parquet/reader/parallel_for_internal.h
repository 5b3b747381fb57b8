// A minimal parallel loop for the reader: work items claimed from a shared counter by up
// to `threads` threads, the calling thread included.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace hindsight::parquet {

// Calls body(i) once for each i in [0, count). `body` must be safe to call concurrently
// for different i. Returns when every call has returned.
template <typename Body>
void ParallelFor(size_t count, int threads, const Body& body) {
  const size_t workers = std::min(count, static_cast<size_t>(std::max(threads, 1)));
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) body(i);
  };
  std::vector<std::thread> helpers;
  helpers.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& helper : helpers) helper.join();
}

}  // namespace hindsight::parquet
