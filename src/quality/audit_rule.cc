#include "quality/audit_rule.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "quality/attribute_profile.h"
#include "quality/profile_set.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "yaml-cpp/yaml.h"

namespace hindsight::quality {
namespace {

constexpr std::string_view kKindNames[] = {"bounds", "trend", "drift", "freshness", "schema"};

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

class RuleReader {
 public:
  RuleReader(const std::string& path, const YAML::Node& node) : path_(path), node_(node) {}

  Status Error(const YAML::Node& at, std::string_view message) const {
    return absl::InvalidArgumentError(StrCat(path_, ":", LineOf(at), ": ", message));
  }
  Status Error(std::string_view message) const { return Error(node_, message); }

  StatusOr<std::optional<std::string>> String(const char* key) {
    used_.insert(key);
    const YAML::Node value = node_[key];
    if (!value) return std::optional<std::string>();
    if (!value.IsScalar()) return Error(value, StrCat("'", key, "' must be a string"));
    return std::optional<std::string>(value.Scalar());
  }

  StatusOr<std::optional<double>> Number(const char* key) {
    used_.insert(key);
    const YAML::Node value = node_[key];
    if (!value) return std::optional<double>();
    double number = 0;
    const std::string& text = value.IsScalar() ? value.Scalar() : std::string();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (!value.IsScalar() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(number)) {
      return Error(value, StrCat("'", key, "' must be a number, got '", text, "'"));
    }
    return std::optional<double>(number);
  }

  // A whole number in [lo, hi].
  StatusOr<std::optional<int>> Integer(const char* key, int lo, int hi) {
    HS_ASSIGN_OR_RETURN(const std::optional<double> number, Number(key));
    if (!number.has_value()) return std::optional<int>();
    if (*number != std::floor(*number) || *number < lo || *number > hi) {
      return Error(node_[key], StrCat("'", key, "' must be a whole number in ", lo, "..", hi));
    }
    return std::optional<int>(static_cast<int>(*number));
  }

  const YAML::Node& node() const { return node_; }
  void Use(const char* key) { used_.insert(key); }

  Status CheckAllKeysKnown() const {
    for (const auto& entry : node_) {
      const std::string key = entry.first.Scalar();
      if (!used_.contains(key)) return Error(entry.first, StrCat("unknown key '", key, "'"));
    }
    return absl::OkStatus();
  }

