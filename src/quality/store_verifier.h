// Verifies data files at rest: re-reads each chosen file of the latest snapshot, checks
// its size and whole-file CRC32C against what the snapshot recorded at commit, every
// page's CRC while decoding, and recomputes its profile to compare with the stored one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace hindsight::quality {

struct VerifyOptions {
  std::string store;
  // Files checked: 0 = all; else half the newest (hot) files and half drawn at random
  // from the older (cold) ones.
  int64_t sample = 0;
  uint64_t seed = 1;
};

struct FileCheck {
  std::string path;  // relative to the facts table
  bool ok = true;
  std::vector<std::string> problems;  // empty when ok
  std::vector<std::string> notes;     // e.g. "no checksum recorded (older snapshot)"
};

struct VerifyReport {
  int64_t files_in_table = 0;
  std::vector<FileCheck> files;  // those checked
  int64_t bytes_checked = 0;
  int64_t mismatches() const;
};

[[nodiscard]] StatusOr<VerifyReport> VerifyStore(const VerifyOptions& options);

}  // namespace hindsight::quality
