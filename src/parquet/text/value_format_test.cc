#include "parquet/text/value_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace hindsight::parquet {
namespace {

template <typename F>
std::string Text(F append) {
  std::string out;
  append(out);
  return out;
}

std::vector<uint8_t> Bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

TEST(ValueFormatTest, TimestampsInEveryUnitAndBeforeTheEpoch) {
  EXPECT_EQ(Text([](std::string& o) { AppendTimestamp(0, TimeUnitDigits::kMicros, o); }),
            "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(
      Text([](std::string& o) { AppendTimestamp(1704141296123, TimeUnitDigits::kMillis, o); }),
      "2024-01-01T20:34:56.123000Z");
  EXPECT_EQ(
      Text([](std::string& o) { AppendTimestamp(1704141296123456789, TimeUnitDigits::kNanos, o); }),
      "2024-01-01T20:34:56.123456789Z");
  EXPECT_EQ(Text([](std::string& o) { AppendTimestamp(-1, TimeUnitDigits::kMicros, o); }),
            "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(
      Text([](std::string& o) { AppendTimestamp(951782400000000, TimeUnitDigits::kMicros, o); }),
      "2000-02-29T00:00:00.000000Z");
  EXPECT_EQ(Text([](std::string& o) {
              AppendTimestamp(9089380393200000000, TimeUnitDigits::kMicros, o);
            }),
            "+290000-12-30T23:00:00.000000Z");
  EXPECT_EQ(
      Text([](std::string& o) { AppendTimestamp(-62198755200000000, TimeUnitDigits::kMicros, o); }),
      "-0001-01-01T00:00:00.000000Z");
  // The extremes of int64 nanoseconds (no overflow on the way).
  EXPECT_EQ(Text([](std::string& o) {
              AppendTimestamp(std::numeric_limits<int64_t>::min(), TimeUnitDigits::kNanos, o);
            }),
            "1677-09-21T00:12:43.145224192Z");
  EXPECT_EQ(Text([](std::string& o) {
              AppendTimestamp(std::numeric_limits<int64_t>::max(), TimeUnitDigits::kNanos, o);
            }),
            "2262-04-11T23:47:16.854775807Z");
}

TEST(ValueFormatTest, Int96TimestampsAsSparkWritesThem) {
  // 2024-01-01T20:34:56.123456Z: nanoseconds of the day, then Julian day 2460311.
  EXPECT_EQ(Text([](std::string& o) {
              AppendInt96Timestamp(
                  Bytes({0x00, 0x2a, 0x1e, 0xd9, 0x63, 0x43, 0x00, 0x00, 0x97, 0x8a, 0x25, 0x00}),
                  o);
            }),
            "2024-01-01T20:34:56.123456Z");
  // Spark's year 290000 value, stored with wrapped arithmetic (int96_from_spark.parquet).
  EXPECT_EQ(Text([](std::string& o) {
              AppendInt96Timestamp(
                  Bytes({0x00, 0x60, 0xb9, 0xc7, 0x6e, 0xe2, 0xff, 0xff, 0xa8, 0xab, 0xb0, 0xf9}),
                  o);
            }),
            "+290000-12-30T23:00:00.000000Z");
}

TEST(ValueFormatTest, DatesAndTimesOfDay) {
  EXPECT_EQ(Text([](std::string& o) { AppendDate(0, o); }), "1970-01-01");
  EXPECT_EQ(Text([](std::string& o) { AppendDate(-719528, o); }), "0000-01-01");
  EXPECT_EQ(Text([](std::string& o) { AppendDate(2932896, o); }), "9999-12-31");
  EXPECT_EQ(Text([](std::string& o) { AppendTimeOfDay(45296789, TimeUnitDigits::kMillis, o); }),
            "12:34:56.789000");
  EXPECT_EQ(Text([](std::string& o) { AppendTimeOfDay(86399999999, TimeUnitDigits::kMicros, o); }),
            "23:59:59.999999");
  EXPECT_EQ(Text([](std::string& o) { AppendTimeOfDay(1, TimeUnitDigits::kNanos, o); }),
            "00:00:00.000000001");
}

TEST(ValueFormatTest, DecimalsAreExact) {
  EXPECT_EQ(Text([](std::string& o) { AppendDecimal(100, 2, o); }), "1.00");
  EXPECT_EQ(Text([](std::string& o) { AppendDecimal(-5, 2, o); }), "-0.05");
  EXPECT_EQ(Text([](std::string& o) { AppendDecimal(0, 3, o); }), "0.000");
  EXPECT_EQ(Text([](std::string& o) { AppendDecimal(1234, 0, o); }), "1234");
  EXPECT_EQ(Text([](std::string& o) { AppendDecimal(std::numeric_limits<int64_t>::min(), 4, o); }),
            "-922337203685477.5808");
  EXPECT_EQ(Text([](std::string& o) { AppendDecimalBytes(Bytes({0xff, 0x85}), 1, o); }), "-12.3");
  EXPECT_EQ(Text([](std::string& o) {
              AppendDecimalBytes(Bytes({0x00, 0x00, 0x30, 0x39}), 2, o);
            }),
            "123.45");
  // 2^127 - 1 fits the int128 path; longer values take the long division.
  std::vector<uint8_t> max128(16, 0xff);
  max128[0] = 0x7f;
  EXPECT_EQ(Text([&](std::string& o) { AppendDecimalBytes(max128, 0, o); }),
            "170141183460469231731687303715884105727");
  std::vector<uint8_t> big(17, 0);  // -(2^128)
  big[0] = 0xff;
  EXPECT_EQ(Text([&](std::string& o) { AppendDecimalBytes(big, 0, o); }),
            "-340282366920938463463374607431768211456");
  std::vector<uint8_t> big_positive(18, 0);  // 2^128
  big_positive[1] = 1;
  EXPECT_EQ(Text([&](std::string& o) { AppendDecimalBytes(big_positive, 3, o); }),
            "340282366920938463463374607431768211.456");
}

TEST(ValueFormatTest, Base64WithPadding) {
  EXPECT_EQ(Text([](std::string& o) { AppendBase64({}, o); }), "");
  EXPECT_EQ(Text([](std::string& o) { AppendBase64(Bytes({'f'}), o); }), "Zg==");
  EXPECT_EQ(Text([](std::string& o) { AppendBase64(Bytes({'f', 'o'}), o); }), "Zm8=");
  EXPECT_EQ(Text([](std::string& o) {
              AppendBase64(Bytes({'f', 'o', 'o', 0xff}), o);
            }),
            "Zm9v/w==");
}

TEST(ValueFormatTest, FloatingPointShortestRoundTrip) {
  EXPECT_EQ(Text([](std::string& o) { AppendFloat(1.1f, o); }), "1.1");
  EXPECT_EQ(Text([](std::string& o) { AppendDouble(1.1, o); }), "1.1");
  EXPECT_EQ(Text([](std::string& o) { AppendDouble(static_cast<double>(1.1f), o); }),
            "1.100000023841858");
  EXPECT_EQ(Text([](std::string& o) { AppendDouble(-0.0, o); }), "-0.0");
  EXPECT_EQ(Text([](std::string& o) { AppendDouble(42, o); }), "42");
  EXPECT_EQ(Text([](std::string& o) { AppendDouble(1e300, o); }), "1e+300");
  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7e00)));
  EXPECT_EQ(HalfToFloat(0xfc00), -INFINITY);
  EXPECT_EQ(HalfToFloat(0x7bff), 65504.0f);
}

TEST(ValueFormatTest, UuidsAndJsonStrings) {
  EXPECT_EQ(Text([](std::string& o) {
              AppendUuid(Bytes({0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42,
                                0x66, 0x14, 0x17, 0x40, 0x00}),
                         o);
            }),
            "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(Text([](std::string& o) { AppendJsonString("a\"b\\c\n\x01", o); }),
            "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(Text([](std::string& o) { AppendJsonString("caf\xc3\xa9 \xf0\x9f\x98\x80", o); }),
            "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
  // Invalid UTF-8 (a lone continuation byte, an overlong form) becomes U+FFFD.
  EXPECT_EQ(Text([](std::string& o) { AppendJsonString("a\x80z\xc0\xaf", o); }),
            "\"a\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace hindsight::parquet
