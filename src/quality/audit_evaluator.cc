#include "quality/audit_evaluator.h"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "quality/distribution_tests.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::quality {
namespace {

constexpr int64_t kHourUs = int64_t{3'600'000'000};
constexpr int64_t kDayUs = 24 * kHourUs;
// Below this many values a distribution comparison says little: the rule is skipped.
constexpr int64_t kMinDriftValues = 30;
// MAD * 1.4826 estimates the standard deviation of normal data.
constexpr double kMadToSigma = 1.4826;

std::string Num(double v) {
  std::ostringstream out;
  out.precision(6);
  out << v;
  return out.str();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int64_t PeriodLength(Granularity g) { return g == Granularity::kDay ? kDayUs : kHourUs; }

class Evaluator {
 public:
  Evaluator(const HourlyProfiles& hourly, const HourlyProfiles& daily, const AuditOptions& options)
      : hourly_(hourly), daily_(daily), options_(options) {
    if (!hourly.empty()) {
      first_hour_ = hourly.begin()->first;
      last_hour_ = hourly.rbegin()->first;
    }
  }

  Status Run(const AuditRule& rule, std::vector<AuditResult>& out) {
    if (hourly_.empty()) return absl::OkStatus();
    if (rule.kind == AuditKind::kFreshness) {
      out.push_back(Freshness(rule));
      return absl::OkStatus();
    }
    const std::vector<std::string> attributes =
        rule.kind == AuditKind::kSchema ? std::vector<std::string>{""} : Expand(rule);
    for (int64_t start : Periods(rule.period)) {
      for (const std::string& attribute : attributes) {
        AuditResult result = Base(rule, attribute, start);
        switch (rule.kind) {
          case AuditKind::kBounds:
            Bounds(rule, result);
            break;
          case AuditKind::kTrend:
            Trend(rule, result);
            break;
          case AuditKind::kDrift:
            Drift(rule, result);
            break;
          case AuditKind::kSchema:
            Schema(rule, result);
            break;
          case AuditKind::kFreshness:
            break;
        }
        out.push_back(std::move(result));
      }
    }
    return absl::OkStatus();
  }

 private:
  const HourlyProfiles& Level(Granularity g) const {
    return g == Granularity::kDay ? daily_ : hourly_;
  }

  // Every period of the rule's granularity from the first to the last hour with data
  // (empty periods included: a whole hour lost is a finding), starting in the range.
  std::vector<int64_t> Periods(Granularity g) const {
    std::vector<int64_t> periods;
    if (options_.at_us.has_value()) return {PeriodStart(*options_.at_us, g)};
    const int64_t step = PeriodLength(g);
    for (int64_t t = PeriodStart(first_hour_, g); t <= last_hour_; t += step) {
      if (options_.range.Contains(t)) periods.push_back(t);
    }
    return periods;
  }

  bool Covered(int64_t start, Granularity g) const {
    return start >= PeriodStart(first_hour_, g) && start <= last_hour_;
  }

  const ProfileSet* SetAt(int64_t start, Granularity g) const {
    const auto& level = Level(g);
    auto it = level.find(start);
    return it == level.end() ? nullptr : &it->second;
  }

  std::vector<std::string> Expand(const AuditRule& rule) const {
    if (rule.attribute.find_first_of("*?[") == std::string::npos) return {rule.attribute};
    std::set<std::string> matched;
    for (const auto& [hour, set] : daily_) {
      for (const auto& [key, profile] : set.entries()) {
        if (key.slice == rule.slice &&
            fnmatch(rule.attribute.c_str(), key.attribute.c_str(), 0) == 0) {
          matched.insert(key.attribute);
        }
      }
    }
    return {matched.begin(), matched.end()};
  }

  AuditResult Base(const AuditRule& rule, const std::string& attribute, int64_t start) const {
    AuditResult r;
    r.rule = rule.name;
    r.kind = rule.kind;
    r.severity = rule.severity;
    r.attribute = attribute;
    r.slice = rule.slice;
    r.metric = rule.metric;
    r.period_start_us = start;
    r.period_end_us = start + PeriodLength(rule.period);
    return r;
  }

  // The metric in a period; 0 for counts of a period or attribute with no data, nullopt
  // for metrics that need values.
  std::optional<double> Value(const AuditRule& rule, const std::string& attribute,
                              int64_t start) const {
    const ProfileSet* set = SetAt(start, rule.period);
    const AttributeProfile* profile = set ? set->Find(rule.slice, attribute) : nullptr;
    const bool counting = rule.metric == "count" || rule.metric == "nulls" ||
                          rule.metric == "empty" || rule.metric == "rate";
    if (profile == nullptr) return counting ? std::optional<double>(0) : std::nullopt;
    if (rule.metric == "rate") {
      // Per record that reached the store: records kept, plus the duplicates dropped or
      // lines rejected when those are what is counted (late records are kept).
      const AttributeProfile* records = set->Find(rule.slice, kRecordsCounter);
      double denominator = records ? static_cast<double>(records->count) : 0;
      if (attribute == kDuplicatesCounter || attribute == kRejectedCounter) {
        denominator += static_cast<double>(profile->count);
      }
      if (denominator == 0) return std::nullopt;
      return static_cast<double>(profile->count) / denominator;
    }
    return profile->Metric(rule.metric);
  }

  void Bounds(const AuditRule& rule, AuditResult& r) const {
    r.value = Value(rule, r.attribute, r.period_start_us);
    std::vector<std::string> limits;
    if (rule.min) limits.push_back(StrCat("min ", Num(*rule.min)));
    if (rule.max) limits.push_back(StrCat("max ", Num(*rule.max)));
    r.threshold = limits.size() == 2 ? StrCat(limits[0], ", ", limits[1]) : limits[0];
    if (!r.value) {
      r.skipped = true;
      r.message = StrCat(rule.metric, " has no value here");
      return;
    }
    if (rule.min && *r.value < *rule.min) {
      r.violated = true;
      r.message = StrCat(rule.metric, " ", Num(*r.value), " < min ", Num(*rule.min));
    } else if (rule.max && *r.value > *rule.max) {
      r.violated = true;
      r.message = StrCat(rule.metric, " ", Num(*r.value), " > max ", Num(*rule.max));
    } else {
      r.message = StrCat(rule.metric, " ", Num(*r.value), " within ", r.threshold);
    }
  }

  std::vector<int64_t> TrendBaselinePeriods(const AuditRule& rule, int64_t start) const {
    std::vector<int64_t> periods;
    const int64_t step = PeriodLength(rule.period);
    switch (rule.baseline) {
      case TrendBaseline::kSameHourLastWeek:
        periods.push_back(start - 7 * kDayUs);
        break;
      case TrendBaseline::kSameHourTrailing:
        for (int d = 1; d <= rule.window_days; ++d) periods.push_back(start - d * kDayUs);
        break;
      case TrendBaseline::kHourOfWeek:
        for (int w = 1; w <= std::max(1, rule.window_days / 7); ++w)
          periods.push_back(start - w * 7 * kDayUs);
        break;
      case TrendBaseline::kTrailing: {
        const int64_t count = rule.window_days * kDayUs / step;
        for (int64_t i = 1; i <= count; ++i) periods.push_back(start - i * step);
        break;
      }
    }
    std::erase_if(periods, [&](int64_t p) { return !Covered(p, rule.period); });
    return periods;
  }

  void Trend(const AuditRule& rule, AuditResult& r) const {
    r.value = Value(rule, r.attribute, r.period_start_us);
    std::vector<double> history;
    for (int64_t p : TrendBaselinePeriods(rule, r.period_start_us)) {
      if (auto v = Value(rule, r.attribute, p); v.has_value()) history.push_back(*v);
    }
    if (!r.value || static_cast<int>(history.size()) < rule.min_history) {
      r.skipped = true;
      r.message =
          StrCat("not judged: ", history.size(), " baseline period(s), need ", rule.min_history);
      return;
    }
    const double median = Median(history);
    std::vector<double> deviations;
    for (double v : history) deviations.push_back(std::abs(v - median));
    const double mad = Median(deviations);
    const double band =
        std::max(rule.mad_bands * kMadToSigma * mad, rule.min_relative_change * std::abs(median));
    r.baseline = median;
    r.threshold = StrCat("|value - median| <= ", Num(band), " (", Num(rule.mad_bands), " MAD or ",
                         Num(100 * rule.min_relative_change), "% of the median, the larger)");
    const double deviation = *r.value - median;
    r.violated = std::abs(deviation) > band;
    r.message =
        StrCat(rule.metric, " ", Num(*r.value), " vs baseline median ", Num(median), " of ",
               history.size(), " period(s): ", deviation < 0 ? "" : "+", Num(deviation),
               r.violated ? StrCat(" outside ±", Num(band)) : StrCat(" within ±", Num(band)));
  }

  void Drift(const AuditRule& rule, AuditResult& r) const {
    const ProfileSet* set = SetAt(r.period_start_us, rule.period);
    const AttributeProfile* current = set ? set->Find(rule.slice, r.attribute) : nullptr;
    std::vector<int64_t> periods;
    const int64_t step = PeriodLength(rule.period);
    switch (rule.compare_to) {
      case DriftBaseline::kPreviousPeriod:
        periods.push_back(r.period_start_us - step);
        break;
      case DriftBaseline::kSamePeriodLastWeek:
        periods.push_back(r.period_start_us - 7 * kDayUs);
        break;
      case DriftBaseline::kTrailing:
        for (int64_t i = 1; i <= rule.window_days * kDayUs / step; ++i) {
          periods.push_back(r.period_start_us - i * step);
        }
        break;
    }
    AttributeProfile baseline(current ? current->kind : AttributeKind::kNumeric);
    int64_t used = 0;
    for (int64_t p : periods) {
      const ProfileSet* past = Covered(p, rule.period) ? SetAt(p, rule.period) : nullptr;
      const AttributeProfile* profile = past ? past->Find(rule.slice, r.attribute) : nullptr;
      if (profile == nullptr || profile->kind != baseline.kind) continue;
      if (baseline.Merge(*profile, r.attribute).ok()) ++used;
    }
    r.metric = rule.max_ks ? "ks" : "psi";
    std::vector<std::string> limits;
    if (rule.max_ks) limits.push_back(StrCat("KS - sketch error <= ", Num(*rule.max_ks)));
    if (rule.max_psi) limits.push_back(StrCat("PSI <= ", Num(*rule.max_psi)));
    r.threshold = limits.size() == 2 ? StrCat(limits[0], ", ", limits[1]) : limits[0];
    if (current == nullptr || current->count < kMinDriftValues ||
        baseline.count < kMinDriftValues) {
      r.skipped = true;
      r.message = StrCat("not judged: fewer than ", kMinDriftValues,
                         " values in the period or its baseline");
      return;
    }
    std::vector<std::string> findings;
    std::vector<std::string> notes;
    if (rule.max_ks && !current->quantiles.is_empty() && !baseline.quantiles.is_empty()) {
      const KsResult ks = KsFromSketches(baseline.quantiles, current->quantiles);
      const double conservative = std::max(0.0, ks.statistic - ks.error_bound);
      r.value = ks.statistic;
      r.baseline = static_cast<double>(used);
      const std::string text = StrCat("KS ", Num(ks.statistic), " (± ", Num(ks.error_bound),
                                      " sketch error, p ", Num(ks.p_value), ")");
      (conservative > *rule.max_ks ? findings : notes).push_back(text);
    }
    if (rule.max_psi) {
      if (auto psi = ProfilePsi(baseline, *current); psi.has_value()) {
        if (!r.value) {
          r.metric = "psi";
          r.value = *psi;
        }
        const std::string text = StrCat("PSI ", Num(*psi));
        (*psi > *rule.max_psi ? findings : notes).push_back(text);
      }
    }
    if (findings.empty() && notes.empty()) {
      r.skipped = true;
      r.message =
          "not judged: neither KS (numbers) nor PSI (numbers, low-cardinality values) applies";
      return;
    }
    r.violated = !findings.empty();
    std::string joined;
    for (const auto& f : findings) joined += StrCat(joined.empty() ? "" : "; ", f);
    for (const auto& n : notes) joined += StrCat(joined.empty() ? "" : "; ", n);
    r.message = StrCat(r.violated ? "drifted: " : "stable: ", joined, " against ", used,
                       " baseline period(s)");
  }

  void Schema(const AuditRule& rule, AuditResult& r) const {
    r.metric = "attributes";
    r.threshold = "same attributes as the previous period";
    const ProfileSet* current = SetAt(r.period_start_us, rule.period);
    const ProfileSet* previous = SetAt(r.period_start_us - PeriodLength(rule.period), rule.period);
    auto present = [&](const ProfileSet* set) {
      std::set<std::string> names;
      if (set == nullptr) return names;
      for (const auto& [key, profile] : set->entries()) {
        if (key.slice == rule.slice && profile.kind != AttributeKind::kCounter &&
            profile.count + profile.nulls > 0) {
          names.insert(key.attribute);
        }
      }
      return names;
    };
    const auto now = present(current);
    const auto before = present(previous);
    if (now.empty() || before.empty()) {
      r.skipped = true;
      r.message = "not judged: no records in this or the previous period";
      return;
    }
    std::string appeared, disappeared;
    for (const auto& a : now) {
      if (!before.contains(a)) appeared += StrCat(appeared.empty() ? "" : ", ", a);
    }
    for (const auto& a : before) {
      if (!now.contains(a)) disappeared += StrCat(disappeared.empty() ? "" : ", ", a);
    }
    r.value = static_cast<double>(now.size());
    r.baseline = static_cast<double>(before.size());
    r.violated = !appeared.empty() || !disappeared.empty();
    if (!r.violated) {
      r.message = StrCat(now.size(), " attributes, as before");
      return;
    }
    r.message = StrCat(appeared.empty() ? "" : StrCat("appeared: ", appeared),
                       !appeared.empty() && !disappeared.empty() ? "; " : "",
                       disappeared.empty() ? "" : StrCat("disappeared: ", disappeared));
  }

  AuditResult Freshness(const AuditRule& rule) const {
    AuditResult r = Base(rule, "ts", PeriodStart(options_.now_us, Granularity::kHour));
    r.metric = "lag";
    std::optional<double> newest;
    for (const auto& [hour, set] : hourly_) {
      if (const AttributeProfile* ts = set.Find(rule.slice, "ts"); ts && ts->count > 0) {
        newest = std::max(newest.value_or(ts->max), ts->max);
      }
    }
    r.threshold = StrCat("lag <= ", Num(static_cast<double>(rule.max_lag_us) / 1e6), " s");
    if (!newest) {
      r.violated = true;
      r.message = "no records at all";
      return r;
    }
    const double lag = static_cast<double>(options_.now_us) - *newest;
    r.value = lag / 1e6;
    r.baseline = *newest;
    r.violated = lag > static_cast<double>(rule.max_lag_us);
    r.message = StrCat("newest record ", FormatTimeMicros(static_cast<int64_t>(*newest)), ", ",
                       Num(lag / 3.6e9), " h before ", FormatTimeMicros(options_.now_us));
    return r;
  }

  const HourlyProfiles& hourly_;
  const HourlyProfiles& daily_;
  const AuditOptions& options_;
  int64_t first_hour_ = 0;
  int64_t last_hour_ = -1;
};

}  // namespace

StatusOr<std::vector<AuditResult>> RunAudit(const AuditRules& rules, const HourlyProfiles& hourly,
                                            const AuditOptions& options) {
  HS_ASSIGN_OR_RETURN(const HourlyProfiles daily, RollUp(hourly, Granularity::kDay));
  Evaluator evaluator(hourly, daily, options);
  std::vector<AuditResult> results;
  for (const AuditRule& rule : rules.rules) HS_RETURN_IF_ERROR(evaluator.Run(rule, results));
  return results;
}

}  // namespace hindsight::quality
