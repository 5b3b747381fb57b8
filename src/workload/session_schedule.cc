#include "workload/session_schedule.h"

#include <algorithm>

#include "util/time_format.h"

namespace hindsight::workload {
namespace {

// Relative session intensity by local hour (evening peak, quiet nights).
constexpr double kHourlyWeights[24] = {2.0, 1.2, 0.6, 0.4, 0.3, 0.4, 0.9, 1.6, 2.0, 2.1, 2.2, 2.5,
                                       3.2, 3.0, 2.8, 3.0, 3.6, 4.4, 5.6, 7.0, 8.2, 8.0, 6.2, 4.0};
// Relative activity by local weekday, Monday first; mean 1.
constexpr double kWeekdayWeights[7] = {0.88, 0.88, 0.92, 0.98, 1.12, 1.22, 1.00};
// 1970-01-01 was a Thursday: weekday (Monday = 0) of day n is (n + 3) mod 7.
constexpr int64_t kEpochWeekdayShift = 3;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

DaySchedule::DaySchedule(int64_t day_start_us, double sessions_per_day)
    : day_start_us_(day_start_us) {
  double hourly_total = 0.0;
  for (double w : kHourlyWeights) hourly_total += w;
  for (int c = 0; c < kCountryCount; ++c) {
    std::vector<double> rates(24);
    double expected = 0.0;
    for (int h = 0; h < 24; ++h) {
      const int64_t local_minutes =
          FloorDiv(day_start_us + h * kMicrosPerHour, 60 * kMicrosPerSecond) +
          CountryAt(c).utc_offset_minutes;
      const int64_t local_hour = FloorDiv(local_minutes, 60) % 24;
      const int64_t local_day = FloorDiv(local_minutes, 24 * 60);
      const int64_t weekday = (local_day + kEpochWeekdayShift) % 7;
      rates[h] =
          sessions_per_day * kHourlyWeights[local_hour] / hourly_total * kWeekdayWeights[weekday];
      expected += rates[h];
    }
    expected_[c] = expected;
    hour_tables_[c] = CategoricalTable(rates);
  }
}

void DaySchedule::DrawSessions(uint64_t seed, const Profile& profile,
                               std::vector<int64_t>* times) const {
  Rng rng(StreamKey(seed, StreamPurpose::kSchedule, static_cast<uint64_t>(profile.profile_id),
                    static_cast<uint64_t>(day_start_us_ / kMicrosPerDay)));
  const size_t first = times->size();
  const int64_t count = SamplePoisson(rng, expected_[profile.country] * profile.activity);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t hour = static_cast<int64_t>(hour_tables_[profile.country].Sample(rng));
    times->push_back(day_start_us_ + hour * kMicrosPerHour +
                     static_cast<int64_t>(rng.Below(kMicrosPerHour)));
  }
  std::sort(times->begin() + static_cast<ptrdiff_t>(first), times->end());
  // Distinct times keep (time, profile) a unique sort key; within one hour, a bump by
  // a microsecond stays inside the day for all but the day's last microsecond.
  for (size_t i = first + 1; i < times->size(); ++i) {
    if ((*times)[i] <= (*times)[i - 1]) (*times)[i] = (*times)[i - 1] + 1;
  }
  while (times->size() > first && times->back() >= day_start_us_ + kMicrosPerDay) {
    times->pop_back();
  }
}

}  // namespace hindsight::workload
