#include "quality/dashboard_data.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "quality/audit_result_file.h"
#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

nlohmann::json Number(const std::optional<double>& v) {
  return v.has_value() && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::optional<double> MetricOf(const ProfileSet& set, const std::string& slice,
                               const std::string& attribute, const std::string& metric) {
  const AttributeProfile* profile = set.Find(slice, attribute);
  if (profile == nullptr) {
    return metric == "count" || metric == "nulls" ? std::optional<double>(0) : std::nullopt;
  }
  if (metric == "rate") {
    const AttributeProfile* records = set.Find(slice, kRecordsCounter);
    if (records == nullptr || records->count == 0) return std::nullopt;
    return static_cast<double>(profile->count) / static_cast<double>(records->count);
  }
  return profile->Metric(metric);
}

// Merges the profiles of (slice, attribute) over the hours of `range`.
AttributeProfile MergeOver(const HourlyProfiles& hourly, const std::string& slice,
                           const std::string& attribute, const TimeRange& range, bool* found) {
  AttributeProfile merged;
  *found = false;
  for (auto it = hourly.lower_bound(range.from_us); it != hourly.end() && it->first < range.to_us;
       ++it) {
    const AttributeProfile* profile = it->second.Find(slice, attribute);
    if (profile == nullptr) continue;
    if (!*found) {
      merged = AttributeProfile(profile->kind);
      *found = true;
    }
    PermitUncheckedError(merged.Merge(*profile, attribute));
  }
  return merged;
}

}  // namespace

StatusOr<DashboardData> DashboardData::Load(const std::string& store) {
  DashboardData data;
  data.store_ = store;
  HS_ASSIGN_OR_RETURN(data.hourly_, LoadHourlyProfiles(store, {}));
  HS_ASSIGN_OR_RETURN(data.daily_, RollUp(data.hourly_, Granularity::kDay));
  HS_ASSIGN_OR_RETURN(const std::vector<StoredAuditResult> stored,
                      ReadAuditResults(store::AuditResultsDir(store)));
  int64_t latest_run = 0;
  for (const auto& s : stored) latest_run = std::max(latest_run, s.run_at_us);
  data.audits_ = nlohmann::json::array();
  for (const auto& s : stored) {
    if (s.run_at_us != latest_run || !s.result.violated) continue;
    const AuditResult& r = s.result;
    data.audits_.push_back({{"start_us", r.period_start_us},
                            {"end_us", r.period_end_us},
                            {"rule", r.rule},
                            {"severity", SeverityName(r.severity)},
                            {"attribute", r.attribute},
                            {"slice", r.slice},
                            {"message", r.message}});
  }
  return data;
}

