#include "serve/server_metrics.h"

#include "util/str_cat.h"

namespace hindsight::serve {

void ServerMetrics::Record(std::string_view route, int status, double seconds) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{std::string(route), status}];
  }
  if (route != "/v1/features") return;
  size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  latency_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string ServerMetrics::Prometheus(const ServiceCounters& service,
                                      const log::LoggerCounters& logger) const {
  std::string out;
  out += "# HELP hindsight_requests_total HTTP requests by route and status.\n";
  out += "# TYPE hindsight_requests_total counter\n";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, count] : requests_) {
      out += StrCat("hindsight_requests_total{route=\"", key.first, "\",status=\"", key.second,
                    "\"} ", count, "\n");
    }
  }
  out += "# HELP hindsight_request_seconds Latency of feature requests.\n";
  out += "# TYPE hindsight_request_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t b = 0; b <= kLatencyBuckets.size(); ++b) {
    cumulative += latency_[b].load(std::memory_order_relaxed);
    const std::string bound = b < kLatencyBuckets.size() ? StrCat(kLatencyBuckets[b]) : "+Inf";
    out += StrCat("hindsight_request_seconds_bucket{le=\"", bound, "\"} ", cumulative, "\n");
  }
  out += StrCat("hindsight_request_seconds_sum ",
                static_cast<double>(latency_sum_ns_.load(std::memory_order_relaxed)) / 1e9, "\n");
  out += StrCat("hindsight_request_seconds_count ", latency_count_.load(std::memory_order_relaxed),
                "\n");
  auto counter = [&](std::string_view name, std::string_view help, uint64_t value) {
    out +=
        StrCat("# HELP ", name, " ", help, "\n# TYPE ", name, " counter\n", name, " ", value, "\n");
  };
  counter("hindsight_rejected_overload_total",
          "Connections answered 503 because the server's queue was full.",
          rejected_.load(std::memory_order_relaxed));
  counter("hindsight_online_store_errors_total",
          "Online store (Redis) reads that failed or timed out.", service.online_store_errors);
  counter("hindsight_fetcher_errors_total",
          "Fact fetches from HTTP fetchers that failed after their retries.",
          service.fetcher_errors);
  counter("hindsight_facts_missing_total",
          "Fact types a request had no usable value for (absent, too old, unavailable).",
          service.facts_missing);
  counter("hindsight_logged_records_total", "Served records taken by the fact logger.",
          logger.logged);
  counter("hindsight_log_dropped_total", "Served records the fact logger could not take.",
          service.log_dropped + logger.dropped);
  counter("hindsight_log_failed_total", "Served records lost to log write errors.", logger.failed);
  return out;
}

}  // namespace hindsight::serve
