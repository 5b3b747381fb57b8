// Each fault kind injected alone into the tiny world, compared line by line with the
// same world without faults: the difference must be exactly what faults.json says.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "gtest/gtest.h"
#include "test_worlds.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

using Json = nlohmann::json;
constexpr int64_t kHour = 3'600'000'000;
constexpr int64_t kDay = 24 * kHour;

int64_t TsOf(const std::string& line) {
  const Json record = Json::parse(line);
  int64_t ts = 0;
  EXPECT_TRUE(ParseRfc3339Micros(record["ts"].get<std::string>(), &ts)) << line.substr(0, 80);
  return ts;
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class FaultTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    baseline_dir_ = new std::string(GenerateWorld("fault_baseline", TinyOptions()));
    baseline_ = new std::vector<std::string>(ReadLines(*baseline_dir_ + "/records.jsonl"));
    baseline_ts_ = new std::vector<int64_t>;
    for (const std::string& line : *baseline_) baseline_ts_->push_back(TsOf(line));
    std::string error;
    WorldData world;
    ASSERT_TRUE(LoadWorld(*baseline_dir_, &world, &error)) << error;
    start_ = world.world["start_us"].get<int64_t>();
    end_ = world.world["end_us"].get<int64_t>();
    kids_profiles_ = world.world["counts"]["kids_profiles"].get<int64_t>();
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*baseline_dir_);
    delete baseline_dir_;
    delete baseline_;
    delete baseline_ts_;
  }

  // Generates the tiny world with `inject`; loads its lines and its single fault.
  void Inject(const std::string& inject) {
    workload::WorldOptions options = TinyOptions();
    const StatusOr<workload::FaultSpec> spec = workload::ParseFaultSpec(inject);
    ASSERT_TRUE(spec.ok()) << spec.status();
    options.faults.push_back(*spec);
    dir_ = GenerateWorld("fault_" + spec->text.substr(0, spec->text.find('@')), options);
    lines_ = ReadLines(dir_ + "/records.jsonl");
    std::string error;
    WorldData world;
    ASSERT_TRUE(LoadWorld(dir_, &world, &error)) << error;
    ASSERT_EQ(world.faults["faults"].size(), 1u);
    fault_ = world.faults["faults"][0];
    from_ = fault_["from_us"].get<int64_t>();
    to_ = fault_["to_us"].get<int64_t>();
    EXPECT_EQ(world.world["faults"], 1);
    EXPECT_EQ(world.world["counts"]["record_lines"].get<size_t>(), lines_.size());
    // Faults never change the world: plays and videos are those of the baseline.
    EXPECT_EQ(FileDigest(dir_ + "/plays.csv"), FileDigest(*baseline_dir_ + "/plays.csv"));
    EXPECT_EQ(FileDigest(dir_ + "/videos.csv"), FileDigest(*baseline_dir_ + "/videos.csv"));
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  int64_t BaselineRowsIn(int64_t from, int64_t to) const {
    return std::count_if(baseline_ts_->begin(), baseline_ts_->end(),
                         [&](int64_t ts) { return ts >= from && ts < to; });
  }
  int64_t RowsAffected() const { return fault_["rows_affected"].get<int64_t>(); }

  static std::string* baseline_dir_;
  static std::vector<std::string>* baseline_;
  static std::vector<int64_t>* baseline_ts_;
  static int64_t start_, end_, kids_profiles_;
  std::string dir_;
  std::vector<std::string> lines_;
  Json fault_;
  int64_t from_ = 0, to_ = 0;
};
std::string* FaultTest::baseline_dir_ = nullptr;
std::vector<std::string>* FaultTest::baseline_ = nullptr;
std::vector<int64_t>* FaultTest::baseline_ts_ = nullptr;
int64_t FaultTest::start_ = 0, FaultTest::end_ = 0, FaultTest::kids_profiles_ = 0;

