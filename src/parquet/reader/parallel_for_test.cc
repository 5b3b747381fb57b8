#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "parquet/reader/parallel_for_internal.h"

namespace hindsight::parquet {
namespace {

struct Counter {
  int calls = 0;
};

TEST(ProduceInOrderTest, ConsumesEveryItemInOrderOnTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<size_t> consumed;
  ProduceInOrder<size_t, Counter>(
      50, 3, 4, [](size_t i, Counter&) { return i * i; },
      [&](size_t i, size_t&& square) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        EXPECT_EQ(square, i * i);
        consumed.push_back(i);
        return true;
      });
  ASSERT_EQ(consumed.size(), 50u);
  for (size_t i = 0; i < consumed.size(); ++i) EXPECT_EQ(consumed[i], i);
}

TEST(ProduceInOrderTest, NeverHoldsMoreThanTheWindowUnconsumed) {
  constexpr size_t kWindow = 2;
  std::atomic<size_t> produced{0};
  size_t most_ahead = 0;
  ProduceInOrder<int, Counter>(
      40, 4, kWindow,
      [&](size_t, Counter&) {
        ++produced;
        return 0;
      },
      [&](size_t i, int&&) {
        // Items started beyond the one being consumed.
        most_ahead = std::max(most_ahead, produced.load() - (i + 1));
        std::this_thread::yield();
        return true;
      });
  EXPECT_EQ(produced.load(), 40u);
  EXPECT_LE(most_ahead, kWindow);
}

TEST(ProduceInOrderTest, StopsProducingWhenTheConsumerSaysSo) {
  std::atomic<size_t> produced{0};
  std::vector<size_t> consumed;
  ProduceInOrder<int, Counter>(
      1000, 2, 3,
      [&](size_t, Counter&) {
        ++produced;
        return 0;
      },
      [&](size_t i, int&&) {
        consumed.push_back(i);
        return i < 4;
      });
  EXPECT_EQ(consumed, (std::vector<size_t>{0, 1, 2, 3, 4}));
  // Items 0-4 plus at most the window beyond the last one consumed.
  EXPECT_LE(produced.load(), 5u + 3u);
}

TEST(ProduceInOrderTest, EachHelperReusesOneState) {
  std::mutex mutex;
  std::set<const Counter*> states;
  int total_calls = 0;
  ProduceInOrder<int, Counter>(
      30, 2, 3,
      [&](size_t, Counter& state) {
        std::lock_guard<std::mutex> lock(mutex);
        states.insert(&state);
        return ++state.calls;
      },
      [&](size_t, int&&) {
        ++total_calls;
        return true;
      });
  EXPECT_EQ(total_calls, 30);
  EXPECT_LE(states.size(), 2u);
}

TEST(ProduceInOrderTest, NoItemsCallsNothing) {
  bool called = false;
  ProduceInOrder<int, Counter>(
      0, 2, 3,
      [&](size_t, Counter&) {
        called = true;
        return 0;
      },
      [&](size_t, int&&) {
        called = true;
        return true;
      });
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace hindsight::parquet
