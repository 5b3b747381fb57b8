#include "store/store_test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "util/test_scratch_dir.h"

namespace hindsight::store {

std::string FreshTestDir(std::string_view name) {
  const std::filesystem::path path = testing_util::TestScratchDir() / "store" / std::string(name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path.string();
}

void WriteTextFile(const std::string& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string NetflixProtoPath() {
  const char* source_dir = std::getenv("HINDSIGHT_SOURCE_DIR");
  return std::string(source_dir != nullptr ? source_dir : HINDSIGHT_DEFAULT_SOURCE_DIR) +
         "/examples/netflix/facts.proto";
}

}  // namespace hindsight::store
