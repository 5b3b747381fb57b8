#include "util/time_format.h"

#include <gtest/gtest.h>

namespace hindsight {
namespace {

TEST(TimeFormatTest, ParsesRfc3339Utc) {
  auto t = ParseTimeMicros("2026-11-01T10:00:00Z");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(*t, 1793527200LL * kMicrosPerSecond);
}

TEST(TimeFormatTest, ParsesFractionAndOffset) {
  EXPECT_EQ(*ParseTimeMicros("2026-11-01T10:00:00.5Z"), 1793527200LL * kMicrosPerSecond + 500000);
  EXPECT_EQ(*ParseTimeMicros("2026-11-01T12:00:00+02:00"), 1793527200LL * kMicrosPerSecond);
  EXPECT_EQ(*ParseTimeMicros("1970-01-01T00:00:00.000001Z"), 1);
}

TEST(TimeFormatTest, ParsesIntegerMicros) {
  EXPECT_EQ(*ParseTimeMicros("1793527200000000"), 1793527200000000LL);
  EXPECT_EQ(*ParseTimeMicros("-5"), -5);
}

TEST(TimeFormatTest, RejectsMalformedTimes) {
  for (const char* bad :
       {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-01", "2026-11-01T10:00:00",
        "2026-11-01T10:00:00Zjunk", "yesterday", "99999999999999999999"}) {
    EXPECT_FALSE(ParseTimeMicros(bad).ok()) << bad;
  }
}

TEST(TimeFormatTest, FormatsRoundTrip) {
  EXPECT_EQ(FormatTimeMicros(1793527200LL * kMicrosPerSecond), "2026-11-01T10:00:00Z");
  EXPECT_EQ(FormatTimeMicros(1793527200LL * kMicrosPerSecond + 5), "2026-11-01T10:00:00.000005Z");
  EXPECT_EQ(FormatTimeMicros(-1), "1969-12-31T23:59:59.999999Z");
  for (int64_t t : {0LL, 951782400123456LL, -86400000001LL, 4102444800000000LL}) {
    EXPECT_EQ(*ParseTimeMicros(FormatTimeMicros(t)), t);
  }
}

TEST(TimeFormatTest, ParsesDurations) {
  EXPECT_EQ(*ParseDurationMicros("24h"), 24 * kMicrosPerHour);
  EXPECT_EQ(*ParseDurationMicros("7d"), 7 * kMicrosPerDay);
  EXPECT_EQ(*ParseDurationMicros("500ms"), 500000);
  EXPECT_FALSE(ParseDurationMicros("h").ok());
  EXPECT_FALSE(ParseDurationMicros("5y").ok());
}

}  // namespace
}  // namespace hindsight
