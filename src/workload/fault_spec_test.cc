#include "workload/fault_spec.h"

#include "gtest/gtest.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

TEST(FaultSpecTest, ParsesKindDayAndHour) {
  const StatusOr<FaultSpec> spec = ParseFaultSpec("drop@d3:h14");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->kind, FaultKind::kDrop);
  EXPECT_EQ(spec->day, 3);
  EXPECT_EQ(spec->hour, 14);
  EXPECT_EQ(spec->text, "drop@d3:h14");
}

TEST(FaultSpecTest, DayAloneMeansHourZero) {
  const StatusOr<FaultSpec> spec = ParseFaultSpec("drift@d5");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->kind, FaultKind::kDrift);
  EXPECT_EQ(spec->day, 5);
  EXPECT_EQ(spec->hour, 0);
}

TEST(FaultSpecTest, KnowsEveryKindByName) {
  for (FaultKind kind : kAllFaultKinds) {
    const std::string text = std::string(FaultKindName(kind)) + "@d0";
    const StatusOr<FaultSpec> spec = ParseFaultSpec(text);
    ASSERT_TRUE(spec.ok()) << text;
    EXPECT_EQ(spec->kind, kind);
  }
}

TEST(FaultSpecTest, RejectsMalformedSpecsNamingTheProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"drop", "expected KIND@WHEN"},    {"fire@d1", "unknown fault kind 'fire'"},
      {"@d1", "unknown fault kind ''"},  {"drop@", "invalid WHEN"},
      {"drop@1", "invalid WHEN"},        {"drop@d", "invalid WHEN"},
      {"drop@dx", "invalid WHEN"},       {"drop@d-1", "invalid WHEN"},
      {"drop@d1:", "invalid WHEN"},      {"drop@d1:h", "invalid WHEN"},
      {"drop@d1:h24", "invalid WHEN"},   {"drop@d1:14", "invalid WHEN"},
      {"drop@d1:h1x", "invalid WHEN"},   {"drop@d99999999", "invalid WHEN"},
      {"DROP@d1", "unknown fault kind"},
  };
  for (const auto& [text, message] : cases) {
    const StatusOr<FaultSpec> spec = ParseFaultSpec(text);
    ASSERT_FALSE(spec.ok()) << text;
    EXPECT_NE(spec.status().message().find(message), std::string::npos)
        << text << ": " << spec.status().message();
    EXPECT_NE(spec.status().message().find(text), std::string::npos) << text;
  }
}

TEST(FaultWindowTest, LengthDependsOnTheKindAndClipsAtTheEnd) {
  const int64_t start = 1'793'577'600'000'000;
  const int64_t end = start + 2 * kMicrosPerDay;
  auto window = [&](const char* text) { return WindowOf(*ParseFaultSpec(text), start, end); };
  EXPECT_EQ(window("drop@d1:h14").from_us, start + kMicrosPerDay + 14 * kMicrosPerHour);
  EXPECT_EQ(window("drop@d1:h14").to_us, start + kMicrosPerDay + 15 * kMicrosPerHour);
  EXPECT_EQ(window("late@d0:h3").to_us - window("late@d0:h3").from_us, kMicrosPerHour);
  EXPECT_EQ(window("nulls@d0").to_us, start + kMicrosPerDay);
  EXPECT_EQ(window("swap@d1:h12").to_us, end);  // 24 hours, clipped
  EXPECT_EQ(window("drift@d0:h6").from_us, start + 6 * kMicrosPerHour);
  EXPECT_EQ(window("drift@d0:h6").to_us, end);
}

}  // namespace
}  // namespace hindsight::workload
