// AttributeProfile: what one attribute's values looked like in one slice of the data
// (a file, an hour, a day, one app...). Every field merges exactly (counts, min/max,
// mean and variance by Chan's parallel update, HLL registers, bounded top values)
// except the KLL quantiles, which merge within the sketch's rank error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quality/hll_sketch.h"
#include "quality/kll_sketch.h"
#include "util/status.h"

namespace hindsight::quality {

// What an attribute's values are:
//   kNumeric  integers, floats, booleans (0/1) and timestamps (microseconds);
//   kString   strings and bytes (no min/max/mean/quantiles);
//   kList     a repeated field or map: the values profiled are the list lengths;
//   kCounter  a record-level count with no values (e.g. records, duplicates dropped).
enum class AttributeKind : uint8_t { kNumeric, kString, kList, kCounter };

std::string_view AttributeKindName(AttributeKind kind);
std::optional<AttributeKind> ParseAttributeKind(std::string_view name);

// Up to kMaxTopValues distinct values with their counts; past that the attribute is not
// low-cardinality and the list is dropped (overflowed).
inline constexpr size_t kMaxTopValues = 32;

struct AttributeProfile {
  AttributeKind kind = AttributeKind::kNumeric;
  int64_t count = 0;  // values present (counters: the count itself)
  int64_t nulls = 0;  // places the attribute could be but was null or missing
  int64_t empty = 0;  // empty strings and zero-length lists
  double min = 0;     // numeric and list: over present values
  double max = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from the mean
  HllSketch distinct;
  KllSketch quantiles;
  bool top_overflowed = false;
  std::vector<std::pair<std::string, int64_t>> top;  // value text -> count, by value

  explicit AttributeProfile(AttributeKind k = AttributeKind::kNumeric) : kind(k) {}

  void AddNumber(double value);
  // Adds many numbers, REQUIRES: sorted, no NaN. The same result as AddNumber on each, up
  // to floating-point rounding of the mean and within the KLL bound for quantiles.
  void AddSortedNumbers(std::span<const double> values);
  void AddString(std::string_view value);
  void AddNull() { ++nulls; }
  // REQUIRES: same kind (else InvalidArgument naming `attribute`).
  [[nodiscard]] Status Merge(const AttributeProfile& other, std::string_view attribute);

  double null_rate() const;
  double stddev() const;
  // A named metric, for audits and printing: count, nulls, null_rate, empty, empty_rate,
  // missing_rate, min, max, mean, stddev, distinct, p01..p99 (pNN), median; nullopt when the metric
  // does not apply (e.g. mean of a string, any quantile of an empty profile).
  std::optional<double> Metric(std::string_view name) const;

 private:
  // Counts `text` `times` more, unless the top values overflow.
  void AddTop(std::string_view text, int64_t times = 1);
};

// The metric names Metric() knows, for error messages and the dashboard.
const std::vector<std::string>& MetricNames();

}  // namespace hindsight::quality
