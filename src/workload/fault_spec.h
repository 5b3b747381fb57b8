// Injectable faults, given on the command line as KIND@WHEN (`drop@d3:h14`, `drift@d5`).
// WHEN is day D of the world (from 0) and optionally hour H of that day, UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight::workload {

enum class FaultKind { kDrop, kDrift, kNulls, kSwap, kLate, kDup, kCorrupt };

inline constexpr FaultKind kAllFaultKinds[] = {
    FaultKind::kDrop, FaultKind::kDrift, FaultKind::kNulls,  FaultKind::kSwap,
    FaultKind::kLate, FaultKind::kDup,   FaultKind::kCorrupt};

std::string_view FaultKindName(FaultKind kind);

struct FaultSpec {
  FaultKind kind;
  int day;           // day of the world, from 0
  int hour;          // hour of that day, UTC, 0..23 (0 when WHEN names only a day)
  std::string text;  // as given, for messages
};

// Parses KIND@dD or KIND@dD:hH. The day is checked against the world later
// (ValidateWorldOptions), since --days may come after --inject.
[[nodiscard]] StatusOr<FaultSpec> ParseFaultSpec(std::string_view text);

// The event-time window [from_us, to_us) a fault acts on, clipped to the world's end:
// one hour for drop, late, dup and corrupt; 24 hours for nulls and swap; from WHEN to
// the end of the world for drift.
struct FaultWindow {
  int64_t from_us;
  int64_t to_us;
};
FaultWindow WindowOf(const FaultSpec& fault, int64_t world_start_us, int64_t world_end_us);

}  // namespace hindsight::workload
