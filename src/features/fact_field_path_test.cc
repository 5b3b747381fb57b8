// FactFieldPath reads values straight from wire bytes; the independent answer is
// protobuf's own reflection over the parsed message, on random messages of a schema with
// every scalar type, packed and unpacked repeats and nested repeated messages.
#include "features/fact_field_path.h"

#include <gtest/gtest.h>

#include <random>

#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "store/fact_schema_registry.h"
#include "store/store_test_util.h"

namespace hindsight::features {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kProto[] = R"(syntax = "proto3";
package t;
enum Color { RED = 0; GREEN = 1; BLUE = -2; }
message Leaf {
  int64 ts_us = 1;
  int32 i32 = 2;
  sint64 s64 = 3;
  fixed32 f32 = 4;
  float fl = 5;
  double db = 6;
  bool flag = 7;
  Color color = 8;
  string name = 9;
  repeated int64 ids = 10;
  repeated sint32 unpacked = 11 [packed = false];
  uint64 u64 = 12;
  sfixed64 sf64 = 13;
}
message Middle { repeated Leaf leaves = 1; Leaf single = 2; int64 since_us = 3; }
message Top {
  Middle middle = 1;
  repeated Middle middles = 2;
  string plan = 3;
  repeated string tags = 4;
  repeated double scores = 5;
}
)";

class FactFieldPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = store::FreshTestDir("fact_field_path_test");
    store::WriteTextFile(dir + "/t.proto", kProto);
    auto registry = store::FactSchemaRegistry::Compile(dir);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = *std::move(registry);
    top_ = registry_->FindMessage("t.Top");
    ASSERT_NE(top_, nullptr);
    factory_ = std::make_unique<google::protobuf::DynamicMessageFactory>();
  }

  void Fill(Message& message, int depth) {
    const Reflection& reflection = *message.GetReflection();
    const Descriptor& descriptor = *message.GetDescriptor();
    for (int i = 0; i < descriptor.field_count(); ++i) {
      const FieldDescriptor* field = descriptor.field(i);
      const int count = field->is_repeated() ? static_cast<int>(rng_() % 4) : 1;
      if (!field->is_repeated() && rng_() % 4 == 0) continue;  // leave unset: default
      for (int n = 0; n < count; ++n) {
        const int64_t big = static_cast<int64_t>(rng_()) - static_cast<int64_t>(rng_());
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_INT64:
            field->is_repeated() ? reflection.AddInt64(&message, field, big)
                                 : reflection.SetInt64(&message, field, big);
            break;
          case FieldDescriptor::CPPTYPE_UINT64:
            reflection.SetUInt64(&message, field, static_cast<uint64_t>(big));
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            field->is_repeated() ? reflection.AddInt32(&message, field, static_cast<int32_t>(big))
                                 : reflection.SetInt32(&message, field, static_cast<int32_t>(big));
            break;
          case FieldDescriptor::CPPTYPE_UINT32:
            reflection.SetUInt32(&message, field, static_cast<uint32_t>(big));
            break;
          case FieldDescriptor::CPPTYPE_FLOAT:
            reflection.SetFloat(&message, field, static_cast<float>(big) / 7.0f);
            break;
          case FieldDescriptor::CPPTYPE_DOUBLE:
            field->is_repeated() ? reflection.AddDouble(&message, field, big / 3.0)
                                 : reflection.SetDouble(&message, field, big / 3.0);
            break;
          case FieldDescriptor::CPPTYPE_BOOL:
            reflection.SetBool(&message, field, big % 2 != 0);
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            reflection.SetEnumValue(&message, field, std::vector<int>{0, 1, -2}[rng_() % 3]);
            break;
          case FieldDescriptor::CPPTYPE_STRING: {
            const std::string text = "s" + std::to_string(rng_() % 1000);
            field->is_repeated() ? reflection.AddString(&message, field, text)
                                 : reflection.SetString(&message, field, text);
            break;
          }
          case FieldDescriptor::CPPTYPE_MESSAGE:
            if (depth < 3) {
              Message* child = field->is_repeated() ? reflection.AddMessage(&message, field)
                                                    : reflection.MutableMessage(&message, field);
              Fill(*child, depth + 1);
            }
            break;
        }
      }
    }
  }

  // The values reflection sees along `path`, with each element's time when timed.
  void Expected(const Message& message, const std::vector<std::string>& path, size_t depth,
                const std::string& time_field, int64_t time, Values& values,
                std::vector<int64_t>& times) {
    const Reflection& reflection = *message.GetReflection();
    const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(path[depth]);
    const bool last = depth + 1 == path.size();
    auto element_time = [&](const Message& element) {
      if (time_field.empty()) return time;
      const FieldDescriptor* t = element.GetDescriptor()->FindFieldByName(time_field);
      return t == nullptr ? time : element.GetReflection()->GetInt64(element, t);
    };
    auto scalar = [&](int index) {
      const bool repeated = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT64:
          values.integers.push_back(repeated ? reflection.GetRepeatedInt64(message, field, index)
                                             : reflection.GetInt64(message, field));
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          values.integers.push_back(static_cast<int64_t>(reflection.GetUInt64(message, field)));
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          values.integers.push_back(repeated ? reflection.GetRepeatedInt32(message, field, index)
                                             : reflection.GetInt32(message, field));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          values.integers.push_back(reflection.GetUInt32(message, field));
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          values.numbers.push_back(reflection.GetFloat(message, field));
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          values.numbers.push_back(repeated ? reflection.GetRepeatedDouble(message, field, index)
                                            : reflection.GetDouble(message, field));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          values.integers.push_back(reflection.GetBool(message, field) ? 1 : 0);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          values.integers.push_back(reflection.GetEnumValue(message, field));
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          owned_.push_back(std::make_unique<std::string>(
              repeated ? reflection.GetRepeatedString(message, field, index)
                       : reflection.GetString(message, field)));
          values.strings.push_back(*owned_.back());
          break;
        default:
          break;
      }
      if (!time_field.empty()) times.push_back(time);
    };
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
          const Message& element = reflection.GetRepeatedMessage(message, field, i);
          const int64_t t = element_time(element);
          if (last) {
            values.integers.push_back(i);
            if (!time_field.empty()) times.push_back(t);
          } else {
            Expected(element, path, depth + 1, time_field, t, values, times);
          }
        }
      } else {
        Expected(reflection.GetMessage(message, field), path, depth + 1, time_field, time, values,
                 times);
      }
      return;
    }
    if (field->is_repeated()) {
      for (int i = 0; i < reflection.FieldSize(message, field); ++i) scalar(i);
    } else {
      scalar(0);
    }
  }

  std::unique_ptr<store::FactSchemaRegistry> registry_;
  const Descriptor* top_ = nullptr;
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::mt19937_64 rng_{20261124};
  std::vector<std::unique_ptr<std::string>> owned_;
};

