#include "workload/deterministic_math.h"

#include <cmath>
#include <limits>

namespace hindsight::workload {
namespace {

// ln 2 split for Cody–Waite range reduction: kLn2High has its low bits zero, so
// k * kLn2High is exact for |k| < 2^11.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kLn2 = 0.693147180559945309417232121458;
constexpr double kInverseLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.707106781186547524400844362105;

// 1 / n! for n = 0..14.
constexpr double kInverseFactorials[15] = {1.0,
                                           1.0,
                                           1.0 / 2,
                                           1.0 / 6,
                                           1.0 / 24,
                                           1.0 / 120,
                                           1.0 / 720,
                                           1.0 / 5040,
                                           1.0 / 40320,
                                           1.0 / 362880,
                                           1.0 / 3628800,
                                           1.0 / 39916800,
                                           1.0 / 479001600,
                                           1.0 / 6227020800,
                                           1.0 / 87178291200};
// 1 / (2n + 1) for n = 0..12.
constexpr double kInverseOdds[13] = {1.0,      1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,
                                     1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19,
                                     1.0 / 21, 1.0 / 23, 1.0 / 25};

}  // namespace

double DeterministicExp(double x) {
  if (x != x) return x;
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r with |r| <= ln2 / 2, then e^x = 2^k e^r.
  const double k = std::floor(x * kInverseLn2 + 0.5);
  const double r = (x - k * kLn2High) - k * kLn2Low;
  // Taylor series of e^r to degree 14 (Horner): truncation error below 2^-60 for
  // |r| <= 0.35.
  double sum = kInverseFactorials[14];
  for (int n = 13; n >= 0; --n) sum = sum * r + kInverseFactorials[n];
  return std::ldexp(sum, static_cast<int>(k));
}

double DeterministicLog(double x) {
  if (!(x > 0.0))
    return x == 0.0 ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::quiet_NaN();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int exponent = 0;
  double mantissa = std::frexp(x, &exponent);  // exact; mantissa in [0.5, 1)
  if (mantissa < kSqrtHalf) {
    mantissa *= 2.0;
    exponent -= 1;
  }
  // ln m = 2 atanh(f) with f = (m - 1) / (m + 1), |f| <= 0.172: series to f^25.
  const double f = (mantissa - 1.0) / (mantissa + 1.0);
  const double f2 = f * f;
  double sum = kInverseOdds[12];
  for (int n = 11; n >= 0; --n) sum = sum * f2 + kInverseOdds[n];
  return exponent * kLn2 + 2.0 * f * sum;
}

}  // namespace hindsight::workload
