// libFuzzer target: arbitrary bytes as a fact value, appended by both shredding paths
// (wire format first, and parsed messages only). Both must accept or refuse it alike
// and, when they accept it, build identical columns.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/fact_schema_registry.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_table_schema.h"

namespace {

using hindsight::store::FactsBatchBuilder;
using hindsight::store::FactSchemaRegistry;
using hindsight::store::FactShredding;
using hindsight::store::FactsTableSchema;

constexpr const char* kProto = R"(syntax = "proto3";
package fuzz;
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; }
message Inner { string name = 1; repeated int32 scores = 2; repeated sint64 deltas = 3; }
message Everything {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5;
  sint64 s64 = 6; fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10;
  float fl = 11; double db = 12; bool b = 13; string s = 14; bytes by = 15; Color color = 16;
  optional int64 maybe = 17; Inner inner = 18; repeated Inner inners = 19;
  repeated string tags = 20; repeated Color colors = 22; repeated double weights = 23;
  oneof choice { string text = 25; int64 number = 26; Inner nested = 27; }
}
)";

struct Fixture {
  std::unique_ptr<FactSchemaRegistry> registry;
  std::unique_ptr<FactsTableSchema> schema;
};

Fixture* MakeFixture() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hindsight_fact_wire_fuzzer_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "fuzz.proto") << kProto;
  auto registry = FactSchemaRegistry::Compile(dir.string());
  std::filesystem::remove_all(dir);
  if (!registry.ok() || !(*registry)->Register("everything", "fuzz.Everything").ok()) std::abort();
  auto schema = FactsTableSchema::Build("profile_id", {}, **registry);
  if (!schema.ok()) std::abort();
  auto* fixture = new Fixture;
  fixture->registry = std::move(*registry);
  fixture->schema = std::make_unique<FactsTableSchema>(std::move(*schema));
  return fixture;
}

bool SameColumn(const hindsight::parquet::Column& a, const hindsight::parquet::Column& b) {
  if (a.type != b.type || a.length != b.length || a.validity != b.validity ||
      a.values != b.values || a.offsets != b.offsets || a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameColumn(a.children[i], b.children[i])) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = MakeFixture();
  hindsight::Record record;
  record.set_record_id("fuzz");
  auto* entity = record.add_context();
  entity->set_key("profile_id");
  entity->set_int_value(1);
  auto* fact = record.add_facts();
  fact->set_type("everything");
  fact->set_value(reinterpret_cast<const char*>(data), size);
  FactsBatchBuilder fast(*fixture->schema, *fixture->registry, FactShredding::kWireFormatFirst);
  FactsBatchBuilder reference(*fixture->schema, *fixture->registry,
                              FactShredding::kParsedMessagesOnly);
  const bool fast_ok = fast.Append(record).ok();
  const bool reference_ok = reference.Append(record).ok();
  if (fast_ok != reference_ok) std::abort();
  const auto a = fast.Finish();
  const auto b = reference.Finish();
  if (a.num_rows != b.num_rows || a.columns.size() != b.columns.size()) std::abort();
  for (size_t i = 0; i < a.columns.size(); ++i) {
    if (!SameColumn(a.columns[i], b.columns[i])) std::abort();
  }
  return 0;
}
