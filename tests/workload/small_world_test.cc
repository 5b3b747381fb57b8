// The whole small world (20k profiles, 7 days), checked by the independent oracle.
#include <filesystem>

#include "gtest/gtest.h"
#include "test_worlds.h"
#include "world_checker.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

TEST(SmallWorldTest, EveryRecordIsConsistentAndPlaysArePredictive) {
  workload::WorldOptions options;
  options.scale = workload::Scale::kSmall;
  const std::string dir = GenerateWorld("small", options);
  ASSERT_FALSE(dir.empty());
  WorldData world;
  std::string error;
  ASSERT_TRUE(LoadWorld(dir, &world, &error)) << error;
  EXPECT_LT(std::filesystem::file_size(dir + "/records.jsonl"), 1'000'000'000u);

  const CheckReport report = CheckWorld(world);
  for (const std::string& problem : report.problems) ADD_FAILURE() << problem;
  EXPECT_EQ(report.problem_count, 0);
  const int64_t records = report.homepage_records + report.search_records;
  EXPECT_GT(records, 150'000);
  EXPECT_GT(report.nonempty_thumbs, records / 4);
  EXPECT_GT(report.nonempty_my_list, records / 4);
  EXPECT_GT(report.plan_changes, 10);

  const PredictiveStats& stats = report.predictive;
  ASSERT_GT(stats.played, 10'000);
  EXPECT_GT(stats.played_genre_overlap, stats.unplayed_genre_overlap + 0.1);
  EXPECT_GT(stats.played_popularity, stats.unplayed_popularity + 0.4);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hindsight::workload_test
