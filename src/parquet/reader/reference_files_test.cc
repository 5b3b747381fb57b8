// The reader on parquet-testing's files written by other implementations (parquet-mr,
// Arrow C++, arrow-rs, Impala, Spark). Value-by-value comparison against DuckDB and the
// _expect.csv files is in tests/parquet/reference_files_test.py; here: every data file
// reads, every bad file is refused, checksums, pruning and bloom filters on real files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "parquet/format/format_test_util.h"
#include "parquet/reader/bloom_filter_reader.h"
#include "parquet/reader/file_reader.h"

namespace hindsight::parquet {
namespace {

using format::testing::ParquetFilesIn;
using format::testing::ParquetTestingDir;
using ::testing::HasSubstr;

std::unique_ptr<ParquetFileReader> OpenReference(const std::string& name) {
  StatusOr<std::unique_ptr<ParquetFileReader>> reader =
      ParquetFileReader::OpenPath((ParquetTestingDir("data") / name).string());
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? std::move(*reader) : nullptr;
}

#define SKIP_WITHOUT_TESTING_FILES() \
  if (ParquetFilesIn("data").empty()) GTEST_SKIP() << "HINDSIGHT_SOURCE_DIR unset"

TEST(ReferenceFilesTest, EveryDataFileReadsWithChecksumsVerified) {
  SKIP_WITHOUT_TESTING_FILES();
  for (const std::filesystem::path& path : ParquetFilesIn("data")) {
    StatusOr<std::unique_ptr<ParquetFileReader>> reader =
        ParquetFileReader::OpenPath(path.string());
    ASSERT_TRUE(reader.ok()) << path << ": " << reader.status();
    ReadOptions options;
    options.verify_checksums = path.filename() != "datapage_v1-corrupt-checksum.parquet";
    options.threads = 2;
    StatusOr<RecordBatch> rows = (*reader)->ReadAll(options);
    ASSERT_TRUE(rows.ok()) << path << ": " << rows.status();
    EXPECT_EQ(rows->num_rows, (*reader)->num_rows()) << path;
  }
}

TEST(ReferenceFilesTest, EveryBadFileIsRefusedWithItsName) {
  SKIP_WITHOUT_TESTING_FILES();
  for (const std::filesystem::path& path : ParquetFilesIn("bad_data")) {
    StatusOr<std::unique_ptr<ParquetFileReader>> reader =
        ParquetFileReader::OpenPath(path.string());
    Status status = reader.status();
    if (reader.ok()) status = (*reader)->ReadAll({}).status();
    ASSERT_FALSE(status.ok()) << path;
    EXPECT_THAT(std::string(status.message()), HasSubstr(path.filename().string()));
  }
}

TEST(ReferenceFilesTest, CorruptChecksumFailsOnlyWhenVerified) {
  SKIP_WITHOUT_TESTING_FILES();
  std::unique_ptr<ParquetFileReader> reader = OpenReference("datapage_v1-corrupt-checksum.parquet");
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(reader->ReadAll({}).ok());
  ReadOptions verify;
  verify.verify_checksums = true;
  const Status status = reader->ReadAll(verify).status();
  EXPECT_THAT(std::string(status.message()), HasSubstr("page CRC mismatch"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("column 'a'"));
}

TEST(ReferenceFilesTest, LegacyListsReadAsNestedLists) {
  SKIP_WITHOUT_TESTING_FILES();
  std::unique_ptr<ParquetFileReader> reader = OpenReference("old_list_structure.parquet");
  StatusOr<RecordBatch> rows = reader->ReadAll({});
  ASSERT_TRUE(rows.ok()) << rows.status();
  // [[1, 2], [3, 4]]
  const Column& outer = rows->columns[0];
  ASSERT_EQ(outer.type, ColumnType::kList);
  ASSERT_EQ(outer.offsets, (std::vector<int64_t>{0, 2}));
  const Column& inner = outer.children[0];
  ASSERT_EQ(inner.offsets, (std::vector<int64_t>{0, 2, 4}));
  const std::span<const int32_t> values = inner.children[0].Values<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(values.begin(), values.end()), (std::vector<int32_t>{1, 2, 3, 4}));
}

TEST(ReferenceFilesTest, PageIndexPrunesImpalaTinyPages) {
  SKIP_WITHOUT_TESTING_FILES();
  std::unique_ptr<ParquetFileReader> reader = OpenReference("alltypes_tiny_pages.parquet");
  const StatusOr<RecordBatch> all = reader->ReadAll({});
  ASSERT_TRUE(all.ok());
  ReadOptions options;
  options.filter = {{"id", int64_t{1000}, int64_t{1010}}};
  reader->ResetReadStats();
  StatusOr<RecordBatch> some = reader->ReadAll(options);
  ASSERT_TRUE(some.ok()) << some.status();
  const ReadStats stats = reader->read_stats();
  EXPECT_GT(stats.pages_skipped, 10 * stats.pages_read);
  EXPECT_LT(some->num_rows, 200);
  // Every id in the range is present, and every row read has its own values.
  std::set<int32_t> ids;
  const std::span<const int32_t> read_ids = some->columns[0].Values<int32_t>();
  ids.insert(read_ids.begin(), read_ids.end());
  for (int32_t id = 1000; id <= 1010; ++id) EXPECT_TRUE(ids.count(id)) << id;
  const std::span<const int32_t> all_ids = all->columns[0].Values<int32_t>();
  const std::span<const int64_t> all_bigints = all->columns[5].Values<int64_t>();
  const std::span<const int64_t> some_bigints = some->columns[5].Values<int64_t>();
  for (int64_t i = 0; i < some->num_rows; ++i) {
    const auto at = std::find(all_ids.begin(), all_ids.end(), read_ids[i]) - all_ids.begin();
    EXPECT_EQ(some_bigints[i], all_bigints[at]);
  }
}

TEST(ReferenceFilesTest, BloomFiltersOfParquetMrFiles) {
  SKIP_WITHOUT_TESTING_FILES();
  std::unique_ptr<ParquetFileReader> reader =
      OpenReference("data_index_bloom_encoding_stats.parquet");
  StatusOr<bool> hello = reader->MightContain(0, "String", std::string("Hello"));
  ASSERT_TRUE(hello.ok()) << hello.status();
  EXPECT_TRUE(*hello);
  int absent = 0;
  for (int i = 0; i < 100; ++i)
    absent += !*reader->MightContain(0, "String", "absent " + std::to_string(i));
  EXPECT_GT(absent, 90);

  // bloom_filter.xxhash.bin is a bare header + bitset holding four words.
  StatusOr<std::unique_ptr<RandomAccessFile>> file =
      OpenRandomAccessFile((ParquetTestingDir("data") / "bloom_filter.xxhash.bin").string());
  ASSERT_TRUE(file.ok());
  format::ColumnMetaData meta;
  meta.bloom_filter_offset = 0;
  StatusOr<BloomFilterRead> read = ReadBloomFilter(**file, meta);
  ASSERT_TRUE(read.ok() && read->filter.has_value()) << read.status();
  StatusOr<Schema> schema = Schema::Make({Field::String("s")});
  for (const char* word : {"hello", "parquet", "bloom", "filter"}) {
    StatusOr<std::optional<uint64_t>> hash = BloomHashFor(schema->leaf(0), std::string(word));
    EXPECT_TRUE(read->filter->MightContain(**hash)) << word;
  }
}

TEST(ReferenceFilesTest, NestedProjectionsOfReferenceFiles) {
  SKIP_WITHOUT_TESTING_FILES();
  std::unique_ptr<ParquetFileReader> reader = OpenReference("nested_maps.snappy.parquet");
  ReadOptions options;
  options.columns = {"a.key", "c"};
  StatusOr<RecordBatch> rows = reader->ReadAll(options);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->columns.size(), 2u);
  EXPECT_EQ(rows->num_rows, 6);
}

}  // namespace
}  // namespace hindsight::parquet
