// Runs the example world from the start of the warm-up to its end, day by day in time
// order: records of the world go to a RecordSink, every play to a PlaySink. Memory is
// proportional to profiles (their state) plus one day's schedule, not to records.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "util/status.h"
#include "workload/catalog.h"
#include "workload/play.h"
#include "workload/profile.h"
#include "workload/profile_state.h"
#include "workload/record_sink.h"
#include "workload/world_options.h"

namespace hindsight::workload {

struct WorldCounts {
  int64_t records = 0;  // records the world logged, before any fault
  int64_t homepage_records = 0;
  int64_t search_records = 0;
  int64_t warmup_sessions = 0;
  int64_t plays = 0;               // in plays.csv: start before the world's end
  int64_t plays_before_start = 0;  // of which during the warm-up
};

// Called after each simulated day with (days done, days in total, warm-up included).
using DayProgress = std::function<void(int, int)>;

class WorldGenerator {
 public:
  // Builds the catalog and the profiles. REQUIRES ValidateWorldOptions(options).ok().
  explicit WorldGenerator(const WorldOptions& options);
  WorldGenerator(const WorldGenerator&) = delete;
  WorldGenerator& operator=(const WorldGenerator&) = delete;

  const WorldOptions& options() const { return options_; }
  const Catalog& catalog() const { return catalog_; }
  const std::vector<Profile>& profiles() const { return profiles_; }

  // Simulates the whole world once. Records reach `records` in time order (ties by
  // profile id); plays reach `plays` in (ts_us, profile_id) order. Output does not
  // depend on options().threads.
  [[nodiscard]] Status Run(RecordSink& records, PlaySink& plays, const DayProgress& progress);
  const WorldCounts& counts() const { return counts_; }

 private:
  WorldOptions options_;
  Catalog catalog_;
  std::vector<Profile> profiles_;
  WorldCounts counts_;
};

}  // namespace hindsight::workload
