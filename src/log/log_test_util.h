// Test-only helpers: deterministic records, in-memory segments, whole-directory reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "util/status.h"

namespace hindsight::log::testing {

// A record with id "r<id>", context, `facts` facts of `fact_bytes` bytes each,
// items and metadata; content derived from `id` only.
Record MakeRecord(int64_t id, int facts = 2, size_t fact_bytes = 40);

struct BuiltSegment {
  std::vector<uint8_t> bytes;
  std::vector<uint64_t> frame_ends;  // offset after each frame
};
// A segment file image holding one frame per element of `batches`.
BuiltSegment BuildSegment(const std::vector<std::vector<Record>>& batches);

struct DirectoryContents {
  std::vector<std::string> record_ids;  // in segment and frame order
  uint64_t bytes_lost = 0;              // torn tails, summed over segments
  int segments = 0;
};
// Reads every segment of `directory` in sequence order; fails on corruption.
StatusOr<DirectoryContents> ReadDirectory(const std::string& directory);

// A fresh empty directory under the test temp dir.
std::string MakeTempDirectory(const std::string& name);

}  // namespace hindsight::log::testing
