// `hindsight init` and `hindsight log` from the outside: the tiny example world with
// corrupt lines is logged into a store; every valid record must be in STORE/log
// exactly once with its facts, and exactly the corrupt lines faults.json lists must
// be quarantined with their line numbers.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "log/segment_reader.h"
#include "store/store_layout.h"
#include "store/store_setup.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TestRoot() {
  return (fs::temp_directory_path() / ("hindsight_store_cli_" + std::to_string(getpid()))).string();
}

// Runs `hindsight <arguments>` through the shell (so `< file` works).
Outcome RunHindsight(const std::string& arguments) {
  fs::create_directories(TestRoot());
  const std::string err_path = TestRoot() + "/stderr";
  const std::string command = std::string(HINDSIGHT_BINARY) + " " + arguments + " 2>" + err_path;
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "", "popen failed"};
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.err = ReadText(err_path);
  return outcome;
}

void ExpectUsageError(const Outcome& outcome, const std::string& text) {
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_EQ(outcome.err.rfind("hindsight: ", 0), 0u) << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_NE(outcome.err.find(text), std::string::npos) << outcome.err;
}

std::vector<std::string> ListFiles(const std::string& dir) {
  std::vector<std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Record> ReadLoggedRecords(const std::string& store) {
  std::vector<Record> records;
  for (const std::string& path : ListFiles(LogDir(store))) {
    auto reader = log::SegmentReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) continue;
    while (true) {
      auto batch = (*reader)->Next();
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok() || !batch->has_value()) break;
      for (Record& record : *(*batch)->batch.mutable_records()) records.push_back(record);
    }
    EXPECT_EQ((*reader)->bytes_lost(), 0u) << path;
  }
  return records;
}

// Decodes one fact value of `type` with the store's registry.
std::unique_ptr<google::protobuf::Message> Decode(const OpenedStore& store, const Fact& fact) {
  const google::protobuf::Message* prototype = store.registry->Prototype(fact.type());
  EXPECT_NE(prototype, nullptr) << fact.type();
  if (prototype == nullptr) return nullptr;
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  EXPECT_TRUE(message->ParseFromString(fact.value()));
  return message;
}

class StoreCliTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(TestRoot());
    world_ = new std::string(TestRoot() + "/world");
    const Outcome made =
        RunHindsight("workload --out " + *world_ + " --scale tiny --inject corrupt@d1");
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(TestRoot());
    delete world_;
  }
  void SetUp() override {
    store_ =
        TestRoot() + "/" + testing::UnitTest::GetInstance()->current_test_info()->name() + "_store";
    fs::remove_all(store_);
  }
  std::string InitStore() {
    const Outcome init = RunHindsight("init " + store_ + " --schema " + *world_ + "/facts.proto");
    EXPECT_EQ(init.exit_code, 0) << init.err;
    return init.out;
  }

  static std::string* world_;
  std::string store_;
};
std::string* StoreCliTest::world_ = nullptr;

