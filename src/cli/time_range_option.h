// --from / --to options of the quality commands, parsed into a TimeRange.
#pragma once

#include <string>

#include "quality/profile_catalog.h"
#include "util/status.h"

namespace hindsight::cli {

// Empty text leaves that end open. InvalidArgument naming the flag on a bad time.
[[nodiscard]] StatusOr<quality::TimeRange> ParseTimeRange(const std::string& from,
                                                          const std::string& to);

}  // namespace hindsight::cli
