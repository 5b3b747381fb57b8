// Records -> facts-table rows -> Parquet file -> rows -> records, compared with the input
// (FactsTableSchema, FactsBatchBuilder, FactsRowDecoder together with the Parquet codec).
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "parquet/reader/file_reader.h"
#include "parquet/writer/file_writer.h"
#include "store/store_test_util.h"
#include "store/table/fact_wire_shredder.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_file_writer.h"
#include "store/table/facts_row_decoder.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr std::string_view kEverythingProto = R"(syntax = "proto3";
package codec;
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message Inner {
  string name = 1;
  repeated int32 scores = 2;
  map<string, int64> counts = 3;
}
message Everything {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5;
  sint64 s64 = 6; fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10;
  float fl = 11; double db = 12; bool b = 13; string s = 14; bytes by = 15; Color color = 16;
  optional int64 maybe = 17;
  Inner inner = 18;
  repeated Inner inners = 19;
  repeated string tags = 20;
  map<int32, Inner> by_id = 21;
  repeated Color colors = 22;
  oneof choice { string text = 23; int64 number = 24; Inner nested = 25; }
}
message Small { int64 v = 1; }
)";

// Everything without maps: every value of it can take the wire-format fast path.
constexpr std::string_view kWireProto = R"(syntax = "proto3";
package wire;
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message Inner { string name = 1; repeated int32 scores = 2; repeated sint64 deltas = 3; }
message Everything {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5;
  sint64 s64 = 6; fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10;
  float fl = 11; double db = 12; bool b = 13; string s = 14; bytes by = 15; Color color = 16;
  optional int64 maybe = 17;
  Inner inner = 18;
  repeated Inner inners = 19;
  repeated string tags = 20;
  repeated Color colors = 22;
  repeated double weights = 23;
  repeated fixed32 codes = 24;
  oneof choice { string text = 25; int64 number = 26; Inner nested = 27; }
}
)";

constexpr std::string_view kSmallOnlyProto = R"(syntax = "proto3";
package codec;
message Small { int64 v = 1; }
)";

constexpr std::string_view kSmallEvolvedProto = R"(syntax = "proto3";
package codec;
message Small { int64 v = 1; string w = 2; }
message Extra { bool flag = 1; }
)";

std::unique_ptr<FactSchemaRegistry> CompileRegistry(const std::string& name,
                                                    std::string_view proto) {
  const std::string dir = FreshTestDir(name);
  WriteTextFile(dir + "/facts.proto", proto);
  auto registry = FactSchemaRegistry::Compile(dir);
  EXPECT_TRUE(registry.ok()) << registry.status();
  for (const auto* message : (*registry)->top_level_messages()) {
    EXPECT_TRUE((*registry)->Register(FactTypeNameFor(message->name()), message->full_name()).ok());
  }
  return std::move(*registry);
}

