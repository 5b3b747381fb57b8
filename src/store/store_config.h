// A store's config, STORE/hindsight.yaml: format version, entity key, registered
// fact types, partitioning and retention. Written atomically; read with errors
// naming the file and key.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight::store {

// Bumped when the store layout or this file changes incompatibly; readers refuse
// newer versions.
inline constexpr int kStoreFormatVersion = 1;
// Facts tables are partitioned by event hour (the only partitioning so far).
inline constexpr std::string_view kPartitionByHour = "hour";

struct StoreConfig {
  int format_version = kStoreFormatVersion;
  std::string entity_key = "profile_id";
  // Fact type name (as in records) -> full name of its protobuf message.
  std::map<std::string, std::string> fact_types;
  std::string partitioning = std::string(kPartitionByHour);
  int retention_days = 90;          // facts older than this may be expired
  int snapshot_retention_days = 7;  // committed snapshots kept at least this long
  // Ingest drops a record whose id it already ingested with an event time at most this
  // long before the newest event time it has seen (logger retries); 0 turns dedupe off.
  int dedupe_window_minutes = 60;

  bool operator==(const StoreConfig&) const = default;
};

std::string StoreConfigToYaml(const StoreConfig& config);
// `file_name` only names the source in error messages.
StatusOr<StoreConfig> ParseStoreConfig(std::string_view yaml, const std::string& file_name);

StatusOr<StoreConfig> ReadStoreConfig(const std::string& store);
[[nodiscard]] Status WriteStoreConfig(const std::string& store, const StoreConfig& config);

}  // namespace hindsight::store
