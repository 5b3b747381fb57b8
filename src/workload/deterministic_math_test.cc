#include "workload/deterministic_math.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "gtest/gtest.h"

namespace hindsight::workload {
namespace {

// Distance in units in the last place between two finite doubles of the same sign.
int64_t UlpDistance(double a, double b) {
  int64_t ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(DeterministicExpTest, AgreesWithLibmWithinTwoUlps) {
  for (double x = -700.0; x <= 700.0; x += 0.731) {
    EXPECT_LE(UlpDistance(DeterministicExp(x), std::exp(x)), 2) << x;
  }
  for (double x = -1.0; x <= 1.0; x += 0.001) {
    EXPECT_LE(UlpDistance(DeterministicExp(x), std::exp(x)), 2) << x;
  }
  EXPECT_EQ(DeterministicExp(0.0), 1.0);
}

TEST(DeterministicExpTest, SaturatesOutsideTheDoubleRange) {
  EXPECT_EQ(DeterministicExp(-800.0), 0.0);
  EXPECT_EQ(DeterministicExp(710.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(DeterministicExp(std::nan(""))));
}

TEST(DeterministicLogTest, AgreesWithLibmWithinTwoUlps) {
  for (double x = 1e-300; x < 1e300; x *= 1.37) {
    EXPECT_LE(UlpDistance(DeterministicLog(x), std::log(x)), 2) << x;
  }
  for (double x = 0.5; x <= 2.0; x += 0.0007) {
    const double expected = std::log(x);
    // Near 1 the result is tiny; compare absolutely there.
    if (std::fabs(expected) < 1e-3) {
      EXPECT_NEAR(DeterministicLog(x), expected, 1e-18) << x;
    } else {
      EXPECT_LE(UlpDistance(DeterministicLog(x), expected), 2) << x;
    }
  }
  EXPECT_EQ(DeterministicLog(1.0), 0.0);
}

TEST(DeterministicLogTest, HandlesTheEdgesOfItsDomain) {
  EXPECT_EQ(DeterministicLog(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(DeterministicLog(-1.0)));
  EXPECT_EQ(DeterministicLog(std::numeric_limits<double>::infinity()),
            std::numeric_limits<double>::infinity());
}

TEST(LogisticTest, IsSymmetricAroundZero) {
  EXPECT_EQ(Logistic(0.0), 0.5);
  EXPECT_NEAR(Logistic(2.0) + Logistic(-2.0), 1.0, 1e-15);
  EXPECT_NEAR(Logistic(1.0), 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
}

}  // namespace
}  // namespace hindsight::workload
