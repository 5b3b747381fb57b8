#include "workload/distributions.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace hindsight::workload {
namespace {

struct Moments {
  double mean;
  double variance;
};

template <typename Draw>
Moments Measure(int n, Draw draw) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

TEST(PoissonTest, MeanAndVarianceEqualTheRate) {
  for (double rate : {0.05, 0.8, 5.0, 16.0, 45.0}) {
    Rng rng(static_cast<uint64_t>(rate * 100));
    const Moments m =
        Measure(200'000, [&] { return static_cast<double>(SamplePoisson(rng, rate)); });
    EXPECT_NEAR(m.mean, rate, 4 * std::sqrt(rate / 200'000) + 1e-3) << rate;
    EXPECT_NEAR(m.variance, rate, 0.03 * rate + 0.01) << rate;
  }
}

TEST(PoissonTest, ZeroRateGivesZero) {
  Rng rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(SamplePoisson(rng, 0.0), 0);
}

TEST(StandardNormalTest, HasMeanZeroVarianceOneAndSymmetricTails) {
  Rng rng(5);
  int beyond_two = 0;
  const Moments m = Measure(200'000, [&] {
    const double z = SampleStandardNormal(rng);
    beyond_two += std::fabs(z) > 2.0;
    return z;
  });
  EXPECT_NEAR(m.mean, 0.0, 0.01);
  EXPECT_NEAR(m.variance, 1.0, 0.015);
  EXPECT_NEAR(beyond_two / 200'000.0, 0.0455, 0.003);  // P(|Z| > 2)
}

TEST(CategoricalTableTest, DrawsInProportionToWeights) {
  const std::vector<double> weights = {1, 0, 3, 6};
  const CategoricalTable table(weights);
  EXPECT_DOUBLE_EQ(table.Probability(0), 0.1);
  EXPECT_DOUBLE_EQ(table.Probability(1), 0.0);
  EXPECT_DOUBLE_EQ(table.Probability(3), 0.6);
  Rng rng(9);
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 100'000; ++i) ++counts[table.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0], 10'000, 400);
  EXPECT_NEAR(counts[2], 30'000, 600);
  EXPECT_NEAR(counts[3], 60'000, 600);
}

TEST(CategoricalTableTest, SingleWeightAlwaysDrawsIt) {
  const CategoricalTable table(std::vector<double>{2.5});
  Rng rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(table.Sample(rng), 0u);
}

TEST(ZipfTableTest, RankRHasProbabilityProportionalToOneOverRPlusOne) {
  const CategoricalTable zipf = MakeZipfTable(1000);
  EXPECT_DOUBLE_EQ(zipf.Probability(0) / zipf.Probability(1), 2.0);
  EXPECT_NEAR(zipf.Probability(0) / zipf.Probability(999), 1000.0, 1e-9);
  Rng rng(11);
  int top = 0;
  for (int i = 0; i < 100'000; ++i) top += zipf.Sample(rng) == 0;
  EXPECT_NEAR(top / 100'000.0, zipf.Probability(0), 0.005);
}

}  // namespace
}  // namespace hindsight::workload
