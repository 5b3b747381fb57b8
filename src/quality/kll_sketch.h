// KllSketch: the KLL quantile sketch (Karnin, Lang, Liberty 2016) over doubles, with
// levels of capacity k * (2/3)^depth (at least 8). An item at level h stands for 2^h
// inputs. Normalized rank error at k = 200 is about 1.65% with 99% confidence.
// Compaction coins come from a generator seeded in the sketch, so the same inputs in the
// same order give the same sketch. Merging adds the other sketch's items level by level
// and compacts. NaN inputs are ignored (count them elsewhere). Not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace hindsight::quality {

class KllSketch {
 public:
  static constexpr int kDefaultK = 200;
  static constexpr int kMinLevelCapacity = 8;

  // REQUIRES: 8 <= k <= 65535.
  explicit KllSketch(int k = kDefaultK);

  void Update(double value);
  // Adds many values at once, given sorted and without NaN: halves them into levels
  // directly (each halving is one compaction, so the error bound is unchanged); much
  // cheaper per value than Update for large batches.
  void UpdateSorted(std::span<const double> sorted);
  // REQUIRES: other.k() == k().
  void Merge(const KllSketch& other);

  int k() const { return k_; }
  int64_t count() const { return n_; }
  bool is_empty() const { return n_ == 0; }
  double min() const { return min_; }
  double max() const { return max_; }

  // The value at normalized rank `rank` in [0, 1] (0: min, 1: max). REQUIRES: !is_empty().
  double Quantile(double rank) const;
  // Estimated fraction of inputs <= value.
  double Rank(double value) const;
  // Retained items sorted by value, each with the number of inputs it stands for.
  std::vector<std::pair<double, uint64_t>> WeightedItems() const;
  size_t retained() const;

  // Format: "KLL1" | k u16 | levels u8 | n u64 | min f64 | max f64 | rng u64 |
  //         per level: item count u32 | items f64...
  std::string Serialize() const;
  [[nodiscard]] static StatusOr<KllSketch> Deserialize(std::string_view bytes,
                                                       std::string_view what);

 private:
  size_t LevelCapacity(size_t level) const;
  size_t TotalCapacity() const;
  void CompressWhileFull();
  void CompactLevel(size_t level);
  bool NextCoin();

  int k_;
  int64_t n_ = 0;
  double min_ = 0;
  double max_ = 0;
  uint64_t rng_;
  std::vector<std::vector<double>> levels_;
  std::vector<double> merge_buffer_;  // scratch of CompactLevel, kept to avoid allocating
};

}  // namespace hindsight::quality
