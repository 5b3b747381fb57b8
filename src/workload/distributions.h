// Sampling distributions built on Rng only (never std::*_distribution, whose output
// is implementation-defined), so every machine draws the same world.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "workload/rng.h"

namespace hindsight::workload {

// Poisson(mean) by Knuth's product method, splitting large means into chunks (a sum
// of Poisson variables is Poisson). Requires 0 <= mean <= 1e6.
int64_t SamplePoisson(Rng& rng, double mean);

// Standard normal by Marsaglia's polar method.
double SampleStandardNormal(Rng& rng);

// Draws an index with probability proportional to fixed non-negative weights in O(1)
// with Walker's alias method (one 64-bit draw: 32 bits pick a column, 32 bits decide
// between the column and its alias). Built with Vose's stable construction.
class CategoricalTable {
 public:
  CategoricalTable() = default;
  // Requires 1 <= weights.size() < 2^32 and at least one weight > 0.
  explicit CategoricalTable(const std::vector<double>& weights);

  size_t Sample(Rng& rng) const {
    const uint64_t bits = rng.Next();
    const uint64_t column = ((bits >> 32) * size_) >> 32;
    const double fraction = static_cast<double>(bits & 0xffffffffu) * 0x1.0p-32;
    return fraction < keep_[column] ? column : alias_[column];
  }
  size_t size() const { return size_; }
  // Probability of index i.
  double Probability(size_t i) const { return probabilities_[i]; }

 private:
  uint64_t size_ = 0;
  std::vector<double> keep_;     // chance of keeping the column
  std::vector<uint32_t> alias_;  // the other index of the column
  std::vector<double> probabilities_;
};

// Zipf over ranks 0..n-1 with exponent 1: P(rank r) proportional to 1 / (r + 1).
CategoricalTable MakeZipfTable(size_t n);

}  // namespace hindsight::workload