TEST_F(FactFieldPathTest, ReadsWhatReflectionReadsOnRandomMessages) {
  struct Case {
    std::vector<std::string> path;
    std::string time;
  };
  const std::vector<Case> cases = {
      {{"plan"}, ""},
      {{"tags"}, ""},
      {{"scores"}, ""},
      {{"middle", "since_us"}, ""},
      {{"middle", "single", "i32"}, ""},
      {{"middle", "single", "color"}, ""},
      {{"middle", "leaves", "ts_us"}, ""},
      {{"middle", "leaves", "s64"}, "ts_us"},
      {{"middle", "leaves", "f32"}, "ts_us"},
      {{"middle", "leaves", "fl"}, "ts_us"},
      {{"middle", "leaves", "db"}, "ts_us"},
      {{"middle", "leaves", "flag"}, "ts_us"},
      {{"middle", "leaves", "name"}, "ts_us"},
      {{"middle", "leaves", "u64"}, "ts_us"},
      {{"middle", "leaves", "sf64"}, "ts_us"},
      {{"middle", "leaves"}, "ts_us"},
      {{"middle", "leaves", "ids"}, ""},
      {{"middle", "leaves", "unpacked"}, ""},
      {{"middles", "leaves", "i32"}, "ts_us"},
      {{"middles", "single", "name"}, ""},
      {{"middles", "since_us"}, ""},
  };
  for (int iteration = 0; iteration < 300; ++iteration) {
    std::unique_ptr<Message> message(factory_->GetPrototype(top_)->New());
    Fill(*message, 0);
    const std::string bytes = message->SerializeAsString();
    for (const Case& c : cases) {
      std::optional<std::string> time;
      if (!c.time.empty()) time = c.time;
      auto path = FactFieldPath::Resolve(*top_, c.path, time, "test: ");
      ASSERT_TRUE(path.ok()) << path.status();
      Values actual;
      std::vector<int64_t> actual_times;
      ASSERT_TRUE(path->Extract(bytes, actual, &actual_times).ok());
      Values expected;
      std::vector<int64_t> expected_times;
      owned_.clear();
      Expected(*message, c.path, 0, c.time, 0, expected, expected_times);
      const std::string where = c.path.back() + " #" + std::to_string(iteration);
      EXPECT_EQ(actual.integers, expected.integers) << where;
      ASSERT_EQ(actual.numbers.size(), expected.numbers.size()) << where;
      for (size_t i = 0; i < actual.numbers.size(); ++i) {
        EXPECT_EQ(actual.numbers[i], expected.numbers[i]) << where;
      }
      EXPECT_EQ(actual.strings, expected.strings) << where;
      EXPECT_EQ(actual_times, expected_times) << where;
    }
  }
}

