// Profiles of hand-made rows: exact metrics, nulls and empties through nesting, slices,
// the merge law (the profile of all rows equals the merge of the profiles of any split),
// and the profile file round trip.
#include <cmath>
#include <filesystem>

#include "gtest/gtest.h"
#include "parquet/schema/field.h"
#include "parquet/schema/schema.h"
#include "quality/batch_profiler.h"
#include "quality/profile_file.h"

namespace hindsight::quality {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

parquet::Schema TestSchema() {
  return *parquet::Schema::Make(
      {Field::String("app"), Field::Optional(Field::Int64("x")),
       Field::List("items", Field::Int64("element")),
       Field::List("events", Field::Struct("element", {Field::Optional(Field::Double("score"))}))});
}

Column Strings(const std::vector<std::string>& values) {
  Column column{.type = ColumnType::kBinary, .offsets = {0}};
  for (const auto& v : values) {
    column.values.insert(column.values.end(), v.begin(), v.end());
    column.offsets.push_back(static_cast<int64_t>(column.values.size()));
  }
  column.length = static_cast<int64_t>(values.size());
  return column;
}

// Rows: app, x (optional), items, events[].score (optional).
struct Row {
  std::string app;
  std::optional<int64_t> x;
  std::vector<int64_t> items;
  std::vector<std::optional<double>> scores;
};

parquet::RecordBatch Batch(const std::vector<Row>& rows) {
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(rows.size());
  std::vector<std::string> apps;
  std::vector<int64_t> xs, item_values;
  std::vector<uint8_t> x_valid;
  Column items{.type = ColumnType::kList, .offsets = {0}};
  Column events{.type = ColumnType::kList, .offsets = {0}};
  std::vector<double> scores;
  std::vector<uint8_t> score_valid;
  bool any_null_x = false, any_null_score = false;
  for (const Row& row : rows) {
    apps.push_back(row.app);
    xs.push_back(row.x.value_or(0));
    x_valid.push_back(row.x.has_value());
    any_null_x |= !row.x.has_value();
    item_values.insert(item_values.end(), row.items.begin(), row.items.end());
    items.offsets.push_back(static_cast<int64_t>(item_values.size()));
    for (const auto& s : row.scores) {
      scores.push_back(s.value_or(0));
      score_valid.push_back(s.has_value());
      any_null_score |= !s.has_value();
    }
    events.offsets.push_back(static_cast<int64_t>(scores.size()));
  }
  items.length = events.length = batch.num_rows;
  items.children.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, item_values));
  Column score = parquet::FixedWidthColumn(ColumnType::kDouble, scores);
  if (any_null_score) score.validity = score_valid;
  Column element{.type = ColumnType::kStruct, .length = static_cast<int64_t>(scores.size())};
  element.children.push_back(std::move(score));
  events.children.push_back(std::move(element));
  Column x = parquet::FixedWidthColumn(ColumnType::kInt64, xs);
  if (any_null_x) x.validity = x_valid;
  batch.columns.push_back(Strings(apps));
  batch.columns.push_back(std::move(x));
  batch.columns.push_back(std::move(items));
  batch.columns.push_back(std::move(events));
  return batch;
}

std::vector<Row> Rows() {
  return {{"home", 5, {1, 2, 3}, {0.5, std::nullopt}},
          {"search", std::nullopt, {}, {}},
          {"home", -7, {2}, {1.5}},
          {"home", 5, {9, 9}, {std::nullopt, 2.5, 3.5}},
          {"search", 100, {4}, {}}};
}