TEST_F(StoreCliTest, LogsValidRecordsOnceAndQuarantinesExactlyTheCorruptLines) {
  EXPECT_NE(InitStore().find("fact type subscriber"), std::string::npos);
  const Outcome logged = RunHindsight("log " + store_ + " --input " + *world_ + "/records.jsonl");
  EXPECT_EQ(logged.exit_code, 1) << logged.err;

  // The oracle: records.jsonl and faults.json, read independently.
  const json faults = json::parse(ReadText(*world_ + "/faults.json"));
  std::map<int64_t, std::string> corrupt_kind_by_line;
  for (const json& fault : faults["faults"]) {
    for (const json& line : fault["lines"]) corrupt_kind_by_line[line["line"]] = line["kind"];
  }
  ASSERT_FALSE(corrupt_kind_by_line.empty());
  std::map<std::string, json> valid_by_id;
  std::ifstream lines(*world_ + "/records.jsonl");
  std::string line;
  for (int64_t number = 1; std::getline(lines, line); ++number) {
    if (corrupt_kind_by_line.count(number) > 0) continue;
    json record = json::parse(line);
    ASSERT_TRUE(valid_by_id.emplace(record["record_id"], record).second);
  }
  EXPECT_NE(logged.err.find("quarantined   " + std::to_string(corrupt_kind_by_line.size())),
            std::string::npos)
      << logged.err;
  EXPECT_NE(logged.err.find("logged        " + std::to_string(valid_by_id.size())),
            std::string::npos)
      << logged.err;

  StatusOr<OpenedStore> store = OpenStore(store_);
  ASSERT_TRUE(store.ok()) << store.status();
  std::map<std::string, int> times_logged;
  int decoded = 0;
  for (const Record& record : ReadLoggedRecords(store_)) {
    ++times_logged[record.record_id()];
    auto it = valid_by_id.find(record.record_id());
    ASSERT_NE(it, valid_by_id.end()) << "unexpected record " << record.record_id();
    const json& expected = it->second;
    EXPECT_EQ(record.app(), expected["app"]);
    std::set<std::string> expected_types;
    for (const auto& [type, value] : expected["facts"].items()) expected_types.insert(type);
    std::set<std::string> logged_types;
    for (const Fact& fact : record.facts()) logged_types.insert(fact.type());
    EXPECT_EQ(logged_types, expected_types) << record.record_id();
    ASSERT_EQ(record.items_size(), static_cast<int>(expected["items"].size()));
    for (int i = 0; i < record.items_size(); ++i) EXPECT_EQ(record.items(i), expected["items"][i]);
    if (times_logged.size() % 97 != 1) continue;
    // Decode a sample of facts with the registry and compare with the JSON.
    for (const Fact& fact : record.facts()) {
      std::unique_ptr<google::protobuf::Message> message = Decode(*store, fact);
      ASSERT_NE(message, nullptr);
      const auto* descriptor = message->GetDescriptor();
      const auto* reflection = message->GetReflection();
      const json& value = expected["facts"][fact.type()];
      if (fact.type() == "subscriber") {
        EXPECT_EQ(reflection->GetString(*message, descriptor->FindFieldByName("plan")),
                  value["plan"]);
        EXPECT_EQ(reflection->GetBool(*message, descriptor->FindFieldByName("kids")),
                  value["kids"]);
        EXPECT_EQ(reflection->GetInt64(*message, descriptor->FindFieldByName("member_since_us")),
                  value["member_since_us"]);
        ++decoded;
      } else if (fact.type() == "my_list") {
        const auto* field = descriptor->FindFieldByName("video_ids");
        ASSERT_EQ(reflection->FieldSize(*message, field),
                  static_cast<int>(value["video_ids"].size()));
        for (size_t i = 0; i < value["video_ids"].size(); ++i) {
          EXPECT_EQ(reflection->GetRepeatedInt64(*message, field, static_cast<int>(i)),
                    value["video_ids"][i]);
        }
        ++decoded;
      } else if (fact.type() == "viewing_history" && !value["events"].empty()) {
        const auto* events = descriptor->FindFieldByName("events");
        ASSERT_EQ(reflection->FieldSize(*message, events),
                  static_cast<int>(value["events"].size()));
        const auto& first = reflection->GetRepeatedMessage(*message, events, 0);
        EXPECT_EQ(first.GetReflection()->GetInt64(
                      first, first.GetDescriptor()->FindFieldByName("video_id")),
                  value["events"][0]["video_id"]);
        ++decoded;
      }
    }
  }
  EXPECT_GT(decoded, 10);
  EXPECT_EQ(times_logged.size(), valid_by_id.size());
  for (const auto& [record_id, count] : times_logged) EXPECT_EQ(count, 1) << record_id;

  // Exactly the corrupt lines are quarantined, with a reason of the right kind.
  const std::map<std::string, std::string> expected_reject_kind = {
      {"truncated", "malformed_json"},          {"bad_token", "malformed_json"},
      {"plan_number", "fact_schema_violation"}, {"unknown_fact", "unknown_fact_type"},
      {"missing_ts", "invalid_envelope"},       {"string_in_int64", "fact_schema_violation"}};
  const std::vector<std::string> quarantine_files = ListFiles(QuarantineDir(store_));
  ASSERT_EQ(quarantine_files.size(), 1u);
  std::map<int64_t, std::string> quarantined_kind_by_line;
  std::istringstream entries(ReadText(quarantine_files[0]));
  while (std::getline(entries, line)) {
    const json entry = json::parse(line);
    const int64_t number = entry["line"];
    quarantined_kind_by_line[number] = entry["kind"];
    EXPECT_EQ(entry["source"], *world_ + "/records.jsonl");
    EXPECT_EQ(entry["reason"].get<std::string>().rfind("line " + std::to_string(number) + ": ", 0),
              0u)
        << entry["reason"];
    EXPECT_FALSE(entry["raw"].get<std::string>().empty());
  }
  ASSERT_EQ(quarantined_kind_by_line.size(), corrupt_kind_by_line.size());
  for (const auto& [number, corrupt_kind] : corrupt_kind_by_line) {
    EXPECT_EQ(quarantined_kind_by_line[number], expected_reject_kind.at(corrupt_kind))
        << "line " << number << " (" << corrupt_kind << ")";
  }
}

