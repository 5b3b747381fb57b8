// Text forms of Parquet values, as `hindsight parquet cat` prints them (docs/PARQUET.md):
// RFC 3339 UTC timestamps, ISO dates and times, exact decimals, base64 binary, shortest
// round-trip floating point, canonical UUIDs, and JSON string escaping. Each appends to
// `out` so a whole output buffer is built without temporaries.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hindsight::parquet {

enum class TimeUnitDigits { kMillis, kMicros, kNanos };

// Julian day number of 1970-01-01, the epoch of INT96 timestamps' day field.
inline constexpr int64_t kJulianDayOfUnixEpoch = 2440588;
// Longest big-endian two's-complement DECIMAL printed exactly (precision 38 needs 16 bytes;
// longer ones print as base64 so a hostile value cannot cost quadratic time).
inline constexpr size_t kMaxDecimalBytes = 64;

// `value` units since 1970-01-01T00:00:00Z as "YYYY-MM-DDTHH:MM:SS.ffffffZ": 6 fractional
// digits for millisecond and microsecond units, 9 for nanoseconds. Years outside
// 0000..9999 use ISO 8601's expanded form with a sign ("+290000-12-30T23:00:00.000000Z").
void AppendTimestamp(int64_t value, TimeUnitDigits unit, std::string& out);

// An INT96 timestamp (8 bytes LE nanoseconds of the day, 4 bytes LE Julian day) as
// AppendTimestamp with microseconds, the precision Spark and DuckDB give it, computed as
// Spark computes it (int64 microseconds, wrapping).
void AppendInt96Timestamp(std::span<const uint8_t> bytes, std::string& out);

// Days since 1970-01-01 as "YYYY-MM-DD" (years as in AppendTimestamp).
void AppendDate(int64_t days, std::string& out);

// Time of day as "HH:MM:SS.ffffff" (9 digits for nanoseconds).
void AppendTimeOfDay(int64_t value, TimeUnitDigits unit, std::string& out);

// An unscaled integer with `scale` fractional digits: "-12.30", "0.05", "7".
void AppendDecimal(__int128 unscaled, int32_t scale, std::string& out);
// A big-endian two's-complement unscaled integer of any length up to kMaxDecimalBytes.
void AppendDecimalBytes(std::span<const uint8_t> bytes, int32_t scale, std::string& out);

void AppendBase64(std::span<const uint8_t> bytes, std::string& out);

// Shortest text that reads back as the same value; "-0.0" for negative zero. NaN and
// infinities must be handled by the caller (they are not JSON numbers).
void AppendDouble(double value, std::string& out);
void AppendFloat(float value, std::string& out);
// IEEE 754 half precision (FLOAT16, 2 bytes LE) to float.
float HalfToFloat(uint16_t half);

// 16 bytes as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
void AppendUuid(std::span<const uint8_t> bytes, std::string& out);

// `text` as a JSON string with quotes; control characters escaped, invalid UTF-8 bytes
// replaced by U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace hindsight::parquet
