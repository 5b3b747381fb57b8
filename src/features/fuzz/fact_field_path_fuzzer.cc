// libFuzzer target: arbitrary bytes as a fact, read through feature input paths of every
// shape (scalars, packed and unpacked repeats, nested repeated messages with element
// times). Reading must never crash or hang; what it accepts gives one time per value.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "features/fact_field_path.h"
#include "store/fact_schema_registry.h"

namespace {

using hindsight::features::FactFieldPath;
using hindsight::features::Values;

constexpr const char* kProto = R"(syntax = "proto3";
package fuzz;
message Leaf { int64 ts_us = 1; sint32 s = 2; float f = 3; string name = 4; repeated int64 ids = 5;
               repeated fixed32 fx = 6 [packed = false]; bool flag = 7; double d = 8; }
message Top { Leaf single = 1; repeated Leaf leaves = 2; string plan = 3; repeated string tags = 4;
              repeated double scores = 5; int32 i = 6; }
)";

std::vector<FactFieldPath>* MakePaths() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hindsight_fact_field_path_fuzzer_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "fuzz.proto") << kProto;
  static auto registry = hindsight::store::FactSchemaRegistry::Compile(dir.string());
  std::filesystem::remove_all(dir);
  if (!registry.ok()) std::abort();
  const auto* top = (*registry)->FindMessage("fuzz.Top");
  if (top == nullptr) std::abort();
  auto* paths = new std::vector<FactFieldPath>();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"plan"}, ""},
      {{"tags"}, ""},
      {{"scores"}, ""},
      {{"i"}, ""},
      {{"single", "name"}, ""},
      {{"single", "ids"}, ""},
      {{"leaves"}, "ts_us"},
      {{"leaves", "s"}, "ts_us"},
      {{"leaves", "f"}, "ts_us"},
      {{"leaves", "name"}, "ts_us"},
      {{"leaves", "ids"}, ""},
      {{"leaves", "fx"}, ""},
      {{"leaves", "flag"}, "ts_us"},
      {{"leaves", "d"}, ""},
  };
  for (const auto& [fields, time] : cases) {
    auto path = FactFieldPath::Resolve(
        *top, fields, time.empty() ? std::nullopt : std::optional<std::string>(time), "");
    if (!path.ok()) std::abort();
    paths->push_back(*std::move(path));
  }
  return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<FactFieldPath>* paths = MakePaths();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const FactFieldPath& path : *paths) {
    Values values;
    std::vector<int64_t> times;
    if (!path.Extract(bytes, values, &times).ok()) continue;
    if (path.timed() && times.size() != values.size()) std::abort();
    if (!path.list() && values.size() != 1) std::abort();
  }
  return 0;
}
