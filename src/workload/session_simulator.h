// One session of a profile: which app, which device, the candidates the app ranks,
// and what the profile then does (plays, thumbs, My List additions). The outcome
// depends on the profile's tastes, the videos' popularity and genre match, so that
// features computed from the logged facts genuinely predict plays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "workload/catalog.h"
#include "workload/play.h"
#include "workload/profile.h"
#include "workload/profile_state.h"
#include "workload/record.h"

namespace hindsight::workload {

inline constexpr std::string_view kHomepageApp = "homepage";
inline constexpr std::string_view kSearchApp = "search";
inline constexpr int kHomepageMinItems = 20;
inline constexpr int kHomepageMaxItems = 40;
inline constexpr int kSearchMinItems = 8;
inline constexpr int kSearchMaxItems = 16;

struct SessionOutcome {
  bool logged = false;
  Record record;            // valid when logged
  std::vector<Play> plays;  // plays the session starts, each after the session
};

// Per-thread working memory, reused across sessions.
struct SessionScratch {
  explicit SessionScratch(size_t video_count) : marks(video_count, 0) {}
  std::vector<uint8_t> marks;  // one byte per catalog video, zero between uses
  std::vector<uint32_t> candidates;
  std::vector<double> matches;  // genre match of each candidate
  std::vector<double> scores;
  std::vector<uint32_t> order;
  std::vector<uint32_t> ranked;  // candidates in ranked order
  std::vector<double> ranked_matches;
};

// Simulates the session of `profile` starting at `ts_us`: applies the profile's
// earlier events, fills `outcome->record` when `logged` (sessions of the warm-up are
// not logged), then schedules what follows. Touches only this profile's state.
void SimulateSession(const Catalog& catalog, const Profile& profile, ProfileState& state,
                     int64_t ts_us, bool logged, SessionScratch* scratch, SessionOutcome* outcome);

}  // namespace hindsight::workload
