// `hindsight workload --store`: the tiny world logged straight into a store, compared
// with the same world written as records.jsonl and parsed the way `hindsight log`
// parses it. The store's log must hold, record by record and fact by fact, what
// `hindsight log STORE < records.jsonl` would log; corrupt lines go to the quarantine.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hindsight/record.pb.h"
#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "log/segment_reader.h"
#include "store/jsonl_record_parser.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "test_worlds.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

using google::protobuf::util::MessageDifferencer;
using Json = nlohmann::json;

workload::WorldOptions TinyWith(const std::vector<std::string>& injects) {
  workload::WorldOptions options = TinyOptions();
  for (const std::string& inject : injects) {
    const StatusOr<workload::FaultSpec> spec = workload::ParseFaultSpec(inject);
    EXPECT_TRUE(spec.ok()) << spec.status();
    if (spec.ok()) options.faults.push_back(*spec);
  }
  return options;
}

// What `hindsight log` calls each kind of line of the `corrupt` fault.
const std::map<std::string, std::string> kRejectionOfCorruptKind = {
    {"truncated", "malformed_json"},          {"bad_token", "malformed_json"},
    {"plan_number", "fact_schema_violation"}, {"unknown_fact", "unknown_fact_type"},
    {"missing_ts", "invalid_envelope"},       {"string_in_int64", "fact_schema_violation"}};

Json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

// Writes the world of `options` into `dir`, its records into `store`.
StatusOr<workload::WorldFilesSummary> GenerateIntoStore(const std::string& dir,
                                                        const workload::WorldOptions& options,
                                                        const std::string& store) {
  workload::WorldFilesRequest request;
  request.world = options;
  request.out_dir = dir;
  request.store = store;
  return workload::WriteWorldFiles(request);
}

// Every record of the store's log, in segment and frame order.
std::vector<Record> ReadLog(const std::string& store) {
  std::vector<Record> records;
  const std::string dir = store::LogDir(store);
  StatusOr<std::vector<uint64_t>> sequences = log::ListSegments(dir);
  EXPECT_TRUE(sequences.ok()) << sequences.status();
  if (!sequences.ok()) return records;
  for (uint64_t sequence : *sequences) {
    const std::string path = (std::filesystem::path(dir) / log::SegmentFileName(sequence)).string();
    StatusOr<std::unique_ptr<log::SegmentReader>> reader = log::SegmentReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return records;
    for (;;) {
      StatusOr<std::optional<log::SegmentBatch>> batch = (*reader)->Next();
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok() || !batch->has_value()) break;
      for (Record& record : *(*batch)->batch.mutable_records()) {
        records.push_back(std::move(record));
      }
    }
    EXPECT_EQ((*reader)->bytes_lost(), 0u) << path;
  }
  return records;
}

// Empty when `actual` (from the store) equals `expected` (parsed from JSONL): the
// envelope field by field, each fact parsed with the store's registry.
std::string RecordDifference(const store::FactSchemaRegistry& registry, const Record& expected,
                             const Record& actual) {
  std::string report;
  MessageDifferencer envelope;
  envelope.IgnoreField(Record::descriptor()->FindFieldByName("facts"));
  envelope.ReportDifferencesToString(&report);
  if (!envelope.Compare(expected, actual)) return "envelope: " + report;
  if (expected.facts_size() != actual.facts_size()) {
    return "fact count " + std::to_string(expected.facts_size()) + " vs " +
           std::to_string(actual.facts_size());
  }
  for (int i = 0; i < expected.facts_size(); ++i) {
    const Fact& want = expected.facts(i);
    const Fact& got = actual.facts(i);
    if (want.type() != got.type()) return "fact " + std::to_string(i) + " type " + got.type();
    const google::protobuf::Message* prototype = registry.Prototype(want.type());
    if (prototype == nullptr) return "unregistered fact type " + want.type();
    std::unique_ptr<google::protobuf::Message> want_value(prototype->New());
    std::unique_ptr<google::protobuf::Message> got_value(prototype->New());
    if (!want_value->ParseFromString(want.value())) return "JSONL fact does not parse";
    if (!got_value->ParseFromString(got.value())) return "store fact " + got.type() + " unparsable";
    MessageDifferencer facts;
    facts.ReportDifferencesToString(&report);
    if (!facts.Compare(*want_value, *got_value)) return "fact " + got.type() + ": " + report;
  }
  return "";
}

// The quarantine entries of `store`, from every file in its quarantine directory.
std::vector<Json> QuarantineEntries(const std::string& store) {
  std::vector<Json> entries;
  const std::string dir = store::QuarantineDir(store);
  if (!std::filesystem::exists(dir)) return entries;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    for (const std::string& line : ReadLines(file.path().string())) {
      entries.push_back(Json::parse(line));
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Json& a, const Json& b) { return a["line"] < b["line"]; });
  return entries;
}

