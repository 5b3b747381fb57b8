#include "parquet/text/value_format.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include "util/time_format.h"

namespace hindsight::parquet {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Writes `value` with at least `width` digits at `at`; returns the end.
char* WritePadded(uint64_t value, int width, char* at) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) *at++ = '0';
  while (n > 0) *at++ = digits[--n];
  return at;
}

// Exactly two digits.
char* Write2(unsigned value, char* at) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
  return at + 2;
}

// Division rounding toward negative infinity, and its remainder in [0, b). REQUIRES: b > 0.
int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
int64_t FloorMod(int64_t a, int64_t b) {
  const int64_t r = a % b;
  return r < 0 ? r + b : r;
}

char* WriteYear(int64_t year, char* at) {
  if (year >= 0 && year <= 9999) return WritePadded(static_cast<uint64_t>(year), 4, at);
  *at++ = year < 0 ? '-' : '+';
  return WritePadded(year < 0 ? 0 - static_cast<uint64_t>(year) : static_cast<uint64_t>(year), 4,
                     at);
}

char* WriteDate(int64_t days, char* at) {
  const CivilDate date = CivilFromDays(days);
  at = WriteYear(date.year, at);
  *at++ = '-';
  at = Write2(date.month, at);
  *at++ = '-';
  return Write2(date.day, at);
}

int64_t UnitsPerSecond(TimeUnitDigits unit) {
  switch (unit) {
    case TimeUnitDigits::kMillis:
      return 1000;
    case TimeUnitDigits::kMicros:
      return 1000000;
    case TimeUnitDigits::kNanos:
      return 1000000000;
  }
  return 1;
}

// The fraction of a second in `units` as 6 digits (9 for nanoseconds).
char* WriteFraction(int64_t units, TimeUnitDigits unit, char* at) {
  *at++ = '.';
  switch (unit) {
    case TimeUnitDigits::kMillis:
      return WritePadded(static_cast<uint64_t>(units) * 1000, 6, at);
    case TimeUnitDigits::kMicros:
      return WritePadded(static_cast<uint64_t>(units), 6, at);
    case TimeUnitDigits::kNanos:
      return WritePadded(static_cast<uint64_t>(units), 9, at);
  }
  return at;
}

char* WriteClock(int64_t seconds_of_day, char* at) {
  at = Write2(static_cast<unsigned>(seconds_of_day / 3600), at);
  *at++ = ':';
  at = Write2(static_cast<unsigned>(seconds_of_day / 60 % 60), at);
  *at++ = ':';
  return Write2(static_cast<unsigned>(seconds_of_day % 60), at);
}

void AppendDigitsWithScale(std::string_view digits, bool negative, int32_t scale,
                           std::string& out) {
  if (negative) out.push_back('-');
  if (scale <= 0) {
    out.append(digits);
    if (digits != "0") out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  const size_t fraction = static_cast<size_t>(scale);
  if (digits.size() <= fraction) {
    out.append("0.");
    out.append(fraction - digits.size(), '0');
    out.append(digits);
    return;
  }
  out.append(digits.substr(0, digits.size() - fraction));
  out.push_back('.');
  out.append(digits.substr(digits.size() - fraction));
}

}  // namespace

void AppendTimestamp(int64_t value, TimeUnitDigits unit, std::string& out) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = FloorDiv(value, per_second);
  const int64_t fraction = FloorMod(value, per_second);
  const int64_t days = FloorDiv(seconds, kSecondsPerDay);
  char text[64];
  char* at = WriteDate(days, text);
  *at++ = 'T';
  at = WriteClock(FloorMod(seconds, kSecondsPerDay), at);
  at = WriteFraction(fraction, unit, at);
  *at++ = 'Z';
  out.append(text, at);
}

void AppendInt96Timestamp(std::span<const uint8_t> bytes, std::string& out) {
  int64_t nanos_of_day;
  int32_t julian_day;
  std::memcpy(&nanos_of_day, bytes.data(), sizeof(nanos_of_day));
  std::memcpy(&julian_day, bytes.data() + sizeof(nanos_of_day), sizeof(julian_day));
  // Spark's arithmetic, in wrapping int64 microseconds: Spark stores timestamps past the
  // Julian-day range it computes with (year 290000) as wrapped values, and this reads
  // them back as it does.
  constexpr uint64_t kMicrosPerDay = uint64_t{kSecondsPerDay} * 1000000;
  const uint64_t days = static_cast<uint64_t>(int64_t{julian_day} - kJulianDayOfUnixEpoch);
  const uint64_t micros = days * kMicrosPerDay + static_cast<uint64_t>(nanos_of_day / 1000);
  AppendTimestamp(static_cast<int64_t>(micros), TimeUnitDigits::kMicros, out);
}

void AppendDate(int64_t days, std::string& out) {
  char text[32];
  out.append(text, WriteDate(days, text));
}

void AppendTimeOfDay(int64_t value, TimeUnitDigits unit, std::string& out) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = FloorDiv(value, per_second);
  const int64_t fraction = FloorMod(value, per_second);
  // Times lie within a day; anything else (hostile data) wraps rather than misprints.
  char text[32];
  char* at = WriteClock(FloorMod(seconds, kSecondsPerDay), text);
  out.append(text, WriteFraction(fraction, unit, at));
}

