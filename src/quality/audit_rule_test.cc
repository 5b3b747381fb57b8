#include "quality/audit_rule.h"

#include "gtest/gtest.h"

namespace hindsight::quality {
namespace {

StatusOr<AuditRules> Parse(const std::string& text) {
  return ParseAuditRulesText(text, "r.yaml", {"app"});
}

TEST(AuditRuleTest, ParsesEveryKindWithDefaults) {
  auto rules = Parse(R"(
defaults: {severity: warn, period: day}
rules:
  - {name: a, kind: bounds, attribute: x, metric: null_rate, max: 0.1}
  - {name: b, kind: trend, attribute: _records, metric: count, baseline: hour_of_week, window_days: 14, period: hour, severity: error}
  - {name: c, kind: drift, attribute: x, where: {app: search}, max_ks: 0.2, compare_to: previous_period}
  - {name: d, kind: freshness, max_lag: 90m}
  - {name: e, kind: schema}
)");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->rules.size(), 5u);
  EXPECT_EQ(rules->rules[0].severity, Severity::kWarn);
  EXPECT_EQ(rules->rules[0].period, Granularity::kDay);
  EXPECT_EQ(rules->rules[1].severity, Severity::kError);
  EXPECT_EQ(rules->rules[1].baseline, TrendBaseline::kHourOfWeek);
  EXPECT_EQ(rules->rules[1].window_days, 14);
  EXPECT_EQ(rules->rules[2].slice, "app=search");
  EXPECT_EQ(rules->rules[3].max_lag_us, 90 * int64_t{60'000'000});
}

TEST(AuditRuleTest, ErrorsNameFileAndLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"rules:\n  - {kind: bounds, attribute: x, metric: mean}\n",
       "r.yaml:2: rule 'rule_1' needs min and/or max"},
      {"rules:\n  - kind: bounds\n    attribute: x\n    metric: average\n    max: 1\n",
       "r.yaml:2: rule 'rule_1': unknown metric 'average'"},
      {"rules:\n  - {kind: sideways}\n", "r.yaml:2: unknown rule kind 'sideways'"},
      {"rules:\n  - {kind: freshness, max_lag: soon}\n", "r.yaml:2: 'soon' is not a duration"},
      {"rules:\n  - {kind: drift, attribute: x, max_ks: 1, where: {country: US}}\n",
       "'where' on 'country': profiles can be sliced by app only"},
      {"rules:\n  - {kind: schema, name: s}\n  - {kind: schema, name: s}\n",
       "r.yaml:3: rule name 's' is used twice"},
      {"rules: []\n", "'rules' must be a non-empty list"},
      {"rules:\n  - {kind: bounds, attribute: x, metric: mean, max: lots}\n",
       "'max' must be a number"},
      {"rule:\n  - {kind: schema}\n", "r.yaml:1: unknown key 'rule'"},
      {"rules:\n  - {kind: trend, attribute: x, metric: count, min_history: 355555555555}\n",
       "r.yaml:2: 'min_history' must be a whole number in 1..100000"},
      {"rules:\n  - {kind: drift, attribute: x, max_ks: 1, window_days: 1.5}\n",
       "'window_days' must be a whole number in 1..366"},
      {"rules:\n  - {kind: drift, attribute: x, max_ks: nan}\n", "'max_ks' must be a number"},
  };
  for (const auto& [text, expected] : cases) {
    auto rules = Parse(text);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_NE(rules.status().message().find(expected), std::string::npos)
        << "got: " << rules.status().message() << "\nwanted: " << expected;
  }
}

TEST(AuditRuleTest, DurationsParse) {
  EXPECT_EQ(*ParseDuration("2h"), 2 * int64_t{3'600'000'000});
  EXPECT_EQ(*ParseDuration("1d"), int64_t{86'400'000'000});
  EXPECT_FALSE(ParseDuration("-1h").ok());
  EXPECT_FALSE(ParseDuration("3 weeks").ok());
}

}  // namespace
}  // namespace hindsight::quality
