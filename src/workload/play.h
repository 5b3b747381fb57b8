// A play: a profile starting a video. Plays are the world's outcome events
// (plays.csv) and the source of every viewing history.
#pragma once

#include <cstdint>
#include <vector>

#include "util/status.h"

namespace hindsight::workload {

struct Play {
  int64_t ts_us;  // start
  int64_t profile_id;
  int64_t video_id;
  int32_t duration_s;
  bool completed;
};

// Receives plays in (ts_us, profile_id) order.
class PlaySink {
 public:
  virtual ~PlaySink() = default;
  [[nodiscard]] virtual Status Write(const Play& play) = 0;
};

}  // namespace hindsight::workload
