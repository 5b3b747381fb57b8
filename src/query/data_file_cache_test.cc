#include "query/data_file_cache.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "gtest/gtest.h"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "util/str_cat.h"

namespace hindsight::query {
namespace {

class DataFileCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::TestTableOptions options;
    options.hours = 3;
    options.entities = 20;
    options.records_per_hour = 60;
    options.late_records = 0;
    auto table = testing::BuildTestTable(testing::FreshTestPath("cache_table"), options);
    ASSERT_TRUE(table.ok()) << table.status();
    store_ = new std::string(table->store);
    auto snapshot = store::ReadLatestSnapshot(*store_);
    ASSERT_TRUE(snapshot.ok() && snapshot->has_value());
    paths_ = new std::vector<std::string>();
    for (const store::DataFile& file : (*snapshot)->files) {
      paths_->push_back(StrCat(store::FactsTableDir(*store_), "/", file.path));
    }
  }
  static void TearDownTestSuite() {
    delete store_;
    delete paths_;
  }

  static std::string* store_;
  static std::vector<std::string>* paths_;
};
std::string* DataFileCacheTest::store_ = nullptr;
std::vector<std::string>* DataFileCacheTest::paths_ = nullptr;

TEST_F(DataFileCacheTest, EvictsTheLeastRecentlyUsedFileBeyondMaxFiles) {
  ASSERT_GE(paths_->size(), 3u);
  DataFileCache cache("profile_id", 2, int64_t{1} << 30);
  const std::string& a = (*paths_)[0];
  const std::string& b = (*paths_)[1];
  const std::string& c = (*paths_)[2];
  for (const std::string* path : {&a, &b}) {
    auto entry = cache.Get(*path);
    ASSERT_TRUE(entry.ok()) << entry.status();
    EXPECT_TRUE(entry->opened);
  }
  EXPECT_FALSE(cache.Get(a)->opened);  // a is now the most recently used
  EXPECT_TRUE(cache.Get(c)->opened);   // evicts b
  EXPECT_EQ(cache.open_files(), 2u);
  EXPECT_FALSE(cache.Get(a)->opened);
  EXPECT_FALSE(cache.Get(c)->opened);
  EXPECT_TRUE(cache.Get(b)->opened);
}

TEST_F(DataFileCacheTest, ByteBoundKeepsOneFileWhenEveryFileExceedsIt) {
  DataFileCache cache("profile_id", 100, 1);
  for (const std::string& path : *paths_) ASSERT_TRUE(cache.Get(path).ok());
  EXPECT_EQ(cache.open_files(), 1u);
}

TEST_F(DataFileCacheTest, ReadsOfClosedFilesStayCounted) {
  DataFileCache cache("profile_id", 1, int64_t{1} << 30);
  int64_t opened_bytes = 0;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& path : *paths_) {
      auto entry = cache.Get(path);
      ASSERT_TRUE(entry.ok());
      EXPECT_TRUE(entry->opened);
      opened_bytes += entry->file->open_bytes();
    }
  }
  EXPECT_EQ(cache.read_stats().bytes_read, opened_bytes);
}

TEST_F(DataFileCacheTest, EvictedFileStaysUsableWhileHeld) {
  DataFileCache cache("profile_id", 1, int64_t{1} << 30);
  auto held = cache.Get((*paths_)[0]);
  ASSERT_TRUE(held.ok());
  ASSERT_TRUE(cache.Get((*paths_)[1]).ok());  // evicts the held file from the cache
  auto rows = held->file->reader().ReadRowGroup(0, parquet::ReadOptions{});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_GT(rows->num_rows, 0);
  const int64_t pages = held->file->read_stats().pages_read;
  EXPECT_GT(pages, 0);
  held->file.reset();
  EXPECT_GE(cache.read_stats().pages_read, pages);
}

TEST_F(DataFileCacheTest, BloomFiltersRuleOutAbsentEntities) {
  auto opened = OpenDataFile::Open((*paths_)[0], "profile_id");
  ASSERT_TRUE(opened.ok()) << opened.status();
  const OpenDataFile& file = **opened;
  ASSERT_EQ(file.num_row_groups(), 1);
  parquet::ReadOptions entity_only;
  entity_only.columns = {"profile_id"};
  auto rows = file.reader().ReadRowGroup(0, entity_only);
  ASSERT_TRUE(rows.ok());
  std::set<int64_t> present;
  for (int64_t entity : rows->columns[0].Values<int64_t>()) present.insert(entity);
  for (int64_t entity : present) EXPECT_TRUE(file.MightHoldEntity(0, EntityBloomHash(entity)));
  int ruled_out = 0;
  for (int64_t entity = 1; entity < 2000; entity += 2) {
    ruled_out += !file.MightHoldEntity(0, EntityBloomHash(entity));
  }
  EXPECT_GT(ruled_out, 900);  // of 1000 absent entities, at a ~1% false-positive rate
}

TEST_F(DataFileCacheTest, ProjectionsAreBuiltOncePerSetOfFactTypes) {
  auto opened = OpenDataFile::Open((*paths_)[0], "profile_id");
  ASSERT_TRUE(opened.ok());
  auto store = store::OpenStore(*store_);
  ASSERT_TRUE(store.ok());
  auto first = (*opened)->Projection({"thumbs", "subscriber"}, *store->registry);
  auto again = (*opened)->Projection({"thumbs", "subscriber"}, *store->registry);
  ASSERT_TRUE(first.ok() && again.ok()) << first.status();
  EXPECT_EQ(first->get(), again->get());
  EXPECT_GE((*first)->facts_column, 0);
  ASSERT_EQ((*first)->fact_children.size(), 2u);
  // Children in file order (by name): subscriber, thumbs.
  EXPECT_EQ((*first)->fact_children[0], 1);
  EXPECT_EQ((*first)->fact_children[1], 0);
  EXPECT_EQ((*first)->options.columns,
            (std::vector<std::string>{"profile_id", "ts", "record_id", "app", "country", "device",
                                      "facts.thumbs", "facts.subscriber"}));
  // A type the file does not have: nothing to read.
  auto absent = (*opened)->Projection({"likes"}, *store->registry);
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ((*absent)->facts_column, -1);
  EXPECT_EQ((*absent)->fact_children, std::vector<int>{-1});
}

TEST(OpenDataFileTest, ErrorsNameTheFile) {
  const std::string dir = testing::FreshTestPath("open_errors");
  std::filesystem::create_directories(dir);
  const std::string missing = dir + "/missing.parquet";
  auto not_there = OpenDataFile::Open(missing, "profile_id");
  ASSERT_FALSE(not_there.ok());
  EXPECT_NE(not_there.status().message().find(missing), absl::string_view::npos);

  const std::string garbage = dir + "/garbage.parquet";
  std::ofstream(garbage, std::ios::binary) << std::string(100, '\0');
  auto not_parquet = OpenDataFile::Open(garbage, "profile_id");
  ASSERT_FALSE(not_parquet.ok());
  EXPECT_NE(not_parquet.status().message().find(garbage), absl::string_view::npos);
}

TEST_F(DataFileCacheTest, FileWithoutTheEntityColumnIsRefused) {
  auto opened = OpenDataFile::Open((*paths_)[0], "member_id");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(opened.status().message().find("member_id"), absl::string_view::npos);
}

}  // namespace
}  // namespace hindsight::query
