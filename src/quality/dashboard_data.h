// The dashboard's data, as JSON, from stored profiles and audit results only (no data
// files are read), so months of history open at once:
//   Summary()    hours covered, attributes with their kinds and metrics, slices
//   Series()     one metric of one attribute per hour (or day) over the whole history
//   Histograms() an attribute's distribution in two periods, on shared bins
//   Audits()     the violations of the latest audit run, to mark on the time axis
// Thread-safe after construction (read-only).
#pragma once

#include <cstdint>
#include <string>

#include "nlohmann/json.hpp"
#include "quality/profile_catalog.h"
#include "util/status.h"

namespace hindsight::quality {

class DashboardData {
 public:
  [[nodiscard]] static StatusOr<DashboardData> Load(const std::string& store);

  nlohmann::json Summary() const;
  // InvalidArgument for an unknown attribute, metric or period.
  StatusOr<nlohmann::json> Series(const std::string& attribute, const std::string& metric,
                                  const std::string& slice, const std::string& period) const;
  // Shares of the attribute's values in `bins` equal-width bins over both periods' range
  // (numbers, from the KLL sketches; counters: their hourly totals), or of its top values
  // (low-cardinality strings).
  StatusOr<nlohmann::json> Histograms(const std::string& attribute, const std::string& slice,
                                      const TimeRange& first, const TimeRange& second,
                                      int bins) const;
  nlohmann::json Audits() const;

 private:
  std::string store_;
  HourlyProfiles hourly_;
  HourlyProfiles daily_;
  nlohmann::json audits_;
};

}  // namespace hindsight::quality
