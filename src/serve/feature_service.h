// FeatureService: what `hindsight serve` does for one request, without the HTTP. It
// compiles the feature set against the store exactly as the generator does, fetches the
// entity's facts (the online store in Redis, or the store's facts table as of the
// request time when no Redis is configured), runs the shared FeatureComputer over the
// request's items, and logs the record it scored — context, items, the facts it used and
// the values it answered — through FactLogger into STORE/log, so served traffic becomes
// facts like any other and `hindsight parity` can regenerate it offline. Fact types
// with a fetcher (`facts.TYPE.fetch`) are asked of their HTTP service instead, in
// parallel with the online store read; their value's time is the request's.
//
// A fact is used only when its event time is at or before the request time and within
// its type's max_age; otherwise its features take their defaults, as they would offline.
// When the online store is slow or down the request still answers by its deadline, with
// the affected features defaulted and the reason in `degraded`. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "features/feature_computer.h"
#include "features/feature_plan.h"
#include "log/fact_logger.h"
#include "query/facts_table_reader.h"
#include "serve/fact_fetcher.h"
#include "serve/feature_request.h"
#include "serve/online_store.h"
#include "serve/redis_connection.h"

namespace hindsight::serve {

struct FeatureServiceOptions {
  std::string store;
  std::string features_path;
  std::optional<RedisEndpoint> redis;  // nullopt: facts from the store's facts table
  std::chrono::milliseconds deadline{50};
  RequestLimits limits;
  bool log_records = true;
};

struct ServedFeatures {
  std::string record_id;
  int64_t ts_us = 0;
  features::FeatureColumns columns;  // one row per item; defaults tracked
  std::vector<std::string> facts_used;
  std::vector<std::string> degraded;  // why inputs were unavailable (deadline, Redis errors)
};

struct ServiceCounters {
  uint64_t requests = 0;
  uint64_t online_store_errors = 0;  // Redis unreachable, timed out or refusing
  uint64_t fetcher_errors = 0;       // fetcher calls that failed after their retries
  uint64_t facts_missing = 0;        // fact types not found, too old or from the future
  uint64_t log_dropped = 0;          // records the logger could not take
};

class FeatureService {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<FeatureService>> Open(
      const FeatureServiceOptions& options);
  ~FeatureService();

  const features::FeaturePlan& plan() const { return *plan_; }
  std::chrono::milliseconds deadline() const { return options_.deadline; }
  const std::string& entity_key() const;
  // Dimension name -> the file the features read.
  const std::vector<std::pair<std::string, std::string>>& dimension_files() const {
    return dimension_files_;
  }

  // InvalidArgument with a reason for the client.
  [[nodiscard]] StatusOr<FeatureRequest> Parse(std::string_view body) const;
  // Computes and logs. Errors only for what the client must fix or a broken fact.
  [[nodiscard]] StatusOr<ServedFeatures> Serve(const FeatureRequest& request,
                                               std::chrono::steady_clock::time_point deadline);

  ServiceCounters counters() const;
  log::LoggerCounters logger_counters() const;
  // Writes every logged record out; returns the logger's first error.
  [[nodiscard]] Status Close();

 private:
  struct Worker;

  FeatureService() = default;
  std::unique_ptr<Worker> Acquire();
  void Release(std::unique_ptr<Worker> worker);
  // Per plan fact type: the fact to use, or nullopt (with the reason in `degraded`).
  std::vector<std::optional<OnlineFact>> FetchFacts(Worker& worker, const FeatureRequest& request,
                                                    int64_t ts_us,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    std::vector<std::string>& degraded);
  std::optional<std::vector<std::optional<OnlineFact>>> FetchFromRedis(
      Worker& worker, int64_t entity, const std::vector<std::string>& types,
      std::chrono::steady_clock::time_point deadline, std::vector<std::string>& degraded);
  std::string NextRecordId();

  FeatureServiceOptions options_;
  std::unique_ptr<query::FactsTableReader> table_;
  std::unique_ptr<features::FeaturePlan> plan_;
  std::vector<std::pair<std::string, std::string>> dimension_files_;
  // Per plan fact type: its HTTP fetcher, or null when it comes from the online store.
  std::vector<std::unique_ptr<FactFetcher>> fetchers_;
  std::vector<store::ContextColumn> context_columns_;
  std::string layout_;
  std::unique_ptr<log::FactLogger> logger_;
  std::string record_id_prefix_;
  std::atomic<uint64_t> next_record_{0};

  std::mutex workers_mutex_;
  std::vector<std::unique_ptr<Worker>> idle_workers_;
  // Steady-clock µs before which no worker tries to reconnect to Redis.
  std::atomic<int64_t> redis_retry_at_us_{0};

  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> online_store_errors_{0};
  std::atomic<uint64_t> fetcher_errors_{0};
  std::atomic<uint64_t> facts_missing_{0};
  std::atomic<uint64_t> log_dropped_{0};
};

}  // namespace hindsight::serve
