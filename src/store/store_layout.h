// Where a store keeps its parts (SYSTEM.md §6). Every path is a function of the
// store root, so no other code spells a store-relative path by hand.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::store {

std::string ConfigPath(const std::string& store);     // STORE/hindsight.yaml
std::string SchemasDir(const std::string& store);     // STORE/schemas
std::string LogDir(const std::string& store);         // STORE/log
std::string FactsTableDir(const std::string& store);  // STORE/tables/facts
std::string DimensionsDir(const std::string& store);  // STORE/tables/dims
std::string SnapshotsDir(const std::string& store);   // STORE/tables/_snapshots
std::string QuarantineDir(const std::string& store);  // STORE/quarantine
std::string QualityDir(const std::string& store);     // STORE/quality
// The profile of a data file (path relative to the facts table), mirroring its path:
// STORE/quality/profiles/date=…/hour=…/part-….parquet.
std::string ProfileFilePath(const std::string& store, const std::string& data_file_path);
// Per-commit ingest counters (duplicates, late records) by hour:
// STORE/quality/ingest/commit-<20-digit snapshot id>.parquet.
std::string IngestCountersPath(const std::string& store, int64_t snapshot_id);
// Stored audit results: STORE/quality/audits/.
std::string AuditResultsDir(const std::string& store);
// Attribute reads recorded by runs (hindsight usage): STORE/quality/usage/.
std::string UsageDir(const std::string& store);

// Whether `store` holds a store config.
bool StoreExists(const std::string& store);

// Creates the store's directories (the root too); existing ones are kept.
[[nodiscard]] Status CreateStoreDirectories(const std::string& store);

}  // namespace hindsight::store
