#include "workload/distributions.h"

#include <algorithm>
#include <cmath>

#include "workload/deterministic_math.h"

namespace hindsight::workload {
namespace {

// Knuth's method multiplies uniforms until the product drops below e^-mean; chunks
// of at most this mean keep e^-mean far from underflow and the loop short.
constexpr double kPoissonChunkMean = 16.0;

}  // namespace

int64_t SamplePoisson(Rng& rng, double mean) {
  int64_t total = 0;
  while (mean > 0.0) {
    const double chunk = std::min(mean, kPoissonChunkMean);
    mean -= chunk;
    const double limit = DeterministicExp(-chunk);
    double product = rng.Uniform();
    while (product >= limit) {
      ++total;
      product *= rng.Uniform();
    }
  }
  return total;
}

double SampleStandardNormal(Rng& rng) {
  while (true) {
    const double u = 2.0 * rng.Uniform() - 1.0;
    const double v = 2.0 * rng.Uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * DeterministicLog(s) / s);
  }
}

CategoricalTable::CategoricalTable(const std::vector<double>& weights)
    : size_(weights.size()),
      keep_(weights.size(), 1.0),
      alias_(weights.size()),
      probabilities_(weights.size()) {
  double total = 0.0;
  for (double weight : weights) total += weight;
  const size_t n = weights.size();
  std::vector<double> scaled(n);
  std::vector<uint32_t> small;
  std::vector<uint32_t> large;
  for (size_t i = 0; i < n; ++i) {
    probabilities_[i] = weights[i] / total;
    scaled[i] = probabilities_[i] * static_cast<double>(n);
    alias_[i] = static_cast<uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t less = small.back();
    small.pop_back();
    const uint32_t more = large.back();
    keep_[less] = scaled[less];
    alias_[less] = more;
    scaled[more] = (scaled[more] + scaled[less]) - 1.0;
    if (scaled[more] < 1.0) {
      large.pop_back();
      small.push_back(more);
    }
  }
  // What remains is 1 up to rounding: those columns keep themselves.
  for (uint32_t i : small) keep_[i] = 1.0;
  for (uint32_t i : large) keep_[i] = 1.0;
}

CategoricalTable MakeZipfTable(size_t n) {
  std::vector<double> weights(n);
  for (size_t r = 0; r < n; ++r) weights[r] = 1.0 / static_cast<double>(r + 1);
  return CategoricalTable(weights);
}

}  // namespace hindsight::workload