TEST_F(FaultTest, NoFaultWorldShowsNoFaultSignature) {
  std::set<std::string> ids;
  std::map<int64_t, bool> kids;
  int64_t previous_ts = 0;
  for (size_t i = 0; i < baseline_->size(); ++i) {
    const Json r = Json::parse((*baseline_)[i], nullptr, false);
    ASSERT_FALSE(r.is_discarded()) << "line " << i + 1;
    ASSERT_TRUE(r.contains("ts") && r["facts"].size() == 5 && !r["facts"].contains("watch_party"));
    const Json& subscriber = r["facts"]["subscriber"];
    EXPECT_TRUE(subscriber["plan"].is_string() &&
                subscriber["member_since_us"].is_number_integer());
    EXPECT_TRUE(ids.insert(r["record_id"].get<std::string>()).second) << "dup " << r["record_id"];
    const int64_t ts = (*baseline_ts_)[i];
    EXPECT_GE(ts, previous_ts) << "late line " << i + 1;
    previous_ts = ts;
    EXPECT_EQ(r["facts"]["impressions"]["since_us"].get<int64_t>(), ts - 7 * kDay);
    EXPECT_LT(subscriber["member_since_us"].get<int64_t>(), start_);
    const auto [it, first] =
        kids.try_emplace(r["context"]["profile_id"].get<int64_t>(), subscriber["kids"].get<bool>());
    EXPECT_TRUE(first || it->second == subscriber["kids"].get<bool>());
  }
  // No hour of the second day lost most of its records against the first day.
  for (int hour = 0; hour < 24; ++hour) {
    const int64_t day0 = BaselineRowsIn(start_ + hour * kHour, start_ + (hour + 1) * kHour);
    const int64_t day1 =
        BaselineRowsIn(start_ + kDay + hour * kHour, start_ + kDay + (hour + 1) * kHour);
    EXPECT_GT(day1, day0 / 2) << "hour " << hour;
  }
}

TEST_F(FaultTest, DropRemovesThreeQuartersOfOneHour) {
  Inject("drop@d1:h14");
  EXPECT_EQ(fault_["kind"], "drop");
  EXPECT_EQ(from_, start_ + kDay + 14 * kHour);
  EXPECT_EQ(to_, from_ + kHour);
  EXPECT_TRUE(fault_["attribute"].is_null() && fault_["app"].is_null());
  // The faulty log is the baseline minus some lines of the hour.
  int64_t removed = 0;
  size_t j = 0;
  for (size_t i = 0; i < baseline_->size(); ++i) {
    if (j < lines_.size() && lines_[j] == (*baseline_)[i]) {
      ++j;
      continue;
    }
    ++removed;
    EXPECT_TRUE((*baseline_ts_)[i] >= from_ && (*baseline_ts_)[i] < to_) << "line " << i + 1;
  }
  EXPECT_EQ(j, lines_.size());
  EXPECT_EQ(removed, RowsAffected());
  const int64_t in_window = BaselineRowsIn(from_, to_);
  EXPECT_EQ(fault_["rows_in_window"].get<int64_t>(), in_window);
  ASSERT_GT(in_window, 100);
  EXPECT_NEAR(static_cast<double>(removed) / in_window, 0.75, 0.1);
}

TEST_F(FaultTest, DriftLogsTenPercentOfKidsProfilesAsAdults) {
  Inject("drift@d1");
  EXPECT_EQ(fault_["attribute"], "subscriber.kids");
  EXPECT_EQ(from_, start_ + kDay);
  EXPECT_EQ(to_, end_);
  ASSERT_EQ(lines_.size(), baseline_->size());
  std::set<int64_t> listed;
  for (const Json& id : fault_["profiles"]) listed.insert(id.get<int64_t>());
  EXPECT_EQ(static_cast<int64_t>(listed.size()), std::llround(0.1 * kids_profiles_));
  int64_t changed = 0;
  int64_t listed_rows_in_window = 0;
  std::set<int64_t> changed_profiles;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Json base = Json::parse((*baseline_)[i]);
    const int64_t profile = base["context"]["profile_id"].get<int64_t>();
    const bool in_window = (*baseline_ts_)[i] >= from_;
    listed_rows_in_window += in_window && listed.count(profile);
    if (lines_[i] == (*baseline_)[i]) continue;
    ++changed;
    changed_profiles.insert(profile);
    EXPECT_EQ(lines_[i], Replaced((*baseline_)[i], "\"kids\":true", "\"kids\":false"));
    EXPECT_TRUE(in_window && listed.count(profile)) << "line " << i + 1;
  }
  EXPECT_EQ(changed, RowsAffected());
  EXPECT_EQ(changed, listed_rows_in_window);
  EXPECT_GT(changed, 10);
  EXPECT_EQ(fault_["profiles_affected"].get<size_t>(), changed_profiles.size());
}