class StoreWorldTest : public testing::Test {
 protected:
  void SetUp() override { root_ = FreshDirectory("store_world"); }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Generates `options` both ways: JSONL into root/jsonl, the store into root/store with
  // the other files in root/world. Returns false (after failing the test) on error.
  bool GenerateBothWays(const workload::WorldOptions& options) {
    jsonl_dir_ = root_ + "/jsonl";
    world_dir_ = root_ + "/world";
    store_ = root_ + "/store";
    workload::WorldFilesRequest request;
    request.world = options;
    request.out_dir = jsonl_dir_;
    const StatusOr<workload::WorldFilesSummary> jsonl = workload::WriteWorldFiles(request);
    EXPECT_TRUE(jsonl.ok()) << jsonl.status();
    const StatusOr<workload::WorldFilesSummary> stored =
        GenerateIntoStore(world_dir_, options, store_);
    EXPECT_TRUE(stored.ok()) << stored.status();
    if (!jsonl.ok() || !stored.ok()) return false;
    summary_ = *stored;
    lines_ = ReadLines(jsonl_dir_ + "/records.jsonl");
    StatusOr<store::OpenedStore> opened = store::OpenStore(store_);
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (!opened.ok()) return false;
    opened_ = std::move(*opened);
    return true;
  }

  std::string root_;
  std::string jsonl_dir_;
  std::string world_dir_;
  std::string store_;
  workload::WorldFilesSummary summary_;
  std::vector<std::string> lines_;
  store::OpenedStore opened_;
};

TEST_F(StoreWorldTest, LogsEveryRecordAsHindsightLogParsesItsJsonlLine) {
  // Faults that change values: a missing plan, kids flags and swapped integers.
  ASSERT_TRUE(GenerateBothWays(TinyWith({"nulls@d0", "drift@d0:h6", "swap@d1"})));
  const std::vector<Record> logged = ReadLog(store_);
  ASSERT_EQ(logged.size(), lines_.size());
  ASSERT_GT(lines_.size(), 5'000u);
  store::JsonlRecordParser parser(*opened_.registry, opened_.config.entity_key, "");
  for (size_t i = 0; i < lines_.size(); ++i) {
    store::ParsedLine parsed = parser.Parse(lines_[i], static_cast<int64_t>(i + 1));
    ASSERT_TRUE(parsed.ok()) << parsed.rejection->reason;
    const std::string difference = RecordDifference(*opened_.registry, parsed.record, logged[i]);
    ASSERT_EQ(difference, "") << "line " << i + 1 << ": " << lines_[i].substr(0, 120);
  }
  EXPECT_TRUE(QuarantineEntries(store_).empty());
}

TEST_F(StoreWorldTest, WritesTheSameWorldFilesBesideTheStoreAndSaysWhereRecordsWent) {
  ASSERT_TRUE(GenerateBothWays(TinyOptions()));
  EXPECT_FALSE(std::filesystem::exists(world_dir_ + "/records.jsonl"));
  for (const char* file : {"plays.csv", "videos.csv", "plays.parquet", "videos.parquet",
                           "facts.proto", "faults.json"}) {
    EXPECT_EQ(FileDigest(world_dir_ + "/" + file), FileDigest(jsonl_dir_ + "/" + file)) << file;
  }
  const Json world = ReadJson(world_dir_ + "/world.json");
  EXPECT_FALSE(world["records_written"].get<bool>());
  const Json& destination = world["records_store"];
  ASSERT_TRUE(destination.is_object()) << world.dump();
  EXPECT_EQ(destination["path"].get<std::string>(),
            std::filesystem::absolute(store_).lexically_normal().string());
  EXPECT_EQ(destination["records_logged"].get<int64_t>(), static_cast<int64_t>(lines_.size()));
  EXPECT_EQ(destination["lines_quarantined"].get<int64_t>(), 0);
  EXPECT_GT(destination["log_bytes"].get<int64_t>(), 0);
  EXPECT_EQ(world["counts"]["record_lines"].get<int64_t>(), static_cast<int64_t>(lines_.size()));
  // The JSONL size is still estimated (from every 64th record): within 10% of the real one.
  const double estimated = world["estimated_bytes"]["records.jsonl"].get<double>();
  const double real =
      static_cast<double>(std::filesystem::file_size(jsonl_dir_ + "/records.jsonl"));
  EXPECT_NEAR(estimated / real, 1.0, 0.1);
  EXPECT_EQ(summary_.store.records_logged, static_cast<int64_t>(lines_.size()));
}

TEST_F(StoreWorldTest, QuarantinesCorruptLinesAndLogsDuplicatesTwice) {
  ASSERT_TRUE(GenerateBothWays(TinyWith({"corrupt@d0:h19", "dup@d1:h20", "late@d1:h2"})));
  const Json faults = ReadJson(world_dir_ + "/faults.json");
  ASSERT_EQ(faults["faults"].size(), 3u);
  const Json& corrupt = faults["faults"][0];
  const Json& dup = faults["faults"][1];
  ASSERT_EQ(corrupt["kind"], "corrupt");
  ASSERT_EQ(dup["kind"], "dup");
  ASSERT_GT(corrupt["lines"].size(), 3u);
  ASSERT_GT(dup["duplicate_lines"].get<int64_t>(), 3);

  // The quarantine holds exactly faults.json's corrupt lines, each with its raw JSONL.
  const std::vector<Json> quarantined = QuarantineEntries(store_);
  ASSERT_EQ(quarantined.size(), corrupt["lines"].size());
  std::set<int64_t> corrupt_lines;
  for (size_t i = 0; i < quarantined.size(); ++i) {
    const int64_t line = corrupt["lines"][i]["line"].get<int64_t>();
    corrupt_lines.insert(line);
    EXPECT_EQ(quarantined[i]["source"], "workload");
    EXPECT_EQ(quarantined[i]["line"].get<int64_t>(), line);
    EXPECT_EQ(quarantined[i]["raw"].get<std::string>(), lines_[static_cast<size_t>(line - 1)]);
    const std::string kind = corrupt["lines"][i]["kind"].get<std::string>();
    EXPECT_EQ(quarantined[i]["kind"], kRejectionOfCorruptKind.at(kind)) << kind;
  }
  EXPECT_EQ(summary_.store.lines_quarantined, static_cast<int64_t>(quarantined.size()));

  // The log holds every other line, in order, duplicates twice.
  const std::vector<Record> logged = ReadLog(store_);
  ASSERT_EQ(logged.size(), lines_.size() - corrupt_lines.size());
  store::JsonlRecordParser parser(*opened_.registry, opened_.config.entity_key, "");
  size_t next = 0;
  int64_t repeated_ids = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const int64_t line_number = static_cast<int64_t>(i + 1);
    store::ParsedLine parsed = parser.Parse(lines_[i], line_number);
    ASSERT_EQ(parsed.ok(), corrupt_lines.count(line_number) == 0) << "line " << line_number;
    if (!parsed.ok()) continue;
    ASSERT_LT(next, logged.size());
    const std::string difference = RecordDifference(*opened_.registry, parsed.record, logged[next]);
    ASSERT_EQ(difference, "") << "line " << line_number;
    if (next > 0 && logged[next].record_id() == logged[next - 1].record_id()) ++repeated_ids;
    ++next;
  }
  EXPECT_EQ(repeated_ids, dup["duplicate_lines"].get<int64_t>());
  EXPECT_EQ(summary_.store.records_logged, static_cast<int64_t>(logged.size()));
}

