// Reads a generated world's files independently of the generator (plain CSV parsing
// and nlohmann::json), so tests check the files, not the generator's own state.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace hindsight::workload_test {

struct PlayRow {
  int64_t profile_id;
  int64_t ts_us;
  int64_t video_id;
  int32_t duration_s;
  bool completed;
};

struct VideoVersionRow {
  int64_t video_id;
  int64_t valid_from_us;
  std::string title;
  std::set<std::string> genres;
  int32_t length_s;
  std::string maturity;
  std::string release_date;
  std::vector<float> embedding;
};

struct WorldData {
  std::string dir;
  nlohmann::json world;                                      // world.json
  nlohmann::json faults;                                     // faults.json
  std::vector<PlayRow> plays;                                // as in plays.csv
  std::map<int64_t, std::vector<VideoVersionRow>> versions;  // by video, by valid_from
  std::map<int64_t, std::vector<PlayRow>> plays_by_profile;  // ascending ts

  // The version of `video_id` valid at t, or nullptr if unknown or not yet released.
  const VideoVersionRow* VersionAt(int64_t video_id, int64_t t_us) const;
};

// Loads plays.csv, videos.csv, world.json and faults.json of `dir`; on failure
// returns false with `error` naming the file and line.
bool LoadWorld(const std::string& dir, WorldData* world, std::string* error);

// All lines of a text file, without newlines.
std::vector<std::string> ReadLines(const std::string& path);

// Hex XXH3-128 digest of a file's bytes, for equality checks.
std::string FileDigest(const std::string& path);

// RFC 3339 `...Z` with up to 6 fractional digits to microseconds; false if malformed.
bool ParseRfc3339Micros(const std::string& text, int64_t* micros);

}  // namespace hindsight::workload_test
