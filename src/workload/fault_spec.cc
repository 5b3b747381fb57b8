#include "workload/fault_spec.h"

#include <algorithm>
#include <charconv>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

constexpr std::string_view kKindNames[] = {"drop", "drift", "nulls",  "swap",
                                           "late", "dup",   "corrupt"};
// Longest day number accepted while parsing; the world's own bound is checked later.
constexpr int kMaxParsedDay = 100'000;

Status BadSpec(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(StrCat("--inject '", text, "': ", why));
}

// Parses a non-negative decimal that must fill `digits` entirely.
bool ParseSmallNumber(std::string_view digits, int limit, int* out) {
  if (digits.empty() || digits.size() > 6) return false;
  int value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || value < 0 || value > limit) {
    return false;
  }
  *out = value;
  return true;
}

}  // namespace

std::string_view FaultKindName(FaultKind kind) { return kKindNames[static_cast<int>(kind)]; }

StatusOr<FaultSpec> ParseFaultSpec(std::string_view text) {
  const size_t at = text.find('@');
  if (at == std::string_view::npos) {
    return BadSpec(text, "expected KIND@WHEN, e.g. drop@d3:h14 or drift@d5");
  }
  const std::string_view kind_text = text.substr(0, at);
  const std::string_view when = text.substr(at + 1);
  FaultSpec spec{FaultKind::kDrop, 0, 0, std::string(text)};
  bool known = false;
  for (FaultKind kind : kAllFaultKinds) {
    if (FaultKindName(kind) == kind_text) {
      spec.kind = kind;
      known = true;
    }
  }
  if (!known) {
    return BadSpec(text, StrCat("unknown fault kind '", kind_text,
                                "' (expected drop, drift, nulls, swap, late, dup or corrupt)"));
  }
  const std::string_view bad_when =
      "invalid WHEN (expected dD or dD:hH with hour 0..23, e.g. d3 or d3:h14)";
  if (when.size() < 2 || when[0] != 'd') return BadSpec(text, bad_when);
  const size_t colon = when.find(':');
  const std::string_view day_digits =
      when.substr(1, colon == std::string_view::npos ? std::string_view::npos : colon - 1);
  if (!ParseSmallNumber(day_digits, kMaxParsedDay, &spec.day)) return BadSpec(text, bad_when);
  if (colon != std::string_view::npos) {
    const std::string_view hour_part = when.substr(colon + 1);
    if (hour_part.size() < 2 || hour_part[0] != 'h' ||
        !ParseSmallNumber(hour_part.substr(1), 23, &spec.hour)) {
      return BadSpec(text, bad_when);
    }
  }
  return spec;
}

FaultWindow WindowOf(const FaultSpec& fault, int64_t world_start_us, int64_t world_end_us) {
  const int64_t from = world_start_us + fault.day * kMicrosPerDay + fault.hour * kMicrosPerHour;
  int64_t length = kMicrosPerHour;
  if (fault.kind == FaultKind::kNulls || fault.kind == FaultKind::kSwap) length = kMicrosPerDay;
  const int64_t to = fault.kind == FaultKind::kDrift ? world_end_us : from + length;
  return {from, std::min(to, world_end_us)};
}

}  // namespace hindsight::workload
