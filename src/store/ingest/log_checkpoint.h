// The ingest checkpoint, STORE/log/CHECKPOINT: how far into the log the committed table
// reaches, written (atomically) only after the snapshot that reached it was committed.
// The snapshot's own log_position is authoritative; the checkpoint lets tools and
// operators see ingest progress next to the segments, and trails the snapshot by at most
// one commit after a crash.
//   {"segment": 12, "offset": 4096, "snapshot_id": 7}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::store {

inline constexpr std::string_view kCheckpointFile = "CHECKPOINT";

struct LogCheckpoint {
  LogPosition position;
  int64_t snapshot_id = 0;
  bool operator==(const LogCheckpoint&) const = default;
};

std::string CheckpointPath(const std::string& store);
// nullopt when the store has none yet.
StatusOr<std::optional<LogCheckpoint>> ReadCheckpoint(const std::string& store);
[[nodiscard]] Status WriteCheckpoint(const std::string& store, const LogCheckpoint& checkpoint);

}  // namespace hindsight::store