 private:
  const std::string& path_;
  YAML::Node node_;
  std::set<std::string> used_;
};

template <typename E, size_t N>
StatusOr<E> Pick(const RuleReader& reader, const std::string& text, const char* what,
                 const std::pair<std::string_view, E> (&choices)[N]) {
  std::string expected;
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
    expected += StrCat(expected.empty() ? "" : ", ", name);
  }
  return reader.Error(StrCat("unknown ", what, " '", text, "' (expected ", expected, ")"));
}

bool KnownMetric(const std::string& metric) {
  const auto& names = MetricNames();
  return metric == "rate" || std::find(names.begin(), names.end(), metric) != names.end();
}

StatusOr<AuditRule> ParseRule(const std::string& path, const YAML::Node& node, size_t index,
                              const AuditRule& defaults,
                              const std::vector<std::string>& slice_columns) {
  RuleReader reader(path, node);
  if (!node.IsMap()) return reader.Error(StrCat("rule ", index + 1, " is not a mapping"));
  AuditRule rule = defaults;
  rule.line = LineOf(node);
  HS_ASSIGN_OR_RETURN(auto name, reader.String("name"));
  rule.name = name.value_or(StrCat("rule_", index + 1));
  HS_ASSIGN_OR_RETURN(auto kind, reader.String("kind"));
  if (!kind.has_value()) return reader.Error(StrCat("rule '", rule.name, "' has no kind"));
  HS_ASSIGN_OR_RETURN(rule.kind, Pick<AuditKind>(reader, *kind, "rule kind",
                                                 {{"bounds", AuditKind::kBounds},
                                                  {"trend", AuditKind::kTrend},
                                                  {"drift", AuditKind::kDrift},
                                                  {"freshness", AuditKind::kFreshness},
                                                  {"schema", AuditKind::kSchema}}));
  HS_ASSIGN_OR_RETURN(auto severity, reader.String("severity"));
  if (severity.has_value()) {
    HS_ASSIGN_OR_RETURN(rule.severity,
                        Pick<Severity>(reader, *severity, "severity",
                                       {{"warn", Severity::kWarn}, {"error", Severity::kError}}));
  }
  HS_ASSIGN_OR_RETURN(auto period, reader.String("period"));
  if (period.has_value()) {
    HS_ASSIGN_OR_RETURN(
        rule.period, Pick<Granularity>(reader, *period, "period",
                                       {{"hour", Granularity::kHour}, {"day", Granularity::kDay}}));
  }
  HS_ASSIGN_OR_RETURN(auto attribute, reader.String("attribute"));
  rule.attribute = attribute.value_or("");
  HS_ASSIGN_OR_RETURN(auto metric, reader.String("metric"));
  rule.metric = metric.value_or("");
  reader.Use("where");
  if (const YAML::Node where = node["where"]; where) {
    if (!where.IsMap() || where.size() != 1) {
      return reader.Error(where, "'where' must be one {column: value} (e.g. {app: search})");
    }
    const std::string column = where.begin()->first.Scalar();
    if (std::find(slice_columns.begin(), slice_columns.end(), column) == slice_columns.end()) {
      std::string sliced;
      for (const auto& c : slice_columns) sliced += StrCat(sliced.empty() ? "" : ", ", c);
      return reader.Error(
          where, StrCat("'where' on '", column, "': profiles can be sliced by ", sliced, " only"));
    }
    rule.slice = SliceName(column, where.begin()->second.Scalar());
  }
  HS_ASSIGN_OR_RETURN(rule.min, reader.Number("min"));
  HS_ASSIGN_OR_RETURN(rule.max, reader.Number("max"));
  HS_ASSIGN_OR_RETURN(auto baseline, reader.String("baseline"));
  if (baseline.has_value()) {
    HS_ASSIGN_OR_RETURN(
        rule.baseline,
        Pick<TrendBaseline>(reader, *baseline, "baseline",
                            {{"same_hour_last_week", TrendBaseline::kSameHourLastWeek},
                             {"same_hour_trailing", TrendBaseline::kSameHourTrailing},
                             {"hour_of_week", TrendBaseline::kHourOfWeek},
                             {"trailing", TrendBaseline::kTrailing}}));
  }
  HS_ASSIGN_OR_RETURN(auto compare_to, reader.String("compare_to"));
  if (compare_to.has_value()) {
    HS_ASSIGN_OR_RETURN(
        rule.compare_to,
        Pick<DriftBaseline>(reader, *compare_to, "compare_to",
                            {{"trailing", DriftBaseline::kTrailing},
                             {"previous_period", DriftBaseline::kPreviousPeriod},
                             {"same_period_last_week", DriftBaseline::kSamePeriodLastWeek}}));
  }
  HS_ASSIGN_OR_RETURN(auto window_days, reader.Integer("window_days", 1, 366));
  if (window_days.has_value()) rule.window_days = *window_days;
  HS_ASSIGN_OR_RETURN(auto min_history, reader.Integer("min_history", 1, 100000));
  if (min_history.has_value()) rule.min_history = *min_history;
  HS_ASSIGN_OR_RETURN(auto mad_bands, reader.Number("mad_bands"));
  if (mad_bands.has_value()) rule.mad_bands = *mad_bands;
  HS_ASSIGN_OR_RETURN(auto min_change, reader.Number("min_relative_change"));
  if (min_change.has_value()) rule.min_relative_change = *min_change;
  HS_ASSIGN_OR_RETURN(rule.max_ks, reader.Number("max_ks"));
  HS_ASSIGN_OR_RETURN(rule.max_psi, reader.Number("max_psi"));
  HS_ASSIGN_OR_RETURN(auto max_lag, reader.String("max_lag"));
  if (max_lag.has_value()) {
    auto lag = ParseDuration(*max_lag);
    if (!lag.ok()) return reader.Error(node["max_lag"], std::string(lag.status().message()));
    rule.max_lag_us = *lag;
  }
  HS_RETURN_IF_ERROR(reader.CheckAllKeysKnown());

  const std::string named = StrCat("rule '", rule.name, "'");
  switch (rule.kind) {
    case AuditKind::kBounds:
    case AuditKind::kTrend:
      if (rule.attribute.empty()) return reader.Error(StrCat(named, " needs an attribute"));
      if (rule.metric.empty()) return reader.Error(StrCat(named, " needs a metric"));
      if (!KnownMetric(rule.metric)) {
        std::string known = "rate";
        for (const auto& m : MetricNames()) known += StrCat(", ", m);
        return reader.Error(
            StrCat(named, ": unknown metric '", rule.metric, "' (expected one of ", known, ")"));
      }
      if (rule.kind == AuditKind::kBounds && !rule.min && !rule.max) {
        return reader.Error(StrCat(named, " needs min and/or max"));
      }
      break;
    case AuditKind::kDrift:
      if (rule.attribute.empty()) return reader.Error(StrCat(named, " needs an attribute"));
      if (!rule.max_ks && !rule.max_psi)
        return reader.Error(StrCat(named, " needs max_ks and/or max_psi"));
      break;
    case AuditKind::kFreshness:
      if (rule.max_lag_us <= 0) return reader.Error(StrCat(named, " needs max_lag (e.g. 2h)"));
      break;
    case AuditKind::kSchema:
      break;
  }
  return rule;
}

}  // namespace

