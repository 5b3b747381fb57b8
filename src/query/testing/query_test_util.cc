#include "query/testing/query_test_util.h"

#include <google/protobuf/util/message_differencer.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "gtest/gtest.h"
#include "util/str_cat.h"

namespace hindsight::query::testing {
namespace {

// Where this process's test paths live.
std::filesystem::path TestRoot() {
  return std::filesystem::temp_directory_path() / StrCat("hindsight_query_test_", getpid());
}

// Removes the process's test paths once every test has run (tables take megabytes).
class RemoveTestPaths : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(TestRoot(), ignored);
  }
};
const ::testing::Environment* const kRemoveTestPaths =
    ::testing::AddGlobalTestEnvironment(new RemoveTestPaths);

}  // namespace

std::string FreshTestPath(std::string_view name) {
  const std::filesystem::path path = TestRoot() / std::string(name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path.parent_path());
  return path.string();
}

std::string AnswerDifference(const AsOfAnswer& actual, const AsOfAnswer& expected) {
  if (actual.entity != expected.entity || actual.as_of_us != expected.as_of_us) {
    return "answers are for different requests";
  }
  if (actual.snapshot_id != expected.snapshot_id) return "answers are of different snapshots";
  if (actual.facts.size() != expected.facts.size()) {
    return StrCat(actual.facts.size(), " fact types answered, expected ", expected.facts.size());
  }
  for (size_t i = 0; i < actual.facts.size(); ++i) {
    const AsOfFact& got = actual.facts[i];
    const AsOfFact& want = expected.facts[i];
    if (got.fact_type != want.fact_type) {
      return StrCat("fact ", i, " is ", got.fact_type, ", expected ", want.fact_type);
    }
    if (got.record.has_value() != want.record.has_value()) {
      return StrCat(got.fact_type, ": ", got.record.has_value() ? "found " : "not found",
                    got.record.has_value() ? got.record->record_id() : "", ", expected ",
                    want.record.has_value() ? StrCat("record ", want.record->record_id())
                                            : std::string("nothing"));
    }
    if (!got.record.has_value()) continue;
    std::string report;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&report);
    if (!differencer.Compare(*want.record, *got.record)) {
      return StrCat(got.fact_type, ": record ", got.record->record_id(), " differs from expected ",
                    want.record->record_id(), ":\n", report);
    }
  }
  return "";
}

}  // namespace hindsight::query::testing