TEST_F(FactFieldPathTest, ReportsListsTypesAndTime) {
  auto scalar = FactFieldPath::Resolve(*top_, {"middle", "single", "db"}, std::nullopt, "");
  ASSERT_TRUE(scalar.ok());
  EXPECT_FALSE(scalar->list());
  EXPECT_EQ(scalar->type(), ValueType::kNumber);
  auto list = FactFieldPath::Resolve(*top_, {"middle", "leaves", "name"}, "ts_us", "");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->list());
  EXPECT_TRUE(list->timed());
  EXPECT_EQ(list->type(), ValueType::kString);
}

TEST_F(FactFieldPathTest, RefusesBadPathsWithClearErrors) {
  auto error = [&](const std::vector<std::string>& fields, std::optional<std::string> time) {
    auto path = FactFieldPath::Resolve(*top_, fields, time, "where: ");
    return path.ok() ? std::string("ok") : std::string(path.status().message());
  };
  EXPECT_EQ(error({"nope"}, std::nullopt), "where: unknown field 'nope' in t.Top");
  EXPECT_EQ(error({"middle"}, std::nullopt),
            "where: Top.middle is a message: name one of its fields");
  EXPECT_EQ(error({"plan", "x"}, std::nullopt),
            "where: Top.plan is not a message: it has no field 'x'");
  EXPECT_EQ(error({"tags"}, "ts_us"),
            "where: time 'ts_us' needs a repeated message on the path; Top.tags has none");
  EXPECT_EQ(error({"middle", "leaves", "i32"}, "nope"),
            "where: unknown time field 'nope' in t.Leaf");
  EXPECT_EQ(error({"middle", "leaves", "i32"}, "name"),
            "where: time field 'name' of t.Leaf must be a single integer (microseconds)");
  EXPECT_EQ(error({"middles", "leaves", "i32"}, "since_us"),
            "where: unknown time field 'since_us' in t.Leaf");
}

TEST_F(FactFieldPathTest, MalformedBytesAreDataLossNotACrash) {
  auto path = FactFieldPath::Resolve(*top_, {"middle", "leaves", "i32"}, "ts_us", "");
  ASSERT_TRUE(path.ok());
  std::unique_ptr<Message> message(factory_->GetPrototype(top_)->New());
  Fill(*message, 0);
  const std::string bytes = message->SerializeAsString();
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    Values values;
    std::vector<int64_t> times;
    const Status status = path->Extract(std::string_view(bytes).substr(0, cut), values, &times);
    if (!status.ok()) EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string flipped = bytes;
    if (flipped.empty()) break;
    flipped[rng() % flipped.size()] = static_cast<char>(rng());
    Values values;
    std::vector<int64_t> times;
    const Status status = path->Extract(flipped, values, &times);
    if (!status.ok()) EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace hindsight::features
