#include "workload/profile.h"

#include <algorithm>
#include <iterator>

#include "util/time_format.h"
#include "workload/deterministic_math.h"

namespace hindsight::workload {
namespace {

constexpr CountryInfo kCountries[kCountryCount] = {
    {"US", 0.34, -6 * 60}, {"BR", 0.10, -3 * 60}, {"GB", 0.08, 0},       {"DE", 0.07, 60},
    {"FR", 0.06, 60},      {"MX", 0.06, -6 * 60}, {"CA", 0.05, -5 * 60}, {"JP", 0.05, 9 * 60},
    {"IN", 0.05, 330},     {"ES", 0.04, 60},      {"KR", 0.04, 9 * 60},  {"AU", 0.06, 11 * 60}};
constexpr std::string_view kPlanNames[kPlanCount] = {"basic", "standard", "premium", "ads"};
constexpr double kPlanWeights[kPlanCount] = {0.20, 0.40, 0.25, 0.15};
constexpr std::string_view kDeviceNames[kDeviceCount] = {"tv", "mobile", "web", "tablet"};
constexpr double kAdultDeviceWeights[kDeviceCount] = {0.45, 0.30, 0.15, 0.10};
constexpr double kKidsDeviceWeights[kDeviceCount] = {0.50, 0.10, 0.0, 0.40};

constexpr double kKidsShare = 0.12;
constexpr double kPlanChangeShare = 0.03;
constexpr double kRankerV4Share = 0.2;
// Tastes: a few favourite genres weigh 1..3, every other genre a little.
constexpr double kBackgroundTaste = 0.04;
constexpr int kKidsFavouriteGenres[] = {10, 1, 7, 3, 8, 11};
// Genre popularity among adults, used to pick favourites.
constexpr double kAdultGenreWeights[kGenreCount] = {9, 4, 3, 12, 6, 6, 14, 3,
                                                    4, 4, 0, 2,  4, 6, 5,  8};
// Activity is log-normal with sigma 0.6 and mean 1, clipped to this range.
constexpr double kActivitySigma = 0.6;
constexpr double kMinActivity = 0.1;
constexpr double kMaxActivity = 4.0;
constexpr int64_t kEarliestMemberSince = 1'325'376'000'000'000;  // 2012-01-01T00:00:00Z

size_t SampleWeights(Rng& rng, const double* weights, size_t n) {
  double total = 0.0;
  for (size_t i = 0; i < n; ++i) total += weights[i];
  double target = rng.Uniform() * total;
  for (size_t i = 0; i < n; ++i) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  return n - 1;
}

}  // namespace

const CountryInfo& CountryAt(int country) { return kCountries[country]; }
std::string_view PlanName(int plan) { return kPlanNames[plan]; }
std::string_view DeviceName(int device) { return kDeviceNames[device]; }

double Profile::GenreMatch(GenreMask genres) const {
  double match = 0.0;
  for (unsigned bits = genres; bits != 0; bits &= bits - 1) match += taste[__builtin_ctz(bits)];
  return match;
}

int Profile::SampleGenre(Rng& rng) const {
  const float target = static_cast<float>(rng.Uniform()) * taste_cumulative[kGenreCount - 1];
  for (int g = 0; g < kGenreCount; ++g) {
    if (target < taste_cumulative[g]) return g;
  }
  return kGenreCount - 1;
}

Profile MakeProfile(uint64_t seed, int64_t profile_id, int64_t warmup_start_us, int64_t start_us,
                    int64_t end_us) {
  Rng rng(StreamKey(seed, StreamPurpose::kProfile, static_cast<uint64_t>(profile_id)));
  Profile profile{};
  profile.profile_id = profile_id;
  double country_weights[kCountryCount];
  for (int c = 0; c < kCountryCount; ++c) country_weights[c] = kCountries[c].weight;
  profile.country = static_cast<uint8_t>(SampleWeights(rng, country_weights, kCountryCount));
  profile.plan = static_cast<uint8_t>(SampleWeights(rng, kPlanWeights, kPlanCount));
  profile.kids = rng.Bernoulli(kKidsShare);
  profile.primary_device = static_cast<uint8_t>(
      SampleWeights(rng, profile.kids ? kKidsDeviceWeights : kAdultDeviceWeights, kDeviceCount));
  profile.ranker_v4 = rng.Bernoulli(kRankerV4Share);
  const double z = SampleStandardNormal(rng);
  profile.activity = static_cast<float>(
      std::clamp(DeterministicExp(kActivitySigma * z - kActivitySigma * kActivitySigma / 2),
                 kMinActivity, kMaxActivity));
  profile.member_since_us =
      kEarliestMemberSince + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(std::max<int64_t>(
                                 1, warmup_start_us - kMicrosPerDay - kEarliestMemberSince))));

  profile.plan_change_us = kNoPlanChange;
  profile.plan_after_change = profile.plan;
  if (rng.Bernoulli(kPlanChangeShare)) {
    profile.plan_change_us = start_us + static_cast<int64_t>(rng.Below(end_us - start_us));
    profile.plan_after_change =
        static_cast<uint8_t>((profile.plan + 1 + rng.Below(kPlanCount - 1)) % kPlanCount);
  }

  double taste[kGenreCount];
  for (double& t : taste) t = kBackgroundTaste;
  const int favourites = static_cast<int>(rng.Between(2, 4));
  for (int i = 0; i < favourites; ++i) {
    const int genre = profile.kids
                          ? kKidsFavouriteGenres[rng.Below(std::size(kKidsFavouriteGenres))]
                          : static_cast<int>(SampleWeights(rng, kAdultGenreWeights, kGenreCount));
    taste[genre] += 1.0 + 2.0 * rng.Uniform();
  }
  double total = 0.0;
  for (double t : taste) total += t;
  float cumulative = 0.0f;
  for (int g = 0; g < kGenreCount; ++g) {
    profile.taste[g] = static_cast<float>(taste[g] / total);
    cumulative += profile.taste[g];
    profile.taste_cumulative[g] = cumulative;
  }
  return profile;
}

}  // namespace hindsight::workload
