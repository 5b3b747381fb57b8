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
constexpr uint8_t kMergedFlag = 1;
constexpr uint8_t kSparseFlag = 2;
constexpr size_t kSparseCountBytes = 4;
constexpr size_t kSparseEntryBytes = 3;             // register index u16, value u8
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

void HllSketch::Densify() {
  if (!registers_.empty()) return;
  registers_.assign(RegisterCount(), 0);
  for (uint32_t entry : sparse_) registers_[entry >> 8] = static_cast<uint8_t>(entry & 0xff);
  sparse_.clear();
  sparse_.shrink_to_fit();
}

void HllSketch::HoldInSmallerForm() {
  if (registers_.empty()) {
    if (sizeof(uint32_t) * sparse_.size() >= RegisterCount()) Densify();
    return;
  }
  size_t non_zero = 0;
  for (uint8_t r : registers_) non_zero += r != 0;
  if (sizeof(uint32_t) * non_zero >= RegisterCount()) return;
  sparse_.reserve(non_zero);
  for (size_t i = 0; i < registers_.size(); ++i) {
    if (registers_[i] != 0) sparse_.push_back(static_cast<uint32_t>(i << 8) | registers_[i]);
  }
  registers_.clear();
  registers_.shrink_to_fit();
}

double HllSketch::InverseSum() const {
  const auto& inverse = InversePowersOfTwo();
  size_t non_zero = 0;
  double sum = 0;
  auto add = [&](uint8_t r) {
    if (r == 0) return;
    ++non_zero;
    sum += inverse[r];
  };
  for (uint8_t r : registers_) add(r);
  for (uint32_t entry : sparse_) add(static_cast<uint8_t>(entry & 0xff));
  return static_cast<double>(RegisterCount() - non_zero) + sum;
}

std::vector<uint8_t> HllSketch::DenseRegisters() const {
  if (!registers_.empty()) return registers_;
  std::vector<uint8_t> dense(RegisterCount(), 0);
  for (uint32_t entry : sparse_) dense[entry >> 8] = static_cast<uint8_t>(entry & 0xff);
  return dense;
}

void HllSketch::UpdateHash(uint64_t hash) {
  if (registers_.empty()) Densify();
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
  Densify();
  if (other.registers_.empty()) {
    for (uint32_t entry : other.sparse_) {
      uint8_t& reg = registers_[entry >> 8];
      reg = std::max(reg, static_cast<uint8_t>(entry & 0xff));
    }
  } else {
    for (size_t i = 0; i < registers_.size(); ++i) {
      registers_[i] = std::max(registers_[i], other.registers_[i]);
    }
  }
  kxq_ = InverseSum();
  merged_ = true;
  return absl::OkStatus();
}

bool HllSketch::operator==(const HllSketch& other) const {
  if (lg_k_ != other.lg_k_) return false;
  if (is_empty() || other.is_empty()) return is_empty() && other.is_empty();
  if (registers_.empty() && other.registers_.empty()) return sparse_ == other.sparse_;
  return DenseRegisters() == other.DenseRegisters();
}