std::string_view AuditKindName(AuditKind kind) { return kKindNames[static_cast<int>(kind)]; }
std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warn";
}

StatusOr<int64_t> ParseDuration(const std::string& text) {
  int64_t amount = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  const std::string_view unit(end, text.data() + text.size() - end);
  int64_t scale = 0;
  if (unit == "s") scale = 1'000'000;
  if (unit == "m") scale = 60'000'000;
  if (unit == "h") scale = 3'600'000'000;
  if (unit == "d") scale = 86'400'000'000;
  if (ec != std::errc() || amount <= 0 || scale == 0) {
    return absl::InvalidArgumentError(
        StrCat("'", text, "' is not a duration (a positive number and s, m, h or d: 2h)"));
  }
  return amount * scale;
}

StatusOr<AuditRules> ParseAuditRulesText(const std::string& text, const std::string& path,
                                         const std::vector<std::string>& slice_columns) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        StrCat(path, ":", e.mark.line + 1, ": not valid YAML: ", e.msg));
  }
  try {
    if (!root.IsMap())
      return absl::InvalidArgumentError(StrCat(path, ":1: expected a mapping with 'rules'"));
    for (const auto& entry : root) {
      const std::string key = entry.first.Scalar();
      if (key != "rules" && key != "defaults") {
        return absl::InvalidArgumentError(StrCat(path, ":", LineOf(entry.first), ": unknown key '",
                                                 key, "' (expected defaults, rules)"));
      }
    }
    AuditRule defaults;
    if (const YAML::Node d = root["defaults"]; d) {
      RuleReader reader(path, d);
      if (!d.IsMap()) return reader.Error("'defaults' must be a mapping");
      HS_ASSIGN_OR_RETURN(auto severity, reader.String("severity"));
      if (severity.has_value()) {
        HS_ASSIGN_OR_RETURN(defaults.severity, Pick<Severity>(reader, *severity, "severity",
                                                              {{"warn", Severity::kWarn},
                                                               {"error", Severity::kError}}));
      }
      HS_ASSIGN_OR_RETURN(auto period, reader.String("period"));
      if (period.has_value()) {
        HS_ASSIGN_OR_RETURN(defaults.period, Pick<Granularity>(reader, *period, "period",
                                                               {{"hour", Granularity::kHour},
                                                                {"day", Granularity::kDay}}));
      }
      HS_RETURN_IF_ERROR(reader.CheckAllKeysKnown());
    }
    const YAML::Node rules = root["rules"];
    if (!rules || !rules.IsSequence() || rules.size() == 0) {
      return absl::InvalidArgumentError(
          StrCat(path, ":", rules ? LineOf(rules) : 1, ": 'rules' must be a non-empty list"));
    }
    AuditRules out;
    out.path = path;
    std::set<std::string> names;
    for (size_t i = 0; i < rules.size(); ++i) {
      HS_ASSIGN_OR_RETURN(AuditRule rule, ParseRule(path, rules[i], i, defaults, slice_columns));
      if (!names.insert(rule.name).second) {
        return absl::InvalidArgumentError(
            StrCat(path, ":", rule.line, ": rule name '", rule.name, "' is used twice"));
      }
      out.rules.push_back(std::move(rule));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat(path, ":", e.mark.line + 1, ": ", e.msg));
  }
}

StatusOr<AuditRules> ParseAuditRules(const std::string& path,
                                     const std::vector<std::string>& slice_columns) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return absl::InvalidArgumentError(StrCat(path, ": ", text.status().message()));
  return ParseAuditRulesText(*text, path, slice_columns);
}

}  // namespace hindsight::quality
