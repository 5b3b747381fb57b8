// FactsTableReader: time-travel point reads of a store's facts table, as of one committed
// snapshot (SYSTEM.md §3). For an entity, a time t and some fact types it returns, per
// type, the latest logged value with event time <= t: the record with the greatest
// (ts, record_id) among the entity's records at or before t whose `facts.<type>` is not
// empty. Only what can hold the entity is read: partitions after t's hour are skipped,
// then files whose snapshot ranges exclude the entity or t, files and row groups whose
// entity bloom filter rules it out, and row groups and pages whose statistics and page
// index show no row of the entity at or before t; partitions are walked newest first and
// the walk stops once every type is found. Opened files are cached between lookups.
//
//   HS_ASSIGN_OR_RETURN(auto reader, FactsTableReader::Open("store"));
//   HS_ASSIGN_OR_RETURN(AsOfAnswer answer, reader->LookupAsOf({7, as_of_us, {"subscriber"}}));
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "query/facts_read_stats.h"
#include "store/fact_schema_registry.h"
#include "store/store_config.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::query {

// Files kept open between lookups by default: each holds a descriptor, its footer and
// the bloom filters of its entity column.
inline constexpr size_t kDefaultMaxOpenFiles = 4096;
// What opening the cached files may have read at most (footers and bloom filters).
inline constexpr int64_t kDefaultMaxOpenFileBytes = int64_t{256} << 20;

struct FactsTableReaderOptions {
  std::optional<int64_t> snapshot_id;  // nullopt: the latest snapshot
  size_t max_open_files = kDefaultMaxOpenFiles;
  int64_t max_open_file_bytes = kDefaultMaxOpenFileBytes;
};

struct AsOfRequest {
  int64_t entity = 0;
  int64_t as_of_us = 0;
  std::vector<std::string> fact_types;  // registered names; empty: every registered type
};

struct AsOfFact {
  std::string fact_type;
  // The record the value came from (record id, ts, app, context) holding only this
  // type's facts, in logged order; nullopt when the entity has none at or before as-of.
  std::optional<Record> record;
};

struct AsOfAnswer {
  int64_t entity = 0;
  int64_t as_of_us = 0;
  std::optional<int64_t> snapshot_id;  // nullopt: the store has no snapshot yet
  std::vector<AsOfFact> facts;         // in the order asked for (else by name)
};

// Lookups are thread-safe.
class FactsTableReader {
 public:
  // Opens `store` (its config and schemas) and reads the snapshot. NotFound when there is
  // no store or no snapshot with the requested id. A store without any snapshot opens
  // with no data: every lookup finds nothing.
  [[nodiscard]] static StatusOr<std::unique_ptr<FactsTableReader>> Open(
      const std::string& store, const FactsTableReaderOptions& options = {});
  ~FactsTableReader();
  FactsTableReader(const FactsTableReader&) = delete;
  FactsTableReader& operator=(const FactsTableReader&) = delete;

  const std::string& store() const { return store_; }
  const store::StoreConfig& config() const;
  const store::FactSchemaRegistry& registry() const;
  // The snapshot read; nullopt when the store has none yet.
  const std::optional<store::Snapshot>& snapshot() const { return snapshot_; }
  // The registered fact types, by name.
  const std::vector<std::string>& fact_types() const { return fact_types_; }

  // The fact types a request names, checked: `requested` itself, or every registered type
  // when it is empty. InvalidArgument naming an unregistered or repeated type.
  [[nodiscard]] StatusOr<std::vector<std::string>> ResolveFactTypes(
      const std::vector<std::string>& requested) const;

  // The as-of answer for `request` (see the file comment). Errors: the request's fact
  // types (ResolveFactTypes), and data files that cannot be read, naming the file.
  [[nodiscard]] StatusOr<AsOfAnswer> LookupAsOf(const AsOfRequest& request) const;

  // LookupAsOf for each request, `threads` at a time; answers in request order. The
  // first error (in request order) fails the batch.
  [[nodiscard]] StatusOr<std::vector<AsOfAnswer>> LookupAsOfBatch(
      const std::vector<AsOfRequest>& requests, int threads) const;

  // Work done by all lookups since Open, summed over threads (exact once none is running).
  FactsReadStats stats() const;

 private:
  struct Partition;
  struct Shared;
  class Lookup;

  FactsTableReader() = default;

  std::string store_;
  std::unique_ptr<Shared> shared_;
  std::optional<store::Snapshot> snapshot_;
  std::vector<std::string> fact_types_;
};

}  // namespace hindsight::query
