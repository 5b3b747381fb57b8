// OnlineStore: the Redis layout the server reads facts from (docs/SERVING.md).
//
//   hs:f:<entity>   hash: fact type -> "<event time µs> <record id length> <record id><fact bytes>"
//   hs:dims         hash: dimension name -> the dimension file in force ("dim-000003.parquet")
//
// Per entity and fact type it holds the latest value and where it came from. Writes go
// through a Lua script that compares (event time, record id) with what is stored, so
// they are idempotent and ordered by event time: an older fact never overwrites a newer
// one, whatever order writers (materialize, ingest) run in. Not thread-safe: one per
// thread, each with its own connection.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/redis_connection.h"

namespace hindsight::serve {

// One fact as the online store holds it.
struct OnlineFact {
  int64_t event_time_us = 0;
  std::string record_id;
  std::string bytes;  // the fact message's wire bytes
};

struct OnlineFactWrite {
  int64_t entity = 0;
  std::string fact_type;
  OnlineFact fact;
};

struct UpsertCounts {
  int64_t written = 0;  // stored (new, newer, or the same value again)
  int64_t stale = 0;    // refused: the stored value is newer
};

// The hash key of an entity's facts.
std::string EntityKey(int64_t entity);
inline constexpr std::string_view kDimensionsKey = "hs:dims";

// The stored form of a fact, and back; nullopt when `stored` is not in that form.
std::string EncodeOnlineFact(const OnlineFact& fact);
std::optional<OnlineFact> DecodeOnlineFact(std::string_view stored);

class OnlineStore {
 public:
  explicit OnlineStore(std::unique_ptr<RedisConnection> connection);

  // Writes in one pipelined round trip per `kUpsertBatch` writes.
  [[nodiscard]] StatusOr<UpsertCounts> Upsert(const std::vector<OnlineFactWrite>& writes);

  // The stored facts of `entity`, per type asked for (nullopt: none stored), in one
  // round trip. DataLoss naming the key when a value is not in the stored form.
  [[nodiscard]] StatusOr<std::vector<std::optional<OnlineFact>>> Get(
      int64_t entity, const std::vector<std::string>& fact_types);

  [[nodiscard]] Status SetDimensionFiles(const std::map<std::string, std::string>& files);
  [[nodiscard]] StatusOr<std::map<std::string, std::string>> DimensionFiles();

  RedisConnection& connection() { return *connection_; }

  static constexpr size_t kUpsertBatch = 1000;

 private:
  Status LoadScript();

  std::unique_ptr<RedisConnection> connection_;
  std::string script_sha_;
};

}  // namespace hindsight::serve
