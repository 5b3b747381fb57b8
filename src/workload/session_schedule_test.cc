#include "workload/session_schedule.h"

#include "gtest/gtest.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

constexpr int64_t kMonday = 1'793'577'600'000'000;  // 2026-11-02T00:00:00Z
constexpr int kUnitedStates = 0;                    // UTC-6
constexpr int kJapan = 7;                           // UTC+9

Profile ProfileIn(int country, int64_t id) {
  Profile profile =
      MakeProfile(42, id, kMonday - 28 * kMicrosPerDay, kMonday, kMonday + 7 * kMicrosPerDay);
  profile.country = static_cast<uint8_t>(country);
  profile.activity = 1.0f;
  return profile;
}

TEST(DayScheduleTest, SessionsAreInsideTheDaySortedAndDistinct) {
  const DaySchedule schedule(kMonday, 40.0);
  std::vector<int64_t> times;
  for (int64_t id = 1; id <= 200; ++id) {
    times.clear();
    schedule.DrawSessions(42, ProfileIn(kUnitedStates, id), &times);
    for (size_t i = 0; i < times.size(); ++i) {
      ASSERT_GE(times[i], kMonday);
      ASSERT_LT(times[i], kMonday + kMicrosPerDay);
      if (i > 0) ASSERT_LT(times[i - 1], times[i]);
    }
  }
}

TEST(DayScheduleTest, DrawsAreDeterministicPerProfileAndDay) {
  const DaySchedule monday(kMonday, 5.0);
  const DaySchedule tuesday(kMonday + kMicrosPerDay, 5.0);
  std::vector<int64_t> a, b, c;
  monday.DrawSessions(42, ProfileIn(kUnitedStates, 9), &a);
  monday.DrawSessions(42, ProfileIn(kUnitedStates, 9), &b);
  tuesday.DrawSessions(42, ProfileIn(kUnitedStates, 9), &c);
  EXPECT_EQ(a, b);
  for (int64_t& t : c) t -= kMicrosPerDay;
  EXPECT_NE(a, c);
}

TEST(DayScheduleTest, EveningsInLocalTimeAreBusierThanNights) {
  const DaySchedule schedule(kMonday, 5.0);
  std::vector<int64_t> us_times, jp_times;
  for (int64_t id = 1; id <= 4000; ++id) {
    schedule.DrawSessions(42, ProfileIn(kUnitedStates, id), &us_times);
    schedule.DrawSessions(42, ProfileIn(kJapan, id), &jp_times);
  }
  auto count_in_utc_hour = [](const std::vector<int64_t>& times, int hour) {
    int count = 0;
    for (int64_t t : times) count += (t - kMonday) / kMicrosPerHour == hour;
    return count;
  };
  // 20:00 local: 02:00 UTC in the US, 11:00 UTC in Japan; 04:00 local the reverse-ish.
  EXPECT_GT(count_in_utc_hour(us_times, 2), 10 * count_in_utc_hour(us_times, 10));
  EXPECT_GT(count_in_utc_hour(jp_times, 11), 10 * count_in_utc_hour(jp_times, 19));
  EXPECT_NEAR(us_times.size() / 4000.0, schedule.ExpectedSessions(kUnitedStates), 0.15);
}

TEST(DayScheduleTest, SaturdaysAreBusierThanMondays) {
  const DaySchedule monday(kMonday + kMicrosPerDay, 1.0);        // Tuesday UTC, US Monday evening
  const DaySchedule saturday(kMonday + 6 * kMicrosPerDay, 1.0);  // Sunday UTC, US Saturday evening
  EXPECT_GT(saturday.ExpectedSessions(kUnitedStates), 1.2 * monday.ExpectedSessions(kUnitedStates));
  const DaySchedule week_monday(kMonday, 1.0);
  EXPECT_NEAR(week_monday.ExpectedSessions(2 /* GB, UTC */), 0.88, 1e-9);
}

}  // namespace
}  // namespace hindsight::workload
