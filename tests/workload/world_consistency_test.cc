// The tiny world, checked end to end by the independent oracle: self-consistency of
// every record, predictive plays, determinism, schema conformance and peer loading.
#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include "gtest/gtest.h"
#include "test_worlds.h"
#include "world_checker.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

constexpr const char* kWorldFiles[] = {"records.jsonl", "plays.csv",   "videos.csv",
                                       "facts.proto",   "faults.json", "world.json"};

class TinyWorldTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(GenerateWorld("tiny", TinyOptions()));
    world_ = new WorldData;
    std::string error;
    ASSERT_TRUE(LoadWorld(*dir_, world_, &error)) << error;
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete world_;
  }

  static std::string* dir_;
  static WorldData* world_;
};
std::string* TinyWorldTest::dir_ = nullptr;
WorldData* TinyWorldTest::world_ = nullptr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs a shell command; returns its exit status and stdout.
int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output->append(buffer, n);
  return pclose(pipe);
}

TEST_F(TinyWorldTest, EveryRecordIsConsistentWithPlaysAndEarlierRecords) {
  const CheckReport report = CheckWorld(*world_);
  for (const std::string& problem : report.problems) ADD_FAILURE() << problem;
  EXPECT_EQ(report.problem_count, 0);
  // The rules were exercised, not vacuously true.
  const int64_t records = report.homepage_records + report.search_records;
  EXPECT_GT(records, 8'000);
  EXPECT_LT(records, 12'000);
  EXPECT_GT(report.search_records, records / 50);
  EXPECT_GT(report.nonempty_thumbs, records / 2);
  EXPECT_GT(report.nonempty_my_list, records / 2);
  EXPECT_GT(report.nonempty_impressions, records / 2);
  EXPECT_GT(report.my_list_removals, 10);
  EXPECT_GT(report.plan_changes, 0);
}

// Copies the world to a new directory with line `index` of `file` replaced by
// edit(line) (an empty result deletes the line).
std::string TamperedCopy(const std::string& from, const std::string& name, const std::string& file,
                         size_t index, const std::function<std::string(const std::string&)>& edit) {
  const std::string dir = FreshDirectory(name);
  for (const char* each : kWorldFiles) {
    std::filesystem::copy_file(from + "/" + each, dir + "/" + each);
  }
  std::vector<std::string> lines = ReadLines(from + "/" + file);
  std::ofstream out(dir + "/" + file, std::ios::trunc);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string line = i == index ? edit(lines[i]) : lines[i];
    if (!line.empty()) out << line << "\n";
  }
  return dir;
}

// The first record at or after line `from` whose facts are all non-empty.
size_t RichRecordLine(const std::string& dir, size_t from) {
  const std::vector<std::string> lines = ReadLines(dir + "/records.jsonl");
  for (size_t i = from; i < lines.size(); ++i) {
    const nlohmann::json r = nlohmann::json::parse(lines[i]);
    const nlohmann::json& f = r["facts"];
    if (!f["viewing_history"]["events"].empty() && !f["my_list"]["video_ids"].empty() &&
        !f["thumbs"]["thumbs"].empty() && !f["impressions"]["video_ids"].empty()) {
      return i;
    }
  }
  return 0;
}

std::string EditRecord(const std::string& line,
                       const std::function<void(nlohmann::ordered_json&)>& edit) {
  nlohmann::ordered_json record = nlohmann::ordered_json::parse(line);
  edit(record);
  return record.dump();
}

bool HasProblemMentioning(const CheckReport& report, const std::string& text) {
  for (const std::string& problem : report.problems) {
    if (problem.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_F(TinyWorldTest, OracleRejectsTamperedFacts) {
  const size_t index = RichRecordLine(*dir_, 3000);
  ASSERT_GT(index, 0u);
  const std::string original = ReadLines(*dir_ + "/records.jsonl")[index];
  ASSERT_EQ(EditRecord(original, [](nlohmann::ordered_json&) {}), original);
  const std::pair<std::string, std::function<void(nlohmann::ordered_json&)>> cases[] = {
      {"viewing_history", [](auto& r) { r["facts"]["viewing_history"]["events"].erase(0); }},
      {"viewing_history",
       [](auto& r) { r["facts"]["viewing_history"]["events"][0]["duration_s"] = 7; }},
      {"impressions", [](auto& r) { r["facts"]["impressions"]["video_ids"].push_back(100'001); }},
      {"impressions", [](auto& r) { r["facts"]["impressions"]["since_us"] = 0; }},
      {"my_list", [](auto& r) { r["facts"]["my_list"]["video_ids"].push_back(100'001); }},
      {"thumb", [](auto& r) { r["facts"]["thumbs"]["thumbs"][0]["ts_us"] = 1; }},
      {"duplicate items", [](auto& r) { r["items"].push_back(r["items"][0]); }},
      {"kids",
       [](nlohmann::ordered_json& r) {
         r["facts"]["subscriber"]["kids"] = !r["facts"]["subscriber"]["kids"].get<bool>();
       }},
  };
  int number = 0;
  for (const auto& [expected, edit] : cases) {
    const std::string dir =
        TamperedCopy(*dir_, "tampered_" + std::to_string(number++), "records.jsonl", index,
                     [&edit = edit](const std::string& line) { return EditRecord(line, edit); });
    WorldData tampered;
    std::string error;
    ASSERT_TRUE(LoadWorld(dir, &tampered, &error)) << error;
    const CheckReport report = CheckWorld(tampered);
    EXPECT_GT(report.problem_count, 0) << expected;
    EXPECT_TRUE(HasProblemMentioning(report, expected))
        << expected << ": " << report.problems.front();
    std::filesystem::remove_all(dir);
  }
}

TEST_F(TinyWorldTest, OracleRejectsAMissingPlayAndReorderedRecords) {
  // A warm-up play deleted from plays.csv no longer matches the histories.
  std::string dir = TamperedCopy(*dir_, "missing_play", "plays.csv", 1000,
                                 [](const std::string&) { return std::string(); });
  WorldData tampered;
  std::string error;
  ASSERT_TRUE(LoadWorld(dir, &tampered, &error)) << error;
  EXPECT_TRUE(HasProblemMentioning(CheckWorld(tampered), "viewing_history"));
  std::filesystem::remove_all(dir);

  // A record moved to the end of the log is out of time order.
  const std::string moved = ReadLines(*dir_ + "/records.jsonl")[100];
  dir = TamperedCopy(*dir_, "reordered", "records.jsonl", 100,
                     [](const std::string&) { return std::string(); });
  std::ofstream(dir + "/records.jsonl", std::ios::app) << moved << "\n";
  WorldData reordered;
  ASSERT_TRUE(LoadWorld(dir, &reordered, &error)) << error;
  EXPECT_TRUE(HasProblemMentioning(CheckWorld(reordered), "order"));
  std::filesystem::remove_all(dir);
}

TEST_F(TinyWorldTest, PlayedCandidatesMatchTasteAndPopularityBetter) {
  const PredictiveStats stats = CheckWorld(*world_).predictive;
  ASSERT_GT(stats.played, 500);
  ASSERT_GT(stats.unplayed, 50 * 1000);
  // Each margin is many standard errors wide at these sample sizes.
  EXPECT_GT(stats.played_genre_overlap, stats.unplayed_genre_overlap + 0.1)
      << stats.played_genre_overlap << " vs " << stats.unplayed_genre_overlap;
  // log(1 + earlier plays): e^0.4 = 1.5 times as many plays.
  EXPECT_GT(stats.played_popularity, stats.unplayed_popularity + 0.4)
      << stats.played_popularity << " vs " << stats.unplayed_popularity;
}

TEST_F(TinyWorldTest, WorldJsonMatchesOptionsAndFiles) {
  const nlohmann::json& w = world_->world;
  EXPECT_EQ(w["scale"], "tiny");
  EXPECT_EQ(w["seed"], 42);
  EXPECT_EQ(w["days"], 2);
  EXPECT_EQ(w["start"], "2026-11-02T00:00:00Z");
  EXPECT_EQ(w["start_us"], 1'793'577'600'000'000);
  EXPECT_EQ(w["end_us"], 1'793'577'600'000'000 + 2 * 86'400'000'000);
  EXPECT_EQ(w["warmup_start_us"], 1'793'577'600'000'000 - 28 * 86'400'000'000);
  EXPECT_EQ(w["counts"]["profiles"], 1000);
  EXPECT_TRUE(w["records_written"].get<bool>());
  for (const auto& [name, bytes] : w["file_bytes"].items()) {
    EXPECT_EQ(bytes.get<int64_t>(),
              static_cast<int64_t>(std::filesystem::file_size(*dir_ + "/" + name)))
        << name;
  }
  EXPECT_EQ(w["estimated_bytes"]["records.jsonl"], w["file_bytes"]["records.jsonl"]);
  EXPECT_EQ(world_->faults["faults"].size(), 0u);
}

TEST_F(TinyWorldTest, SameSeedGivesByteIdenticalFiles) {
  const std::string again = GenerateWorld("tiny_again", TinyOptions());
  for (const char* file : kWorldFiles) {
    EXPECT_EQ(FileDigest(*dir_ + "/" + file), FileDigest(again + "/" + file)) << file;
  }
  std::filesystem::remove_all(again);
}

TEST_F(TinyWorldTest, ThreadCountDoesNotChangeOutput) {
  const std::string one_thread = GenerateWorld("tiny_one_thread", TinyOptions(42, 1));
  const std::string three_threads = GenerateWorld("tiny_three_threads", TinyOptions(42, 3));
  for (const char* file : kWorldFiles) {
    EXPECT_EQ(FileDigest(*dir_ + "/" + file), FileDigest(one_thread + "/" + file)) << file;
    EXPECT_EQ(FileDigest(*dir_ + "/" + file), FileDigest(three_threads + "/" + file)) << file;
  }
  std::filesystem::remove_all(one_thread);
  std::filesystem::remove_all(three_threads);
}

TEST_F(TinyWorldTest, DifferentSeedGivesDifferentWorld) {
  const std::string other = GenerateWorld("tiny_seed_43", TinyOptions(43));
  for (const char* file : {"records.jsonl", "plays.csv", "videos.csv", "world.json"}) {
    EXPECT_NE(FileDigest(*dir_ + "/" + file), FileDigest(other + "/" + file)) << file;
  }
  EXPECT_EQ(FileDigest(*dir_ + "/facts.proto"), FileDigest(other + "/facts.proto"));
  std::filesystem::remove_all(other);
}

class CollectErrors : public google::protobuf::compiler::MultiFileErrorCollector {
 public:
  void AddError(const std::string& file, int line, int, const std::string& message) override {
    errors += file + ":" + std::to_string(line) + ": " + message + "\n";
  }
  std::string errors;
};

TEST_F(TinyWorldTest, FactsProtoIsTheExampleSchemaWithExactlyTheFactTypes) {
  const std::string source = SourceDirectory() + "/examples/netflix/facts.proto";
  EXPECT_EQ(ReadFile(*dir_ + "/facts.proto"), ReadFile(source));
  google::protobuf::compiler::DiskSourceTree tree;
  tree.MapPath("", *dir_);
  CollectErrors errors;
  google::protobuf::compiler::Importer importer(&tree, &errors);
  const google::protobuf::FileDescriptor* file = importer.Import("facts.proto");
  ASSERT_NE(file, nullptr) << errors.errors;
  EXPECT_EQ(file->package(), "hindsight.examples.netflix");
  EXPECT_EQ(file->syntax(), google::protobuf::FileDescriptor::SYNTAX_PROTO3);
  auto fields = [&](const std::string& message) {
    std::string out;
    const google::protobuf::Descriptor* d = file->FindMessageTypeByName(message);
    if (d == nullptr) return std::string("missing");
    for (int i = 0; i < d->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* f = d->field(i);
      out += std::string(f->is_repeated() ? "repeated " : "") +
             (f->message_type() ? f->message_type()->name() : f->type_name()) + " " + f->name() +
             ";";
    }
    return out;
  };
  EXPECT_EQ(fields("Subscriber"), "string plan;bool kids;string country;int64 member_since_us;");
  EXPECT_EQ(fields("ViewingHistory"), "repeated ViewingEvent events;");
  EXPECT_EQ(fields("ViewingEvent"), "int64 video_id;int64 ts_us;int32 duration_s;bool completed;");
  EXPECT_EQ(fields("MyList"), "repeated int64 video_ids;");
  EXPECT_EQ(fields("Thumbs"), "repeated Thumb thumbs;");
  EXPECT_EQ(fields("Thumb"), "int64 video_id;int32 rating;int64 ts_us;");
  EXPECT_EQ(fields("Impressions"), "repeated int64 video_ids;int64 since_us;");
  EXPECT_EQ(file->message_type_count(), 7);
}

TEST_F(TinyWorldTest, EveryFactParsesAsItsProtobufMessage) {
  google::protobuf::compiler::DiskSourceTree tree;
  tree.MapPath("", *dir_);
  CollectErrors errors;
  google::protobuf::compiler::Importer importer(&tree, &errors);
  ASSERT_NE(importer.Import("facts.proto"), nullptr) << errors.errors;
  google::protobuf::DynamicMessageFactory factory(importer.pool());
  const std::pair<const char*, const char*> types[] = {{"subscriber", "Subscriber"},
                                                       {"viewing_history", "ViewingHistory"},
                                                       {"my_list", "MyList"},
                                                       {"thumbs", "Thumbs"},
                                                       {"impressions", "Impressions"}};
  google::protobuf::util::JsonParseOptions strict;
  strict.ignore_unknown_fields = false;
  int64_t parsed = 0;
  for (const std::string& line : ReadLines(*dir_ + "/records.jsonl")) {
    const nlohmann::json record = nlohmann::json::parse(line);
    ASSERT_EQ(record["facts"].size(), 5u);
    for (const auto& [fact, message] : types) {
      const google::protobuf::Descriptor* descriptor = importer.pool()->FindMessageTypeByName(
          std::string("hindsight.examples.netflix.") + message);
      ASSERT_NE(descriptor, nullptr);
      std::unique_ptr<google::protobuf::Message> value(factory.GetPrototype(descriptor)->New());
      const auto status = google::protobuf::util::JsonStringToMessage(record["facts"][fact].dump(),
                                                                      value.get(), strict);
      ASSERT_TRUE(status.ok()) << record["record_id"] << " " << fact << ": " << status.ToString();
      ++parsed;
    }
  }
  EXPECT_EQ(parsed, 5 * world_->world["counts"]["records"].get<int64_t>());
}

TEST_F(TinyWorldTest, PandasReadsTheCsvFilesAsTheyAre) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  std::string output;
  const std::string script =
      "import pandas as pd, sys\n"
      "p = pd.read_csv(sys.argv[1] + '/plays.csv')\n"
      "v = pd.read_csv(sys.argv[1] + '/videos.csv')\n"
      "print(len(p), str(p.dtypes['ts_us']), str(p.dtypes['completed']), len(v),\n"
      "      str(v.dtypes['valid_from_us']), len(v.embedding[0].split(';')))\n";
  const int status =
      RunCommand("/usr/bin/python3 -c \"" + script + "\" " + *dir_ + " 2>&1", &output);
  if (output.find("No module named") != std::string::npos) GTEST_SKIP() << output;
  ASSERT_EQ(status, 0) << output;
  std::ostringstream expected;
  expected << world_->plays.size() << " int64 bool " << world_->world["counts"]["video_versions"]
           << " int64 16\n";
  EXPECT_EQ(output, expected.str());
}

TEST_F(TinyWorldTest, DuckDbReadsTheCsvFilesAsTheyAre) {
  const std::string source = SourceDirectory();
  if (!std::filesystem::exists(source + "/node_modules/@duckdb/node-api")) {
    GTEST_SKIP() << "DuckDB peer not installed (./run setup)";
  }
  // Single-quoted for the shell, so the script uses only double quotes and backticks.
  const std::string script =
      "import { DuckDBInstance } from \"@duckdb/node-api\";"
      "const dir = process.argv[1];"
      "const db = await DuckDBInstance.create(\":memory:\");"
      "const c = await db.connect();"
      "const q = async (s) => (await (await c.run(s)).getRows());"
      "const p = await q(`SELECT count(*), typeof(any_value(ts_us)), typeof(any_value(completed)) "
      "FROM read_csv(\"${dir}/plays.csv\")`);"
      "const v = await q(`SELECT count(*), typeof(any_value(valid_from_us)), "
      "typeof(any_value(release_date)) FROM read_csv(\"${dir}/videos.csv\")`);"
      "console.log(`${p[0][0]} ${p[0][1]} ${p[0][2]} ${v[0][0]} ${v[0][1]} ${v[0][2]}`);";
  std::string output;
  const int status = RunCommand(
      "cd " + source + " && node --input-type=module -e '" + script + "' " + *dir_ + " 2>&1",
      &output);
  ASSERT_EQ(status, 0) << output;
  std::ostringstream expected;
  expected << world_->plays.size() << " BIGINT BOOLEAN "
           << world_->world["counts"]["video_versions"] << " BIGINT DATE\n";
  EXPECT_EQ(output, expected.str());
}

}  // namespace
}  // namespace hindsight::workload_test
