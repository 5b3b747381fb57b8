#include "workload/world_generator.h"

#include <algorithm>

#include "util/time_format.h"
#include "workload/parallel_for.h"
#include "workload/session_schedule.h"
#include "workload/session_simulator.h"

namespace hindsight::workload {
namespace {

struct ScheduledSession {
  int64_t ts_us;
  uint32_t profile_index;
};

// Sessions simulated between two hand-overs to the sinks: bounds the records held in
// memory at once while giving each thread enough work per hand-over.
constexpr size_t kSessionsPerChunk = 4096;

}  // namespace

WorldGenerator::WorldGenerator(const WorldOptions& options)
    : options_(options),
      catalog_(Catalog::Build(options.seed, ParametersOf(options.scale).videos,
                              options.WarmUpStartMicros(), options.start_us, options.EndMicros())) {
  const int64_t profile_count = ParametersOf(options.scale).profiles;
  profiles_.reserve(static_cast<size_t>(profile_count));
  for (int64_t id = 1; id <= profile_count; ++id) {
    profiles_.push_back(MakeProfile(options.seed, id, options.WarmUpStartMicros(), options.start_us,
                                    options.EndMicros()));
  }
}

Status WorldGenerator::Run(RecordSink& records, PlaySink& plays, const DayProgress& progress) {
  counts_ = {};
  const int shards = options_.threads;
  const size_t profile_count = profiles_.size();
  std::vector<ProfileState> states;
  states.reserve(profile_count);
  for (const Profile& profile : profiles_) states.emplace_back(options_.seed, profile.profile_id);
  std::vector<SessionScratch> scratch(static_cast<size_t>(shards),
                                      SessionScratch(catalog_.videos().size()));
  std::vector<std::vector<ScheduledSession>> shard_sessions(static_cast<size_t>(shards));
  std::vector<ScheduledSession> sessions;
  std::vector<SessionOutcome> outcomes(kSessionsPerChunk);
  std::vector<Play> pending_plays;

  const double sessions_per_day = ParametersOf(options_.scale).sessions_per_day;
  const int total_days = kWarmUpDays + options_.EffectiveDays();
  for (int day = 0; day < total_days; ++day) {
    const int64_t day_start = options_.WarmUpStartMicros() + day * kMicrosPerDay;
    const bool logged = day_start >= options_.start_us;
    const DaySchedule schedule(day_start, sessions_per_day);
    ParallelForShards(shards, [&](int shard) {
      std::vector<ScheduledSession>& out = shard_sessions[static_cast<size_t>(shard)];
      out.clear();
      std::vector<int64_t> times;
      for (size_t p = static_cast<size_t>(shard); p < profile_count;
           p += static_cast<size_t>(shards)) {
        times.clear();
        schedule.DrawSessions(options_.seed, profiles_[p], &times);
        for (int64_t t : times) out.push_back({t, static_cast<uint32_t>(p)});
      }
    });
    sessions.clear();
    for (const std::vector<ScheduledSession>& part : shard_sessions) {
      sessions.insert(sessions.end(), part.begin(), part.end());
    }
    std::sort(sessions.begin(), sessions.end(),
              [](const ScheduledSession& a, const ScheduledSession& b) {
                return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.profile_index < b.profile_index;
              });

    for (size_t begin = 0; begin < sessions.size(); begin += kSessionsPerChunk) {
      const size_t end = std::min(sessions.size(), begin + kSessionsPerChunk);
      // Each profile belongs to one shard, so its sessions run in time order on one
      // thread and touch only its own state.
      ParallelForShards(shards, [&](int shard) {
        for (size_t i = begin; i < end; ++i) {
          const uint32_t p = sessions[i].profile_index;
          if (static_cast<int>(p % static_cast<uint32_t>(shards)) != shard) continue;
          SimulateSession(catalog_, profiles_[p], states[p], sessions[i].ts_us, logged,
                          &scratch[static_cast<size_t>(shard)], &outcomes[i - begin]);
        }
      });
      for (size_t i = begin; i < end; ++i) {
        const SessionOutcome& outcome = outcomes[i - begin];
        pending_plays.insert(pending_plays.end(), outcome.plays.begin(), outcome.plays.end());
        if (!outcome.logged) {
          ++counts_.warmup_sessions;
          continue;
        }
        ++counts_.records;
        ++(outcome.record.app == kSearchApp ? counts_.search_records : counts_.homepage_records);
        HS_RETURN_IF_ERROR(records.Write(outcome.record));
      }
    }

    // Every play starting before the day's end has been scheduled: each starts after
    // the session that chose it. Plays starting at or after the world's end are
    // outside the world and never written.
    const int64_t day_end = day_start + kMicrosPerDay;
    const auto done = std::partition(pending_plays.begin(), pending_plays.end(),
                                     [day_end](const Play& play) { return play.ts_us < day_end; });
    std::sort(pending_plays.begin(), done, [](const Play& a, const Play& b) {
      return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.profile_id < b.profile_id;
    });
    for (auto it = pending_plays.begin(); it != done; ++it) {
      ++counts_.plays;
      if (it->ts_us < options_.start_us) ++counts_.plays_before_start;
      HS_RETURN_IF_ERROR(plays.Write(*it));
    }
    pending_plays.erase(pending_plays.begin(), done);
    if (progress) progress(day + 1, total_days);
  }
  return absl::OkStatus();
}

}  // namespace hindsight::workload
