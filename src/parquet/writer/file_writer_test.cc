#include "parquet/writer/file_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "parquet/format/footer.h"
#include "parquet/reader/column_concat.h"
#include "parquet/reader/file_reader.h"
#include "parquet/schema/testing/column_compare.h"
#include "parquet/schema/testing/column_literals.h"
#include "parquet/writer/testing/writer_samples.h"
#include "util/test_scratch_dir.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using format::Encoding;
using test_util::BinaryColumn;
using test_util::Int32Column;
using test_util::Int64Column;
using test_util::ListColumn;

std::string TempPath(const std::string& name) {
  return (testing_util::TestScratchDir() / ("writer_test_" + name + ".parquet")).string();
}

StatusOr<RecordBatch> ReadBack(const std::string& path) {
  HS_ASSIGN_OR_RETURN(auto reader, ParquetFileReader::OpenPath(path));
  ReadOptions options;
  options.verify_checksums = true;
  return reader->ReadAll(options);
}

void ExpectRoundTrip(const std::string& name, const Schema& schema,
                     const std::vector<RecordBatch>& batches, const WriterOptions& options) {
  const std::string path = TempPath(name);
  auto metadata = test_util::WriteParquetFile(path, schema, batches, options);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  auto read = ReadBack(path);
  ASSERT_TRUE(read.ok()) << read.status();
  RecordBatch expected;
  for (const RecordBatch& batch : batches) {
    RecordBatch copy = batch;
    if (expected.columns.empty()) {
      expected = std::move(copy);
    } else {
      AppendBatch(expected, std::move(copy));
    }
  }
  std::string diff;
  EXPECT_TRUE(test_util::BatchesEqual(expected, *read, &diff)) << diff;
}

Schema OneInt64Schema() { return std::move(Schema::Make({Field::Int64("id")})).value(); }

RecordBatch Int64Rows(const std::vector<std::optional<int64_t>>& values) {
  RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(values.size());
  batch.columns.push_back(Int64Column(values));
  return batch;
}

TEST(ParquetFileWriterTest, AllTypesRoundTripWithEveryCodec) {
  const Schema schema = test_util::AllTypesSchema();
  const RecordBatch rows = test_util::RandomValidRows(schema, 500, 7);
  for (const CompressionCodec codec :
       {CompressionCodec::UNCOMPRESSED, CompressionCodec::SNAPPY, CompressionCodec::GZIP,
        CompressionCodec::ZSTD, CompressionCodec::LZ4_RAW, CompressionCodec::BROTLI}) {
    SCOPED_TRACE(static_cast<int>(codec));
    WriterOptions options;
    options.codec = codec;
    ExpectRoundTrip("all_types", schema, {rows}, options);
  }
}

TEST(ParquetFileWriterTest, AllTypesRoundTripPlainWithoutMetadataExtras) {
  const Schema schema = test_util::AllTypesSchema();
  WriterOptions options;
  options.dictionary = false;
  options.write_statistics = false;
  options.write_page_index = false;
  options.write_page_checksums = false;
  ExpectRoundTrip("all_types_plain", schema, {test_util::RandomValidRows(schema, 300, 8)}, options);
}

