#include "quality/distribution_tests.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace hindsight::quality {
namespace {

// Kolmogorov's limiting distribution: P(K > x) = 2 sum (-1)^(k-1) exp(-2 k^2 x^2).
double KolmogorovSurvival(double x) {
  if (x <= 0) return 1;
  if (x < 0.2) return 1;
  double sum = 0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * x * x);
    sum += (k % 2 == 1 ? term : -term);
    if (term < 1e-17) break;
  }
  return std::clamp(2 * sum, 0.0, 1.0);
}

// P(max over the path |i/m - j/n| >= h / lcm) for a uniformly random lattice path from
// (0,0) to (m,n): 1 - the share of paths staying strictly inside. inside[j] holds, for the
// current i, the share of paths to (i, j) that stayed inside; shares of paths to (i, j)
// combine those to (i-1, j) and (i, j-1) in proportions i/(i+j) and j/(i+j).
double ExactPValue(int64_t m, int64_t n, int64_t h) {
  const int64_t g = std::gcd(m, n);
  const int64_t mg = m / g;
  const int64_t ng = n / g;
  auto inside = [&](int64_t i, int64_t j) { return std::llabs(i * ng - j * mg) < h; };
  std::vector<double> share(n + 1, 0.0);
  share[0] = 1.0;  // (0, 0) is always inside when h > 0
  for (int64_t j = 1; j <= n; ++j) share[j] = inside(0, j) ? share[j - 1] : 0.0;
  for (int64_t i = 1; i <= m; ++i) {
    share[0] = inside(i, 0) ? share[0] : 0.0;
    for (int64_t j = 1; j <= n; ++j) {
      if (!inside(i, j)) {
        share[j] = 0.0;
        continue;
      }
      const double total = static_cast<double>(i + j);
      share[j] =
          (share[j] * static_cast<double>(i) + share[j - 1] * static_cast<double>(j)) / total;
    }
  }
  return std::clamp(1.0 - share[n], 0.0, 1.0);
}

}  // namespace

double KsPValue(double statistic, int64_t m, int64_t n, bool* exact) {
  if (m <= 0 || n <= 0) return 1;
  if (m * n <= kExactKsMaxPathCells) {
    const int64_t g = std::gcd(m, n);
    const int64_t lcm = (m / g) * n;
    const auto h = static_cast<int64_t>(std::llround(statistic * static_cast<double>(lcm)));
    if (exact != nullptr) *exact = true;
    if (h == 0) return 1;
    return ExactPValue(m, n, h);
  }
  if (exact != nullptr) *exact = false;
  const double en = static_cast<double>(m) * static_cast<double>(n) / static_cast<double>(m + n);
  return KolmogorovSurvival(std::sqrt(en) * statistic);
}

KsResult KsTwoSample(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const double m = static_cast<double>(a.size());
  const double n = static_cast<double>(b.size());
  // Walk the pooled values; at each distinct value both CDFs include all its ties.
  double d = 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const double x = (j >= b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    d = std::max(d, std::abs(static_cast<double>(i) / m - static_cast<double>(j) / n));
  }
  KsResult result;
  result.statistic = d;
  result.p_value =
      KsPValue(d, static_cast<int64_t>(a.size()), static_cast<int64_t>(b.size()), &result.exact);
  return result;
}

