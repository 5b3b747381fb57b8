#include "workload/session_simulator.h"

#include <algorithm>

#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/deterministic_math.h"
#include "workload/distributions.h"

namespace hindsight::workload {
namespace {

constexpr double kSearchShare = 0.06;
constexpr double kPrimaryDeviceShare = 0.7;
// Share of homepage candidates drawn from the profile's favourite genres rather than
// by global popularity (kids profiles get mostly personalised rows).
constexpr double kPersonalisedShare = 0.5;
constexpr double kKidsPersonalisedShare = 0.8;
// Up to this many My List videos lead a homepage, each with this probability.
constexpr int kMyListRowSlots = 2;
constexpr double kMyListRowChance = 0.5;
// Draw attempts per wanted candidate before falling back to a popularity scan.
constexpr int kDrawAttemptsPerItem = 20;

// Ranking: score = match weight * genre match + popularity + uniform noise in
// [-kRankNoise, kRankNoise].
constexpr double kRankerV3MatchWeight = 1.5;
constexpr double kRankerV4MatchWeight = 3.0;
constexpr double kSearchMatchWeight = 1.0;
constexpr double kRankNoise = 0.3;

// Play model: logistic in genre match, popularity, position, My List and rewatch.
constexpr double kPlayBias = -8.3;
constexpr double kPlayMatchWeight = 5.0;
constexpr double kPlayPopularityWeight = 4.5;
constexpr double kPlayPositionWeight = -0.06;
constexpr double kPlayMyListBonus = 1.5;
constexpr double kPlayRewatchPenalty = -2.5;
constexpr double kPlaySearchBonus = 1.2;
constexpr int kHomepageMaxPlays = 2;
// Share of homepage visits that only browse: nothing is played whatever is shown.
constexpr double kBrowseOnlyShare = 0.45;
constexpr int kSearchMaxPlays = 1;
// Browsing before the first play, and the pause between plays, in seconds.
constexpr int64_t kMinBrowseSeconds = 5;
constexpr int64_t kMaxBrowseSeconds = 240;
constexpr int64_t kMinPauseSeconds = 5;
constexpr int64_t kMaxPauseSeconds = 90;
// Completion: logistic in match, harder for long titles.
constexpr double kCompleteBias = -1.0;
constexpr double kCompleteMatchWeight = 4.0;
constexpr double kCompleteLongPenalty = -0.6;
constexpr int32_t kLongTitleSeconds = 75 * 60;
constexpr int32_t kMinPartialSeconds = 60;
// Thumbs: given at the end of a play with these chances; +1 is likelier for good
// matches and completed plays.
constexpr double kThumbChanceCompleted = 0.18;
constexpr double kThumbChancePartial = 0.06;
constexpr double kThumbUpBias = -1.0;
constexpr double kThumbUpMatchWeight = 5.0;
constexpr double kThumbUpCompletedBonus = 1.5;
// My List: unplayed videos among the top positions may be added a little later.
constexpr int kListAddPositions = 12;
constexpr double kListAddBase = 0.003;
constexpr double kListAddMatchWeight = 0.03;
constexpr int64_t kMinListAddSeconds = 2;
constexpr int64_t kMaxListAddSeconds = 90;

bool Eligible(const Catalog& catalog, const Profile& profile, uint32_t index, int64_t ts_us) {
  const CompactVideo& video = catalog.compact(index);
  if (video.available_from_us > ts_us) return false;
  return !profile.kids || video.KidSafeAt(ts_us);
}

// Adds `index` to the candidates if eligible and new.
bool TryAdd(const Catalog& catalog, const Profile& profile, uint32_t index, int64_t ts_us,
            SessionScratch* scratch) {
  if (scratch->marks[index] || !Eligible(catalog, profile, index, ts_us)) return false;
  scratch->marks[index] = 1;
  scratch->candidates.push_back(index);
  return true;
}

void DrawCandidates(const Catalog& catalog, const Profile& profile, const ProfileState& state,
                    int64_t ts_us, bool search, size_t wanted, Rng& rng, SessionScratch* scratch) {
  scratch->candidates.clear();
  if (!search && !state.my_list().empty()) {
    for (int slot = 0; slot < kMyListRowSlots; ++slot) {
      if (!rng.Bernoulli(kMyListRowChance)) continue;
      const std::vector<uint32_t>& list = state.my_list();
      TryAdd(catalog, profile, list[rng.Below(list.size())], ts_us, scratch);
    }
  }
  // A search is for one genre the profile likes; a homepage mixes rows.
  const int search_genre = profile.SampleGenre(rng);
  const double personalised = profile.kids ? kKidsPersonalisedShare : kPersonalisedShare;
  const size_t attempts = wanted * kDrawAttemptsPerItem;
  for (size_t attempt = 0; attempt < attempts && scratch->candidates.size() < wanted; ++attempt) {
    uint32_t index;
    if (search) {
      index = catalog.HasGenre(search_genre) ? catalog.SampleInGenre(rng, search_genre)
                                             : catalog.SampleByPopularity(rng);
    } else if (rng.Bernoulli(personalised)) {
      const int genre = profile.SampleGenre(rng);
      index = catalog.HasGenre(genre) ? catalog.SampleInGenre(rng, genre)
                                      : catalog.SampleByPopularity(rng);
    } else {
      index = catalog.SampleByPopularity(rng);
    }
    TryAdd(catalog, profile, index, ts_us, scratch);
  }
  for (uint32_t index : catalog.by_popularity()) {
    if (scratch->candidates.size() >= wanted) break;
    TryAdd(catalog, profile, index, ts_us, scratch);
  }
  for (uint32_t index : scratch->candidates) scratch->marks[index] = 0;
}

void RankCandidates(const Catalog& catalog, const Profile& profile, int64_t ts_us, bool search,
                    Rng& rng, SessionScratch* scratch) {
  const double match_weight =
      search ? kSearchMatchWeight
             : (profile.ranker_v4 ? kRankerV4MatchWeight : kRankerV3MatchWeight);
  const size_t n = scratch->candidates.size();
  scratch->matches.resize(n);
  scratch->scores.resize(n);
  scratch->order.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const CompactVideo& video = catalog.compact(scratch->candidates[i]);
    const double match = profile.GenreMatch(video.GenresAt(ts_us));
    scratch->matches[i] = match;
    scratch->scores[i] =
        match_weight * match + video.popularity + kRankNoise * (2.0 * rng.Uniform() - 1.0);
    scratch->order[i] = static_cast<uint32_t>(i);
  }
  std::sort(scratch->order.begin(), scratch->order.end(), [scratch](uint32_t a, uint32_t b) {
    return scratch->scores[a] != scratch->scores[b] ? scratch->scores[a] > scratch->scores[b]
                                                    : a < b;
  });
  scratch->ranked.resize(n);
  scratch->ranked_matches.resize(n);
  for (size_t i = 0; i < n; ++i) {
    scratch->ranked[i] = scratch->candidates[scratch->order[i]];
    scratch->ranked_matches[i] = scratch->matches[scratch->order[i]];
  }
}

// Decides plays in ranked order and schedules them with their thumbs and My List
// removals; then schedules My List additions among unplayed top items.
void ScheduleActions(const Catalog& catalog, const Profile& profile, ProfileState& state,
                     int64_t ts_us, bool search, Rng& rng, SessionScratch* scratch,
                     SessionOutcome* outcome) {
  outcome->plays.clear();
  const bool browse_only = !search && rng.Bernoulli(kBrowseOnlyShare);
  const int max_plays = browse_only ? 0 : (search ? kSearchMaxPlays : kHomepageMaxPlays);
  int64_t next_start = std::max(
      ts_us + rng.Between(kMinBrowseSeconds, kMaxBrowseSeconds) * kMicrosPerSecond,
      state.busy_until_us() + rng.Between(kMinPauseSeconds, kMaxPauseSeconds) * kMicrosPerSecond);
  const std::vector<uint32_t>& ranked = scratch->ranked;
  std::vector<uint8_t>& played = scratch->marks;  // marks played items of this session
  for (size_t position = 0; position < ranked.size(); ++position) {
    if (static_cast<int>(outcome->plays.size()) >= max_plays) break;
    const uint32_t index = ranked[position];
    const Video& video = catalog.video(index);
    const double match = scratch->ranked_matches[position];
    const double logit = kPlayBias + kPlayMatchWeight * match +
                         kPlayPopularityWeight * catalog.compact(index).popularity +
                         kPlayPositionWeight * static_cast<double>(position) +
                         (state.InMyList(index) ? kPlayMyListBonus : 0.0) +
                         (state.HasCompleted(index) ? kPlayRewatchPenalty : 0.0) +
                         (search ? kPlaySearchBonus : 0.0);
    if (!rng.Bernoulli(Logistic(logit))) continue;

    const double complete_logit = kCompleteBias + kCompleteMatchWeight * match +
                                  (video.length_s > kLongTitleSeconds ? kCompleteLongPenalty : 0.0);
    const bool completed = rng.Bernoulli(Logistic(complete_logit));
    const int32_t duration_s =
        completed ? video.length_s
                  : static_cast<int32_t>(rng.Between(kMinPartialSeconds, video.length_s - 30));
    const int64_t start = next_start;
    const int64_t end = start + duration_s * kMicrosPerSecond;
    outcome->plays.push_back({start, profile.profile_id, video.video_id, duration_s, completed});
    state.Schedule(start, PendingKind::kPlayStart, index, duration_s, completed);
    const double thumb_chance = completed ? kThumbChanceCompleted : kThumbChancePartial;
    if (rng.Bernoulli(thumb_chance)) {
      const double up = Logistic(kThumbUpBias + kThumbUpMatchWeight * match +
                                 (completed ? kThumbUpCompletedBonus : -kThumbUpCompletedBonus));
      state.Schedule(end, PendingKind::kThumb, index, 0, false, rng.Bernoulli(up) ? 1 : -1);
    }
    if (completed) state.Schedule(end, PendingKind::kListRemove, index);
    state.set_busy_until_us(end);
    next_start = end + rng.Between(kMinPauseSeconds, kMaxPauseSeconds) * kMicrosPerSecond;
    played[index] = 1;
  }

  const size_t add_positions = std::min<size_t>(ranked.size(), kListAddPositions);
  for (size_t position = 0; position < add_positions; ++position) {
    const uint32_t index = ranked[position];
    if (played[index] || state.InMyList(index) || state.PlayedOrScheduled(index)) continue;
    const double match = scratch->ranked_matches[position];
    if (!rng.Bernoulli(kListAddBase + kListAddMatchWeight * match)) continue;
    state.Schedule(ts_us + rng.Between(kMinListAddSeconds, kMaxListAddSeconds) * kMicrosPerSecond,
                   PendingKind::kListAdd, index);
  }
  for (const Play& play : outcome->plays) played[play.video_id - kFirstVideoId] = 0;
}

}  // namespace

