#include "quality/hll_sketch.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>

#include "util/str_cat.h"
#include "xxhash.h"

namespace hindsight::quality {
namespace {

constexpr std::string_view kMagic = "HLL1";
constexpr size_t kHeaderBytes = 4 + 1 + 1 + 8 + 8;
constexpr uint64_t kHashSeed = 0x68696e6473696768;  // "hindsigh"

// sigma and tau of Ertl, "New cardinality estimation algorithms for HyperLogLog
// sketches" (2017), section 4: corrections for empty and saturated registers.
double Sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0;
  double z = x;
  double previous;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z != previous);
  return z;
}

double Tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0;
  double z = 1.0 - x;
  double previous;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
  } while (z != previous);
  return z / 3.0;
}

// 2^-r for every register value r (at most 64 - kMinLgK + 1).
const std::array<double, 66>& InversePowersOfTwo() {
  static const std::array<double, 66> table = [] {
    std::array<double, 66> powers{};
    for (size_t r = 0; r < powers.size(); ++r) powers[r] = std::ldexp(1.0, -static_cast<int>(r));
    return powers;
  }();
  return table;
}

}  // namespace

HllSketch::HllSketch(int lg_k) : lg_k_(lg_k), kxq_(static_cast<double>(RegisterCount())) {}

void HllSketch::UpdateHash(uint64_t hash) {
  if (registers_.empty()) registers_.assign(RegisterCount(), 0);
  const uint64_t index = hash >> (64 - lg_k_);
  const uint64_t rest = hash << lg_k_;
  const int max_rank = 64 - lg_k_ + 1;
  const int rank = rest == 0 ? max_rank : std::min(max_rank, std::countl_zero(rest) + 1);
  uint8_t& reg = registers_[index];
  if (rank <= reg) return;
  // HIP: the chance this value changed a register was kxq / m; count it as 1 / chance.
  hip_ += static_cast<double>(RegisterCount()) / kxq_;
  const auto& inverse = InversePowersOfTwo();
  kxq_ += inverse[rank] - inverse[reg];
  reg = static_cast<uint8_t>(rank);
}

Status HllSketch::Merge(const HllSketch& other) {
  if (other.lg_k_ != lg_k_) {
    return absl::InvalidArgumentError(
        StrCat("cannot merge HLL sketches of lg_k ", lg_k_, " and ", other.lg_k_));
  }
  if (other.is_empty()) return absl::OkStatus();
  if (is_empty()) {
    *this = other;
    return absl::OkStatus();
  }
  const auto& inverse = InversePowersOfTwo();
  double kxq = 0;
  for (size_t i = 0; i < registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
    kxq += inverse[registers_[i]];
  }
  kxq_ = kxq;
  merged_ = true;
  return absl::OkStatus();
}

bool HllSketch::operator==(const HllSketch& other) const {
  if (lg_k_ != other.lg_k_) return false;
  if (registers_.empty() || other.registers_.empty()) return is_empty() && other.is_empty();
  return registers_ == other.registers_;
}

double HllSketch::RegisterEstimate() const {
  const int q = 64 - lg_k_;
  std::vector<int> histogram(q + 2, 0);
  if (registers_.empty()) return 0;
  for (uint8_t r : registers_) ++histogram[std::min<int>(r, q + 1)];
  const double m = static_cast<double>(registers_.size());
  double z = m * Tau(1.0 - histogram[q + 1] / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + histogram[k]);
  z += m * Sigma(histogram[0] / m);
  constexpr double kAlphaInfinity = 0.5 / std::numbers::ln2;
  return kAlphaInfinity * m * m / z;
}

double HllSketch::Estimate() const {
  if (is_empty()) return 0;
  return merged_ ? RegisterEstimate() : hip_;
}

std::string HllSketch::Serialize() const {
  std::string out(kHeaderBytes + RegisterCount(), '\0');
  std::memcpy(out.data(), kMagic.data(), 4);
  out[4] = static_cast<char>(lg_k_);
  out[5] = merged_ ? 1 : 0;
  std::memcpy(out.data() + 6, &hip_, 8);
  std::memcpy(out.data() + 14, &kxq_, 8);
  if (!registers_.empty()) {
    std::memcpy(out.data() + kHeaderBytes, registers_.data(), registers_.size());
  }
  return out;
}

StatusOr<HllSketch> HllSketch::Deserialize(std::string_view bytes, std::string_view what) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 4) != kMagic) {
    return absl::DataLossError(StrCat(what, ": not an HLL sketch (bad header)"));
  }
  const int lg_k = static_cast<uint8_t>(bytes[4]);
  if (lg_k < kMinLgK || lg_k > kMaxLgK || bytes.size() != kHeaderBytes + (size_t{1} << lg_k)) {
    return absl::DataLossError(
        StrCat(what, ": HLL sketch of lg_k ", lg_k, " has ", bytes.size(), " bytes"));
  }
  HllSketch sketch(lg_k);
  sketch.merged_ = bytes[5] != 0;
  std::memcpy(&sketch.hip_, bytes.data() + 6, 8);
  const std::string_view registers = bytes.substr(kHeaderBytes);
  sketch.registers_.assign(registers.begin(), registers.end());
  double kxq = 0;
  for (uint8_t& r : sketch.registers_) {
    if (r > 64 - lg_k + 1) {
      return absl::DataLossError(StrCat(what, ": HLL register value ", int{r}, " out of range"));
    }
    kxq += InversePowersOfTwo()[r];
  }
  sketch.kxq_ = kxq;
  // An all-zero sketch needs no registers in memory.
  if (kxq == static_cast<double>(sketch.RegisterCount())) sketch.registers_.clear();
  if (!std::isfinite(sketch.hip_) || sketch.hip_ < 0) {
    return absl::DataLossError(StrCat(what, ": HLL estimate is not a finite count"));
  }
  return sketch;
}

uint64_t HashBytes(std::string_view bytes) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), kHashSeed);
}

uint64_t HashInt64(int64_t value) { return XXH3_64bits_withSeed(&value, sizeof value, kHashSeed); }

uint64_t HashDouble(double value) {
  if (value == 0.0) value = 0.0;
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  return XXH3_64bits_withSeed(&value, sizeof value, kHashSeed);
}

}  // namespace hindsight::quality
