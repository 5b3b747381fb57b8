#include "store/jsonl_record_parser.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "store/store_test_util.h"

namespace hindsight::store {
namespace {

class JsonlRecordParserTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = FreshTestDir("parser_schemas");
    std::filesystem::copy_file(NetflixProtoPath(), dir + "/facts.proto");
    auto compiled = FactSchemaRegistry::Compile(dir);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    registry_ = std::move(*compiled).release();
    for (const char* name : {"Subscriber", "ViewingHistory", "MyList"}) {
      ASSERT_TRUE(
          registry_
              ->Register(FactTypeNameFor(name), std::string("hindsight.examples.netflix.") + name)
              .ok());
    }
  }
  static void TearDownTestSuite() { delete registry_; }

  ParsedLine Parse(const std::string& line, const std::string& app = "") {
    return JsonlRecordParser(*registry_, "profile_id", app).Parse(line, 17);
  }
  // Expects `line` rejected as `kind` with a reason starting `prefix`.
  void ExpectRejected(const std::string& line, RejectKind kind, const std::string& prefix) {
    ParsedLine parsed = Parse(line);
    ASSERT_FALSE(parsed.ok()) << line;
    EXPECT_EQ(RejectKindName(parsed.rejection->kind), RejectKindName(kind)) << line;
    EXPECT_EQ(parsed.rejection->reason.rfind(prefix, 0), 0u)
        << line << "\n  reason: " << parsed.rejection->reason;
  }

  static FactSchemaRegistry* registry_;
};
FactSchemaRegistry* JsonlRecordParserTest::registry_ = nullptr;

constexpr const char* kGood =
    R"({"record_id":"r1","app":"homepage","ts":"2026-11-01T10:00:00.5Z",)"
    R"("context":{"profile_id":7,"country":"US","score":0.5,"kids":false},)"
    R"("facts":{"subscriber":{"plan":"premium","kids":true,"member_since_us":1613541368010595},)"
    R"("my_list":{"video_ids":[3,1]}},"items":[101,102],"meta":{"model":"ranker_v3"}})";

TEST_F(JsonlRecordParserTest, ParsesAGoodRecord) {
  ParsedLine parsed = Parse(kGood);
  ASSERT_TRUE(parsed.ok()) << parsed.rejection->reason;
  const Record& record = parsed.record;
  EXPECT_EQ(record.record_id(), "r1");
  EXPECT_EQ(record.app(), "homepage");
  EXPECT_EQ(record.event_time_us(), 1793527200500000);  // 2026-11-01T10:00:00.5Z
  ASSERT_EQ(record.context_size(), 4);
  std::map<std::string, const ContextValue*> context;
  for (const ContextValue& value : record.context()) context[value.key()] = &value;
  EXPECT_EQ(context.at("profile_id")->int_value(), 7);
  EXPECT_EQ(context.at("country")->string_value(), "US");
  EXPECT_EQ(context.at("score")->double_value(), 0.5);
  EXPECT_TRUE(context.at("kids")->has_bool_value());
  EXPECT_EQ(std::vector<int64_t>(record.items().begin(), record.items().end()),
            (std::vector<int64_t>{101, 102}));
  EXPECT_EQ(record.meta().at("model"), "ranker_v3");
  ASSERT_EQ(record.facts_size(), 2);

  // Decode the subscriber fact by reflection and compare with the JSON.
  const Fact* subscriber = nullptr;
  for (const Fact& fact : record.facts()) {
    if (fact.type() == "subscriber") subscriber = &fact;
  }
  ASSERT_NE(subscriber, nullptr);
  std::unique_ptr<google::protobuf::Message> message(registry_->Prototype("subscriber")->New());
  ASSERT_TRUE(message->ParseFromString(subscriber->value()));
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  EXPECT_EQ(reflection->GetString(*message, descriptor->FindFieldByName("plan")), "premium");
  EXPECT_TRUE(reflection->GetBool(*message, descriptor->FindFieldByName("kids")));
  EXPECT_EQ(reflection->GetInt64(*message, descriptor->FindFieldByName("member_since_us")),
            1613541368010595);
}

TEST_F(JsonlRecordParserTest, IntegerTimeAndAppOverride) {
  ParsedLine parsed =
      Parse(R"({"record_id":"r2","ts":1793527200000001,"context":{"profile_id":1}})", "search");
  ASSERT_TRUE(parsed.ok()) << parsed.rejection->reason;
  EXPECT_EQ(parsed.record.event_time_us(), 1793527200000001);
  EXPECT_EQ(parsed.record.app(), "search");
  EXPECT_EQ(parsed.record.facts_size(), 0);
  EXPECT_EQ(Parse(kGood, "other").record.app(), "other");
}