TEST(ParquetFileWriterTest, TinyLimitsSplitPagesAndRowGroupsOnRowBoundaries) {
  const Schema schema = test_util::AllTypesSchema();
  WriterOptions options;
  options.data_page_bytes = 64;
  options.max_page_rows = 7;
  options.max_row_group_rows = 50;
  const std::string path = TempPath("tiny_limits");
  const std::vector<RecordBatch> batches = {test_util::RandomValidRows(schema, 120, 9),
                                            test_util::RandomValidRows(schema, 85, 10)};
  ExpectRoundTrip("tiny_limits", schema, batches, options);
  auto metadata = test_util::WriteParquetFile(path, schema, batches, options);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  ASSERT_EQ(metadata->row_groups.size(), 5u);  // 50 + 50 + 50 + 50 + 5 rows
  EXPECT_EQ(metadata->row_groups[4].num_rows, 5);
  EXPECT_EQ(metadata->num_rows, 205);
  auto reader = ParquetFileReader::OpenPath(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  for (int leaf = 0; leaf < schema.num_leaves(); ++leaf) {
    auto offsets = (*reader)->ReadOffsetIndex(0, leaf);
    ASSERT_TRUE(offsets.ok()) << offsets.status();
    ASSERT_TRUE(offsets->has_value());
    const auto& pages = (*offsets)->page_locations;
    // 50 rows in pages of at most 7 rows: at least 8 pages, first rows increasing.
    EXPECT_GE(pages.size(), 8u) << schema.leaf(leaf).dotted_path;
    EXPECT_EQ(pages[0].first_row_index, 0);
    for (size_t p = 1; p < pages.size(); ++p) {
      EXPECT_GT(pages[p].first_row_index, pages[p - 1].first_row_index);
      EXPECT_LE(pages[p].first_row_index - pages[p - 1].first_row_index, 7);
      EXPECT_EQ(pages[p].offset, pages[p - 1].offset + pages[p - 1].compressed_page_size);
    }
  }
}

TEST(ParquetFileWriterTest, RowGroupByteLimitCutsLargeBatches) {
  const Schema schema = OneInt64Schema();
  std::vector<std::optional<int64_t>> values;
  for (int64_t i = 0; i < 100000; ++i) values.push_back(i * 7919);
  WriterOptions options;
  options.max_row_group_bytes = 100000;  // ~12500 int64 values
  options.dictionary = false;
  const std::string path = TempPath("row_group_bytes");
  auto metadata = test_util::WriteParquetFile(path, schema, {Int64Rows(values)}, options);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_GE(metadata->row_groups.size(), 7u);
  for (const format::RowGroup& row_group : metadata->row_groups) {
    EXPECT_LE(row_group.total_byte_size, 2 * options.max_row_group_bytes);
  }
  auto read = ReadBack(path);
  ASSERT_TRUE(read.ok()) << read.status();
  std::string diff;
  EXPECT_TRUE(test_util::BatchesEqual(Int64Rows(values), *read, &diff)) << diff;
}

TEST(ParquetFileWriterTest, EmptyFileHasSchemaAndNoRowGroups) {
  const Schema schema = test_util::AllTypesSchema();
  const std::string path = TempPath("empty");
  auto metadata = test_util::WriteParquetFile(path, schema, {}, WriterOptions{});
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(metadata->num_rows, 0);
  EXPECT_TRUE(metadata->row_groups.empty());
  auto reader = ParquetFileReader::OpenPath(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->schema().ToString(), schema.ToString());
  auto read = (*reader)->ReadAll(ReadOptions{});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_rows, 0);
}

TEST(ParquetFileWriterTest, EmptyBatchesWriteNothing) {
  const Schema schema = OneInt64Schema();
  auto metadata = test_util::WriteParquetFile(TempPath("empty_batches"), schema,
                                              {Int64Rows({}), Int64Rows({1, 2}), Int64Rows({})},
                                              WriterOptions{});
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  ASSERT_EQ(metadata->row_groups.size(), 1u);
  EXPECT_EQ(metadata->row_groups[0].num_rows, 2);
}

TEST(ParquetFileWriterTest, HugeStringsLargerThanAPageRoundTrip) {
  const Schema schema =
      std::move(Schema::Make({Field::Optional(Field::String("s")), Field::Int32("n")})).value();
  std::vector<std::optional<std::string>> strings;
  std::vector<std::optional<int32_t>> numbers;
  for (int i = 0; i < 6; ++i) {
    std::string value(size_t{1} << 20 | static_cast<size_t>(i) * 1000, static_cast<char>('a' + i));
    value[i] = 'z';
    strings.push_back(i == 3 ? std::nullopt : std::optional<std::string>(std::move(value)));
    numbers.push_back(i);
  }
  RecordBatch batch;
  batch.num_rows = 6;
  batch.columns.push_back(BinaryColumn(strings));
  batch.columns.push_back(Int32Column(numbers));
  WriterOptions options;
  options.max_row_group_bytes = 3 << 20;
  ExpectRoundTrip("huge_strings", schema, {batch}, options);
  auto metadata = test_util::WriteParquetFile(TempPath("huge_strings"), schema, {batch}, options);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_GE(metadata->row_groups.size(), 2u);
  const auto& stats = metadata->row_groups[0].columns[0].meta_data->statistics;
  ASSERT_TRUE(stats.has_value());
  // Truncated to max_statistics_bytes and marked inexact.
  ASSERT_TRUE(stats->max_value.has_value());
  EXPECT_LE(stats->max_value->size(), 4096u);
  EXPECT_EQ(stats->is_max_value_exact, false);
  EXPECT_EQ(stats->is_min_value_exact, false);
}

