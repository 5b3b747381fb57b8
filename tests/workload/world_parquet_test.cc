// The world's Parquet files hold exactly the rows of its CSV files, read back with
// Hindsight's reader and compared with the independent CSV oracle.
#include <gtest/gtest.h>

#include <cmath>

#include "parquet/reader/file_reader.h"
#include "test_worlds.h"
#include "util/time_format.h"
#include "world_reader.h"

namespace hindsight::workload_test {
namespace {

using parquet::Column;
using parquet::ParquetFileReader;
using parquet::RecordBatch;

RecordBatch ReadWhole(const std::string& path) {
  auto reader = ParquetFileReader::OpenPath(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  parquet::ReadOptions options;
  options.verify_checksums = true;
  auto batch = (*reader)->ReadAll(options);
  EXPECT_TRUE(batch.ok()) << batch.status();
  return batch.ok() ? std::move(*batch) : RecordBatch{};
}

class WorldParquetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(GenerateWorld("parquet", TinyOptions()));
    world_ = new WorldData;
    std::string error;
    ASSERT_TRUE(LoadWorld(*dir_, world_, &error)) << error;
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete world_;
  }
  static std::string* dir_;
  static WorldData* world_;
};
std::string* WorldParquetTest::dir_ = nullptr;
WorldData* WorldParquetTest::world_ = nullptr;

TEST_F(WorldParquetTest, PlaysParquetEqualsPlaysCsv) {
  const RecordBatch plays = ReadWhole(*dir_ + "/plays.parquet");
  ASSERT_EQ(plays.num_rows, static_cast<int64_t>(world_->plays.size()));
  ASSERT_EQ(plays.columns.size(), 5u);
  const auto profile = plays.columns[0].Values<int64_t>();
  const auto ts = plays.columns[1].Values<int64_t>();
  const auto video = plays.columns[2].Values<int64_t>();
  const auto duration = plays.columns[3].Values<int32_t>();
  const auto completed = plays.columns[4].Values<uint8_t>();
  for (size_t i = 0; i < world_->plays.size(); ++i) {
    const PlayRow& row = world_->plays[i];
    ASSERT_EQ(profile[i], row.profile_id) << "row " << i;
    ASSERT_EQ(ts[i], row.ts_us) << "row " << i;
    ASSERT_EQ(video[i], row.video_id) << "row " << i;
    ASSERT_EQ(duration[i], row.duration_s) << "row " << i;
    ASSERT_EQ(completed[i] != 0, row.completed) << "row " << i;
  }
}

TEST_F(WorldParquetTest, VideosParquetEqualsVideosCsv) {
  const RecordBatch videos = ReadWhole(*dir_ + "/videos.parquet");
  ASSERT_EQ(videos.columns.size(), 8u);
  const auto ids = videos.columns[0].Values<int64_t>();
  const auto valid_from = videos.columns[1].Values<int64_t>();
  const Column& titles = videos.columns[2];
  const Column& genres = videos.columns[3];
  const auto lengths = videos.columns[4].Values<int32_t>();
  const Column& maturity = videos.columns[5];
  const auto release_days = videos.columns[6].Values<int32_t>();
  const Column& embeddings = videos.columns[7];
  int64_t row = 0;
  for (const auto& [video_id, versions] : world_->versions) {
    for (const VideoVersionRow& version : versions) {
      ASSERT_LT(row, videos.num_rows);
      EXPECT_EQ(ids[row], video_id);
      EXPECT_EQ(valid_from[row], version.valid_from_us);
      EXPECT_EQ(titles.Binary(row), version.title);
      std::set<std::string> genre_set;
      for (int64_t g = genres.ChildBegin(row); g < genres.ChildEnd(row); ++g) {
        genre_set.insert(std::string(genres.children[0].Binary(g)));
      }
      EXPECT_EQ(genre_set, version.genres) << "video " << video_id;
      EXPECT_EQ(lengths[row], version.length_s);
      EXPECT_EQ(maturity.Binary(row), version.maturity);
      EXPECT_EQ(FormatTimeMicros(int64_t{release_days[row]} * kMicrosPerDay).substr(0, 10),
                version.release_date);
      const auto values = embeddings.children[0].Values<float>();
      ASSERT_EQ(embeddings.ChildEnd(row) - embeddings.ChildBegin(row),
                static_cast<int64_t>(version.embedding.size()));
      for (size_t d = 0; d < version.embedding.size(); ++d) {
        EXPECT_EQ(values[embeddings.ChildBegin(row) + d], version.embedding[d]);
      }
      ++row;
    }
  }
  EXPECT_EQ(row, videos.num_rows);
}

}  // namespace
}  // namespace hindsight::workload_test
