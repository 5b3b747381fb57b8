// HllSketch: a HyperLogLog distinct-count sketch with 2^lg_k one-byte registers.
// A sketch fed by one stream estimates with the HIP estimator (historic inverse
// probability, relative standard error ~0.83/sqrt(2^lg_k), 1.3% at lg_k 12); once merged
// it estimates from its registers alone (Ertl's improved estimator, ~1.04/sqrt(2^lg_k)).
// Registers merge by maximum, so a merged sketch equals the sketch of the union whatever
// the order or grouping of the inputs. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hindsight::quality {

class HllSketch {
 public:
  static constexpr int kDefaultLgK = 12;
  static constexpr int kMinLgK = 4;
  static constexpr int kMaxLgK = 16;

  // REQUIRES: kMinLgK <= lg_k <= kMaxLgK.
  explicit HllSketch(int lg_k = kDefaultLgK);

  // Adds a value by its 64-bit hash (HashBytes / HashInt64 / HashDouble).
  void UpdateHash(uint64_t hash);

  // Adds every value `other` saw. InvalidArgument when the lg_k differ.
  [[nodiscard]] Status Merge(const HllSketch& other);

  double Estimate() const;
  int lg_k() const { return lg_k_; }
  bool is_empty() const {
    return (registers_.empty() && sparse_.empty()) || kxq_ == static_cast<double>(RegisterCount());
  }

  // Format: "HLL1" | lg_k u8 | flags u8 (1: merged, 2: sparse) | hip f64 | kxq f64 |
  // registers: dense, 2^lg_k bytes; or sparse (when smaller), a u32 count of non-zero
  // registers then (index u16, value u8) for each, by increasing index.
  std::string Serialize() const;
  // `what` names the source in errors.
  [[nodiscard]] static StatusOr<HllSketch> Deserialize(std::string_view bytes,
                                                       std::string_view what);

  // Equal registers (an empty sketch equals one whose registers are all zero).
  bool operator==(const HllSketch& other) const;

 private:
  double RegisterEstimate() const;
  size_t RegisterCount() const { return size_t{1} << lg_k_; }
  // Moves sparse entries into dense registers (before any update).
  void Densify();
  // Keeps registers sparse while the entries take less memory than dense ones, else dense.
  void HoldInSmallerForm();
  // Sum over registers of 2^-value, whichever form holds them (zeros counted as a whole).
  double InverseSum() const;
  std::vector<uint8_t> DenseRegisters() const;

  int lg_k_;
  bool merged_ = false;
  double hip_ = 0;  // HIP running estimate; meaningful while !merged_
  double kxq_;      // sum over registers of 2^-value
  // Registers, dense or sparse; both empty: all zero. A sketch read back with few
  // non-zero registers keeps them sparse (as (index << 8 | value), by index) until it is
  // updated or merged into, so months of stored hourly profiles fit in memory.
  std::vector<uint8_t> registers_;
  std::vector<uint32_t> sparse_;
};

// The hashes sketches and sampling use (XXH3, fixed seed): equal values hash equally
// in every store and version.
uint64_t HashBytes(std::string_view bytes);
uint64_t HashInt64(int64_t value);
// -0.0 hashes as 0.0; every NaN as one value.
uint64_t HashDouble(double value);

}  // namespace hindsight::quality
