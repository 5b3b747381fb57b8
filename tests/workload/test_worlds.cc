#include "test_worlds.h"

#include <cstdlib>
#include <filesystem>

#include "gtest/gtest.h"
#include "util/test_scratch_dir.h"

namespace hindsight::workload_test {

std::string FreshDirectory(const std::string& name) {
  const std::filesystem::path dir = testing_util::TestScratchDir() / ("workload_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string GenerateWorld(const std::string& name, const workload::WorldOptions& options) {
  workload::WorldFilesRequest request;
  request.world = options;
  request.out_dir = FreshDirectory(name);
  const StatusOr<workload::WorldFilesSummary> summary = workload::WriteWorldFiles(request);
  EXPECT_TRUE(summary.ok()) << summary.status();
  return summary.ok() ? request.out_dir : "";
}

workload::WorldOptions TinyOptions(uint64_t seed, int threads) {
  workload::WorldOptions options;
  options.scale = workload::Scale::kTiny;
  options.seed = seed;
  options.threads = threads;
  return options;
}

std::string SourceDirectory() {
  const char* dir = std::getenv("HINDSIGHT_SOURCE_DIR");
  return dir != nullptr ? dir : HINDSIGHT_DEFAULT_SOURCE_DIR;
}

}  // namespace hindsight::workload_test
