#include "workload/rng.h"

#include <set>
#include <vector>

#include "gtest/gtest.h"

namespace hindsight::workload {
namespace {

TEST(SplitMix64Test, MatchesTheReferenceSequenceFromZero) {
  uint64_t state = 0;
  EXPECT_EQ(SplitMix64Next(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(SplitMix64Next(state), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(SplitMix64Next(state), 0x06c45d188009454fULL);
}

TEST(RngTest, XoshiroMatchesTheReferenceOutputs) {
  // xoshiro256** from state {1, 2, 3, 4} (reference implementation by Vigna).
  Rng rng = Rng::FromState(1, 2, 3, 4);
  EXPECT_EQ(rng.Next(), 11520u);
  EXPECT_EQ(rng.Next(), 0u);
  EXPECT_EQ(rng.Next(), 1509978240u);
  EXPECT_EQ(rng.Next(), 1215971899390074240u);
  EXPECT_EQ(rng.Next(), 1216172134540287360u);
}

TEST(RngTest, SameKeySameStreamDifferentKeyDifferentStream) {
  Rng a(StreamKey(42, StreamPurpose::kProfile, 7));
  Rng b(StreamKey(42, StreamPurpose::kProfile, 7));
  Rng c(StreamKey(42, StreamPurpose::kProfile, 8));
  int equal_to_c = 0;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    equal_to_c += x == c.Next();
  }
  EXPECT_EQ(equal_to_c, 0);
}

TEST(RngTest, StreamKeysDifferInEveryComponent) {
  std::set<uint64_t> keys;
  for (uint64_t seed : {0u, 1u, 42u}) {
    for (StreamPurpose purpose : {StreamPurpose::kVideo, StreamPurpose::kProfile}) {
      for (uint64_t id = 0; id < 50; ++id) {
        keys.insert(StreamKey(seed, purpose, id));
        keys.insert(StreamKey(seed, purpose, id, 1));
      }
    }
  }
  EXPECT_EQ(keys.size(), 3u * 2 * 50 * 2);
}

TEST(RngTest, UniformStaysInUnitIntervalWithMeanOneHalf) {
  Rng rng(1);
  double sum = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100'000, 0.5, 0.005);
  EXPECT_EQ(UnitInterval(0), 0.0);
  EXPECT_LT(UnitInterval(~uint64_t{0}), 1.0);
}

TEST(RngTest, BelowIsUniformOverItsRange) {
  Rng rng(2);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70'000; ++i) ++counts[rng.Below(7)];
  for (int count : counts) EXPECT_NEAR(count, 10'000, 400);
  EXPECT_EQ(rng.Below(1), 0u);
  // A bound above 2^63 exercises the rejection path.
  const uint64_t huge = (uint64_t{1} << 63) + 12345;
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.Below(huge), huge);
}

TEST(RngTest, BetweenIncludesBothEnds) {
  Rng rng(3);
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t x = rng.Between(-2, 2);
    ASSERT_GE(x, -2);
    ASSERT_LE(x, 2);
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(rng.Between(9, 9), 9);
}

}  // namespace
}  // namespace hindsight::workload
