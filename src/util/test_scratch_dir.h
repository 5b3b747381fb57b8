// A scratch directory for one test process: TMPDIR/hindsight_test_<pid>, created on
// first use and removed with everything in it when the process exits, so test runs
// leave nothing behind. Children a test forks exec or _exit, so they never remove it.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace hindsight::testing_util {

inline const std::filesystem::path& TestScratchDir() {
  struct Owned {
    std::filesystem::path path;
    Owned()
        : path(std::filesystem::temp_directory_path() /
               ("hindsight_test_" + std::to_string(::getpid()))) {
      std::filesystem::create_directories(path);
    }
    ~Owned() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Owned owned;
  return owned.path;
}

}  // namespace hindsight::testing_util
