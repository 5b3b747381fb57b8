// `hindsight labels`: every logged record's candidate items joined with outcome events of
// the same entity and item inside the attribution window after the record's time:
// label 1 when an event falls in [ts, ts + window), else 0 (docs/LABELS.md). Reads only
// the entity, ts, record_id and items columns of the facts table.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "util/status.h"

namespace hindsight::labels {

struct LabelsRequest {
  std::string store;
  std::string events_path;
  int64_t window_us = 0;
  std::string out_path;
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> from_us, to_us;  // records with from <= ts < to
  std::string item_column = "video_id";
  std::string event_time_column = "ts_us";
  std::function<void(int64_t files_done, int64_t files)> progress;
};

struct LabelsSummary {
  int64_t records = 0;
  int64_t rows = 0;
  int64_t positives = 0;
  int64_t events = 0;
  int64_t open_windows = 0;  // records whose window ends after the last event
  std::optional<int64_t> snapshot_id;
  std::string out_path;
};

[[nodiscard]] StatusOr<LabelsSummary> BuildLabels(const LabelsRequest& request);

}  // namespace hindsight::labels
