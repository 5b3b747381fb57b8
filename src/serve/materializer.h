// Materialize: loads the online store from the facts table — per entity and fact type
// the latest value (greatest event time, then record id) of the committed snapshot, and
// the dimension files in force. Partitions are read newest first and an (entity, type)
// found in a newer hour is not looked for again, so only the latest value of each is
// decoded. Writes are ordered upserts (online_store.h): running it again, or over a
// range already loaded, changes nothing; it never replaces a newer value.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "serve/online_store.h"

namespace hindsight::serve {

struct MaterializeOptions {
  std::string store;
  std::optional<int64_t> since_us;  // only facts with event time >= since
  std::optional<int64_t> until_us;  // only facts with event time <= until
  // Only these data files of the snapshot (paths relative to the facts table); empty:
  // all. Ingest uses it to push just what a commit added.
  std::vector<std::string> only_files;
  std::optional<int64_t> snapshot_id;  // nullopt: the latest
  // Called after each partition is read.
  std::function<void(int64_t partitions_done, int64_t partitions_total)> progress;
};

struct MaterializeSummary {
  std::optional<int64_t> snapshot_id;
  int64_t partitions = 0;
  int64_t files = 0;
  int64_t rows_scanned = 0;
  int64_t entities = 0;
  int64_t facts_written = 0;            // stored (new, newer or unchanged)
  int64_t facts_stale = 0;              // Redis already held a newer value
  std::vector<std::string> dimensions;  // name=file set in force
  double seconds = 0;
};

[[nodiscard]] StatusOr<MaterializeSummary> Materialize(const MaterializeOptions& options,
                                                       OnlineStore& online);

}  // namespace hindsight::serve
