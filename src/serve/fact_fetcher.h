// FactFetcher: asks an HTTP JSON service for the current value of one fact type of an
// entity — `facts.TYPE.fetch` in a feature set (docs/SERVING.md) — and turns the JSON
// (protobuf's JSON mapping of the registered message) into the fact's wire bytes. Each
// attempt is bounded by the fetcher's timeout and the request's deadline; failed attempts
// (connection errors, timeouts, non-2xx answers) are retried up to `retries` times while
// the deadline allows. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "features/feature_set.h"
#include "store/fact_schema_registry.h"
#include "util/status.h"

namespace hindsight::serve {

class FactFetcher {
 public:
  // InvalidArgument naming the feature set line when the URL is not http://HOST[:PORT]/PATH
  // or the type is not registered. `registry` must outlive the fetcher.
  [[nodiscard]] static StatusOr<std::unique_ptr<FactFetcher>> Make(
      const std::string& fact_type, const features::FetcherSpec& spec, const std::string& where,
      const store::FactSchemaRegistry& registry);

  // The fact's wire bytes. DeadlineExceeded / Unavailable / InvalidArgument (a body that
  // is not the message's JSON) naming the fetcher and the URL.
  [[nodiscard]] StatusOr<std::string> Fetch(int64_t entity, int64_t ts_us,
                                            std::chrono::steady_clock::time_point deadline) const;

  const std::string& fact_type() const { return fact_type_; }

 private:
  FactFetcher() = default;
  std::string Path(int64_t entity, int64_t ts_us) const;

  std::string fact_type_;
  features::FetcherSpec spec_;
  std::string host_;
  int port_ = 80;
  std::string path_template_;
  const store::FactSchemaRegistry* registry_ = nullptr;
  const google::protobuf::Message* prototype_ = nullptr;
};

}  // namespace hindsight::serve
