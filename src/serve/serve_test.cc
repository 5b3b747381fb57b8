// Unit tests of the serving pieces that need no server: Redis URLs, the online store's
// value form, request parsing and the served-values encoding.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "serve/feature_request.h"
#include "serve/online_store.h"
#include "serve/redis_connection.h"
#include "serve/served_values.h"
#include "util/time_format.h"

namespace hindsight::serve {
namespace {

TEST(RedisUrl, ParsesHostPortAndDatabase) {
  auto endpoint = ParseRedisUrl("redis://127.0.0.1:6380/3");
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 6380);
  EXPECT_EQ(endpoint->db, 3);
  auto defaults = ParseRedisUrl("redis://localhost");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->port, 6379);
  EXPECT_EQ(defaults->db, 0);
}

TEST(RedisUrl, RefusesWhatIsNotOne) {
  for (const char* bad : {"127.0.0.1:6379", "redis://", "redis://h:0", "redis://h:70000",
                          "redis://h:12x", "redis://h/-1", "http://h"}) {
    EXPECT_FALSE(ParseRedisUrl(bad).ok()) << bad;
  }
}

TEST(OnlineFactForm, RoundTripsAnyBytes) {
  const std::string bytes("\x00\x01 2 \xff", 6);
  OnlineFact fact{-5, "r 1", bytes};
  auto decoded = DecodeOnlineFact(EncodeOnlineFact(fact));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->event_time_us, -5);
  EXPECT_EQ(decoded->record_id, "r 1");
  EXPECT_EQ(decoded->bytes, bytes);
  EXPECT_FALSE(DecodeOnlineFact("12 99 short").has_value());
  EXPECT_FALSE(DecodeOnlineFact("x 1 a").has_value());
  EXPECT_FALSE(DecodeOnlineFact("").has_value());
}

std::vector<store::ContextColumn> Columns() {
  return {{"country", store::ContextType::kString}, {"device", store::ContextType::kString}};
}

TEST(FeatureRequestParse, ReadsContextTimeItemsAndApp) {
  auto request = ParseFeatureRequest(
      R"({"context":{"profile_id":7,"country":"US","device":"tv"},"ts":"2026-11-01T10:00:00Z",)"
      R"("items":[101,-2],"app":"homepage"})",
      "profile_id", Columns(), RequestLimits{});
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->entity, 7);
  EXPECT_EQ(request->ts_us, ParseTimeMicros("2026-11-01T10:00:00Z").value());
  EXPECT_EQ(request->items, (std::vector<int64_t>{101, -2}));
  EXPECT_EQ(request->app, "homepage");
  ASSERT_EQ(request->context.size(), 3u);
  EXPECT_EQ(request->context[0].string_value(), "US");  // keys in name order
}

TEST(FeatureRequestParse, ExplainsWhatIsWrong) {
  const RequestLimits limits{.max_items = 3};
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "not valid JSON"},
      {"[]", "must be a JSON object"},
      {R"({"items":[1]})", "context: required"},
      {R"({"context":{"country":"US"},"items":[1]})", "missing the entity key profile_id"},
      {R"({"context":{"profile_id":"7"},"items":[1]})", "context.profile_id: must be an integer"},
      {R"({"context":{"profile_id":7,"country":3},"items":[1]})",
       "context.country: must be string"},
      {R"({"context":{"profile_id":7}})", "items: required"},
      {R"({"context":{"profile_id":7},"items":[1,"2"]})", "items[1]: not an int64"},
      {R"({"context":{"profile_id":7},"items":[1,2,3,4]})", "more than 3 items"},
      {R"({"context":{"profile_id":7},"items":[1],"ts":"yesterday"})", "ts:"},
      {R"({"context":{"profile_id":7},"items":[1],"extra":1})", "extra: unknown field"},
      {R"({"context":{"profile_id":7},"items":[18446744073709551615]})", "items[0]"},
  };
  for (const auto& [body, expected] : cases) {
    auto request = ParseFeatureRequest(body, "profile_id", Columns(), limits);
    ASSERT_FALSE(request.ok()) << body;
    EXPECT_NE(std::string(request.status().message()).find(expected), std::string::npos)
        << body << " -> " << request.status().message();
  }
}

TEST(ServedValues, DecodeRefusesWhatDoesNotFit) {
  EXPECT_FALSE(DecodeServedValues("a:d:1", "AAAA", 1).ok());  // 3 bytes, not 8
  EXPECT_FALSE(DecodeServedValues("a:x:1", "", 0).ok());      // unknown kind
  EXPECT_FALSE(DecodeServedValues("a:d:2", "", 0).ok());      // scalar of size 2
  EXPECT_FALSE(DecodeServedValues("a:v:4", "not base64!", 1).ok());
  auto empty = DecodeServedValues("a:d:1,b:v:3", "", 0);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->size(), 2u);
}

}  // namespace
}  // namespace hindsight::serve
