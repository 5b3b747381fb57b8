// FindVersion against a brute-force scan of the versions; imports checked and refused.
#include "dims/dimension_table.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "dims/dimension_import.h"
#include "parquet/schema/field.h"
#include "parquet/writer/file_writer.h"
#include "store/store_setup.h"
#include "store/store_test_util.h"

namespace hindsight::dims {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

struct Version {
  int64_t key, valid_from;
  double weight;
  std::vector<std::string> tags;
};

// Writes `versions` (valid_from first, to show column order does not matter).
void WriteVersions(const std::string& path, const std::vector<Version>& versions) {
  auto schema = parquet::Schema::Make({Field::Int64("valid_from_us"), Field::Int64("id"),
                                       Field::Double("weight"),
                                       Field::List("tags", Field::String("element"))});
  ASSERT_TRUE(schema.ok());
  auto writer = parquet::ParquetFileWriter::Create(path, *schema);
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::vector<int64_t> keys, times;
  std::vector<double> weights;
  Column tags;
  tags.type = ColumnType::kList;
  tags.offsets.push_back(0);
  Column strings;
  strings.type = ColumnType::kBinary;
  strings.offsets.push_back(0);
  for (const Version& v : versions) {
    keys.push_back(v.key);
    times.push_back(v.valid_from);
    weights.push_back(v.weight);
    for (const std::string& tag : v.tags) {
      strings.values.insert(strings.values.end(), tag.begin(), tag.end());
      strings.offsets.push_back(static_cast<int64_t>(strings.values.size()));
      ++strings.length;
    }
    tags.offsets.push_back(strings.length);
    ++tags.length;
  }
  tags.children.push_back(std::move(strings));
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(versions.size());
  batch.columns = {parquet::FixedWidthColumn(ColumnType::kInt64, times),
                   parquet::FixedWidthColumn(ColumnType::kInt64, keys),
                   parquet::FixedWidthColumn(ColumnType::kDouble, weights), std::move(tags)};
  ASSERT_TRUE((*writer)->WriteBatch(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());
}

class DimensionTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = store::FreshTestDir("dimension_table_test");
    store_ = dir_ + "/store";
    auto created = store::InitStore({store_, {store::NetflixProtoPath()}, std::nullopt});
    ASSERT_TRUE(created.ok()) << created.status();
  }
  std::string dir_, store_;
};

TEST_F(DimensionTableTest, FindVersionEqualsBruteForce) {
  std::mt19937_64 rng(11);
  std::vector<Version> versions;
  for (int64_t key = 1; key <= 200; ++key) {
    const int count = 1 + static_cast<int>(rng() % 4);
    std::set<int64_t> times;
    while (static_cast<int>(times.size()) < count) times.insert(static_cast<int64_t>(rng() % 1000));
    for (int64_t time : times) {
      versions.push_back(
          {key, time, static_cast<double>(rng() % 100), {"t" + std::to_string(time)}});
    }
  }
  std::shuffle(versions.begin(), versions.end(), rng);
  const std::string file = dir_ + "/videos.parquet";
  WriteVersions(file, versions);
  auto imported = ImportDimension({store_, "videos", file, "id", "valid_from_us"});
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->versions, static_cast<int64_t>(versions.size()));
  EXPECT_EQ(imported->keys, 200);
  auto table = DimensionTable::Load(store_, "videos");
  ASSERT_TRUE(table.ok()) << table.status();
  const int weight = *(*table)->AttributeIndex("weight");
  const int tags = *(*table)->AttributeIndex("tags");
  EXPECT_EQ((*table)->attribute_type(tags), DimensionType::kStringList);
  for (int i = 0; i < 20000; ++i) {
    const int64_t key = static_cast<int64_t>(rng() % 205);
    const int64_t t = static_cast<int64_t>(rng() % 1100) - 50;
    const Version* best = nullptr;
    for (const Version& v : versions) {
      if (v.key == key && v.valid_from <= t &&
          (best == nullptr || v.valid_from > best->valid_from)) {
        best = &v;
      }
    }
    const int64_t row = (*table)->FindVersion(key, t);
    if (best == nullptr) {
      EXPECT_EQ(row, -1) << key << " @ " << t;
      continue;
    }
    ASSERT_GE(row, 0) << key << " @ " << t;
    EXPECT_EQ((*table)->Double(weight, row), best->weight);
    ASSERT_EQ((*table)->StringList(tags, row).size(), 1u);
    EXPECT_EQ((*table)->StringList(tags, row)[0], best->tags[0]);
  }
}

TEST_F(DimensionTableTest, RefusedImportsLeaveTheStoreAsItWas) {
  const std::string good = dir_ + "/good.parquet";
  WriteVersions(good, {{1, 10, 1.0, {}}, {2, 10, 2.0, {"a"}}});
  ASSERT_TRUE(ImportDimension({store_, "videos", good, "id", "valid_from_us"}).ok());
  const std::string bad = dir_ + "/bad.parquet";
  WriteVersions(bad, {{1, 10, 1.0, {}}, {1, 10, 3.0, {}}});
  auto refused = ImportDimension({store_, "videos", bad, "id", "valid_from_us"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), bad + ": key 1 has two versions valid from 10");
  auto missing = ImportDimension({store_, "videos", good, "video_id", "valid_from_us"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), good + ": no column 'video_id' (--key)");
  auto not_parquet = ImportDimension({store_, "videos", store::NetflixProtoPath(), "id", "v"});
  ASSERT_FALSE(not_parquet.ok());
  EXPECT_NE(not_parquet.status().message().find("not a Parquet file"), std::string::npos);
  EXPECT_FALSE(ImportDimension({store_, "Videos", good, "id", "valid_from_us"}).ok());
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(store_ + "/tables/dims/videos")) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "dim-000001.parquet");
  }
  EXPECT_EQ(files, 1);
  ASSERT_TRUE(ImportDimension({store_, "videos", good, "id", "valid_from_us"}).ok());
  EXPECT_EQ(*CurrentDimensionFile(store_, "videos"),
            store_ + "/tables/dims/videos/dim-000002.parquet");
  EXPECT_EQ(*ListDimensions(store_), std::vector<std::string>{"videos"});
  auto unknown = DimensionTable::Load(store_, "people");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace hindsight::dims
