// Step 10 of `hindsight demo`: data quality on a world with injected faults.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::cli {

// Simulates a small 8-day world with a volume drop, a null spike and logger retries
// logged straight into a second store, ingests it (profiles are built on the way), runs
// examples/netflix/audits.yaml over it, verifies the files at rest, and prints where the
// faults were found and how to open the dashboard.
[[nodiscard]] Status ShowDataQuality(const std::string& demo_dir, uint64_t seed);

}  // namespace hindsight::cli
