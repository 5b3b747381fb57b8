// Times in Hindsight are int64 microseconds since the Unix epoch, UTC. On the
// command line and in JSON they are written RFC 3339 (`2026-11-01T10:00:00.5Z`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;

// The wall clock, in microseconds since the Unix epoch.
int64_t NowMicros();

// A proleptic Gregorian calendar date.
struct CivilDate {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// The date of a day count since 1970-01-01 (any int64 year).
CivilDate CivilFromDays(int64_t days);

// Parses RFC 3339 (`Z` or `+hh:mm` offsets, up to 6 fractional digits) or a plain
// integer count of microseconds.
StatusOr<int64_t> ParseTimeMicros(std::string_view text);

// Formats as RFC 3339 UTC: `2026-11-01T10:00:00Z`, with `.ffffff` only when the
// sub-second part is not zero.
std::string FormatTimeMicros(int64_t micros);

// Parses a duration such as `24h`, `7d`, `90m`, `30s`, `500ms` or plain microseconds.
StatusOr<int64_t> ParseDurationMicros(std::string_view text);

}  // namespace hindsight