TEST(ParquetFileWriterTest, NullsAndEmptyListsAtEveryLevel) {
  const Schema schema =
      std::move(Schema::Make({Field::Optional(Field::List(
                    "outer",
                    Field::Optional(Field::List("inner", Field::Optional(Field::Int64("x"))))))}))
          .value();
  // Rows: null, [], [null], [[]], [[null, 5]], [[1], null, [2, 3]]
  Column leaves = Int64Column({std::nullopt, 5, 1, 2, 3});
  Column inner = ListColumn({std::nullopt, 0, 2, 1, std::nullopt, 2}, std::move(leaves));
  Column outer = ListColumn({std::nullopt, 0, 1, 1, 1, 3}, std::move(inner));
  RecordBatch batch;
  batch.num_rows = 6;
  batch.columns.push_back(std::move(outer));
  for (const bool dictionary : {true, false}) {
    WriterOptions options;
    options.dictionary = dictionary;
    options.max_page_rows = 2;
    ExpectRoundTrip("nulls_every_level", schema, {batch}, options);
  }
}

TEST(ParquetFileWriterTest, KeyValueMetadataSortingColumnsAndCreatedBy) {
  const Schema schema =
      std::move(Schema::Make({Field::Int64("entity"), Field::Timestamp("ts")})).value();
  WriterOptions options;
  options.key_value_metadata.push_back({"origin", "test"});
  options.sorting_columns.push_back({"entity", false, false});
  options.sorting_columns.push_back({"ts", true, true});
  RecordBatch batch;
  batch.num_rows = 3;
  batch.columns.push_back(Int64Column({1, 1, 2}));
  batch.columns.push_back(Int64Column({30, 20, 10}));
  const std::string path = TempPath("kv");
  auto writer = ParquetFileWriter::Create(path, schema, options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->WriteBatch(batch).ok());
  (*writer)->AddKeyValueMetadata("rows", "3");
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = ParquetFileReader::OpenPath(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const format::FileMetaData& metadata = (*reader)->metadata();
  EXPECT_EQ(metadata.created_by, "hindsight version 0.1.0");
  ASSERT_EQ(metadata.key_value_metadata.size(), 2u);
  EXPECT_EQ(metadata.key_value_metadata[0], (format::KeyValue{"origin", "test"}));
  EXPECT_EQ(metadata.key_value_metadata[1], (format::KeyValue{"rows", "3"}));
  ASSERT_EQ(metadata.row_groups.size(), 1u);
  EXPECT_EQ(metadata.row_groups[0].sorting_columns,
            (std::vector<format::SortingColumn>{{0, false, false}, {1, true, true}}));
  EXPECT_EQ(metadata.column_orders.size(), 2u);
  EXPECT_EQ((*writer)->metadata(), metadata);
}

TEST(ParquetFileWriterTest, ThreadsGiveTheSameFile) {
  const Schema schema = test_util::AllTypesSchema();
  const RecordBatch rows = test_util::RandomValidRows(schema, 3000, 11);
  WriterOptions options;
  options.max_row_group_rows = 1000;
  const std::string serial = TempPath("serial");
  const std::string parallel = TempPath("parallel");
  ASSERT_TRUE(test_util::WriteParquetFile(serial, schema, {rows}, options).ok());
  options.threads = 4;
  ASSERT_TRUE(test_util::WriteParquetFile(parallel, schema, {rows}, options).ok());
  auto serial_bytes = ReadFileToString(serial);
  auto parallel_bytes = ReadFileToString(parallel);
  ASSERT_TRUE(serial_bytes.ok() && parallel_bytes.ok());
  EXPECT_EQ(*serial_bytes, *parallel_bytes);
}

TEST(ParquetFileWriterTest, RejectsABatchOfAnotherSchemaAndStaysUsable) {
  const Schema schema = OneInt64Schema();
  const std::string path = TempPath("wrong_batch");
  auto writer = ParquetFileWriter::Create(path, schema, WriterOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status();
  RecordBatch wrong;
  wrong.num_rows = 1;
  wrong.columns.push_back(BinaryColumn({"x"}));
  const Status status = (*writer)->WriteBatch(wrong);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find(path), std::string::npos) << status;
  ASSERT_TRUE((*writer)->WriteBatch(Int64Rows({4, 5})).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto read = ReadBack(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_rows, 2);
}

TEST(ParquetFileWriterTest, RejectsValuesOutsideTheirLogicalTypeNamingTheColumn) {
  const Schema schema = std::move(Schema::Make({Field::Int("small", 8, true)})).value();
  auto writer = ParquetFileWriter::Create(TempPath("out_of_range"), schema, WriterOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status();
  RecordBatch batch;
  batch.num_rows = 2;
  batch.columns.push_back(Int32Column({5, 300}));
  const Status status = (*writer)->WriteBatch(batch);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'small'"), std::string::npos) << status;
  EXPECT_NE(status.message().find("300"), std::string::npos) << status;
  batch.columns[0] = Int32Column({-128, 127});
  ASSERT_TRUE((*writer)->WriteBatch(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->metadata().num_rows, 2);
}

TEST(ParquetFileWriterTest, RejectsDecimalsBeyondTheirPrecision) {
  const Schema schema = std::move(Schema::Make({Field::Optional(Field::Decimal("price", 4, 2)),
                                                Field::Decimal("total", 12, 2)}))
                            .value();
  auto writer = ParquetFileWriter::Create(TempPath("decimal_range"), schema, WriterOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status();
  RecordBatch batch;
  batch.num_rows = 2;
  batch.columns.push_back(Int32Column({-9999, std::nullopt}));
  batch.columns.push_back(Int64Column({999'999'999'999, -1'000'000'000'000}));
  const Status status = (*writer)->WriteBatch(batch);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'total'"), std::string::npos) << status;
  batch.columns[1] = Int64Column({999'999'999'999, -999'999'999'999});
  EXPECT_TRUE((*writer)->WriteBatch(batch).ok());
  batch.columns[0] = Int32Column({10000, 1});
  EXPECT_EQ((*writer)->WriteBatch(batch).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE((*writer)->Close().ok());
}

TEST(ParquetFileWriterTest, RejectsOptionsThatDoNotFitTheSchema) {
  const Schema schema =
      std::move(Schema::Make({Field::Bool("flag"), Field::List("xs", Field::Int64("element"))}))
          .value();
  auto open = [&](const WriterOptions& options) {
    return ParquetFileWriter::Create(TempPath("bad_options"), schema, options).status();
  };
  WriterOptions unknown_column;
  unknown_column.columns["nope"].dictionary = false;
  EXPECT_EQ(open(unknown_column).code(), absl::StatusCode::kInvalidArgument);
  WriterOptions wrong_encoding;
  wrong_encoding.columns["flag"].encoding = Encoding::DELTA_BINARY_PACKED;
  const Status status = open(wrong_encoding);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'flag'"), std::string::npos) << status;
  WriterOptions bool_bloom;
  bool_bloom.columns["flag"].bloom_filter = BloomFilterOptions{};
  EXPECT_EQ(open(bool_bloom).code(), absl::StatusCode::kInvalidArgument);
  WriterOptions repeated_sort;
  repeated_sort.sorting_columns.push_back({"xs.element", false, false});
  EXPECT_EQ(open(repeated_sort).code(), absl::StatusCode::kInvalidArgument);
  WriterOptions zero_pages;
  zero_pages.data_page_bytes = 0;
  EXPECT_EQ(open(zero_pages).code(), absl::StatusCode::kInvalidArgument);
  WriterOptions logical_path;
  logical_path.columns["xs.element"].encoding = Encoding::DELTA_BINARY_PACKED;
  EXPECT_TRUE(open(logical_path).ok());
}

TEST(ParquetFileWriterTest, CallsAfterCloseFail) {
  auto writer = ParquetFileWriter::Create(TempPath("closed"), OneInt64Schema(), WriterOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->WriteBatch(Int64Rows({1})).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->Close().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ParquetFileWriterTest, FooterIsValidForTheFormatChecks) {
  const Schema schema = test_util::AllTypesSchema();
  const std::string path = TempPath("footer");
  WriterOptions options;
  options.max_row_group_rows = 40;
  options.columns["name"].bloom_filter = BloomFilterOptions{};
  auto metadata = test_util::WriteParquetFile(
      path, schema, {test_util::RandomValidRows(schema, 100, 12)}, options);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  auto bytes = ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  const std::span<const uint8_t> file(reinterpret_cast<const uint8_t*>(bytes->data()),
                                      bytes->size());
  auto parsed = format::ParseFooter(file, file.size());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, *metadata);
  EXPECT_EQ(parsed->version, 2);
}

}  // namespace
}  // namespace hindsight::parquet
