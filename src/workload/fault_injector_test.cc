#include "workload/fault_injector.h"

#include <set>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/record_json.h"

namespace hindsight::workload {
namespace {

constexpr int64_t kStart = 1'793'577'600'000'000;
constexpr int64_t kEnd = kStart + 2 * kMicrosPerDay;

// Keeps what reaches it, in order.
class CollectingSink : public RecordSink {
 public:
  Status Write(const Record& record) override {
    records.push_back(record);
    lines.push_back(record.record_id);
    return absl::OkStatus();
  }
  Status WriteMalformed(std::string_view line) override {
    lines.push_back(std::string(line));
    return absl::OkStatus();
  }
  Status Finish() override {
    finished = true;
    return absl::OkStatus();
  }
  std::vector<Record> records;
  std::vector<std::string> lines;  // record ids, or the raw malformed line
  bool finished = false;
};

// One record every `step` from `from` to `to`, profiles cycling over 1..20 (1..4 kids).
std::vector<Record> Stream(int64_t from, int64_t to, int64_t step) {
  std::vector<Record> records;
  int64_t n = 0;
  for (int64_t t = from; t < to; t += step, ++n) {
    Record r;
    r.profile_id = 1 + n % 20;
    r.record_number = 1 + n / 20;
    r.app = n % 10 == 0 ? "search" : "homepage";
    r.record_id = StrCat(r.app == "search" ? "s-" : "h-", r.profile_id, "-", r.record_number);
    r.ts_us = t;
    r.country = "US";
    r.device = "tv";
    r.plan = "basic";
    r.kids = r.profile_id <= 4;
    r.member_since_us = 1'600'000'000'000'000;
    r.impressions_since_us = t - 7 * kMicrosPerDay;
    r.items = {100'001, 100'002};
    r.model = "ranker_v3";
    records.push_back(r);
  }
  return records;
}

std::vector<FaultOutcome> Inject(const std::vector<std::string>& specs,
                                 const std::vector<Record>& records, CollectingSink* sink) {
  std::vector<FaultSpec> faults;
  for (const std::string& spec : specs) faults.push_back(*ParseFaultSpec(spec));
  FaultInjector injector(42, faults, kStart, kEnd, {1, 2, 3, 4}, sink);
  for (const Record& record : records) EXPECT_TRUE(injector.Write(record).ok());
  EXPECT_TRUE(injector.Finish().ok());
  EXPECT_TRUE(sink->finished);
  EXPECT_EQ(injector.lines(), static_cast<int64_t>(sink->lines.size()));
  return injector.outcomes();
}

TEST(FaultInjectorTest, WithoutFaultsEverythingPassesUnchanged) {
  const std::vector<Record> records = Stream(kStart, kEnd, 60 * kMicrosPerSecond);
  CollectingSink sink;
  EXPECT_TRUE(Inject({}, records, &sink).empty());
  ASSERT_EQ(sink.records.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(sink.lines[i], records[i].record_id);
}

TEST(FaultInjectorTest, DropRemovesAboutThreeQuartersOfItsHourOnly) {
  const std::vector<Record> records = Stream(kStart, kEnd, 5 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome drop = Inject({"drop@d0:h3"}, records, &sink)[0];
  EXPECT_EQ(drop.rows_in_window, 720);
  EXPECT_NEAR(drop.rows_affected, 540, 40);
  EXPECT_EQ(sink.records.size(), records.size() - drop.rows_affected);
  int64_t kept_in_window = 0;
  for (const Record& r : sink.records) {
    kept_in_window += r.ts_us >= drop.window.from_us && r.ts_us < drop.window.to_us;
  }
  EXPECT_EQ(kept_in_window, 720 - drop.rows_affected);
}

TEST(FaultInjectorTest, DriftTurnsExactlyTenPercentOfKidsProfilesIntoAdults) {
  const std::vector<Record> records = Stream(kStart, kEnd, 60 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome drift = Inject({"drift@d1"}, records, &sink)[0];
  ASSERT_EQ(drift.drift_profiles.size(), 1u);  // 10% of 4 kids profiles, at least one
  const int64_t chosen = drift.drift_profiles[0];
  int64_t changed = 0;
  for (const Record& r : sink.records) {
    const bool should_change = r.profile_id == chosen && r.ts_us >= kStart + kMicrosPerDay;
    EXPECT_EQ(r.kids, r.profile_id <= 4 && !should_change) << r.record_id;
    changed += should_change;
  }
  EXPECT_EQ(drift.rows_affected, changed);
  EXPECT_EQ(drift.profiles_affected, 1);
}

TEST(FaultInjectorTest, SwapOnlyTouchesSearchRecordsOfItsDay) {
  const std::vector<Record> records = Stream(kStart, kEnd, 60 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome swap = Inject({"swap@d1"}, records, &sink)[0];
  int64_t swapped = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const bool expected = records[i].app == "search" && records[i].ts_us >= kStart + kMicrosPerDay;
    EXPECT_EQ(sink.records[i].member_since_us,
              expected ? records[i].impressions_since_us : records[i].member_since_us);
    swapped += expected;
  }
  EXPECT_EQ(swap.rows_affected, swapped);
  EXPECT_EQ(swap.app, "search");
}

TEST(FaultInjectorTest, LateRecordsComeOutThreeHoursLaterAndFinishFlushesTheRest) {
  const std::vector<Record> records = Stream(kStart, kEnd, 60 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome late = Inject({"late@d1:h22"}, records, &sink)[0];
  ASSERT_EQ(sink.records.size(), records.size());
  EXPECT_NEAR(late.rows_affected, 30, 12);
  int64_t out_of_order = 0;
  int64_t newest = 0;
  for (const Record& r : sink.records) {
    if (r.ts_us < newest) {
      ++out_of_order;
      EXPECT_GE(r.ts_us, kStart + kMicrosPerDay + 22 * kMicrosPerHour);
    }
    newest = std::max(newest, r.ts_us);
  }
  // Arrivals after the end of the stream (22:00 + 3h > 24:00) are flushed at Finish.
  EXPECT_EQ(out_of_order, late.rows_affected);
}

TEST(FaultInjectorTest, DupRepeatsARecordRightAfterItself) {
  const std::vector<Record> records = Stream(kStart, kEnd, 10 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome dup = Inject({"dup@d0:h5"}, records, &sink)[0];
  EXPECT_NEAR(dup.rows_affected, 72, 25);
  EXPECT_EQ(sink.records.size(), records.size() + dup.rows_affected);
  int64_t repeats = 0;
  for (size_t i = 1; i < sink.lines.size(); ++i) repeats += sink.lines[i] == sink.lines[i - 1];
  EXPECT_EQ(repeats, dup.rows_affected);
}

TEST(FaultInjectorTest, CorruptLinesCycleThroughEveryKindAndAreListedByLine) {
  const std::vector<Record> records = Stream(kStart, kEnd, 2 * kMicrosPerSecond);
  CollectingSink sink;
  const FaultOutcome corrupt = Inject({"corrupt@d1:h1"}, records, &sink)[0];
  ASSERT_GE(corrupt.corrupt_lines.size(), 6u);
  EXPECT_EQ(corrupt.rows_affected, static_cast<int64_t>(corrupt.corrupt_lines.size()));
  std::set<CorruptKind> kinds;
  for (size_t i = 0; i < corrupt.corrupt_lines.size(); ++i) {
    const CorruptLine& entry = corrupt.corrupt_lines[i];
    EXPECT_EQ(static_cast<int>(entry.kind), static_cast<int>(i % kCorruptKindCount));
    kinds.insert(entry.kind);
    const std::string& line = sink.lines[static_cast<size_t>(entry.line - 1)];
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    EXPECT_EQ(parsed.is_discarded(), IsMalformedJson(entry.kind)) << CorruptKindName(entry.kind);
    EXPECT_NE(line.find(entry.record_id.substr(1)), std::string::npos);
  }
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_EQ(sink.lines.size(), records.size());
}

}  // namespace
}  // namespace hindsight::workload
