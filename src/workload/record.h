// One logged scoring event of the example world, with the five facts as they were
// at that moment (the fact messages of examples/netflix/facts.proto).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hindsight::workload {

struct ViewingEvent {
  int64_t video_id;
  int64_t ts_us;  // play start
  int32_t duration_s;
  bool completed;

  bool operator==(const ViewingEvent&) const = default;
};

struct Thumb {
  int64_t video_id;
  int32_t rating;  // +1 or -1
  int64_t ts_us;

  bool operator==(const Thumb&) const = default;
};

// Owns its values, so sinks may keep a copy (the late and dup faults do).
struct Record {
  std::string record_id;
  std::string app;
  int64_t ts_us = 0;
  // context
  int64_t profile_id = 0;
  std::string country;
  std::string device;
  // subscriber
  bool has_plan = true;  // false: the plan is missing (the `nulls` fault)
  std::string plan;
  bool kids = false;
  int64_t member_since_us = 0;
  // viewing_history, most recent first
  std::vector<ViewingEvent> viewing_history;
  // my_list, most recently added first
  std::vector<int64_t> my_list;
  // thumbs, most recent first
  std::vector<Thumb> thumbs;
  // impressions, most recently shown first
  std::vector<int64_t> impressions;
  int64_t impressions_since_us = 0;
  // candidates, in ranked order
  std::vector<int64_t> items;
  std::string model;
  // The profile's logged-session number in record_id; lets faults pick records by a
  // hash of (profile, number) without parsing strings.
  int64_t record_number = 0;
};

}  // namespace hindsight::workload