nlohmann::json DashboardData::Summary() const {
  std::map<std::string, std::string> attributes;
  std::set<std::string> slices;
  for (const auto& [day, set] : daily_) {
    for (const auto& [key, profile] : set.entries()) {
      attributes.emplace(key.attribute, AttributeKindName(profile.kind));
      if (!key.slice.empty()) slices.insert(key.slice);
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [name, kind] : attributes) list.push_back({{"name", name}, {"kind", kind}});
  nlohmann::json metrics = MetricNames();
  metrics.push_back("rate");
  return {{"store", store_},
          {"first_hour_us",
           hourly_.empty() ? nlohmann::json(nullptr) : nlohmann::json(hourly_.begin()->first)},
          {"last_hour_us",
           hourly_.empty() ? nlohmann::json(nullptr) : nlohmann::json(hourly_.rbegin()->first)},
          {"hours", hourly_.size()},
          {"attributes", list},
          {"slices", std::vector<std::string>(slices.begin(), slices.end())},
          {"metrics", metrics},
          {"audit_violations", audits_.size()}};
}

StatusOr<nlohmann::json> DashboardData::Series(const std::string& attribute,
                                               const std::string& metric, const std::string& slice,
                                               const std::string& period) const {
  const auto& names = MetricNames();
  if (metric != "rate" && std::find(names.begin(), names.end(), metric) == names.end()) {
    return absl::InvalidArgumentError(StrCat("unknown metric '", metric, "'"));
  }
  if (period != "hour" && period != "day") {
    return absl::InvalidArgumentError(StrCat("unknown period '", period, "' (hour or day)"));
  }
  const HourlyProfiles& level = period == "day" ? daily_ : hourly_;
  nlohmann::json times = nlohmann::json::array();
  nlohmann::json values = nlohmann::json::array();
  if (!hourly_.empty()) {
    const int64_t step = period == "day" ? int64_t{86'400'000'000} : int64_t{3'600'000'000};
    const Granularity g = period == "day" ? Granularity::kDay : Granularity::kHour;
    for (int64_t t = PeriodStart(hourly_.begin()->first, g); t <= hourly_.rbegin()->first;
         t += step) {
      times.push_back(t / 1'000'000);  // seconds, as uPlot's time axis wants
      auto it = level.find(t);
      values.push_back(it == level.end()
                           ? Number(metric == "count" ? std::optional<double>(0) : std::nullopt)
                           : Number(MetricOf(it->second, slice, attribute, metric)));
    }
  }
  return nlohmann::json{{"attribute", attribute}, {"metric", metric}, {"slice", slice},
                        {"period", period},       {"times", times},   {"values", values}};
}

StatusOr<nlohmann::json> DashboardData::Histograms(const std::string& attribute,
                                                   const std::string& slice, const TimeRange& first,
                                                   const TimeRange& second, int bins) const {
  bool found_a = false, found_b = false;
  const AttributeProfile a = MergeOver(hourly_, slice, attribute, first, &found_a);
  const AttributeProfile b = MergeOver(hourly_, slice, attribute, second, &found_b);
  nlohmann::json out = {{"attribute", attribute}, {"slice", slice}};
  if (!found_a && !found_b)
    return absl::NotFoundError(StrCat("no profile of '", attribute, "' in these periods"));
  if (a.kind == AttributeKind::kCounter) {
    // A count has no values of its own: show how its hourly totals spread in each period.
    auto hourly_counts = [&](const TimeRange& range) {
      std::vector<double> counts;
      for (int64_t t = range.from_us; t < range.to_us; t += int64_t{3'600'000'000}) {
        auto it = hourly_.find(t);
        const AttributeProfile* p =
            it == hourly_.end() ? nullptr : it->second.Find(slice, attribute);
        counts.push_back(p ? static_cast<double>(p->count) : 0);
      }
      return counts;
    };
    const std::vector<double> first_counts = hourly_counts(first),
                              second_counts = hourly_counts(second);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto* counts : {&first_counts, &second_counts}) {
      for (double c : *counts) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
    }
    if (!(hi > lo)) hi = lo + 1;
    const double width = (hi - lo) / bins;
    nlohmann::json edges = nlohmann::json::array();
    for (int i = 0; i <= bins; ++i) edges.push_back(lo + i * width);
    auto shares = [&](const std::vector<double>& counts) {
      std::vector<double> share(bins, 0.0);
      for (double c : counts)
        share[std::clamp(static_cast<int>(std::floor((c - lo) / width)), 0, bins - 1)] += 1;
      for (double& s : share) s = counts.empty() ? 0 : s / static_cast<double>(counts.size());
      return share;
    };
    out["kind"] = "numeric";
    out["edges"] = edges;
    out["first"] = shares(first_counts);
    out["second"] = shares(second_counts);
    out["note"] = "hourly totals of the count in each day";
    return out;
  }
  if (!a.quantiles.is_empty() || !b.quantiles.is_empty()) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const AttributeProfile* p : {&a, &b}) {
      if (p->quantiles.is_empty()) continue;
      // The 1st..99th percentiles: a few outliers should not flatten the picture.
      lo = std::min(lo, p->quantiles.Quantile(0.01));
      hi = std::max(hi, p->quantiles.Quantile(0.99));
    }
    if (hi <= lo) hi = lo + 1;
    const double width = (hi - lo) / bins;
    nlohmann::json edges = nlohmann::json::array();
    for (int i = 0; i <= bins; ++i) edges.push_back(lo + i * width);
    auto shares = [&](const AttributeProfile& p) {
      std::vector<double> share(bins, 0.0);
      double total = 0;
      for (const auto& [v, w] : p.quantiles.WeightedItems()) {
        const int bin = std::clamp(static_cast<int>(std::floor((v - lo) / width)), 0, bins - 1);
        share[bin] += static_cast<double>(w);
        total += static_cast<double>(w);
      }
      for (double& s : share) s = total > 0 ? s / total : 0;
      return share;
    };
    out["kind"] = "numeric";
    out["edges"] = edges;
    out["first"] = shares(a);
    out["second"] = shares(b);
    return out;
  }
  std::map<std::string, std::pair<double, double>> categories;
  for (const auto& [value, count] : a.top)
    categories[value].first = a.count ? double(count) / a.count : 0;
  for (const auto& [value, count] : b.top)
    categories[value].second = b.count ? double(count) / b.count : 0;
  nlohmann::json labels = nlohmann::json::array(), first_shares = nlohmann::json::array(),
                 second_shares = nlohmann::json::array();
  for (const auto& [value, pair] : categories) {
    labels.push_back(value.empty() ? "\"\"" : value);
    first_shares.push_back(pair.first);
    second_shares.push_back(pair.second);
  }
  out["kind"] = "categories";
  out["labels"] = labels;
  out["first"] = first_shares;
  out["second"] = second_shares;
  out["note"] = labels.empty() ? "too many distinct values for a histogram" : "";
  return out;
}

nlohmann::json DashboardData::Audits() const { return audits_; }

}  // namespace hindsight::quality
