// Step 9 of `hindsight demo`: online serving with a real redis-server, and parity.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::cli {

// Starts redis-server on a free loopback port, materializes the facts logged before the
// world's last day, serves the example feature set in process, replays the last day's
// first homepage records from records.jsonl as requests, ingests what was served and
// runs parity. Prints only what every run repeats. Skips (and says so) without
// redis-server on the PATH.
[[nodiscard]] Status ServeAndCheckParity(const std::string& world_dir, const std::string& store,
                                         const std::string& features_path, int64_t world_end_us);

}  // namespace hindsight::cli
