// Label rows in the order the generator processes and writes them — by (ts, entity,
// record_id, position in the label file) — cut into groups of rows that share their
// facts: one logged record (exact mode) or one (entity, ts) (as-of mode), and the
// groups cut by event hour, the facts table's partitioning.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "labels/label_file.h"

namespace hindsight::features {

struct LabelGroup {
  int64_t entity = 0;
  int64_t as_of_us = 0;
  std::string_view record_id;  // exact mode; into the LabelRows
  size_t begin = 0;            // [begin, end) into LabelOrder::rows
  size_t end = 0;
};

struct HourOfGroups {
  int64_t hour_start_us = 0;
  size_t begin = 0;  // [begin, end) into LabelOrder::groups
  size_t end = 0;
};

struct LabelOrder {
  std::vector<uint32_t> rows;  // label-file row indices, in output order
  std::vector<LabelGroup> groups;
  std::vector<HourOfGroups> hours;
};

// Orders and groups `labels`; `by_record` groups by record_id (exact mode).
LabelOrder OrderLabels(const labels::LabelRows& labels, bool by_record);

}  // namespace hindsight::features
