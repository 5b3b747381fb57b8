// When profiles open the app: a Poisson number of sessions per day, spread over the
// hours by a daily cycle and scaled by a weekly cycle, both in the profile's local
// time (its country's UTC offset).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "workload/distributions.h"
#include "workload/profile.h"

namespace hindsight::workload {

// The session intensity of each UTC hour of one UTC day, per country.
class DaySchedule {
 public:
  // `day_start_us` must be a UTC midnight.
  DaySchedule(int64_t day_start_us, double sessions_per_day);

  int64_t day_start_us() const { return day_start_us_; }
  // Appends the session start times of `profile` on this day, ascending and distinct,
  // drawn from the stream (seed, schedule, profile, day).
  void DrawSessions(uint64_t seed, const Profile& profile, std::vector<int64_t>* times) const;
  // Expected sessions of an activity-1 profile of `country` on this day.
  double ExpectedSessions(int country) const { return expected_[country]; }

 private:
  int64_t day_start_us_;
  std::array<double, kCountryCount> expected_{};
  std::array<CategoricalTable, kCountryCount> hour_tables_;
};

}  // namespace hindsight::workload