TEST_F(StoreWorldTest, ASecondWorldIntoTheSameStoreAppendsToItsLog) {
  store_ = root_ + "/store";
  const StatusOr<workload::WorldFilesSummary> first =
      GenerateIntoStore(root_ + "/first", TinyOptions(), store_);
  ASSERT_TRUE(first.ok()) << first.status();
  const StatusOr<workload::WorldFilesSummary> second =
      GenerateIntoStore(root_ + "/second", TinyOptions(7), store_);
  workload::WorldFilesRequest jsonl;
  jsonl.world = TinyOptions(7);
  jsonl.out_dir = root_ + "/second_jsonl";
  ASSERT_TRUE(workload::WriteWorldFiles(jsonl).ok());
  ASSERT_TRUE(second.ok()) << second.status();
  const std::vector<Record> logged = ReadLog(store_);
  ASSERT_GT(first->store.records_logged, 0);
  ASSERT_GT(second->store.records_logged, 0);
  ASSERT_EQ(static_cast<int64_t>(logged.size()),
            first->store.records_logged + second->store.records_logged);
  // The second world's records follow the first's: its own first record comes right after.
  const Record& boundary = logged[static_cast<size_t>(first->store.records_logged)];
  const Json second_first = Json::parse(ReadLines(root_ + "/second_jsonl/records.jsonl").front());
  EXPECT_EQ(boundary.record_id(), second_first["record_id"].get<std::string>());
}

TEST_F(StoreWorldTest, RefusesAStoreKeyedByAnotherEntity) {
  store_ = root_ + "/store";
  const std::string proto = root_ + "/other.proto";
  {
    std::ofstream out(proto);
    out << "syntax = \"proto3\";\npackage other;\nmessage Click { int64 item = 1; }\n";
  }
  store::InitStoreRequest init;
  init.store = store_;
  init.schema_files = {proto};
  init.entity_key = "user_id";
  ASSERT_TRUE(store::InitStore(init).ok());
  const StatusOr<workload::WorldFilesSummary> summary =
      GenerateIntoStore(root_ + "/world", TinyOptions(), store_);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("entity key is 'user_id'"), absl::string_view::npos)
      << summary.status();
  EXPECT_EQ(summary.status().message().rfind("--store " + store_ + ": ", 0), 0u)
      << summary.status();
  EXPECT_FALSE(std::filesystem::exists(root_ + "/world/world.json"));
  EXPECT_TRUE(ReadLog(store_).empty());
}

}  // namespace
}  // namespace hindsight::workload_test
