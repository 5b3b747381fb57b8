#include "labels/label_file.h"

#include <gtest/gtest.h>

#include "store/store_test_util.h"

namespace hindsight::labels {
namespace {

LabelRows Sample(bool with_ids) {
  LabelRows rows;
  rows.entity_column = "profile_id";
  rows.item_column = "video_id";
  rows.has_record_id = with_ids;
  for (int i = 0; i < 50; ++i) {
    if (with_ids) rows.record_id.push_back("h-" + std::to_string(i));
    rows.entity.push_back(i % 7);
    rows.ts_us.push_back(1793577600000000 + i * 1000001);
    rows.item.push_back(100000 + i);
    rows.label.push_back(i % 3 == 0);
  }
  return rows;
}

void ExpectEqual(const LabelRows& a, const LabelRows& b) {
  EXPECT_EQ(a.has_record_id, b.has_record_id);
  EXPECT_EQ(a.record_id, b.record_id);
  EXPECT_EQ(a.entity, b.entity);
  EXPECT_EQ(a.ts_us, b.ts_us);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.label, b.label);
}

TEST(LabelFileTest, RoundTripsThroughParquetAndCsv) {
  const std::string dir = store::FreshTestDir("label_file_test");
  for (bool ids : {true, false}) {
    for (const char* name : {"/l.parquet", "/l.csv"}) {
      const LabelRows rows = Sample(ids);
      ASSERT_TRUE(WriteLabelFile(dir + name, rows).ok());
      auto read = ReadLabelFile(dir + name, "profile_id", "video_id");
      ASSERT_TRUE(read.ok()) << read.status();
      ExpectEqual(*read, rows);
    }
  }
}

TEST(LabelFileTest, ReadsCsvWithCrlfLineEnds) {
  const std::string dir = store::FreshTestDir("label_file_crlf");
  store::WriteTextFile(
      dir + "/crlf.csv",
      "record_id,profile_id,ts,video_id,label\r\nr1,7,2026-11-02T00:00:00Z,5,1\r\n");
  auto read = ReadLabelFile(dir + "/crlf.csv", "profile_id", "video_id");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->record_id[0], "r1");
  EXPECT_EQ(read->label[0], 1);
}

TEST(LabelFileTest, BadFilesNameTheColumnOrLine) {
  const std::string dir = store::FreshTestDir("label_file_errors");
  auto error = [&](const std::string& text) {
    store::WriteTextFile(dir + "/bad.csv", text);
    auto read = ReadLabelFile(dir + "/bad.csv", "profile_id", "video_id");
    return read.ok() ? std::string("ok") : std::string(read.status().message());
  };
  const std::string f = dir + "/bad.csv";
  EXPECT_EQ(error("profile_id,ts,label\n1,2026-11-02T00:00:00Z,1\n"), f + ": no column 'video_id'");
  EXPECT_EQ(error("profile_id,ts,video_id,label\n1,2026-11-02T00:00:00Z,5\n"),
            f + ":2: 3 fields, the header has 4");
  EXPECT_EQ(error("profile_id,ts,video_id,label\nx,2026-11-02T00:00:00Z,5,1\n"),
            f + ":2: profile_id 'x' is not an integer");
  EXPECT_EQ(error("profile_id,ts,video_id,label\n1,1990-01-01T00:00:00Z,5,1\n"),
            f + ":2: ts 1990-01-01T00:00:00Z is outside 2000-01-01 .. 2200-01-01");
  EXPECT_EQ(error("profile_id,ts,video_id,label\n1,2026-11-02T00:00:00Z,5,2\n"),
            f + ": row 1: label 2 is not 0 or 1");
  EXPECT_EQ(error("profile_id,ts,video_id,label\n1,,5,1\n"), f + ":2: ts is empty");
  auto missing = ReadLabelFile(dir + "/none.csv", "profile_id", "video_id");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), dir + "/none.csv: cannot open");
  // A truncated Parquet file is refused, not read.
  ASSERT_TRUE(WriteLabelFile(dir + "/l.parquet", Sample(true)).ok());
  const std::string bytes = store::ReadTextFile(dir + "/l.parquet");
  store::WriteTextFile(dir + "/cut.parquet", bytes.substr(0, bytes.size() / 2));
  EXPECT_FALSE(ReadLabelFile(dir + "/cut.parquet", "profile_id", "video_id").ok());
}

}  // namespace
}  // namespace hindsight::labels
