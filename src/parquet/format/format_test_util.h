// Test helpers: locating and loading the reference files in ../shared/parquet-testing.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace hindsight::parquet::format::testing {

// $HINDSIGHT_SOURCE_DIR/../shared/parquet-testing/<sub>, or "" when the variable is unset.
inline std::filesystem::path ParquetTestingDir(const std::string& sub) {
  const char* source_dir = std::getenv("HINDSIGHT_SOURCE_DIR");
  if (source_dir == nullptr) return {};
  return std::filesystem::path(source_dir) / ".." / "shared" / "parquet-testing" / sub;
}

// Sorted *.parquet files of a parquet-testing sub-folder.
inline std::vector<std::filesystem::path> ParquetFilesIn(const std::string& sub) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = ParquetTestingDir(sub);
  if (dir.empty() || !std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".parquet") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::vector<uint8_t> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::span<const uint8_t> AsBytes(const std::string& s) {
  return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace hindsight::parquet::format::testing
