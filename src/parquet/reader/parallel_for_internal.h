// Minimal parallel loops for the reader: work items claimed from a shared counter by up
// to `threads` threads, the calling thread included (ParallelFor); or produced by helper
// threads and consumed in order on the calling thread (ProduceInOrder).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
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

// Calls produce(i, state) for each i in [0, count) on `threads` helper threads, each with
// its own default-constructed State reused across its calls, and consume(i, Result&&) on
// the calling thread in order of i. At most `window` items (>= 1) beyond the one being
// consumed are produced or in production, which bounds memory. Stops producing once
// consume returns false. Returns when every helper has finished.
template <typename Result, typename State, typename Produce, typename Consume>
void ProduceInOrder(size_t count, int threads, size_t window, const Produce& produce,
                    const Consume& consume) {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Result>> results(count);
  size_t next_claim = 0;
  size_t next_consume = 0;
  bool stop = false;
  auto work = [&] {
    State state;
    while (true) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] {
          return stop || next_claim >= count || next_claim < next_consume + window;
        });
        if (stop || next_claim >= count) return;
        i = next_claim++;
      }
      Result result = produce(i, state);
      std::lock_guard<std::mutex> lock(mutex);
      results[i].emplace(std::move(result));
      changed.notify_all();
    }
  };
  const size_t helpers_wanted = std::min(count, static_cast<size_t>(std::max(threads, 1)));
  std::vector<std::thread> helpers;
  helpers.reserve(helpers_wanted);
  for (size_t t = 0; t < helpers_wanted; ++t) helpers.emplace_back(work);
  for (size_t i = 0; i < count; ++i) {
    std::optional<Result> ready;
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return results[i].has_value(); });
      ready.swap(results[i]);
      next_consume = i + 1;
    }
    changed.notify_all();
    if (!consume(i, std::move(*ready))) break;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
  }
  changed.notify_all();
  for (std::thread& helper : helpers) helper.join();
}

}  // namespace hindsight::parquet
