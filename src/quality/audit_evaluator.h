// Runs audit rules over a store's hourly profiles. Every (rule, attribute, period)
// judged gives an AuditResult, violated or not, that explains itself: the metric, its
// value, the baseline and the threshold applied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quality/audit_rule.h"
#include "quality/profile_catalog.h"
#include "util/status.h"

namespace hindsight::quality {

struct AuditResult {
  std::string rule;
  AuditKind kind = AuditKind::kBounds;
  Severity severity = Severity::kError;
  std::string attribute;
  std::string slice;
  std::string metric;
  int64_t period_start_us = 0;
  int64_t period_end_us = 0;
  std::optional<double> value;
  std::optional<double> baseline;
  std::string threshold;  // the test applied, in words
  bool violated = false;
  bool skipped = false;  // not judged (e.g. too little history); `message` says why
  std::string message;
};

struct AuditOptions {
  // Periods judged: those starting in this range.
  TimeRange range;
  // The time freshness is judged at.
  int64_t now_us = 0;
  // When set, only the period holding this time is judged (per rule's granularity).
  std::optional<int64_t> at_us;
};

// `hourly` should hold the store's whole history (baselines look back before the range).
[[nodiscard]] StatusOr<std::vector<AuditResult>> RunAudit(const AuditRules& rules,
                                                          const HourlyProfiles& hourly,
                                                          const AuditOptions& options);

}  // namespace hindsight::quality
