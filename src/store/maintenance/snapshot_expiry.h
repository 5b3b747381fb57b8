// Expires old snapshots and collects the files nothing references any more. Runs under
// the table lock (the caller holds it), so no writer has uncommitted files in flight:
// every data file or dedupe state that no remaining snapshot lists is either expired or
// the leftover of a writer that crashed before committing.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::store {

struct ExpirySummary {
  int64_t snapshots_expired = 0;
  int64_t files_deleted = 0;     // data files
  int64_t profiles_deleted = 0;  // their quality profiles (STORE/quality/profiles/)
  int64_t bytes_deleted = 0;
};

// Deletes snapshots committed before `expire_before_us`, always keeping the newest, then
// the unreferenced data files, their profiles and the directories left empty.
[[nodiscard]] StatusOr<ExpirySummary> ExpireSnapshots(const std::string& store,
                                                      int64_t expire_before_us);

}  // namespace hindsight::store
