#include "quality/kll_sketch.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

constexpr std::string_view kMagic = "KLL1";
constexpr uint64_t kRngSeed = 0x9E3779B97F4A7C15;
constexpr double kCapacityDecay = 2.0 / 3.0;
constexpr size_t kMaxLevels = 61;

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool Take(std::string_view& in, T* value) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

// Capacity of a level `depth` levels below the top: k * (2/3)^depth, at least 8.
size_t CapacityAtDepth(int k, size_t depth) {
  const double capacity = std::ceil(k * std::pow(kCapacityDecay, static_cast<double>(depth)));
  return std::max<size_t>(KllSketch::kMinLevelCapacity, static_cast<size_t>(capacity));
}

// CapacityAtDepth for the default k, computed once.
const std::array<size_t, kMaxLevels>& DefaultCapacities() {
  static const std::array<size_t, kMaxLevels> capacities = [] {
    std::array<size_t, kMaxLevels> table{};
    for (size_t depth = 0; depth < kMaxLevels; ++depth) {
      table[depth] = CapacityAtDepth(KllSketch::kDefaultK, depth);
    }
    return table;
  }();
  return capacities;
}

}  // namespace

KllSketch::KllSketch(int k) : k_(k), rng_(kRngSeed), levels_(1) {}

size_t KllSketch::LevelCapacity(size_t level) const {
  const size_t depth = levels_.size() - 1 - level;
  return k_ == kDefaultK ? DefaultCapacities()[depth] : CapacityAtDepth(k_, depth);
}

size_t KllSketch::TotalCapacity() const {
  size_t total = 0;
  for (size_t h = 0; h < levels_.size(); ++h) total += LevelCapacity(h);
  return total;
}

size_t KllSketch::retained() const {
  size_t total = 0;
  for (const auto& level : levels_) total += level.size();
  return total;
}

bool KllSketch::NextCoin() {
  // xorshift64*: a fixed sequence, so sketches are reproducible.
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  return ((rng_ * 0x2545F4914F6CDD1DULL) >> 63) != 0;
}

void KllSketch::CompactLevel(size_t level) {
  if (level + 1 == levels_.size()) levels_.emplace_back();
  std::vector<double>& items = levels_[level];
  // Level 0 fills unsorted; the levels above stay sorted (each compaction merges in).
  if (level == 0) std::sort(items.begin(), items.end());
  // An odd item out stays behind (the smallest), the rest halve into the next level.
  const size_t keep = items.size() % 2;
  const size_t offset = NextCoin() ? 1 : 0;
  std::vector<double>& above = levels_[level + 1];
  // Merge the survivors into the sorted level above through a reused buffer.
  merge_buffer_.clear();
  size_t a = 0;
  for (size_t i = keep + offset; i < items.size(); i += 2) {
    while (a < above.size() && above[a] <= items[i]) merge_buffer_.push_back(above[a++]);
    merge_buffer_.push_back(items[i]);
  }
  merge_buffer_.insert(merge_buffer_.end(), above.begin() + static_cast<std::ptrdiff_t>(a),
                       above.end());
  above.swap(merge_buffer_);
  items.resize(keep);
}

void KllSketch::CompressWhileFull() {
  while (retained() > TotalCapacity() && levels_.size() < kMaxLevels) {
    for (size_t h = 0; h < levels_.size(); ++h) {
      if (levels_[h].size() >= LevelCapacity(h)) {
        CompactLevel(h);
        break;
      }
    }
  }
}

