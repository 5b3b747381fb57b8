// The static side of a profile in the example world: where it lives, its plan, kids
// flag, preferred device, experiment cell, activity level and genre tastes.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "workload/catalog.h"

namespace hindsight::workload {

struct CountryInfo {
  std::string_view code;
  double weight;           // share of profiles
  int utc_offset_minutes;  // standard time in November
};
inline constexpr int kCountryCount = 12;
const CountryInfo& CountryAt(int country);

inline constexpr int kPlanCount = 4;
std::string_view PlanName(int plan);  // basic, standard, premium, ads

inline constexpr int kDeviceCount = 4;
std::string_view DeviceName(int device);  // tv, mobile, web, tablet

inline constexpr int64_t kNoPlanChange = std::numeric_limits<int64_t>::max();

struct Profile {
  int64_t profile_id;
  int64_t member_since_us;
  int64_t plan_change_us;  // kNoPlanChange: the plan never changes
  float activity;          // multiplies the scale's session rate; mean 1
  uint8_t country;
  uint8_t plan;
  uint8_t plan_after_change;
  uint8_t primary_device;
  bool kids;
  bool ranker_v4;                                   // in the homepage ranker experiment cell
  std::array<float, kGenreCount> taste;             // sums to 1
  std::array<float, kGenreCount> taste_cumulative;  // for drawing a genre by taste

  int PlanAt(int64_t t_us) const { return t_us >= plan_change_us ? plan_after_change : plan; }
  // Sum of the profile's taste over `genres`, in [0, 1].
  double GenreMatch(GenreMask genres) const;
  int SampleGenre(Rng& rng) const;
};

// Draws profile `profile_id` from its own stream. Members joined before the warm-up;
// a few change plan once at a time in [start_us, end_us).
Profile MakeProfile(uint64_t seed, int64_t profile_id, int64_t warmup_start_us, int64_t start_us,
                    int64_t end_us);

}  // namespace hindsight::workload