double HllSketch::RegisterEstimate() const {
  const int q = 64 - lg_k_;
  std::vector<int> histogram(q + 2, 0);
  if (is_empty()) return 0;
  if (registers_.empty()) {
    histogram[0] = static_cast<int>(RegisterCount() - sparse_.size());
    for (uint32_t entry : sparse_) ++histogram[std::min<int>(entry & 0xff, q + 1)];
  } else {
    for (uint8_t r : registers_) ++histogram[std::min<int>(r, q + 1)];
  }
  const double m = static_cast<double>(RegisterCount());
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
  const bool dense_form = !registers_.empty();
  size_t non_zero = sparse_.size();
  if (dense_form) {
    non_zero = 0;
    for (uint8_t r : registers_) non_zero += r != 0;
  }
  const bool sparse = kSparseCountBytes + kSparseEntryBytes * non_zero < RegisterCount();
  std::string out(kHeaderBytes, '\0');
  std::memcpy(out.data(), kMagic.data(), 4);
  out[4] = static_cast<char>(lg_k_);
  out[5] = static_cast<char>((merged_ ? kMergedFlag : 0) | (sparse ? kSparseFlag : 0));
  std::memcpy(out.data() + 6, &hip_, 8);
  std::memcpy(out.data() + 14, &kxq_, 8);
  if (!sparse) {  // registers held sparse are fewer still, so these are dense
    out.append(reinterpret_cast<const char*>(registers_.data()), registers_.size());
    return out;
  }
  const auto count = static_cast<uint32_t>(non_zero);
  out.append(reinterpret_cast<const char*>(&count), kSparseCountBytes);
  auto append_entry = [&out](size_t index, uint8_t value) {
    const auto index16 = static_cast<uint16_t>(index);
    out.append(reinterpret_cast<const char*>(&index16), 2);
    out.push_back(static_cast<char>(value));
  };
  if (dense_form) {
    for (size_t i = 0; i < registers_.size(); ++i) {
      if (registers_[i] != 0) append_entry(i, registers_[i]);
    }
  } else {
    for (uint32_t entry : sparse_) append_entry(entry >> 8, static_cast<uint8_t>(entry & 0xff));
  }
  return out;
}

StatusOr<HllSketch> HllSketch::Deserialize(std::string_view bytes, std::string_view what) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 4) != kMagic) {
    return absl::DataLossError(StrCat(what, ": not an HLL sketch (bad header)"));
  }
  const int lg_k = static_cast<uint8_t>(bytes[4]);
  const auto flags = static_cast<uint8_t>(bytes[5]);
  if (lg_k < kMinLgK || lg_k > kMaxLgK || (flags & ~(kMergedFlag | kSparseFlag)) != 0) {
    return absl::DataLossError(StrCat(what, ": HLL sketch of lg_k ", lg_k, ", flags ", int{flags}));
  }
  const size_t register_count = size_t{1} << lg_k;
  const int max_register = 64 - lg_k + 1;
  HllSketch sketch(lg_k);
  sketch.merged_ = (flags & kMergedFlag) != 0;
  std::memcpy(&sketch.hip_, bytes.data() + 6, 8);
  if (!std::isfinite(sketch.hip_) || sketch.hip_ < 0) {
    return absl::DataLossError(StrCat(what, ": HLL estimate is not a finite count"));
  }
  std::string_view body = bytes.substr(kHeaderBytes);
  if ((flags & kSparseFlag) != 0) {
    uint32_t non_zero = 0;
    if (body.size() >= kSparseCountBytes) std::memcpy(&non_zero, body.data(), kSparseCountBytes);
    if (body.size() < kSparseCountBytes || non_zero > register_count ||
        body.size() != kSparseCountBytes + kSparseEntryBytes * size_t{non_zero}) {
      return absl::DataLossError(
          StrCat(what, ": sparse HLL sketch of ", body.size(), " bytes is malformed"));
    }
    body.remove_prefix(kSparseCountBytes);
    sketch.sparse_.reserve(non_zero);
    int previous = -1;
    for (size_t e = 0; e < non_zero; ++e) {
      uint16_t index = 0;
      std::memcpy(&index, body.data() + e * kSparseEntryBytes, 2);
      const auto value = static_cast<uint8_t>(body[e * kSparseEntryBytes + 2]);
      if (index <= previous || index >= register_count || value == 0 || value > max_register) {
        return absl::DataLossError(StrCat(what, ": sparse HLL entry ", e, " (register ", index,
                                          ", value ", int{value}, ") out of order or range"));
      }
      sketch.sparse_.push_back(uint32_t{index} << 8 | value);
      previous = index;
    }
  } else {
    if (body.size() != register_count) {
      return absl::DataLossError(
          StrCat(what, ": HLL sketch of lg_k ", lg_k, " has ", bytes.size(), " bytes"));
    }
    sketch.registers_.assign(body.begin(), body.end());
    for (uint8_t r : sketch.registers_) {
      if (r > max_register) {
        return absl::DataLossError(StrCat(what, ": HLL register value ", int{r}, " out of range"));
      }
    }
  }
  sketch.HoldInSmallerForm();
  sketch.kxq_ = sketch.InverseSum();
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