TEST_F(FaultTest, NullsDropThePlanFromThirtyPercentOfADay) {
  Inject("nulls@d1");
  EXPECT_EQ(fault_["attribute"], "subscriber.plan");
  EXPECT_EQ(to_ - from_, kDay);
  ASSERT_EQ(lines_.size(), baseline_->size());
  int64_t changed = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i] == (*baseline_)[i]) continue;
    ++changed;
    const Json base = Json::parse((*baseline_)[i]);
    const std::string plan = base["facts"]["subscriber"]["plan"].get<std::string>();
    EXPECT_EQ(lines_[i], Replaced((*baseline_)[i], "\"plan\":\"" + plan + "\",", ""));
    EXPECT_TRUE((*baseline_ts_)[i] >= from_ && (*baseline_ts_)[i] < to_) << "line " << i + 1;
  }
  EXPECT_EQ(changed, RowsAffected());
  const int64_t in_window = BaselineRowsIn(from_, to_);
  EXPECT_EQ(fault_["rows_in_window"].get<int64_t>(), in_window);
  EXPECT_NEAR(static_cast<double>(changed) / in_window, 0.3, 0.05);
}

TEST_F(FaultTest, SwapExchangesTwoIntegersInEverySearchRecordOfADay) {
  Inject("swap@d0");
  EXPECT_EQ(fault_["attribute"], "subscriber.member_since_us");
  EXPECT_EQ(fault_["swapped_with"], "impressions.since_us");
  EXPECT_EQ(fault_["app"], "search");
  ASSERT_EQ(lines_.size(), baseline_->size());
  int64_t changed = 0;
  int64_t search_in_window = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    Json base = Json::parse((*baseline_)[i]);
    const bool in_window = (*baseline_ts_)[i] >= from_ && (*baseline_ts_)[i] < to_;
    const bool search = base["app"] == "search";
    search_in_window += in_window && search;
    if (lines_[i] == (*baseline_)[i]) continue;
    ++changed;
    EXPECT_TRUE(in_window && search) << "line " << i + 1;
    Json faulty = Json::parse(lines_[i]);
    EXPECT_EQ(faulty["facts"]["subscriber"]["member_since_us"],
              base["facts"]["impressions"]["since_us"]);
    EXPECT_EQ(faulty["facts"]["impressions"]["since_us"],
              base["facts"]["subscriber"]["member_since_us"]);
    std::swap(faulty["facts"]["subscriber"]["member_since_us"],
              faulty["facts"]["impressions"]["since_us"]);
    EXPECT_EQ(faulty, base);
  }
  EXPECT_EQ(changed, RowsAffected());
  EXPECT_EQ(changed, search_in_window);
  EXPECT_GT(changed, 50);
}

TEST_F(FaultTest, LateRecordsArriveThreeHoursAfterTheirEventTime) {
  Inject("late@d0:h20");
  EXPECT_EQ(fault_["delay_us"].get<int64_t>(), 3 * kHour);
  ASSERT_EQ(lines_.size(), baseline_->size());
  EXPECT_EQ(std::multiset<std::string>(lines_.begin(), lines_.end()),
            std::multiset<std::string>(baseline_->begin(), baseline_->end()));
  // A late line carries an event time older than a line before it.
  std::vector<int64_t> ts;
  std::vector<bool> late;
  int64_t newest = 0;
  for (const std::string& line : lines_) {
    ts.push_back(TsOf(line));
    late.push_back(ts.back() < newest);
    newest = std::max(newest, ts.back());
  }
  std::vector<std::string> on_time;
  int64_t late_count = 0;
  for (size_t k = 0; k < lines_.size(); ++k) {
    if (!late[k]) {
      on_time.push_back(lines_[k]);
      continue;
    }
    ++late_count;
    EXPECT_TRUE(ts[k] >= from_ && ts[k] < to_) << "line " << k + 1;
    const int64_t arrival = ts[k] + 3 * kHour;
    for (size_t before = k; before-- > 0;) {
      if (!late[before]) {
        EXPECT_LT(ts[before], arrival) << "line " << k + 1 << " arrived too late";
        break;
      }
    }
    for (size_t after = k + 1; after < lines_.size(); ++after) {
      if (!late[after]) {
        EXPECT_GE(ts[after], arrival) << "line " << k + 1 << " arrived too early";
        break;
      }
    }
  }
  EXPECT_EQ(late_count, RowsAffected());
  const int64_t in_window = BaselineRowsIn(from_, to_);
  EXPECT_NEAR(static_cast<double>(late_count) / in_window, 0.5, 0.1);
  // The other lines keep their order.
  std::vector<std::string> expected;
  for (size_t i = 0; i < baseline_->size(); ++i) {
    if ((*baseline_ts_)[i] < from_ || (*baseline_ts_)[i] >= to_ ||
        std::find(on_time.begin(), on_time.end(), (*baseline_)[i]) != on_time.end()) {
      expected.push_back((*baseline_)[i]);
    }
  }
  EXPECT_EQ(on_time, expected);
}