KsResult KsFromSketches(const KllSketch& a, const KllSketch& b) {
  const auto items_a = a.WeightedItems();
  const auto items_b = b.WeightedItems();
  double total_a = 0, total_b = 0;
  for (const auto& [v, w] : items_a) total_a += static_cast<double>(w);
  for (const auto& [v, w] : items_b) total_b += static_cast<double>(w);
  double d = 0, cum_a = 0, cum_b = 0;
  size_t i = 0, j = 0;
  while (i < items_a.size() || j < items_b.size()) {
    const double x =
        (j >= items_b.size() || (i < items_a.size() && items_a[i].first <= items_b[j].first))
            ? items_a[i].first
            : items_b[j].first;
    while (i < items_a.size() && items_a[i].first <= x)
      cum_a += static_cast<double>(items_a[i++].second);
    while (j < items_b.size() && items_b[j].first <= x)
      cum_b += static_cast<double>(items_b[j++].second);
    d = std::max(d, std::abs(cum_a / total_a - cum_b / total_b));
  }
  KsResult result;
  result.statistic = d;
  // A sketch that kept every item is exact.
  const double error_a =
      static_cast<double>(a.retained()) == static_cast<double>(a.count()) ? 0 : kKllRankError;
  const double error_b =
      static_cast<double>(b.retained()) == static_cast<double>(b.count()) ? 0 : kKllRankError;
  result.error_bound = error_a + error_b;
  const double conservative = std::max(0.0, d - result.error_bound);
  result.exact = false;
  const double en = static_cast<double>(a.count()) * static_cast<double>(b.count()) /
                    static_cast<double>(a.count() + b.count());
  result.p_value = KolmogorovSurvival(std::sqrt(en) * conservative);
  return result;
}

double Psi(std::span<const double> expected_shares, std::span<const double> actual_shares) {
  double psi = 0;
  for (size_t i = 0; i < expected_shares.size() && i < actual_shares.size(); ++i) {
    const double q = std::max(expected_shares[i], kPsiFloor);
    const double p = std::max(actual_shares[i], kPsiFloor);
    psi += (p - q) * std::log(p / q);
  }
  return psi;
}

std::vector<double> BinShares(std::span<const double> values, std::span<const double> edges) {
  std::vector<double> shares(edges.size() + 1, 0.0);
  if (values.empty()) return shares;
  for (double v : values) {
    const size_t bin =
        static_cast<size_t>(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin());
    shares[bin] += 1;
  }
  for (double& s : shares) s /= static_cast<double>(values.size());
  return shares;
}

std::vector<double> DecileEdges(const KllSketch& expected) {
  std::vector<double> edges;
  if (expected.is_empty()) return edges;
  for (int decile = 1; decile < 10; ++decile) {
    const double edge = expected.Quantile(decile / 10.0);
    if (edges.empty() || edge > edges.back()) edges.push_back(edge);
  }
  return edges;
}

std::vector<double> SketchBinShares(const KllSketch& sketch, std::span<const double> edges) {
  std::vector<double> shares(edges.size() + 1, 0.0);
  double total = 0;
  for (const auto& [v, w] : sketch.WeightedItems()) {
    const size_t bin =
        static_cast<size_t>(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin());
    shares[bin] += static_cast<double>(w);
    total += static_cast<double>(w);
  }
  if (total > 0) {
    for (double& s : shares) s /= total;
  }
  return shares;
}

std::optional<double> ProfilePsi(const AttributeProfile& expected, const AttributeProfile& actual) {
  if (!expected.quantiles.is_empty() && !actual.quantiles.is_empty()) {
    const std::vector<double> edges = DecileEdges(expected.quantiles);
    return Psi(SketchBinShares(expected.quantiles, edges),
               SketchBinShares(actual.quantiles, edges));
  }
  if (!expected.top_overflowed && !actual.top_overflowed && expected.count > 0 &&
      actual.count > 0) {
    std::map<std::string, std::pair<double, double>> shares;
    for (const auto& [value, count] : expected.top)
      shares[value].first = static_cast<double>(count) / static_cast<double>(expected.count);
    for (const auto& [value, count] : actual.top)
      shares[value].second = static_cast<double>(count) / static_cast<double>(actual.count);
    std::vector<double> q, p;
    for (const auto& [value, pair] : shares) {
      q.push_back(pair.first);
      p.push_back(pair.second);
    }
    return Psi(q, p);
  }
  return std::nullopt;
}

}  // namespace hindsight::quality