TEST(BatchProfilerTest, ExactMetricsThroughNesting) {
  auto profiles = ProfileBatch(TestSchema(), Batch(Rows()));
  ASSERT_TRUE(profiles.ok()) << profiles.status();
  EXPECT_EQ(profiles->Find("", "_records")->count, 5);
  const AttributeProfile* x = profiles->Find("", "x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->count, 4);
  EXPECT_EQ(x->nulls, 1);
  EXPECT_EQ(x->min, -7);
  EXPECT_EQ(x->max, 100);
  EXPECT_DOUBLE_EQ(x->mean, (5 - 7 + 5 + 100) / 4.0);
  EXPECT_NEAR(x->stddev(),
              std::sqrt(((5 - 25.75) * (5 - 25.75) * 2 + (-7 - 25.75) * (-7 - 25.75) +
                         (100 - 25.75) * (100 - 25.75)) /
                        3),
              1e-9);
  const AttributeProfile* lengths = profiles->Find("", "items");
  EXPECT_EQ(lengths->kind, AttributeKind::kList);
  EXPECT_EQ(lengths->count, 5);
  EXPECT_EQ(lengths->empty, 1);
  EXPECT_DOUBLE_EQ(lengths->mean, 7 / 5.0);
  const AttributeProfile* values = profiles->Find("", "items[]");
  EXPECT_EQ(values->count, 7);
  EXPECT_NEAR(values->distinct.Estimate(), 5, 0.01);  // 1 2 3 9 4
  const AttributeProfile* scores = profiles->Find("", "events.score");
  EXPECT_EQ(scores->count, 4);
  EXPECT_EQ(scores->nulls, 2);
  EXPECT_EQ(scores->max, 3.5);
  EXPECT_EQ(profiles->Find("", "events")->empty, 2);
  const AttributeProfile* app = profiles->Find("", "app");
  EXPECT_EQ(app->kind, AttributeKind::kString);
  EXPECT_EQ(app->top, (std::vector<std::pair<std::string, int64_t>>{{"home", 3}, {"search", 2}}));
}

TEST(BatchProfilerTest, SlicesByApp) {
  auto profiles = ProfileBatch(TestSchema(), Batch(Rows()));
  ASSERT_TRUE(profiles.ok());
  EXPECT_EQ(profiles->Find("app=home", "_records")->count, 3);
  EXPECT_EQ(profiles->Find("app=search", "_records")->count, 2);
  EXPECT_EQ(profiles->Find("app=search", "x")->nulls, 1);
  EXPECT_EQ(profiles->Find("app=search", "x")->max, 100);
  EXPECT_EQ(profiles->Find("app=home", "items[]")->count, 6);
}

void ExpectSameExactMetrics(const ProfileSet& a, const ProfileSet& b) {
  ASSERT_EQ(a.entries().size(), b.entries().size());
  for (const auto& [key, pa] : a.entries()) {
    const AttributeProfile* pb = b.Find(key.slice, key.attribute);
    ASSERT_NE(pb, nullptr) << key.attribute;
    EXPECT_EQ(pa.count, pb->count) << key.attribute;
    EXPECT_EQ(pa.nulls, pb->nulls) << key.attribute;
    EXPECT_EQ(pa.empty, pb->empty) << key.attribute;
    if (pa.count > 0 && pa.kind != AttributeKind::kString && pa.kind != AttributeKind::kCounter) {
      EXPECT_EQ(pa.min, pb->min) << key.attribute;
      EXPECT_EQ(pa.max, pb->max) << key.attribute;
      EXPECT_NEAR(pa.mean, pb->mean, 1e-12) << key.attribute;
      EXPECT_NEAR(pa.m2, pb->m2, 1e-9) << key.attribute;
    }
    EXPECT_TRUE(pa.distinct == pb->distinct) << key.attribute;
    EXPECT_EQ(pa.top, pb->top) << key.attribute;
    EXPECT_EQ(pa.quantiles.count(), pb->quantiles.count()) << key.attribute;
  }
}

TEST(BatchProfilerTest, ProfileOfAllRowsIsTheMergeOfAnySplit) {
  const auto rows = Rows();
  auto whole = ProfileBatch(TestSchema(), Batch(rows));
  ASSERT_TRUE(whole.ok());
  for (size_t cut = 1; cut < rows.size(); ++cut) {
    auto first = ProfileBatch(TestSchema(), Batch({rows.begin(), rows.begin() + cut}));
    auto second = ProfileBatch(TestSchema(), Batch({rows.begin() + cut, rows.end()}));
    ASSERT_TRUE(first.ok() && second.ok());
    ProfileSet merged;
    ASSERT_TRUE(merged.Merge(*second).ok());
    ASSERT_TRUE(merged.Merge(*first).ok());
    ExpectSameExactMetrics(*whole, merged);
  }
}

TEST(ProfileFileTest, RoundTripKeepsEverything) {
  auto profiles = ProfileBatch(TestSchema(), Batch(Rows()));
  ASSERT_TRUE(profiles.ok());
  HourlyProfiles hourly;
  hourly.emplace(3'600'000'000, *profiles);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("profile_file_test_" + std::to_string(getpid()) + ".parquet"))
                               .string();
  ASSERT_TRUE(WriteProfileFile(path, hourly).ok());
  auto back = ReadProfileFile(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 1u);
  ExpectSameExactMetrics(*profiles, back->begin()->second);
  for (const auto& [key, p] : profiles->entries()) {
    EXPECT_EQ(p.quantiles.Serialize(),
              back->begin()->second.Find(key.slice, key.attribute)->quantiles.Serialize());
  }
}

TEST(ProfileFileTest, NotAProfileFileIsDataLossNamingIt) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("profile_file_junk_" + std::to_string(getpid()) + ".parquet"))
                               .string();
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("PAR1 certainly not a parquet file", f);
    std::fclose(f);
  }
  auto back = ReadProfileFile(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find(path), std::string::npos) << back.status();
}

TEST(AttributeProfileTest, MergingDifferentKindsIsRefused) {
  AttributeProfile numbers(AttributeKind::kNumeric), strings(AttributeKind::kString);
  EXPECT_FALSE(numbers.Merge(strings, "a.b").ok());
}

TEST(AttributeProfileTest, TopValuesOverflowPastTheLimit) {
  AttributeProfile p(AttributeKind::kString);
  for (size_t i = 0; i <= kMaxTopValues; ++i) p.AddString(std::to_string(i));
  EXPECT_TRUE(p.top_overflowed);
  EXPECT_TRUE(p.top.empty());
  EXPECT_EQ(p.count, static_cast<int64_t>(kMaxTopValues + 1));
}

}  // namespace
}  // namespace hindsight::quality
