#include "store/store_layout.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "util/str_cat.h"

namespace hindsight::store {

std::string ConfigPath(const std::string& store) { return store + "/hindsight.yaml"; }
std::string SchemasDir(const std::string& store) { return store + "/schemas"; }
std::string LogDir(const std::string& store) { return store + "/log"; }
std::string FactsTableDir(const std::string& store) { return store + "/tables/facts"; }
std::string DimensionsDir(const std::string& store) { return store + "/tables/dims"; }
std::string SnapshotsDir(const std::string& store) { return store + "/tables/_snapshots"; }
std::string QuarantineDir(const std::string& store) { return store + "/quarantine"; }
std::string QualityDir(const std::string& store) { return store + "/quality"; }
std::string ProfileFilePath(const std::string& store, const std::string& data_file_path) {
  return QualityDir(store) + "/profiles/" + data_file_path;
}
std::string IngestCountersPath(const std::string& store, int64_t snapshot_id) {
  char name[64];
  std::snprintf(name, sizeof name, "/ingest/commit-%020lld.parquet",
                static_cast<long long>(snapshot_id));
  return QualityDir(store) + name;
}
std::string AuditResultsDir(const std::string& store) { return QualityDir(store) + "/audits"; }
std::string UsageDir(const std::string& store) { return QualityDir(store) + "/usage"; }

bool StoreExists(const std::string& store) {
  std::error_code error;
  return std::filesystem::is_regular_file(ConfigPath(store), error);
}

Status CreateStoreDirectories(const std::string& store) {
  for (const std::string& dir :
       {SchemasDir(store), LogDir(store), FactsTableDir(store), DimensionsDir(store),
        SnapshotsDir(store), QuarantineDir(store), QualityDir(store)}) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
      return absl::InvalidArgumentError(
          StrCat("cannot create store directory ", dir, ": ", error.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace hindsight::store
