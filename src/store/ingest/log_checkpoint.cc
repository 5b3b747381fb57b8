#include "store/ingest/log_checkpoint.h"

#include <filesystem>

#include "nlohmann/json.hpp"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::store {

std::string CheckpointPath(const std::string& store) {
  return StrCat(LogDir(store), "/", kCheckpointFile);
}

StatusOr<std::optional<LogCheckpoint>> ReadCheckpoint(const std::string& store) {
  const std::string path = CheckpointPath(store);
  if (!std::filesystem::exists(path)) return std::optional<LogCheckpoint>();
  HS_ASSIGN_OR_RETURN(const std::string text, ReadFileToString(path));
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto is_count = [&json](const char* key) {
    return json.contains(key) && json[key].is_number_unsigned();
  };
  if (json.is_discarded() || !json.is_object() || !is_count("segment") || !is_count("offset") ||
      !is_count("snapshot_id")) {
    return absl::DataLossError(
        StrCat(path, ": not a checkpoint (expected {\"segment\", \"offset\", \"snapshot_id\"})"));
  }
  LogCheckpoint checkpoint;
  checkpoint.position.segment = json["segment"].get<uint64_t>();
  checkpoint.position.offset = json["offset"].get<uint64_t>();
  checkpoint.snapshot_id = json["snapshot_id"].get<int64_t>();
  return std::optional<LogCheckpoint>(checkpoint);
}

Status WriteCheckpoint(const std::string& store, const LogCheckpoint& checkpoint) {
  const nlohmann::json json = {{"segment", checkpoint.position.segment},
                               {"offset", checkpoint.position.offset},
                               {"snapshot_id", checkpoint.snapshot_id}};
  return WriteFileAtomically(CheckpointPath(store), json.dump() + "\n");
}

}  // namespace hindsight::store
