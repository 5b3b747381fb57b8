#include "workload/world_options.h"

#include "gtest/gtest.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

TEST(ScaleTest, ParsesTheFourScalesWithTheirSizes) {
  EXPECT_EQ(*ParseScale("tiny"), Scale::kTiny);
  EXPECT_EQ(*ParseScale("large"), Scale::kLarge);
  EXPECT_EQ(ParametersOf(Scale::kTiny).profiles, 1'000);
  EXPECT_EQ(ParametersOf(Scale::kTiny).days, 2);
  EXPECT_EQ(ParametersOf(Scale::kSmall).profiles, 20'000);
  EXPECT_EQ(ParametersOf(Scale::kSmall).days, 7);
  EXPECT_EQ(ParametersOf(Scale::kMedium).profiles, 200'000);
  EXPECT_EQ(ParametersOf(Scale::kMedium).days, 14);
  EXPECT_EQ(ParametersOf(Scale::kLarge).profiles, 1'000'000);
  EXPECT_EQ(ParametersOf(Scale::kLarge).days, 30);
  // The benchmark scale must log at least 20M records.
  const ScaleParameters& large = ParametersOf(Scale::kLarge);
  EXPECT_GE(large.profiles * large.days * large.sessions_per_day, 21e6);
  EXPECT_FALSE(large.writes_jsonl);
  EXPECT_TRUE(ParametersOf(Scale::kSmall).writes_jsonl);
}

TEST(ScaleTest, RejectsUnknownNames) {
  const StatusOr<Scale> scale = ParseScale("Tiny");
  ASSERT_FALSE(scale.ok());
  EXPECT_NE(scale.status().message().find("unknown scale 'Tiny'"), std::string::npos);
}

TEST(SeedTest, AcceptsTheFullUnsignedRangeOnly) {
  EXPECT_EQ(*ParseSeed("0"), 0u);
  EXPECT_EQ(*ParseSeed("18446744073709551615"), ~uint64_t{0});
  for (const char* bad : {"", "-1", "18446744073709551616", "4x", " 4", "0x10"}) {
    EXPECT_FALSE(ParseSeed(bad).ok()) << bad;
  }
}

TEST(WorldOptionsTest, DefaultsStartOnMondayTheSecondOfNovember) {
  const WorldOptions options;
  EXPECT_EQ(FormatTimeMicros(options.start_us), "2026-11-02T00:00:00Z");
  EXPECT_EQ(options.seed, 42u);
  EXPECT_EQ(options.EffectiveDays(), 2);
  EXPECT_EQ(FormatTimeMicros(options.EndMicros()), "2026-11-04T00:00:00Z");
  EXPECT_EQ(FormatTimeMicros(options.WarmUpStartMicros()), "2026-10-05T00:00:00Z");
  EXPECT_TRUE(ValidateWorldOptions(options).ok());
}

TEST(WorldOptionsTest, ValidationNamesTheBadOption) {
  auto message = [](const WorldOptions& options) {
    return std::string(ValidateWorldOptions(options).message());
  };
  WorldOptions options;
  options.days = kMaxDays + 1;
  EXPECT_NE(message(options).find("--days 91"), std::string::npos);
  options = {};
  options.threads = 0;
  EXPECT_NE(message(options).find("--threads 0"), std::string::npos);
  options = {};
  options.start_us += kMicrosPerHour;
  EXPECT_NE(message(options).find("not a UTC midnight"), std::string::npos);
  options = {};
  options.start_us = 0;
  EXPECT_NE(message(options).find("out of range"), std::string::npos);
  options = {};
  options.faults.push_back(*ParseFaultSpec("dup@d2:h1"));
  EXPECT_NE(message(options).find("day 2 is outside the world (days 0..1)"), std::string::npos);
  options.days = 3;
  EXPECT_TRUE(ValidateWorldOptions(options).ok());
}

}  // namespace
}  // namespace hindsight::workload
