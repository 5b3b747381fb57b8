// ServerMetrics: what `GET /metrics` reports, in the Prometheus text format — requests by
// route and status, a latency histogram of feature requests, and the service's counters
// (online store errors, missing facts, logger drops). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "log/fact_logger.h"
#include "serve/feature_service.h"

namespace hindsight::serve {

class ServerMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (a last bucket holds the rest).
  static constexpr std::array<double, 11> kLatencyBuckets = {
      0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

  void Record(std::string_view route, int status, double seconds);
  void RecordRejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }
  std::string Prometheus(const ServiceCounters& service, const log::LoggerCounters& logger) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // guarded by mutex_
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> latency_{};
  std::atomic<uint64_t> latency_count_{0};
  std::atomic<uint64_t> latency_sum_ns_{0};
  std::atomic<uint64_t> rejected_{0};
};

}  // namespace hindsight::serve
