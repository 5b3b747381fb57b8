#include "features/label_groups.h"

#include <algorithm>
#include <numeric>

#include "store/table/snapshot.h"

namespace hindsight::features {

LabelOrder OrderLabels(const labels::LabelRows& labels, bool by_record) {
  LabelOrder order;
  order.rows.resize(labels.size());
  std::iota(order.rows.begin(), order.rows.end(), 0u);
  auto record_id = [&](uint32_t row) -> std::string_view {
    return by_record ? std::string_view(labels.record_id[row]) : std::string_view();
  };
  std::stable_sort(order.rows.begin(), order.rows.end(), [&](uint32_t a, uint32_t b) {
    if (labels.ts_us[a] != labels.ts_us[b]) return labels.ts_us[a] < labels.ts_us[b];
    if (labels.entity[a] != labels.entity[b]) return labels.entity[a] < labels.entity[b];
    return record_id(a) < record_id(b);
  });
  for (size_t i = 0; i < order.rows.size(); ++i) {
    const uint32_t row = order.rows[i];
    if (order.groups.empty() || order.groups.back().entity != labels.entity[row] ||
        order.groups.back().as_of_us != labels.ts_us[row] ||
        order.groups.back().record_id != record_id(row)) {
      order.groups.push_back({labels.entity[row], labels.ts_us[row], record_id(row), i, i});
    }
    order.groups.back().end = i + 1;
  }
  for (size_t g = 0; g < order.groups.size(); ++g) {
    const int64_t hour = store::HourStart(order.groups[g].as_of_us);
    if (order.hours.empty() || order.hours.back().hour_start_us != hour) {
      order.hours.push_back({hour, g, g});
    }
    order.hours.back().end = g + 1;
  }
  return order;
}

}  // namespace hindsight::features
