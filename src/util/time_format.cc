#include "util/time_format.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "util/str_cat.h"

namespace hindsight {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `width` digits at `pos`.
bool ReadDigits(std::string_view text, size_t pos, size_t width, int64_t* out) {
  if (pos + width > text.size()) return false;
  int64_t value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

Status BadTime(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      StrCat("invalid time '", text, "': ", why,
             " (expected RFC 3339 like 2026-11-01T10:00:00Z or integer microseconds)"));
}

}  // namespace

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

StatusOr<int64_t> ParseTimeMicros(std::string_view text) {
  if (text.empty()) return BadTime(text, "empty");
  bool all_digits = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && text.size() > 1)) all_digits = false;
  }
  if (all_digits) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return BadTime(text, "integer out of range");
    }
    return value;
  }
  int64_t year, month, day, hour, minute, second;
  if (!ReadDigits(text, 0, 4, &year) || text.size() < 19 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &month) || text[7] != '-' || !ReadDigits(text, 8, 2, &day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ReadDigits(text, 11, 2, &hour) ||
      text[13] != ':' || !ReadDigits(text, 14, 2, &minute) || text[16] != ':' ||
      !ReadDigits(text, 17, 2, &second)) {
    return BadTime(text, "malformed");
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month)) ||
      hour > 23 || minute > 59 || second > 60) {
    return BadTime(text, "field out of range");
  }
  size_t pos = 19;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) fraction = fraction * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return BadTime(text, "empty fraction");
    for (int i = digits; i < 6; ++i) fraction *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int64_t oh, om;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return BadTime(text, "malformed UTC offset");
    }
    offset_seconds = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return BadTime(text, "missing time zone (use Z for UTC)");
  }
  if (pos != text.size()) return BadTime(text, "trailing characters");
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return seconds * kMicrosPerSecond + fraction;
}

std::string FormatTimeMicros(int64_t micros) {
  int64_t seconds = micros / kMicrosPerSecond;
  int64_t fraction = micros % kMicrosPerSecond;
  if (fraction < 0) {
    fraction += kMicrosPerSecond;
    --seconds;
  }
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  char buffer[48];
  int n = std::snprintf(buffer, sizeof(buffer), "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                        static_cast<long long>(date.year), date.month, date.day,
                        static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                        static_cast<long long>(rem % 60));
  std::string out(buffer, static_cast<size_t>(n));
  if (fraction != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%06lld", static_cast<long long>(fraction));
    out += buffer;
  }
  out += 'Z';
  return out;
}

StatusOr<int64_t> ParseDurationMicros(std::string_view text) {
  size_t digits_end = 0;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') {
    ++digits_end;
  }
  if (digits_end == 0) {
    return absl::InvalidArgumentError(
        StrCat("invalid duration '", text, "' (expected e.g. 24h, 7d, 90m, 30s, 500ms)"));
  }
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits_end, value);
  if (ec != std::errc()) {
    return absl::InvalidArgumentError(StrCat("duration '", text, "' is out of range"));
  }
  const std::string_view unit = text.substr(digits_end);
  int64_t scale = 0;
  if (unit.empty() || unit == "us")
    scale = 1;
  else if (unit == "ms")
    scale = 1000;
  else if (unit == "s")
    scale = kMicrosPerSecond;
  else if (unit == "m")
    scale = 60 * kMicrosPerSecond;
  else if (unit == "h")
    scale = kMicrosPerHour;
  else if (unit == "d")
    scale = kMicrosPerDay;
  else if (unit == "w")
    scale = 7 * kMicrosPerDay;
  if (scale == 0) {
    return absl::InvalidArgumentError(
        StrCat("invalid duration unit in '", text, "' (use us, ms, s, m, h, d or w)"));
  }
  if (value > INT64_MAX / scale) {
    return absl::InvalidArgumentError(StrCat("duration '", text, "' is out of range"));
  }
  return value * scale;
}

}  // namespace hindsight
