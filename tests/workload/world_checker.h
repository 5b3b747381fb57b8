// An independent oracle for the example world's contract (docs/WORKLOAD.md): reads
// records.jsonl line by line with nlohmann::json and checks every record against
// plays.csv, videos.csv, world.json and the records before it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "world_reader.h"

namespace hindsight::workload_test {

// Means of two features over homepage candidates, split by whether the profile
// played the candidate before its next record.
struct PredictiveStats {
  int64_t played = 0;
  int64_t unplayed = 0;
  double played_genre_overlap = 0;  // share of history plays sharing a genre with the item
  double unplayed_genre_overlap = 0;
  double played_popularity = 0;  // log(1 + plays of the item by anyone before the record)
  double unplayed_popularity = 0;
};

struct CheckReport {
  int64_t lines = 0;
  int64_t homepage_records = 0;
  int64_t search_records = 0;
  int64_t plan_changes = 0;
  int64_t nonempty_thumbs = 0;
  int64_t nonempty_my_list = 0;
  int64_t nonempty_impressions = 0;
  int64_t my_list_removals = 0;
  int64_t full_histories = 0;  // records whose history hit the 200 cap
  PredictiveStats predictive;
  std::vector<std::string> problems;  // the first kMaxProblems violations
  int64_t problem_count = 0;
};

inline constexpr size_t kMaxProblems = 20;

// Checks a world generated without faults. Every record must follow the rules; the
// report lists violations (empty when the world is self-consistent).
CheckReport CheckWorld(const WorldData& world);

}  // namespace hindsight::workload_test
