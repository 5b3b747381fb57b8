// Consistent sampling by entity hash: `hindsight sample STORE --rate R --out STORE2`
// writes a new store holding every record of the entities whose hash falls under R, and
// no other. The choice depends on the entity alone (the XXH3 hash profiles use), so the
// same entities are chosen from any store or pipeline version: two samples compare like
// their full stores, at a fraction of the cost (fast canary runs).
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::quality {

struct SampleOptions {
  std::string store;
  std::string out;  // must not exist, or be an empty directory
  double rate = 0.01;
};

struct SampleSummary {
  int64_t records_read = 0;
  int64_t records_written = 0;
  int64_t files_written = 0;
};

// Whether `entity` is in a sample of `rate`.
bool InEntitySample(int64_t entity, double rate);

[[nodiscard]] StatusOr<SampleSummary> SampleStore(const SampleOptions& options);

}  // namespace hindsight::quality
