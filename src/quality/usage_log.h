// Which attributes runs read, and which are logged but never read. Commands that read
// facts (generate, serve, parity, query) append one JSON line per run to
// STORE/quality/usage/usage.jsonl: {"at": µs, "command": "generate", "source": "...",
// "attributes": ["facts.subscriber.plan", "facts.viewing_history.events.ts_us", ...]}.
// A path ending in ".*" reads everything below it. `hindsight usage` sets the reads
// against the bytes each attribute takes in the table.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "features/feature_set.h"
#include "util/status.h"

namespace hindsight::quality {

// Appends a run's reads (one write, so concurrent runs do not interleave lines).
[[nodiscard]] Status RecordUsage(const std::string& store, const std::string& command,
                                 const std::string& source,
                                 const std::vector<std::string>& attributes);

// The attributes a feature set reads: its inputs, time fields and context keys, named as
// in profiles ("subscriber.plan" -> "facts.subscriber.plan", "context.country" -> "country").
std::vector<std::string> FeatureSetAttributes(const features::FeatureSet& feature_set);

struct AttributeUsage {
  std::string attribute;
  int64_t bytes = 0;  // compressed bytes in the latest snapshot's files
  int64_t reads = 0;  // runs that read it
  int64_t last_read_us = 0;
  std::vector<std::string> commands;  // which commands read it
};

struct UsageReport {
  int64_t runs = 0;
  int64_t total_bytes = 0;
  std::vector<AttributeUsage> attributes;  // by bytes, largest first
};

// Bytes from the latest snapshot's file footers; reads from the usage log.
[[nodiscard]] StatusOr<UsageReport> BuildUsageReport(const std::string& store);

// Whether a recorded read of `path` covers `attribute`.
bool ReadCovers(const std::string& path, const std::string& attribute);

}  // namespace hindsight::quality