TEST_F(JsonlRecordParserTest, ArrayMeansSeveralValuesOfOneType) {
  ParsedLine parsed = Parse(R"({"record_id":"r3","app":"a","ts":0,"context":{"profile_id":1},)"
                            R"("facts":{"my_list":[{"video_ids":[1]},{"video_ids":[2,3]}]}})");
  ASSERT_TRUE(parsed.ok()) << parsed.rejection->reason;
  ASSERT_EQ(parsed.record.facts_size(), 2);
  std::vector<int> sizes;
  for (const Fact& fact : parsed.record.facts()) {
    EXPECT_EQ(fact.type(), "my_list");
    std::unique_ptr<google::protobuf::Message> message(registry_->Prototype("my_list")->New());
    ASSERT_TRUE(message->ParseFromString(fact.value()));
    sizes.push_back(message->GetReflection()->FieldSize(
        *message, message->GetDescriptor()->FindFieldByName("video_ids")));
  }
  EXPECT_EQ(sizes, (std::vector<int>{1, 2}));
}

TEST_F(JsonlRecordParserTest, MalformedJsonIsRejected) {
  const std::string good = kGood;
  ExpectRejected(good.substr(0, good.size() / 2), RejectKind::kMalformedJson,
                 "line 17: (line): not valid JSON at byte ");
  ExpectRejected(R"({"record_id":"r","kids":yes})", RejectKind::kMalformedJson, "line 17: (line)");
  ExpectRejected("[1,2]", RejectKind::kMalformedJson,
                 "line 17: (line): expected a JSON object, got array");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":1e999,"context":{"profile_id":1}})",
                 RejectKind::kMalformedJson, "line 17: (line): not valid JSON: ");
  ExpectRejected(std::string(100, '[') + std::string(100, ']'), RejectKind::kMalformedJson,
                 "line 17: (line): nested deeper than 64 levels");
}

TEST_F(JsonlRecordParserTest, EnvelopeErrorsNameTheField) {
  ExpectRejected(R"({"app":"a","ts":0,"context":{"profile_id":1}})", RejectKind::kInvalidEnvelope,
                 "line 17: record_id: missing");
  ExpectRejected(R"({"record_id":"r","app":"a","context":{"profile_id":1}})",
                 RejectKind::kInvalidEnvelope, "line 17: ts: missing");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":"yesterday","context":{"profile_id":1}})",
                 RejectKind::kInvalidEnvelope, "line 17: ts: ");
  ExpectRejected(R"({"record_id":"r","ts":0,"context":{"profile_id":1}})",
                 RejectKind::kInvalidEnvelope, "line 17: app: missing");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"country":"US"}})",
                 RejectKind::kInvalidEnvelope, "line 17: context.profile_id: missing");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":"7"}})",
                 RejectKind::kInvalidEnvelope,
                 "line 17: context.profile_id: the entity key must be an integer");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1,"x":[1]}})",
                 RejectKind::kInvalidEnvelope, "line 17: context.x: expected an integer");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1},"items":[1,"2"]})",
                 RejectKind::kInvalidEnvelope, "line 17: items[1]: expected an int64");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1},"meta":{"m":1}})",
                 RejectKind::kInvalidEnvelope, "line 17: meta.m: expected a string");
  ExpectRejected(R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1},"extra":1})",
                 RejectKind::kInvalidEnvelope, "line 17: extra: unknown field");
}

TEST_F(JsonlRecordParserTest, FactErrorsNameTheFactType) {
  const std::string head = R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1},)";
  ExpectRejected(head + R"("facts":{"watch_party":{"host_profile_id":643}}})",
                 RejectKind::kUnknownFactType, "line 17: facts.watch_party: not a fact type");
  ExpectRejected(head + R"("facts":{"subscriber":{"member_since_us":"2021-02-17"}}})",
                 RejectKind::kFactSchemaViolation,
                 "line 17: facts.subscriber.member_since_us: invalid value \"2021-02-17\"");
  ExpectRejected(head + R"("facts":{"subscriber":{"tier":"gold"}}})",
                 RejectKind::kFactSchemaViolation,
                 "line 17: facts.subscriber.tier: Cannot find field.");
  ExpectRejected(head + R"("facts":{"viewing_history":{"events":[{},{"video":1}]}}})",
                 RejectKind::kFactSchemaViolation,
                 "line 17: facts.viewing_history.events[1].video: Cannot find field.");
  ExpectRejected(head + R"("facts":{"my_list":[{"video_ids":[1]},7]}})",
                 RejectKind::kFactSchemaViolation, "line 17: facts.my_list[1]: expected an object");
}

TEST_F(JsonlRecordParserTest, SchemaViolationNamesTheFieldPath) {
  const std::string head = R"({"record_id":"r","app":"a","ts":0,"context":{"profile_id":1},)";
  ExpectRejected(head + R"("facts":{"subscriber":{"plan":3}}})", RejectKind::kFactSchemaViolation,
                 "line 17: facts.subscriber.plan: invalid value 3");
  ExpectRejected(head + R"("facts":{"viewing_history":{"events":[{"video_id":"x"}]}}})",
                 RejectKind::kFactSchemaViolation, "line 17: facts.viewing_history.events");
}

}  // namespace
}  // namespace hindsight::store
