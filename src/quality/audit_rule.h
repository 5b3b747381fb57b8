// Audit rules: the YAML DSL a store's data is checked with (docs/QUALITY.md). A file:
//
//   defaults: {severity: error, period: hour}
//   rules:
//     - name: plan_null_rate
//       kind: bounds               # bounds | trend | drift | freshness | schema
//       attribute: facts.subscriber.plan   # a profile attribute; '*' globs ("facts.*")
//       metric: null_rate          # any AttributeProfile::Metric, or rate (counter / records)
//       max: 0.02                  # bounds: min and/or max
//       where: {app: search}       # only records of that slice (app or a string context column)
//       period: hour               # hour | day
//       severity: error            # warn | error
//
// trend: baseline same_hour_last_week | same_hour_trailing | hour_of_week | trailing,
//   window_days, min_history, mad_bands, min_relative_change.
// drift: compare_to trailing (window_days) | previous_period | same_period_last_week,
//   max_ks (on the KS statistic less the sketches' error), max_psi.
// freshness: max_lag (e.g. 2h, 30m). schema: attributes appearing or disappearing
//   against the previous period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quality/profile_catalog.h"
#include "util/status.h"

namespace hindsight::quality {

enum class AuditKind { kBounds, kTrend, kDrift, kFreshness, kSchema };
enum class Severity { kWarn, kError };
enum class TrendBaseline { kSameHourLastWeek, kSameHourTrailing, kHourOfWeek, kTrailing };
enum class DriftBaseline { kTrailing, kPreviousPeriod, kSamePeriodLastWeek };

std::string_view AuditKindName(AuditKind kind);
std::string_view SeverityName(Severity severity);

struct AuditRule {
  std::string name;
  int line = 0;  // in the rules file, for messages
  AuditKind kind = AuditKind::kBounds;
  Severity severity = Severity::kError;
  std::string attribute;  // may hold '*'
  std::string metric;
  std::string slice;  // "" or "app=search"
  Granularity period = Granularity::kHour;
  // bounds
  std::optional<double> min;
  std::optional<double> max;
  // trend
  TrendBaseline baseline = TrendBaseline::kSameHourTrailing;
  int window_days = 7;
  int min_history = 3;
  double mad_bands = 5;
  double min_relative_change = 0.2;
  // drift
  DriftBaseline compare_to = DriftBaseline::kTrailing;
  std::optional<double> max_ks;
  std::optional<double> max_psi;
  // freshness
  int64_t max_lag_us = 0;
};

struct AuditRules {
  std::string path;
  std::vector<AuditRule> rules;
};

// Parses a rules file. InvalidArgument "FILE:LINE: ..." on anything it does not accept:
// unknown keys, kinds, metrics or severities, missing thresholds, bad durations.
// `slice_columns` are the columns profiles can be sliced by (where may only name those).
[[nodiscard]] StatusOr<AuditRules> ParseAuditRules(const std::string& path,
                                                   const std::vector<std::string>& slice_columns);
[[nodiscard]] StatusOr<AuditRules> ParseAuditRulesText(
    const std::string& text, const std::string& path,
    const std::vector<std::string>& slice_columns);

// "90s", "30m", "2h", "1d" in microseconds.
[[nodiscard]] StatusOr<int64_t> ParseDuration(const std::string& text);

}  // namespace hindsight::quality