void KllSketch::Update(double value) {
  if (std::isnan(value)) return;
  if (n_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++n_;
  levels_[0].push_back(value);
  if (levels_[0].size() >= LevelCapacity(0) && retained() > TotalCapacity()) CompressWhileFull();
}

void KllSketch::UpdateSorted(std::span<const double> sorted) {
  if (sorted.size() < static_cast<size_t>(k_)) {
    for (double v : sorted) Update(v);
    return;
  }
  KllSketch batch(k_);
  batch.rng_ = rng_ ^ sorted.size();
  batch.n_ = static_cast<int64_t>(sorted.size());
  batch.min_ = sorted.front();
  batch.max_ = sorted.back();
  // Halve the sorted run until it fits a top level; an odd item out stays on its level.
  batch.levels_.clear();
  std::vector<double> run;
  size_t stride_start = 0;
  // Level 0 reads straight from `sorted`; later levels halve `run` in place.
  {
    std::vector<double> kept;
    if (sorted.size() % 2 == 1) kept.push_back(sorted.front());
    const size_t start = sorted.size() % 2 + (batch.NextCoin() ? 1 : 0);
    run.reserve(sorted.size() / 2 + 1);
    for (size_t i = start; i < sorted.size(); i += 2) run.push_back(sorted[i]);
    batch.levels_.push_back(std::move(kept));
  }
  while (run.size() > static_cast<size_t>(k_)) {
    std::vector<double> kept;
    if (run.size() % 2 == 1) kept.push_back(run.front());
    stride_start = run.size() % 2 + (batch.NextCoin() ? 1 : 0);
    size_t out = 0;
    for (size_t i = stride_start; i < run.size(); i += 2) run[out++] = run[i];
    run.resize(out);
    batch.levels_.push_back(std::move(kept));
  }
  batch.levels_.push_back(std::move(run));
  Merge(batch);
}

void KllSketch::Merge(const KllSketch& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  n_ += other.n_;
  if (other.levels_.size() > levels_.size()) levels_.resize(other.levels_.size());
  for (size_t h = 0; h < other.levels_.size(); ++h) {
    std::vector<double>& level = levels_[h];
    const auto sorted_prefix = static_cast<std::ptrdiff_t>(level.size());
    level.insert(level.end(), other.levels_[h].begin(), other.levels_[h].end());
    if (h > 0) std::inplace_merge(level.begin(), level.begin() + sorted_prefix, level.end());
  }
  rng_ ^= other.rng_ + 0x632BE59BD9B4E019ULL;
  if (rng_ == 0) rng_ = kRngSeed;
  CompressWhileFull();
}

std::vector<std::pair<double, uint64_t>> KllSketch::WeightedItems() const {
  std::vector<std::pair<double, uint64_t>> items;
  items.reserve(retained());
  for (size_t h = 0; h < levels_.size(); ++h) {
    for (double v : levels_[h]) items.push_back({v, uint64_t{1} << h});
  }
  std::sort(items.begin(), items.end());
  return items;
}

double KllSketch::Quantile(double rank) const {
  if (rank <= 0) return min_;
  if (rank >= 1) return max_;
  const auto items = WeightedItems();
  uint64_t total = 0;
  for (const auto& [v, w] : items) total += w;
  const double target = rank * static_cast<double>(total);
  uint64_t cumulative = 0;
  for (const auto& [v, w] : items) {
    cumulative += w;
    if (static_cast<double>(cumulative) >= target) return v;
  }
  return max_;
}

double KllSketch::Rank(double value) const {
  if (n_ == 0) return 0;
  uint64_t below = 0;
  uint64_t total = 0;
  for (size_t h = 0; h < levels_.size(); ++h) {
    for (double v : levels_[h]) {
      total += uint64_t{1} << h;
      if (v <= value) below += uint64_t{1} << h;
    }
  }
  return total == 0 ? 0 : static_cast<double>(below) / static_cast<double>(total);
}

std::string KllSketch::Serialize() const {
  std::string out(kMagic);
  Put<uint16_t>(out, static_cast<uint16_t>(k_));
  Put<uint8_t>(out, static_cast<uint8_t>(levels_.size()));
  Put<uint64_t>(out, static_cast<uint64_t>(n_));
  Put(out, min_);
  Put(out, max_);
  Put(out, rng_);
  for (const auto& level : levels_) {
    Put<uint32_t>(out, static_cast<uint32_t>(level.size()));
    if (!level.empty()) {
      out.append(reinterpret_cast<const char*>(level.data()), level.size() * sizeof(double));
    }
  }
  return out;
}

StatusOr<KllSketch> KllSketch::Deserialize(std::string_view bytes, std::string_view what) {
  auto corrupt = [&](std::string_view why) {
    return absl::DataLossError(StrCat(what, ": corrupt KLL sketch (", why, ")"));
  };
  if (bytes.substr(0, 4) != kMagic) return corrupt("bad header");
  std::string_view in = bytes.substr(4);
  uint16_t k = 0;
  uint8_t levels = 0;
  uint64_t n = 0;
  KllSketch sketch;
  if (!Take(in, &k) || !Take(in, &levels) || !Take(in, &n) || !Take(in, &sketch.min_) ||
      !Take(in, &sketch.max_) || !Take(in, &sketch.rng_)) {
    return corrupt("truncated header");
  }
  if (k < 8 || levels == 0 || levels > kMaxLevels) return corrupt("bad k or level count");
  sketch.k_ = k;
  sketch.n_ = static_cast<int64_t>(n);
  sketch.levels_.assign(levels, {});
  uint64_t weight = 0;
  for (size_t h = 0; h < levels; ++h) {
    uint32_t count = 0;
    if (!Take(in, &count)) return corrupt("truncated level");
    if (in.size() / sizeof(double) < count) return corrupt("level longer than the bytes");
    sketch.levels_[h].resize(count);
    if (count > 0) std::memcpy(sketch.levels_[h].data(), in.data(), count * sizeof(double));
    in.remove_prefix(count * sizeof(double));
    if (h > 0) std::sort(sketch.levels_[h].begin(), sketch.levels_[h].end());
    weight += static_cast<uint64_t>(count) << h;
  }
  if (!in.empty()) return corrupt("trailing bytes");
  if (weight != n) return corrupt("item weights do not add up");
  return sketch;
}

}  // namespace hindsight::quality
