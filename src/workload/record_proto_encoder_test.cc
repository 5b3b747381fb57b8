#include "workload/record_proto_encoder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "workload/facts_proto.h"

namespace hindsight::workload {
namespace {

using google::protobuf::Message;
using google::protobuf::Reflection;

// A registry compiled from `proto_text` with the world's five fact types registered
// (messages of package `package`).
std::unique_ptr<store::FactSchemaRegistry> RegistryFor(const std::string& name,
                                                       std::string_view proto_text,
                                                       const std::string& package) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) /
                                    ("hindsight_encoder_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "facts.proto") << proto_text;
  StatusOr<std::unique_ptr<store::FactSchemaRegistry>> registry =
      store::FactSchemaRegistry::Compile(dir.string());
  std::filesystem::remove_all(dir);  // compiled: the registry holds what it needs
  EXPECT_TRUE(registry.ok()) << registry.status();
  if (!registry.ok()) return nullptr;
  for (const auto& [type, message] :
       {std::pair{"subscriber", "Subscriber"}, std::pair{"viewing_history", "ViewingHistory"},
        std::pair{"my_list", "MyList"}, std::pair{"thumbs", "Thumbs"},
        std::pair{"impressions", "Impressions"}}) {
    const Status registered = (*registry)->Register(type, package + "." + message);
    EXPECT_TRUE(registered.ok()) << registered;
  }
  return std::move(*registry);
}

Record SampleRecord() {
  Record r;
  r.record_id = "h-7-3";
  r.app = "homepage";
  r.ts_us = 1'793'577'601'312'510;
  r.profile_id = 7;
  r.country = "BR";
  r.device = "tv";
  r.plan = "premium";
  r.kids = true;
  r.member_since_us = 1'613'541'368'010'595;
  r.viewing_history = {{101377, 1'793'566'890'350'262, 7623, true}, {100002, 5, 0, false}};
  r.my_list = {101204, 0, 100003};
  r.thumbs = {{101377, 1, 1'793'574'513'350'262}, {100002, -1, 9}};
  r.impressions = {};
  r.impressions_since_us = 1'792'972'801'312'510;
  r.items = {101912, 100311};
  r.model = "ranker_v3";
  return r;
}

// The fact of `type` in `record`, parsed with the registry's message.
std::unique_ptr<Message> ParsedFact(const store::FactSchemaRegistry& registry,
                                    const hindsight::Record& record, const std::string& type) {
  for (const Fact& fact : record.facts()) {
    if (fact.type() != type) continue;
    std::unique_ptr<Message> message(registry.Prototype(type)->New());
    EXPECT_TRUE(message->ParseFromString(fact.value())) << type;
    return message;
  }
  ADD_FAILURE() << "no fact " << type;
  return nullptr;
}

const google::protobuf::FieldDescriptor* FieldOf(const Message& m, const std::string& name) {
  return m.GetDescriptor()->FindFieldByName(name);
}

TEST(RecordProtoEncoderTest, EnvelopeHoldsContextFactsItemsAndMeta) {
  auto registry = RegistryFor("envelope", FactsProtoText(), "hindsight.examples.netflix");
  ASSERT_NE(registry, nullptr);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  hindsight::Record out;
  encoder->Encode(SampleRecord(), out);
  EXPECT_EQ(out.record_id(), "h-7-3");
  EXPECT_EQ(out.app(), "homepage");
  EXPECT_EQ(out.event_time_us(), 1'793'577'601'312'510);
  ASSERT_EQ(out.context_size(), 3);
  EXPECT_EQ(out.context(0).key(), "country");
  EXPECT_EQ(out.context(0).string_value(), "BR");
  EXPECT_EQ(out.context(1).key(), "device");
  EXPECT_EQ(out.context(1).string_value(), "tv");
  EXPECT_EQ(out.context(2).key(), "profile_id");
  EXPECT_EQ(out.context(2).int_value(), 7);
  ASSERT_EQ(out.facts_size(), 5);
  EXPECT_EQ(out.facts(0).type(), "impressions");
  EXPECT_EQ(out.facts(1).type(), "my_list");
  EXPECT_EQ(out.facts(2).type(), "subscriber");
  EXPECT_EQ(out.facts(3).type(), "thumbs");
  EXPECT_EQ(out.facts(4).type(), "viewing_history");
  EXPECT_EQ(std::vector<int64_t>(out.items().begin(), out.items().end()),
            (std::vector<int64_t>{101912, 100311}));
  ASSERT_EQ(out.meta().size(), 1u);
  EXPECT_EQ(out.meta().at("model"), "ranker_v3");
}

TEST(RecordProtoEncoderTest, FactsParseBackToTheRecordsValuesInCanonicalBytes) {
  auto registry = RegistryFor("values", FactsProtoText(), "hindsight.examples.netflix");
  ASSERT_NE(registry, nullptr);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  hindsight::Record out;
  encoder->Encode(SampleRecord(), out);

  auto subscriber = ParsedFact(*registry, out, "subscriber");
  ASSERT_NE(subscriber, nullptr);
  const Reflection* r = subscriber->GetReflection();
  EXPECT_EQ(r->GetString(*subscriber, FieldOf(*subscriber, "plan")), "premium");
  EXPECT_TRUE(r->GetBool(*subscriber, FieldOf(*subscriber, "kids")));
  EXPECT_EQ(r->GetString(*subscriber, FieldOf(*subscriber, "country")), "BR");
  EXPECT_EQ(r->GetInt64(*subscriber, FieldOf(*subscriber, "member_since_us")),
            1'613'541'368'010'595);

  auto history = ParsedFact(*registry, out, "viewing_history");
  ASSERT_NE(history, nullptr);
  const auto* events = FieldOf(*history, "events");
  ASSERT_EQ(history->GetReflection()->FieldSize(*history, events), 2);
  const Message& second = history->GetReflection()->GetRepeatedMessage(*history, events, 1);
  EXPECT_EQ(second.GetReflection()->GetInt64(second, FieldOf(second, "video_id")), 100002);
  EXPECT_EQ(second.GetReflection()->GetInt64(second, FieldOf(second, "ts_us")), 5);
  EXPECT_EQ(second.GetReflection()->GetInt32(second, FieldOf(second, "duration_s")), 0);
  EXPECT_FALSE(second.GetReflection()->GetBool(second, FieldOf(second, "completed")));

  auto thumbs = ParsedFact(*registry, out, "thumbs");
  ASSERT_NE(thumbs, nullptr);
  const Message& down =
      thumbs->GetReflection()->GetRepeatedMessage(*thumbs, FieldOf(*thumbs, "thumbs"), 1);
  EXPECT_EQ(down.GetReflection()->GetInt32(down, FieldOf(down, "rating")), -1);
  EXPECT_EQ(down.GetReflection()->GetInt64(down, FieldOf(down, "ts_us")), 9);

  auto my_list = ParsedFact(*registry, out, "my_list");
  ASSERT_NE(my_list, nullptr);
  const auto* ids = FieldOf(*my_list, "video_ids");
  ASSERT_EQ(my_list->GetReflection()->FieldSize(*my_list, ids), 3);
  EXPECT_EQ(my_list->GetReflection()->GetRepeatedInt64(*my_list, ids, 1), 0);
  EXPECT_EQ(my_list->GetReflection()->GetRepeatedInt64(*my_list, ids, 2), 100003);

  auto impressions = ParsedFact(*registry, out, "impressions");
  ASSERT_NE(impressions, nullptr);
  EXPECT_EQ(
      impressions->GetReflection()->FieldSize(*impressions, FieldOf(*impressions, "video_ids")), 0);
  EXPECT_EQ(impressions->GetReflection()->GetInt64(*impressions, FieldOf(*impressions, "since_us")),
            1'792'972'801'312'510);

  // Protobuf's own serializer of the parsed values writes exactly the encoder's bytes.
  for (const Fact& fact : out.facts()) {
    auto parsed = ParsedFact(*registry, out, fact.type());
    ASSERT_NE(parsed, nullptr);
    EXPECT_EQ(parsed->SerializeAsString(), fact.value()) << fact.type();
  }
}

TEST(RecordProtoEncoderTest, MissingPlanIsOmittedAndDefaultsAreNotWritten) {
  auto registry = RegistryFor("defaults", FactsProtoText(), "hindsight.examples.netflix");
  ASSERT_NE(registry, nullptr);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  Record record = SampleRecord();
  record.has_plan = false;
  record.kids = false;
  hindsight::Record out;
  encoder->Encode(record, out);
  auto subscriber = ParsedFact(*registry, out, "subscriber");
  ASSERT_NE(subscriber, nullptr);
  const Reflection* r = subscriber->GetReflection();
  EXPECT_EQ(r->GetString(*subscriber, FieldOf(*subscriber, "plan")), "");
  std::vector<const google::protobuf::FieldDescriptor*> set_fields;
  r->ListFields(*subscriber, &set_fields);
  EXPECT_EQ(set_fields.size(), 2u);  // country and member_since_us only
}

TEST(RecordProtoEncoderTest, FieldsWithPresenceAreWrittenEvenWhenZero) {
  constexpr std::string_view kProto = R"(syntax = "proto3";
package p;
message Subscriber { optional string plan = 1; optional bool kids = 2; string country = 3;
                     int64 member_since_us = 4; }
message ViewingHistory { repeated ViewingEvent events = 1; }
message ViewingEvent { int64 video_id = 1; int64 ts_us = 2; int32 duration_s = 3; bool completed = 4; }
message MyList { repeated int64 video_ids = 1 [packed = false]; }
message Thumbs { repeated Thumb thumbs = 1; }
message Thumb { int64 video_id = 1; int32 rating = 2; int64 ts_us = 3; }
message Impressions { repeated int64 video_ids = 7; optional int64 since_us = 9; }
)";
  auto registry = RegistryFor("presence", kProto, "p");
  ASSERT_NE(registry, nullptr);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_TRUE(encoder.ok()) << encoder.status();
  Record record = SampleRecord();
  record.plan = "";
  record.kids = false;
  record.impressions = {5, 6};
  record.impressions_since_us = 0;
  hindsight::Record out;
  encoder->Encode(record, out);

  auto subscriber = ParsedFact(*registry, out, "subscriber");
  ASSERT_NE(subscriber, nullptr);
  EXPECT_TRUE(subscriber->GetReflection()->HasField(*subscriber, FieldOf(*subscriber, "plan")));
  EXPECT_TRUE(subscriber->GetReflection()->HasField(*subscriber, FieldOf(*subscriber, "kids")));
  auto impressions = ParsedFact(*registry, out, "impressions");
  ASSERT_NE(impressions, nullptr);
  EXPECT_TRUE(
      impressions->GetReflection()->HasField(*impressions, FieldOf(*impressions, "since_us")));
  EXPECT_EQ(impressions->GetReflection()->GetRepeatedInt64(*impressions,
                                                           FieldOf(*impressions, "video_ids"), 1),
            6);
  auto my_list = ParsedFact(*registry, out, "my_list");
  ASSERT_NE(my_list, nullptr);
  EXPECT_EQ(my_list->GetReflection()->FieldSize(*my_list, FieldOf(*my_list, "video_ids")), 3);
  for (const Fact& fact : out.facts()) {
    auto parsed = ParsedFact(*registry, out, fact.type());
    ASSERT_NE(parsed, nullptr);
    EXPECT_EQ(parsed->SerializeAsString(), fact.value()) << fact.type();
  }
}

TEST(RecordProtoEncoderTest, RejectsAStoreWhoseFieldHasAnotherType) {
  std::string proto(FactsProtoText());
  const std::string from = "int32 rating = 2;";
  const size_t at = proto.find(from);
  ASSERT_NE(at, std::string::npos);
  proto.replace(at, from.size(), "sint32 rating = 2;");
  auto registry = RegistryFor("wrong_type", proto, "hindsight.examples.netflix");
  ASSERT_NE(registry, nullptr);
  const StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(encoder.status().message(),
            "the store's fact type 'thumbs' (hindsight.examples.netflix.Thumb) declares field "
            "'rating' as sint32; the world writes int32");
}

TEST(RecordProtoEncoderTest, RejectsAStoreMissingAFieldOrAFactType) {
  std::string proto(FactsProtoText());
  const std::string from = "bool kids = 2;";
  const size_t at = proto.find(from);
  ASSERT_NE(at, std::string::npos);
  proto.replace(at, from.size(), "bool kids_profile = 2;");
  auto registry = RegistryFor("missing_field", proto, "hindsight.examples.netflix");
  ASSERT_NE(registry, nullptr);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*registry);
  ASSERT_FALSE(encoder.ok());
  EXPECT_NE(encoder.status().message().find("has no field 'kids'"), absl::string_view::npos)
      << encoder.status();

  constexpr std::string_view kOnlySubscriber = R"(syntax = "proto3";
package q;
message Subscriber { string plan = 1; bool kids = 2; string country = 3; int64 member_since_us = 4; }
)";
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) /
                                    ("hindsight_encoder_" + std::to_string(getpid()) + "_only");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "q.proto") << kOnlySubscriber;
  auto only = store::FactSchemaRegistry::Compile(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(only.ok()) << only.status();
  ASSERT_TRUE((*only)->Register("subscriber", "q.Subscriber").ok());
  encoder = RecordProtoEncoder::Create(**only);
  ASSERT_FALSE(encoder.ok());
  EXPECT_EQ(encoder.status().message(),
            "the store registers no fact type 'viewing_history', which the world logs");
}

}  // namespace
}  // namespace hindsight::workload