TEST_F(StoreCliTest, CleanInputFromStdinExitsZero) {
  InitStore();
  const std::string input = TestRoot() + "/clean.jsonl";
  {
    std::ifstream in(*world_ + "/records.jsonl");
    std::ofstream out(input);
    std::string line;
    for (int i = 0; i < 50 && std::getline(in, line); ++i) out << line << "\n";
  }
  const Outcome logged = RunHindsight("log " + store_ + " --app replay < " + input);
  EXPECT_EQ(logged.exit_code, 0) << logged.err;
  const std::vector<Record> records = ReadLoggedRecords(store_);
  ASSERT_EQ(records.size(), 50u);
  for (const Record& record : records) EXPECT_EQ(record.app(), "replay");
  EXPECT_TRUE(ListFiles(QuarantineDir(store_)).empty());
}

TEST_F(StoreCliTest, InitAgainIsANoOpAndIncompatibleChangesAreRefused) {
  InitStore();
  EXPECT_NE(InitStore().find("up to date"), std::string::npos);
  const std::string changed = TestRoot() + "/facts.proto";
  std::string proto = ReadText(*world_ + "/facts.proto");
  proto.replace(proto.find("string plan = 1;"), 16, "int32 plan = 1;");
  std::ofstream(changed) << proto;
  ExpectUsageError(RunHindsight("init " + store_ + " --schema " + changed),
                   "incompatible change to fact type 'subscriber': field Subscriber.plan changed "
                   "type string -> int32");
}

TEST_F(StoreCliTest, BadInputsAreUsageErrorsAndLeaveTheStoreAlone) {
  ExpectUsageError(RunHindsight("log " + store_ + " --input " + *world_ + "/records.jsonl"),
                   "not a store");
  InitStore();
  const std::vector<std::string> log_before = ListFiles(LogDir(store_));
  ExpectUsageError(RunHindsight("log " + store_ + " --input " + TestRoot() + "/missing.jsonl"),
                   "missing.jsonl: cannot open input");
  EXPECT_EQ(ListFiles(LogDir(store_)), log_before);
  ExpectUsageError(RunHindsight("init " + store_ + "_other --schema " + TestRoot() + "/no.proto"),
                   "no.proto");
  EXPECT_FALSE(fs::exists(store_ + "_other"));
  ExpectUsageError(RunHindsight("init " + store_), "--schema");
}

}  // namespace
}  // namespace hindsight::store
