// Generates worlds for tests into fresh directories under the test temp dir.
#pragma once

#include <string>

#include "workload/world_files.h"

namespace hindsight::workload_test {

// A new empty directory unique to this process and `name`.
std::string FreshDirectory(const std::string& name);

// Writes the world of `options` into FreshDirectory(name) and returns the directory;
// fails the current test (and returns "") if generation fails.
std::string GenerateWorld(const std::string& name, const workload::WorldOptions& options);

// The tiny world with default options and the given seed and thread count.
workload::WorldOptions TinyOptions(uint64_t seed = workload::kDefaultSeed, int threads = 2);

// The project's source directory (HINDSIGHT_SOURCE_DIR, set by ctest).
std::string SourceDirectory();

}  // namespace hindsight::workload_test
