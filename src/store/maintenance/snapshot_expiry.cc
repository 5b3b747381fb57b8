#include "store/maintenance/snapshot_expiry.h"

#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

#include "store/store_layout.h"
#include "store/table/snapshot.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;

// Deletes one file, adding its size to `bytes_deleted`.
Status RemoveFile(const fs::path& path, int64_t& bytes_deleted) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (!fs::remove(path, error) || error) {
    return absl::UnavailableError(StrCat("cannot delete ", path.string(), ": ", error.message()));
  }
  bytes_deleted += static_cast<int64_t>(size);
  return absl::OkStatus();
}

// Deletes every .parquet file under `root` whose path relative to it is not in
// `referenced`, then the directories left empty (deepest first, so an hour directory
// goes before its date directory). A missing root is nothing to do. Counts into
// `files_deleted` and `bytes_deleted`.
Status RemoveUnreferencedFiles(const fs::path& root, const std::set<std::string>& referenced,
                               int64_t& files_deleted, int64_t& bytes_deleted) {
  std::error_code error;
  if (!fs::exists(root, error)) return absl::OkStatus();
  std::vector<fs::path> directories;
  for (auto it = fs::recursive_directory_iterator(root, error);
       it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (it->is_directory()) {
      directories.push_back(it->path());
      continue;
    }
    if (it->path().extension() != ".parquet") continue;
    if (!referenced.contains(fs::relative(it->path(), root).string())) {
      HS_RETURN_IF_ERROR(RemoveFile(it->path(), bytes_deleted));
      ++files_deleted;
    }
  }
  if (error) {
    return absl::UnavailableError(StrCat("cannot list ", root.string(), ": ", error.message()));
  }
  for (auto it = directories.rbegin(); it != directories.rend(); ++it) {
    if (fs::is_empty(*it, error)) fs::remove(*it, error);
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<ExpirySummary> ExpireSnapshots(const std::string& store, int64_t expire_before_us) {
  ExpirySummary summary;
  HS_ASSIGN_OR_RETURN(const std::vector<int64_t> ids, ListSnapshotIds(store));
  if (ids.empty()) return summary;

  // Snapshots to keep: the newest, and every one committed at or after the cutoff. Ids
  // grow with commit time, so the expired ones are a prefix.
  std::set<std::string> referenced_files;
  std::set<std::string> referenced_states;
  std::vector<int64_t> expired;
  for (size_t i = 0; i < ids.size(); ++i) {
    HS_ASSIGN_OR_RETURN(const Snapshot snapshot, ReadSnapshot(store, ids[i]));
    const bool newest = i + 1 == ids.size();
    if (!newest && snapshot.committed_at_us < expire_before_us && expired.size() == i) {
      expired.push_back(snapshot.id);
      continue;
    }
    for (const DataFile& file : snapshot.files) referenced_files.insert(file.path);
    if (!snapshot.dedupe_state_file.empty()) referenced_states.insert(snapshot.dedupe_state_file);
  }
  const fs::path snapshots_dir(SnapshotsDir(store));
  for (int64_t id : expired) {
    HS_RETURN_IF_ERROR(RemoveFile(snapshots_dir / SnapshotFileName(id), summary.bytes_deleted));
    ++summary.snapshots_expired;
  }
  if (!expired.empty()) HS_RETURN_IF_ERROR(SyncPath(snapshots_dir.string()));

  // Dedupe states of no remaining snapshot, and temporary files of interrupted commits.
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(snapshots_dir, error)) {
    const std::string name = entry.path().filename().string();
    if ((name.starts_with("dedupe-") && !referenced_states.contains(name)) ||
        name.ends_with(".tmp")) {
      HS_RETURN_IF_ERROR(RemoveFile(entry.path(), summary.bytes_deleted));
    }
  }

  // Data files of no remaining snapshot and their profiles, then directories left empty.
  HS_RETURN_IF_ERROR(RemoveUnreferencedFiles(FactsTableDir(store), referenced_files,
                                             summary.files_deleted, summary.bytes_deleted));
  HS_RETURN_IF_ERROR(RemoveUnreferencedFiles(ProfileFilePath(store, ""), referenced_files,
                                             summary.profiles_deleted, summary.bytes_deleted));
  return summary;
}

}  // namespace hindsight::store