TEST_F(FaultTest, DupResendsRecordsWithTheirRecordIdRightAfterThem) {
  Inject("dup@d1:h19");
  std::vector<std::string> without_copies;
  int64_t copies = 0;
  for (size_t k = 0; k < lines_.size(); ++k) {
    if (k > 0 && lines_[k] == lines_[k - 1]) {
      ++copies;
      const int64_t ts = TsOf(lines_[k]);
      EXPECT_TRUE(ts >= from_ && ts < to_) << "line " << k + 1;
      continue;
    }
    without_copies.push_back(lines_[k]);
  }
  EXPECT_EQ(without_copies, *baseline_);
  EXPECT_EQ(copies, RowsAffected());
  EXPECT_EQ(copies, fault_["duplicate_lines"].get<int64_t>());
  EXPECT_NEAR(static_cast<double>(copies) / BaselineRowsIn(from_, to_), 0.2, 0.07);
}

TEST_F(FaultTest, CorruptReplacesLinesWithMalformedJsonAndSchemaViolations) {
  Inject("corrupt@d1:h20");
  ASSERT_EQ(lines_.size(), baseline_->size());
  std::map<int64_t, Json> listed;
  for (const Json& line : fault_["lines"]) listed[line["line"].get<int64_t>()] = line;
  EXPECT_EQ(static_cast<int64_t>(listed.size()), RowsAffected());
  std::set<std::string> kinds;
  int64_t malformed = 0;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const int64_t number = static_cast<int64_t>(i) + 1;
    if (lines_[i] == (*baseline_)[i]) {
      EXPECT_EQ(listed.count(number), 0u) << "line " << number;
      continue;
    }
    ASSERT_EQ(listed.count(number), 1u) << "unlisted corrupt line " << number;
    const Json& entry = listed[number];
    const std::string kind = entry["kind"].get<std::string>();
    kinds.insert(kind);
    const Json base = Json::parse((*baseline_)[i]);
    EXPECT_EQ(entry["record_id"], base["record_id"]);
    EXPECT_TRUE((*baseline_ts_)[i] >= from_ && (*baseline_ts_)[i] < to_);
    const Json parsed = Json::parse(lines_[i], nullptr, false);
    if (kind == "truncated" || kind == "bad_token") {
      ++malformed;
      EXPECT_TRUE(parsed.is_discarded()) << kind << " line " << number << " parses";
      if (kind == "truncated") EXPECT_EQ((*baseline_)[i].rfind(lines_[i], 0), 0u);
      continue;
    }
    ASSERT_FALSE(parsed.is_discarded()) << kind << " line " << number;
    if (kind == "plan_number") {
      EXPECT_TRUE(parsed["facts"]["subscriber"]["plan"].is_number_integer());
    } else if (kind == "unknown_fact") {
      EXPECT_TRUE(parsed["facts"].contains("watch_party"));
      EXPECT_EQ(parsed["facts"].size(), 6u);
    } else if (kind == "missing_ts") {
      EXPECT_FALSE(parsed.contains("ts"));
    } else if (kind == "string_in_int64") {
      const Json& value = parsed["facts"]["subscriber"]["member_since_us"];
      ASSERT_TRUE(value.is_string());
      EXPECT_NE(value.get<std::string>().find_first_not_of("0123456789"), std::string::npos);
    } else {
      ADD_FAILURE() << "unknown corrupt kind " << kind;
    }
  }
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_EQ(fault_["malformed_json"].get<int64_t>(), malformed);
  EXPECT_EQ(fault_["schema_violations"].get<int64_t>(), RowsAffected() - malformed);
}

}  // namespace
}  // namespace hindsight::workload_test
