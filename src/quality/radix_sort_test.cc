#include "quality/radix_sort.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "gtest/gtest.h"

namespace hindsight::quality {
namespace {

TEST(RadixSortTest, SortsLikeStdSortAcrossSignsMagnitudesAndDuplicates) {
  std::mt19937_64 rng(3);
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{5000}, size_t{100000}}) {
    std::vector<double> values;
    for (size_t i = 0; i < n; ++i) {
      switch (rng() % 5) {
        case 0:
          values.push_back(static_cast<double>(rng() % 1000));
          break;
        case 1:
          values.push_back(-static_cast<double>(rng() % 1000) / 7);
          break;
        case 2:
          values.push_back(std::ldexp(static_cast<double>(rng() % 100000), -40));
          break;
        case 3:
          values.push_back(1.7e15 + static_cast<double>(rng() % 3'600'000'000));
          break;
        default:
          values.push_back(rng() % 2 ? std::numeric_limits<double>::infinity() : -1e300);
      }
    }
    std::vector<double> expected = values;
    std::sort(expected.begin(), expected.end());
    std::vector<uint64_t> scratch;
    RadixSortDoubles(values, scratch);
    EXPECT_EQ(values, expected) << n;
  }
}

TEST(RadixSortTest, ConstantInputStaysPut) {
  std::vector<double> values(10000, 42.0);
  std::vector<uint64_t> scratch;
  RadixSortDoubles(values, scratch);
  EXPECT_TRUE(std::all_of(values.begin(), values.end(), [](double v) { return v == 42.0; }));
}

}  // namespace
}  // namespace hindsight::quality
