// Two-sample distribution comparisons: the Kolmogorov–Smirnov test and the population
// stability index (PSI), on exact samples or on the KLL sketches of two profiles.
//
// Exact KS: the statistic D = max |F1 - F2| over the pooled values (ties handled like
// scipy.stats.ks_2samp), and its two-sided p-value by counting lattice paths
// (scipy's method='exact') while m*n <= kExactKsMaxPathCells, else from the Kolmogorov
// limiting distribution. Sketch KS: D between the sketches' CDFs, reported with the
// bound (the two sketches' rank errors added) that D may be off by.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "quality/attribute_profile.h"
#include "quality/kll_sketch.h"

namespace hindsight::quality {

// Beyond this many lattice cells the exact p-value is replaced by the asymptotic one.
inline constexpr int64_t kExactKsMaxPathCells = int64_t{50'000'000};
// KLL rank error of one sketch at k = 200 (99% confidence), as measured in
// sketch_accuracy_test.cc and stated by the KLL paper.
inline constexpr double kKllRankError = 0.017;

struct KsResult {
  double statistic = 0;
  double p_value = 1;
  bool exact = true;       // p-value by path counting
  double error_bound = 0;  // how far the statistic may be from the samples' (sketches)
};

// REQUIRES: both non-empty, no NaN.
KsResult KsTwoSample(std::vector<double> a, std::vector<double> b);
// D between two sketches' estimated CDFs.
KsResult KsFromSketches(const KllSketch& a, const KllSketch& b);

// Two-sided p-value of D for samples of sizes m and n.
double KsPValue(double statistic, int64_t m, int64_t n, bool* exact);

// PSI = sum over bins of (p_i - q_i) * ln(p_i / q_i), with p the share of `actual` and q
// of `expected` in each bin; shares are floored at kPsiFloor so empty bins stay finite.
inline constexpr double kPsiFloor = 1e-4;
double Psi(std::span<const double> expected_shares, std::span<const double> actual_shares);

// The shares of `values` in the bins cut at `edges` (bin i holds edges[i-1] < v <= edges[i];
// the first bin everything <= edges[0], the last everything above edges.back()).
std::vector<double> BinShares(std::span<const double> values, std::span<const double> edges);

// Bin edges at the expected profile's deciles (distinct values only).
std::vector<double> DecileEdges(const KllSketch& expected);
// Shares of a sketch's items in bins cut at `edges`.
std::vector<double> SketchBinShares(const KllSketch& sketch, std::span<const double> edges);

// PSI of two profiles: over deciles of `expected` for numbers and list lengths, over
// the top values for low-cardinality strings; nullopt when neither applies.
std::optional<double> ProfilePsi(const AttributeProfile& expected, const AttributeProfile& actual);

}  // namespace hindsight::quality
