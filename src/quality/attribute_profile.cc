#include "quality/attribute_profile.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

constexpr std::string_view kKindNames[] = {"numeric", "string", "list", "counter"};

std::string NumberText(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

}  // namespace

std::string_view AttributeKindName(AttributeKind kind) {
  return kKindNames[static_cast<int>(kind)];
}

std::optional<AttributeKind> ParseAttributeKind(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (kKindNames[i] == name) return static_cast<AttributeKind>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& MetricNames() {
  static const std::vector<std::string> names = {
      "count", "nulls", "null_rate", "empty",    "empty_rate", "missing_rate", "min",
      "max",   "mean",  "stddev",    "distinct", "median",     "p01",          "p05",
      "p10",   "p25",   "p75",       "p90",      "p95",        "p99"};
  return names;
}

void AttributeProfile::AddNumber(double value) {
  if (std::isnan(value)) {
    ++nulls;
    return;
  }
  if (count == 0) {
    min = max = value;
  } else {
    min = std::min(min, value);
    max = std::max(max, value);
  }
  ++count;
  const double delta = value - mean;
  mean += delta / static_cast<double>(count);
  m2 += delta * (value - mean);
  if (kind == AttributeKind::kList && value == 0) ++empty;
  distinct.UpdateHash(HashDouble(value));
  quantiles.Update(value);
  if (!top_overflowed) AddTop(NumberText(value));
}

void AttributeProfile::AddSortedNumbers(std::span<const double> values) {
  if (values.empty()) return;
  const double batch_min = values.front();
  const double batch_max = values.back();
  double sum = 0;
  int64_t zeros = 0;
  for (double v : values) {
    sum += v;
    zeros += v == 0 ? 1 : 0;
  }
  const double n_b = static_cast<double>(values.size());
  const double batch_mean = sum / n_b;
  double batch_m2 = 0;
  for (double v : values) batch_m2 += (v - batch_mean) * (v - batch_mean);
  if (count == 0) {
    min = batch_min;
    max = batch_max;
    mean = batch_mean;
    m2 = batch_m2;
  } else {
    min = std::min(min, batch_min);
    max = std::max(max, batch_max);
    const double n_a = static_cast<double>(count);
    const double delta = batch_mean - mean;
    mean += delta * n_b / (n_a + n_b);
    m2 += batch_m2 + delta * delta * n_a * n_b / (n_a + n_b);
  }
  count += static_cast<int64_t>(values.size());
  if (kind == AttributeKind::kList) empty += zeros;
  // Sorted: equal values are adjacent, so each run is hashed and counted once.
  std::vector<std::pair<double, int64_t>> seen;
  for (size_t i = 0; i < values.size();) {
    size_t j = i + 1;
    while (j < values.size() && values[j] == values[i]) ++j;
    distinct.UpdateHash(HashDouble(values[i]));
    if (!top_overflowed && seen.size() <= kMaxTopValues) {
      seen.push_back({values[i], static_cast<int64_t>(j - i)});
    }
    i = j;
  }
  if (!top_overflowed) {
    if (seen.size() > kMaxTopValues) {
      top_overflowed = true;
      top.clear();
    } else {
      for (const auto& [v, n] : seen) {
        AddTop(NumberText(v), n);
        if (top_overflowed) break;
      }
    }
  }
  quantiles.UpdateSorted(values);
}

void AttributeProfile::AddString(std::string_view value) {
  ++count;
  if (value.empty()) ++empty;
  distinct.UpdateHash(HashBytes(value));
  if (!top_overflowed) AddTop(value);
}

void AttributeProfile::AddTop(std::string_view text, int64_t times) {
  auto at = std::lower_bound(top.begin(), top.end(), text,
                             [](const auto& entry, std::string_view t) { return entry.first < t; });
  if (at != top.end() && at->first == text) {
    at->second += times;
    return;
  }
  if (top.size() >= kMaxTopValues) {
    top_overflowed = true;
    top.clear();
    top.shrink_to_fit();
    return;
  }
  top.insert(at, {std::string(text), times});
}

Status AttributeProfile::Merge(const AttributeProfile& other, std::string_view attribute) {
  if (other.kind != kind) {
    return absl::InvalidArgumentError(StrCat("attribute '", attribute, "' is ",
                                             AttributeKindName(kind), " in one profile and ",
                                             AttributeKindName(other.kind), " in another"));
  }
  if (other.count > 0 && kind != AttributeKind::kString && kind != AttributeKind::kCounter) {
    if (count == 0) {
      min = other.min;
      max = other.max;
      mean = other.mean;
      m2 = other.m2;
    } else {
      min = std::min(min, other.min);
      max = std::max(max, other.max);
      const double n_a = static_cast<double>(count);
      const double n_b = static_cast<double>(other.count);
      const double delta = other.mean - mean;
      mean += delta * n_b / (n_a + n_b);
      m2 += other.m2 + delta * delta * n_a * n_b / (n_a + n_b);
    }
  }
  count += other.count;
  nulls += other.nulls;
  empty += other.empty;
  HS_RETURN_IF_ERROR(distinct.Merge(other.distinct));
  quantiles.Merge(other.quantiles);
  if (top_overflowed || other.top_overflowed) {
    top_overflowed = true;
    top.clear();
  } else {
    std::vector<std::pair<std::string, int64_t>> merged;
    std::merge(top.begin(), top.end(), other.top.begin(), other.top.end(),
               std::back_inserter(merged));
    top.clear();
    for (auto& entry : merged) {
      if (!top.empty() && top.back().first == entry.first) {
        top.back().second += entry.second;
      } else {
        top.push_back(std::move(entry));
      }
    }
    if (top.size() > kMaxTopValues) {
      top_overflowed = true;
      top.clear();
    }
  }
  return absl::OkStatus();
}

double AttributeProfile::null_rate() const {
  const int64_t places = count + nulls;
  return places == 0 ? 0 : static_cast<double>(nulls) / static_cast<double>(places);
}

double AttributeProfile::stddev() const {
  return count < 2 ? 0 : std::sqrt(m2 / static_cast<double>(count - 1));
}

std::optional<double> AttributeProfile::Metric(std::string_view name) const {
  const bool numeric = kind == AttributeKind::kNumeric || kind == AttributeKind::kList;
  if (name == "count") return static_cast<double>(count);
  if (name == "nulls") return static_cast<double>(nulls);
  if (name == "null_rate") return null_rate();
  if (name == "empty") return static_cast<double>(empty);
  if (name == "empty_rate") {
    return count == 0 ? 0 : static_cast<double>(empty) / static_cast<double>(count);
  }
  if (name == "missing_rate") {
    // Null, or empty: protobuf 3 cannot tell an unset string or list from an empty one.
    const int64_t places = count + nulls;
    return places == 0 ? 0 : static_cast<double>(nulls + empty) / static_cast<double>(places);
  }
  if (name == "distinct") {
    if (kind == AttributeKind::kCounter) return std::nullopt;
    return distinct.Estimate();
  }
  if (!numeric || count == 0) return std::nullopt;
  if (name == "min") return min;
  if (name == "max") return max;
  if (name == "mean") return mean;
  if (name == "stddev") return stddev();
  if (quantiles.is_empty()) return std::nullopt;
  if (name == "median") return quantiles.Quantile(0.5);
  if (name.size() == 3 && name[0] == 'p') {
    int percent = 0;
    const auto [end, ec] = std::from_chars(name.data() + 1, name.data() + 3, percent);
    if (ec == std::errc() && end == name.data() + 3 && percent >= 1 && percent <= 99) {
      return quantiles.Quantile(percent / 100.0);
    }
  }
  return std::nullopt;
}

}  // namespace hindsight::quality