void AppendDecimal(__int128 unscaled, int32_t scale, std::string& out) {
  const bool negative = unscaled < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(unscaled)
               : static_cast<unsigned __int128>(unscaled);
  char digits[48];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  std::string_view reversed(digits, static_cast<size_t>(n));
  std::string ordered(reversed.rbegin(), reversed.rend());
  AppendDigitsWithScale(ordered, negative, scale, out);
}

void AppendDecimalBytes(std::span<const uint8_t> bytes, int32_t scale, std::string& out) {
  if (bytes.empty()) {
    AppendDigitsWithScale("0", false, scale, out);
    return;
  }
  if (bytes.size() <= 16) {
    // Sign-extend into an int128.
    unsigned __int128 value = (bytes[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
    for (const uint8_t byte : bytes) value = (value << 8) | byte;
    AppendDecimal(static_cast<__int128>(value), scale, out);
    return;
  }
  if (bytes.size() > kMaxDecimalBytes) {
    AppendBase64(bytes, out);
    return;
  }
  // Magnitude as big-endian base-2^32 words, then repeated division by 10^9.
  const bool negative = (bytes[0] & 0x80) != 0;
  std::vector<uint8_t> magnitude(bytes.begin(), bytes.end());
  if (negative) {
    for (uint8_t& byte : magnitude) byte = static_cast<uint8_t>(~byte);
    for (size_t i = magnitude.size(); i-- > 0;) {
      if (++magnitude[i] != 0) break;
    }
  }
  std::vector<uint32_t> words((magnitude.size() + 3) / 4, 0);
  for (size_t i = 0; i < magnitude.size(); ++i) {
    const size_t from_end = magnitude.size() - 1 - i;
    words[words.size() - 1 - from_end / 4] |= uint32_t{magnitude[i]} << (8 * (from_end % 4));
  }
  std::string reversed;
  bool nonzero = true;
  while (nonzero) {
    uint64_t remainder = 0;
    nonzero = false;
    for (uint32_t& word : words) {
      const uint64_t current = (remainder << 32) | word;
      word = static_cast<uint32_t>(current / 1000000000);
      remainder = current % 1000000000;
      nonzero |= word != 0;
    }
    for (int d = 0; d < 9; ++d) {
      reversed.push_back(static_cast<char>('0' + remainder % 10));
      remainder /= 10;
    }
  }
  while (reversed.size() > 1 && reversed.back() == '0') reversed.pop_back();
  const std::string digits(reversed.rbegin(), reversed.rend());
  AppendDigitsWithScale(digits, negative && digits != "0", scale, out);
}

void AppendBase64(std::span<const uint8_t> bytes, std::string& out) {
  constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t triple = uint32_t{bytes[i]} << 16 | uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    out.push_back(kAlphabet[triple >> 18]);
    out.push_back(kAlphabet[(triple >> 12) & 63]);
    out.push_back(kAlphabet[(triple >> 6) & 63]);
    out.push_back(kAlphabet[triple & 63]);
  }
  const size_t left = bytes.size() - i;
  if (left == 0) return;
  const uint32_t triple = uint32_t{bytes[i]} << 16 | (left == 2 ? uint32_t{bytes[i + 1]} << 8 : 0);
  out.push_back(kAlphabet[triple >> 18]);
  out.push_back(kAlphabet[(triple >> 12) & 63]);
  out.push_back(left == 2 ? kAlphabet[(triple >> 6) & 63] : '=');
  out.push_back('=');
}

void AppendDouble(double value, std::string& out) {
  if (value == 0 && std::signbit(value)) {
    out.append("-0.0");
    return;
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

void AppendFloat(float value, std::string& out) {
  if (value == 0 && std::signbit(value)) {
    out.append("-0.0");
    return;
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

float HalfToFloat(uint16_t half) {
  const uint32_t sign = uint32_t{half & 0x8000u} << 16;
  const uint32_t exponent = (half >> 10) & 0x1F;
  const uint32_t mantissa = half & 0x3FF;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // zero or subnormal
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign != 0 ? -magnitude : magnitude;
}

void AppendUuid(std::span<const uint8_t> bytes, std::string& out) {
  constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
}

void AppendJsonString(std::string_view text, std::string& out) {
  constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    // Copy the run of bytes that need no escaping in one append.
    size_t run = i;
    while (run < size && bytes[run] >= 0x20 && bytes[run] < 0x80 && bytes[run] != '"' &&
           bytes[run] != '\\') {
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i >= size) break;
    const uint8_t byte = bytes[i];
    if (byte < 0x80) {
      out.push_back('\\');
      switch (byte) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '\n':
          out.push_back('n');
          break;
        case '\r':
          out.push_back('r');
          break;
        case '\t':
          out.push_back('t');
          break;
        case '\b':
          out.push_back('b');
          break;
        case '\f':
          out.push_back('f');
          break;
        default:
          out.append("u00");
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xF]);
      }
      ++i;
      continue;
    }
    // A multi-byte UTF-8 sequence: copied if well formed, else U+FFFD for its first byte.
    size_t length = 0;
    uint32_t min_code = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      min_code = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      min_code = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      min_code = 0x10000;
    }
    bool valid = length > 0 && i + length <= size;
    uint32_t code = length > 0 ? byte & (0x7F >> length) : 0;
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (bytes[i + k] & 0xC0) == 0x80;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    valid = valid && code >= min_code && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
    if (valid) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  out.push_back('"');
}

}  // namespace hindsight::parquet