void SimulateSession(const Catalog& catalog, const Profile& profile, ProfileState& state,
                     int64_t ts_us, bool logged, SessionScratch* scratch, SessionOutcome* outcome) {
  state.AdvanceTo(ts_us);
  Rng& rng = state.rng();
  const bool search = rng.Bernoulli(kSearchShare);
  const int device = rng.Bernoulli(kPrimaryDeviceShare) ? profile.primary_device
                                                        : static_cast<int>(rng.Below(kDeviceCount));
  const size_t wanted =
      static_cast<size_t>(search ? rng.Between(kSearchMinItems, kSearchMaxItems)
                                 : rng.Between(kHomepageMinItems, kHomepageMaxItems));
  DrawCandidates(catalog, profile, state, ts_us, search, wanted, rng, scratch);
  RankCandidates(catalog, profile, ts_us, search, rng, scratch);

  outcome->logged = logged;
  if (logged) {
    Record& record = outcome->record;
    record.record_number = state.NextRecordNumber();
    record.record_id = StrCat(search ? "s-" : "h-", profile.profile_id, "-", record.record_number);
    record.app = search ? kSearchApp : kHomepageApp;
    record.ts_us = ts_us;
    record.profile_id = profile.profile_id;
    record.country = CountryAt(profile.country).code;
    record.device = DeviceName(device);
    record.has_plan = true;
    record.plan = PlanName(profile.PlanAt(ts_us));
    record.kids = profile.kids;
    record.member_since_us = profile.member_since_us;
    state.FillFacts(catalog, &record, &scratch->marks);
    record.items.clear();
    for (uint32_t index : scratch->ranked) record.items.push_back(catalog.video(index).video_id);
    record.model = search ? "search_v2" : (profile.ranker_v4 ? "ranker_v4" : "ranker_v3");
    state.RecordShown(ts_us, scratch->ranked);
  }
  ScheduleActions(catalog, profile, state, ts_us, search, rng, scratch, outcome);
}

}  // namespace hindsight::workload