// Fills `message` with random values: every field type, unset fields, empty lists.
void Randomize(Message& message, std::mt19937_64& rng, int depth) {
  const Reflection& r = *message.GetReflection();
  const auto* descriptor = message.GetDescriptor();
  auto chance = [&rng](int percent) { return static_cast<int>(rng() % 100) < percent; };
  auto text = [&rng]() {
    static const std::string_view pieces[] = {"a", "ü", "\0nul", "日本", "x y", "\"q\"", ""};
    std::string out;
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) out += pieces[rng() % 7];
    return out;
  };
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (!chance(70)) continue;
    const bool message_valued = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (message_valued && depth > 2) continue;
    // At most one map entry: random keys would repeat, which maps do not allow.
    const int count = field->is_map()        ? static_cast<int>(rng() % 2)
                      : field->is_repeated() ? static_cast<int>(rng() % 4)
                                             : 1;
    for (int k = 0; k < count; ++k) {
      const bool add = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32: {
          const int32_t v = static_cast<int32_t>(rng());
          add ? r.AddInt32(&message, field, v) : r.SetInt32(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT32: {
          const uint32_t v = static_cast<uint32_t>(rng());
          add ? r.AddUInt32(&message, field, v) : r.SetUInt32(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_INT64: {
          const int64_t v = static_cast<int64_t>(rng());
          add ? r.AddInt64(&message, field, v) : r.SetInt64(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT64: {
          const uint64_t v = rng();
          add ? r.AddUInt64(&message, field, v) : r.SetUInt64(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_FLOAT: {
          const float v = static_cast<float>(static_cast<int64_t>(rng() % 2000) - 1000) / 7.0f;
          add ? r.AddFloat(&message, field, v) : r.SetFloat(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_DOUBLE: {
          const double v = static_cast<double>(static_cast<int64_t>(rng())) / 3.0;
          add ? r.AddDouble(&message, field, v) : r.SetDouble(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_BOOL: {
          const bool v = chance(50);
          add ? r.AddBool(&message, field, v) : r.SetBool(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_ENUM: {
          // Numbers 0..3: 3 is not a named value (open enums keep it).
          const int v = static_cast<int>(rng() % 4);
          add ? r.AddEnumValue(&message, field, v) : r.SetEnumValue(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string v = text();
          add ? r.AddString(&message, field, v) : r.SetString(&message, field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          Message* child = add ? r.AddMessage(&message, field) : r.MutableMessage(&message, field);
          Randomize(*child, rng, depth + 1);
          break;
        }
      }
    }
  }
}

Record MakeRecord(const FactSchemaRegistry& registry, std::mt19937_64& rng, int id) {
  Record record;
  record.set_record_id(StrCat("rec-", id));
  record.set_app(id % 2 ? "homepage" : "search");
  record.set_event_time_us(1793527200000000 + static_cast<int64_t>(rng() % 3600000000));
  auto* entity = record.add_context();
  entity->set_key("profile_id");
  entity->set_int_value(static_cast<int64_t>(rng() % 1000) - 100);
  if (rng() % 4 != 0) {
    auto* country = record.add_context();
    country->set_key("country");
    country->set_string_value(rng() % 2 ? "US" : "BR");
  }
  if (rng() % 3 != 0) {
    auto* score = record.add_context();
    score->set_key("score");
    score->set_double_value(static_cast<double>(rng() % 100) / 4);
  }
  for (const auto& [type, descriptor] : registry.fact_types()) {
    const int values = static_cast<int>(rng() % 3);
    for (int v = 0; v < values; ++v) {
      std::unique_ptr<Message> message(registry.Prototype(type)->New());
      Randomize(*message, rng, 0);
      Fact* fact = record.add_facts();
      fact->set_type(type);
      message->SerializeToString(fact->mutable_value());
    }
  }
  for (int i = static_cast<int>(rng() % 5); i > 0; --i)
    record.add_items(static_cast<int64_t>(rng()));
  if (rng() % 2) (*record.mutable_meta())["model"] = "ranker";
  if (rng() % 2) (*record.mutable_meta())["cell"] = "b";
  return record;
}

const std::vector<ContextColumn> kContext = {{"country", ContextType::kString},
                                             {"score", ContextType::kDouble}};

void ExpectEqualRecords(const FactSchemaRegistry& registry, const Record& expected,
                        const Record& actual) {
  SCOPED_TRACE(expected.record_id());
  Record expected_envelope = expected, actual_envelope = actual;
  expected_envelope.clear_facts();
  actual_envelope.clear_facts();
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(expected_envelope, actual_envelope))
      << expected_envelope.ShortDebugString() << "\nvs\n"
      << actual_envelope.ShortDebugString();
  ASSERT_EQ(actual.facts_size(), expected.facts_size());
  for (int i = 0; i < expected.facts_size(); ++i) {
    ASSERT_EQ(actual.facts(i).type(), expected.facts(i).type());
    const Message* prototype = registry.Prototype(expected.facts(i).type());
    std::unique_ptr<Message> want(prototype->New()), got(prototype->New());
    ASSERT_TRUE(want->ParseFromString(expected.facts(i).value()));
    ASSERT_TRUE(got->ParseFromString(actual.facts(i).value()));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*want, *got))
        << want->ShortDebugString() << "\nvs\n"
        << got->ShortDebugString();
  }
}

// Facts grouped by type in column (name) order, as the decoder returns them.
Record GroupFactsByType(Record record) {
  std::stable_sort(record.mutable_facts()->begin(), record.mutable_facts()->end(),
                   [](const Fact& a, const Fact& b) { return a.type() < b.type(); });
  return record;
}

std::vector<Record> RoundTrip(const FactSchemaRegistry& writer_registry,
                              const FactSchemaRegistry& reader_registry,
                              const std::vector<Record>& records, const std::string& name,
                              const std::vector<std::string>& columns = {}) {
  auto schema = FactsTableSchema::Build("profile_id", kContext, writer_registry);
  EXPECT_TRUE(schema.ok()) << schema.status();
  FactsBatchBuilder builder(*schema, writer_registry);
  for (const Record& record : records) {
    Status appended = builder.Append(record);
    EXPECT_TRUE(appended.ok()) << appended;
  }
  const std::string path = FreshTestDir(name) + "/facts.parquet";
  auto writer = parquet::ParquetFileWriter::Create(path, schema->schema(),
                                                   FactsFileWriterOptions(*schema, 2));
  EXPECT_TRUE(writer.ok()) << writer.status();
  const Status written = (*writer)->WriteBatch(builder.Finish());
  EXPECT_TRUE(written.ok()) << written;
  EXPECT_TRUE((*writer)->Close().ok());
  auto reader = parquet::ParquetFileReader::OpenPath(path);
  EXPECT_TRUE(reader.ok());
  parquet::ReadOptions options;
  options.columns = columns;
  options.verify_checksums = true;
  auto rows = (*reader)->ReadAll(options);
  EXPECT_TRUE(rows.ok()) << rows.status();
  auto projected = (*reader)->ProjectedSchema(options);
  auto decoder = FactsRowDecoder::Make(*projected, "profile_id", reader_registry);
  EXPECT_TRUE(decoder.ok()) << decoder.status();
  std::vector<Record> out;
  for (int64_t row = 0; row < rows->num_rows; ++row) {
    auto record = (*decoder)->Decode(*rows, row);
    EXPECT_TRUE(record.ok());
    out.push_back(std::move(*record));
  }
  return out;
}

TEST(FactsTableCodecTest, RandomRecordsOfEveryFieldTypeRoundTrip) {
  auto registry = CompileRegistry("codec_everything", kEverythingProto);
  std::mt19937_64 rng(11);
  std::vector<Record> records;
  for (int i = 0; i < 400; ++i) records.push_back(MakeRecord(*registry, rng, i));
  const std::vector<Record> decoded = RoundTrip(*registry, *registry, records, "codec_rt");
  ASSERT_EQ(decoded.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    ExpectEqualRecords(*registry, GroupFactsByType(records[i]), decoded[i]);
  }
}

TEST(FactsTableCodecTest, SchemaMapsProtoTypesToParquet) {
  auto registry = CompileRegistry("codec_schema", kEverythingProto);
  auto schema = FactsTableSchema::Build("profile_id", kContext, *registry);
  ASSERT_TRUE(schema.ok()) << schema.status();
  const std::string text = schema->schema().ToString();
  for (const char* expected :
       {"required int64 profile_id;", "required int64 ts (TIMESTAMP(MICROS,true));",
        "required binary record_id (STRING);", "optional binary country (STRING);",
        "optional double score;", "optional int32 u32 (INTEGER(32,false)) = 3;",
        "optional binary color (ENUM) = 16;", "optional binary by = 15;"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(schema->fact_types(), (std::vector<std::string>{"everything", "inner", "small"}));
}

TEST(FactsTableCodecTest, ProjectionDecodesOnlyTheColumnsRead) {
  auto registry = CompileRegistry("codec_projection", kEverythingProto);
  std::mt19937_64 rng(12);
  std::vector<Record> records;
  for (int i = 0; i < 50; ++i) records.push_back(MakeRecord(*registry, rng, i));
  const std::vector<Record> decoded =
      RoundTrip(*registry, *registry, records, "codec_projection_rt",
                {"profile_id", "ts", "record_id", "facts.small"});
  ASSERT_EQ(decoded.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    Record expected;
    expected.set_record_id(records[i].record_id());
    expected.set_event_time_us(records[i].event_time_us());
    *expected.add_context() = records[i].context(0);
    for (const Fact& fact : records[i].facts()) {
      if (fact.type() == "small") *expected.add_facts() = fact;
    }
    ExpectEqualRecords(*registry, expected, decoded[i]);
  }
}

TEST(FactsTableCodecTest, FilesFromAnOlderSchemaDecodeWithTheNewerOne) {
  auto old_registry = CompileRegistry("codec_old", kSmallOnlyProto);
  auto new_registry = CompileRegistry("codec_new", kSmallEvolvedProto);
  std::mt19937_64 rng(13);
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i) records.push_back(MakeRecord(*old_registry, rng, i));
  const std::vector<Record> decoded =
      RoundTrip(*old_registry, *new_registry, records, "codec_evolution");
  ASSERT_EQ(decoded.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    ExpectEqualRecords(*new_registry, GroupFactsByType(records[i]), decoded[i]);
  }
}

TEST(FactsTableCodecTest, RejectedRecordsLeaveTheBatchUnchanged) {
  auto registry = CompileRegistry("codec_reject", kEverythingProto);
  auto schema = FactsTableSchema::Build("profile_id", kContext, *registry);
  ASSERT_TRUE(schema.ok());
  std::mt19937_64 rng(14);
  const Record good = MakeRecord(*registry, rng, 1);
  std::vector<std::pair<std::string, Record>> bad;
  Record r = good;
  r.mutable_context()->DeleteSubrange(0, 1);
  bad.push_back({"is missing", r});
  r = good;
  r.mutable_context(0)->set_string_value("7");
  bad.push_back({"is not an integer", r});
  r = good;
  auto* extra = r.add_context();
  extra->set_key("device");
  extra->set_string_value("tv");
  bad.push_back({"not a column", r});
  r = good;
  auto* score = r.add_context();
  score->set_key("score");
  score->set_string_value("high");
  bad.push_back({"is not double", r});
  r = good;
  r.add_facts()->set_type("watch_party");
  bad.push_back({"not registered", r});
  r = good;
  auto* broken = r.add_facts();
  broken->set_type("small");
  broken->set_value("\x08");  // a varint field with its value cut off
  bad.push_back({"does not parse", r});

  FactsBatchBuilder builder(*schema, *registry);
  ASSERT_TRUE(builder.Append(good).ok());
  for (const auto& [reason, record] : bad) {
    const Status status = builder.Append(record);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << reason;
    EXPECT_NE(status.message().find(reason), std::string::npos) << status;
    EXPECT_NE(status.message().find(good.record_id()), std::string::npos) << status;
    EXPECT_EQ(builder.num_rows(), 1);
  }
  Record second = MakeRecord(*registry, rng, 2);
  ASSERT_TRUE(builder.Append(second).ok());
  const parquet::RecordBatch batch = builder.Finish();
  auto decoder = FactsRowDecoder::Make(schema->schema(), "profile_id", *registry);
  ASSERT_TRUE(decoder.ok());
  ASSERT_EQ(batch.num_rows, 2);
  ExpectEqualRecords(*registry, GroupFactsByType(good), *(*decoder)->Decode(batch, 0));
  ExpectEqualRecords(*registry, GroupFactsByType(second), *(*decoder)->Decode(batch, 1));
}

TEST(FactsTableCodecTest, RecursiveMessagesAreRefusedNamingTheField) {
  auto registry = CompileRegistry("codec_recursive", R"(syntax = "proto3";
package codec;
message Tree { int64 v = 1; Tree left = 2; }
)");
  auto schema = FactsTableSchema::Build("profile_id", {}, *registry);
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("facts.tree.left.left"), std::string::npos)
      << schema.status();
}

void ExpectSameColumn(const parquet::Column& a, const parquet::Column& b, const std::string& path) {
  ASSERT_EQ(a.type, b.type) << path;
  ASSERT_EQ(a.length, b.length) << path;
  EXPECT_EQ(a.validity, b.validity) << path;
  EXPECT_EQ(a.values, b.values) << path;
  EXPECT_EQ(a.offsets, b.offsets) << path;
  ASSERT_EQ(a.children.size(), b.children.size()) << path;
  for (size_t i = 0; i < a.children.size(); ++i) {
    ExpectSameColumn(a.children[i], b.children[i], StrCat(path, "/", i));
  }
}

// Appends every record with both shredding paths; each record must be accepted or refused
// by both, and the batches must be identical.
void ExpectBothPathsAgree(const FactSchemaRegistry& registry, const std::vector<Record>& records) {
  auto schema = FactsTableSchema::Build("profile_id", kContext, registry);
  ASSERT_TRUE(schema.ok()) << schema.status();
  FactsBatchBuilder fast(*schema, registry, FactShredding::kWireFormatFirst);
  FactsBatchBuilder reference(*schema, registry, FactShredding::kParsedMessagesOnly);
  for (const Record& record : records) {
    const Status a = fast.Append(record);
    const Status b = reference.Append(record);
    ASSERT_EQ(a.ok(), b.ok()) << record.record_id() << ": " << a << " / " << b;
  }
  const parquet::RecordBatch x = fast.Finish();
  const parquet::RecordBatch y = reference.Finish();
  ASSERT_EQ(x.num_rows, y.num_rows);
  ASSERT_EQ(x.columns.size(), y.columns.size());
  for (size_t i = 0; i < x.columns.size(); ++i)
    ExpectSameColumn(x.columns[i], y.columns[i], StrCat(i));
}

TEST(FactWireShredderTest, TakesEveryValueProtobufWritesForMapFreeProto3) {
  auto registry = CompileRegistry("wire_take", kWireProto);
  std::mt19937_64 rng(21);
  FactWireShredder shredder(*registry->FindFactType("everything"));
  auto scan = FactWireShredder::NewScan();
  for (int i = 0; i < 300; ++i) {
    std::unique_ptr<Message> message(registry->Prototype("everything")->New());
    Randomize(*message, rng, 0);
    const std::string bytes = message->SerializeAsString();
    EXPECT_GE(shredder.Scan(bytes, *scan), 0) << message->ShortDebugString();
  }
}

TEST(FactWireShredderTest, RandomRecordsGiveTheSameRowsAsParsedMessages) {
  for (std::string_view proto : {kWireProto, kEverythingProto}) {
    auto registry = CompileRegistry("wire_random", proto);
    std::mt19937_64 rng(22);
    std::vector<Record> records;
    for (int i = 0; i < 500; ++i) records.push_back(MakeRecord(*registry, rng, i));
    ExpectBothPathsAgree(*registry, records);
  }
}

// Wire bytes written by hand: the forms a serializer may produce besides protobuf's own.
TEST(FactWireShredderTest, HandWrittenWireFormsGiveTheSameRowsOrTheSameRefusal) {
  auto registry = CompileRegistry("wire_hand", kWireProto);
  auto varint = [](uint64_t v) {
    std::string out;
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
  };
  auto tag = [&](int field, int wire) { return varint((uint64_t(field) << 3) | wire); };
  auto len = [&](int field, const std::string& body) {
    return tag(field, 2) + varint(body.size()) + body;
  };
  const std::string inner = len(1, "x") + tag(2, 0) + varint(5);
  const std::vector<std::string> cases = {
      "",                                               // every field at its default
      tag(1, 0) + varint(uint64_t(-7)),                 // negative int32, 10 bytes
      tag(5, 0) + varint(13) + tag(6, 0) + varint(14),  // zigzag sint32/sint64
      tag(1, 0) + varint(1) + tag(1, 0) + varint(2),    // singular given twice: last wins
      tag(24, 5) + "\x01\x00\x00\x00" + tag(24, 5) + "\x02\x00\x00\x00",  // unpacked fixed32
      len(24, std::string("\x01\x00\x00\x00\x02\x00\x00\x00", 8)),        // packed fixed32
      tag(22, 0) + varint(1) +
          len(22, varint(2) + varint(7)),  // colors unpacked + packed, 7 unnamed
      tag(99, 0) + varint(3) + tag(98, 1) + std::string(8, 'a') + len(97, "zz"),  // unknown fields
      len(18, inner) + len(18, len(1, "y")),  // singular message twice: merged
      len(25, "t") + tag(26, 0) + varint(4),  // two oneof members: the last wins
      tag(1, 2) + varint(1) + "a",            // known field, unexpected wire type
      len(14, "\xff\xfe"),                    // invalid UTF-8 in a string
      len(15, "\xff\xfe"),                    // bytes may hold anything
      tag(2, 0) + "\x80",                     // truncated varint
      len(18, inner).substr(0, 4),            // truncated message
      tag(3, 3) + tag(3, 4),                  // a group
      len(19, inner) + len(19, "") + len(20, "") + len(20, "b"),  // repeated messages, strings
      // Overlong encodings: a parser takes tags and lengths of at most 5 bytes.
      tag(1, 0) + varint(76) + std::string("\x95\xf8\xa9\xff\x8f\x00", 6) + "\x60\x00\x03\x02",
      std::string("\x88\x80\x80\x80\x80\x00", 6) + varint(3),         // 6-byte tag of field 1
      std::string("\x88\x80\x80\x80\x00", 5) + varint(3),             // 5-byte tag of field 1
      tag(14, 2) + std::string("\x81\x80\x80\x80\x80\x00", 6) + "s",  // 6-byte length
      tag(14, 2) + std::string("\x81\x80\x80\x80\x00", 5) + "s",      // 5-byte length
      tag(99, 2) + std::string("\x81\x80\x80\x80\x80\x00", 6) + "u",  // unknown, 6-byte length
      tag(23, 2) + std::string("\x88\x80\x80\x80\x80\x00", 6) + std::string(8, '\0'),  // packed
  };
  std::vector<Record> records;
  for (size_t i = 0; i < cases.size(); ++i) {
    Record record;
    record.set_record_id(StrCat("hand-", i));
    record.set_event_time_us(1793527200000000);
    auto* entity = record.add_context();
    entity->set_key("profile_id");
    entity->set_int_value(1);
    Fact* fact = record.add_facts();
    fact->set_type("everything");
    fact->set_value(cases[i]);
    records.push_back(record);
  }
  ExpectBothPathsAgree(*registry, records);
}

}  // namespace
}  // namespace hindsight::store
