// ParquetFileReader over files built in the test (test_file_builder.h): every page layout
// reads back the rows written, projections equal the projected rows, threads do not change
// results, filters prune row groups and pages without losing rows, bloom filters answer.
#include "parquet/reader/file_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parquet/reader/testing/test_file_builder.h"
#include "parquet/schema/field.h"
#include "parquet/schema/testing/column_compare.h"
#include "parquet/schema/testing/random_columns.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using test_util::BuildTestFile;
using test_util::TestFileOptions;
using test_util::ValueEncoding;
using ::testing::HasSubstr;

std::unique_ptr<ParquetFileReader> OpenBytes(std::vector<uint8_t> bytes) {
  StatusOr<std::unique_ptr<ParquetFileReader>> reader =
      ParquetFileReader::Open(MakeMemoryFile("test.parquet", std::move(bytes)));
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? std::move(*reader) : nullptr;
}

// Rows [begin, end) of a column, as a column of their own.
Column SliceColumn(const Column& column, int64_t begin, int64_t end) {
  Column out;
  out.type = column.type;
  out.length = end - begin;
  if (column.has_nulls())
    out.validity.assign(column.validity.begin() + begin, column.validity.begin() + end);
  switch (column.type) {
    case ColumnType::kBinary:
      for (int64_t i = begin; i <= end; ++i)
        out.offsets.push_back(column.offsets[i] - column.offsets[begin]);
      out.values.assign(column.values.begin() + column.offsets[begin],
                        column.values.begin() + column.offsets[end]);
      break;
    case ColumnType::kList:
    case ColumnType::kMap:
      for (int64_t i = begin; i <= end; ++i)
        out.offsets.push_back(column.offsets[i] - column.offsets[begin]);
      for (const Column& child : column.children) {
        out.children.push_back(SliceColumn(child, column.offsets[begin], column.offsets[end]));
      }
      break;
    case ColumnType::kStruct:
      for (const Column& child : column.children)
        out.children.push_back(SliceColumn(child, begin, end));
      break;
    default: {
      const int64_t width = static_cast<int64_t>(FixedWidth(column.type));
      out.values.assign(column.values.begin() + begin * width, column.values.begin() + end * width);
    }
  }
  return out;
}

RecordBatch SliceRows(const RecordBatch& batch, int64_t begin, int64_t end) {
  RecordBatch out;
  out.num_rows = end - begin;
  for (const Column& column : batch.columns) out.columns.push_back(SliceColumn(column, begin, end));
  return out;
}

void ExpectSameRows(const RecordBatch& expected, const RecordBatch& actual,
                    const std::string& what) {
  std::string diff;
  EXPECT_TRUE(test_util::BatchesEqual(expected, actual, &diff)) << what << ": " << diff;
}

std::vector<TestFileOptions> PageLayouts() {
  std::vector<TestFileOptions> layouts;
  const ValueEncoding encodings[] = {ValueEncoding::kPlain, ValueEncoding::kDictionary,
                                     ValueEncoding::kDelta, ValueEncoding::kDeltaByteArray,
                                     ValueEncoding::kByteStreamSplit};
  const CompressionCodec codecs[] = {CompressionCodec::UNCOMPRESSED, CompressionCodec::SNAPPY,
                                     CompressionCodec::ZSTD,         CompressionCodec::GZIP,
                                     CompressionCodec::LZ4_RAW,      CompressionCodec::BROTLI};
  int variant = 0;
  for (const ValueEncoding encoding : encodings) {
    for (const bool v2 : {false, true}) {
      TestFileOptions options;
      options.encoding = encoding;
      options.data_page_v2 = v2;
      options.codec = codecs[variant % 6];
      options.rows_per_page = 1 + variant % 7;
      options.rows_per_row_group = 5 + 13 * (variant % 3);
      options.bit_packed_levels = !v2 && variant % 4 == 0;
      options.write_crc = variant % 2 == 0;
      options.write_page_index = variant % 3 == 0;
      layouts.push_back(options);
      ++variant;
    }
  }
  return layouts;
}

TEST(FileReaderTest, RandomSchemasReadBackInEveryPageLayout) {
  const std::vector<TestFileOptions> layouts = PageLayouts();
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const Schema schema = test_util::RandomSchema(seed);
    const int64_t rows = static_cast<int64_t>(seed * 7 % 60);
    const RecordBatch batch = test_util::RandomColumns(schema, rows, seed);
    for (size_t l = 0; l < layouts.size(); ++l) {
      std::unique_ptr<ParquetFileReader> reader =
          OpenBytes(BuildTestFile(schema, batch, layouts[l]));
      ASSERT_NE(reader, nullptr);
      ReadOptions options;
      options.verify_checksums = true;
      StatusOr<RecordBatch> read = reader->ReadAll(options);
      ASSERT_TRUE(read.ok()) << "seed " << seed << " layout " << l << ": " << read.status() << "\n"
                             << schema.ToString();
      ExpectSameRows(batch, *read, "seed " + std::to_string(seed) + " layout " + std::to_string(l));
      EXPECT_EQ(reader->num_rows(), rows);
    }
  }
}

TEST(FileReaderTest, EachRowGroupReadsItsOwnRows) {
  const Schema schema = test_util::RandomSchema(7);
  const RecordBatch batch = test_util::RandomColumns(schema, 50, 7);
  TestFileOptions layout;
  layout.rows_per_row_group = 12;
  layout.rows_per_page = 5;
  std::unique_ptr<ParquetFileReader> reader = OpenBytes(BuildTestFile(schema, batch, layout));
  ASSERT_EQ(reader->num_row_groups(), 5);
  for (int g = 0; g < 5; ++g) {
    StatusOr<RecordBatch> group = reader->ReadRowGroup(g, {});
    ASSERT_TRUE(group.ok()) << group.status();
    ExpectSameRows(SliceRows(batch, 12 * g, std::min<int64_t>(50, 12 * (g + 1))), *group,
                   "row group " + std::to_string(g));
  }
  EXPECT_FALSE(reader->ReadRowGroup(5, {}).ok());
  EXPECT_FALSE(reader->ReadRowGroup(-1, {}).ok());
}

TEST(FileReaderTest, ProjectionsEqualTheProjectedRows) {
  for (uint64_t seed = 40; seed < 60; ++seed) {
    const Schema schema = test_util::RandomSchema(seed);
    const RecordBatch batch = test_util::RandomColumns(schema, 33, seed);
    TestFileOptions layout;
    layout.rows_per_page = 4;
    layout.encoding = ValueEncoding::kDictionary;
    std::unique_ptr<ParquetFileReader> reader = OpenBytes(BuildTestFile(schema, batch, layout));
    // Every single leaf, and every top-level field.
    std::vector<std::vector<std::string>> projections;
    for (const LeafColumn& leaf : schema.leaves()) projections.push_back({leaf.dotted_path});
    for (const LogicalNode& field : schema.logical_root().children)
      projections.push_back({field.name});
    if (schema.num_leaves() > 1) {
      projections.push_back(
          {schema.leaf(schema.num_leaves() - 1).dotted_path, schema.leaf(0).dotted_path});
    }
    for (const std::vector<std::string>& columns : projections) {
      StatusOr<Schema> projected = schema.Project(columns);
      ASSERT_TRUE(projected.ok()) << projected.status();
      ReadOptions options;
      options.columns = columns;
      StatusOr<RecordBatch> read = reader->ReadAll(options);
      ASSERT_TRUE(read.ok()) << read.status();
      ExpectSameRows(test_util::ProjectBatch(schema, *projected, batch), *read,
                     "seed " + std::to_string(seed) + " columns " + columns[0]);
    }
  }
}

TEST(FileReaderTest, UnknownColumnIsAnErrorNamingIt) {
  const Schema schema = test_util::RandomSchema(3);
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(schema, test_util::RandomColumns(schema, 3, 3)));
  ReadOptions options;
  options.columns = {"no_such_column"};
  StatusOr<RecordBatch> read = reader->ReadAll(options);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("no_such_column"));
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("test.parquet"));
}

TEST(FileReaderTest, ThreadsGiveTheSameRows) {
  const Schema schema = test_util::RandomSchema(11);
  const RecordBatch batch = test_util::RandomColumns(schema, 200, 11);
  for (const int64_t group_rows : {int64_t{17}, int64_t{1000}}) {
    TestFileOptions layout;
    layout.rows_per_row_group = group_rows;
    layout.rows_per_page = 9;
    layout.codec = CompressionCodec::ZSTD;
    std::unique_ptr<ParquetFileReader> reader = OpenBytes(BuildTestFile(schema, batch, layout));
    for (const int threads : {1, 2, 4}) {
      ReadOptions options;
      options.threads = threads;
      StatusOr<RecordBatch> read = reader->ReadAll(options);
      ASSERT_TRUE(read.ok()) << read.status();
      ExpectSameRows(batch, *read, "threads " + std::to_string(threads));
    }
  }
}

TEST(FileReaderTest, ScanHandsOverRowGroupsInOrderAndStopsWhenAsked) {
  const Schema schema = test_util::RandomSchema(13);
  const RecordBatch batch = test_util::RandomColumns(schema, 100, 13);
  TestFileOptions layout;
  layout.rows_per_row_group = 15;
  std::unique_ptr<ParquetFileReader> reader = OpenBytes(BuildTestFile(schema, batch, layout));
  for (const int threads : {1, 3}) {
    ReadOptions options;
    options.threads = threads;
    std::vector<int> seen;
    int64_t rows = 0;
    ASSERT_TRUE(reader
                    ->Scan(options,
                           [&](int group, RecordBatch&& part) {
                             ExpectSameRows(SliceRows(batch, rows, rows + part.num_rows), part,
                                            "group " + std::to_string(group));
                             seen.push_back(group);
                             rows += part.num_rows;
                             return true;
                           })
                    .ok());
    EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(rows, 100);
    seen.clear();
    ASSERT_TRUE(reader
                    ->Scan(options,
                           [&](int group, RecordBatch&&) {
                             seen.push_back(group);
                             return group < 1;
                           })
                    .ok());
    EXPECT_EQ(seen, (std::vector<int>{0, 1}));
  }
}

TEST(FileReaderTest, EmptyFileHasNoRowsAndTheSchemaShape) {
  const Schema schema = test_util::RandomSchema(5);
  const RecordBatch batch = test_util::RandomColumns(schema, 0, 5);
  std::unique_ptr<ParquetFileReader> reader = OpenBytes(BuildTestFile(schema, batch));
  StatusOr<RecordBatch> read = reader->ReadAll({});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_rows, 0);
  EXPECT_EQ(read->columns.size(), schema.logical_root().children.size());
}

// A file of `rows` rows: id = row number (sorted), a nested list, and a string.
struct FilterFixture {
  Schema schema;
  RecordBatch batch;
};

FilterFixture MakeFilterFixture(int64_t rows) {
  StatusOr<Schema> schema =
      Schema::Make({Field::Int64("id"),
                    Field::Optional(Field::List("tags", Field::Optional(Field::String("element")))),
                    Field::Optional(Field::Double("score")), Field::String("name")});
  EXPECT_TRUE(schema.ok()) << schema.status();
  RecordBatch batch = test_util::RandomColumns(*schema, rows, 99);
  std::span<int64_t> ids = batch.columns[0].MutableValues<int64_t>();
  for (int64_t i = 0; i < rows; ++i) ids[static_cast<size_t>(i)] = i;
  // Names sorted too, so string ranges select contiguous rows: "n00000".."n00999".
  Column& names = batch.columns[3];
  names.values.clear();
  names.offsets = {0};
  for (int64_t i = 0; i < rows; ++i) {
    std::string name = std::to_string(100000 + i);
    name[0] = 'n';
    names.values.insert(names.values.end(), name.begin(), name.end());
    names.offsets.push_back(static_cast<int64_t>(names.values.size()));
  }
  return {*schema, std::move(batch)};
}

// The ids read must be contiguous, cover [low, high], and come with their own rows.
void ExpectCoveringRows(const FilterFixture& fixture, const RecordBatch& read, int64_t low,
                        int64_t high, int64_t slack) {
  ASSERT_GT(read.num_rows, 0);
  std::span<const int64_t> ids = read.columns[0].Values<int64_t>();
  const int64_t first = ids[0];
  for (int64_t i = 0; i < read.num_rows; ++i) ASSERT_EQ(ids[static_cast<size_t>(i)], first + i);
  const int64_t last = first + read.num_rows - 1;
  EXPECT_LE(first, low);
  EXPECT_GE(last, high);
  EXPECT_LE(read.num_rows, high - low + 1 + slack);
  ExpectSameRows(SliceRows(fixture.batch, first, last + 1), read, "filtered rows");
}

TEST(FileReaderTest, RangeFilterSkipsRowGroupsAndPagesButKeepsMatchingRows) {
  const FilterFixture fixture = MakeFilterFixture(1000);
  TestFileOptions layout;
  layout.rows_per_row_group = 200;
  layout.rows_per_page = 10;
  layout.write_page_index = true;
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
  ReadOptions options;
  options.filter = {{"id", int64_t{415}, int64_t{437}}};
  reader->ResetReadStats();
  StatusOr<RecordBatch> read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectCoveringRows(fixture, *read, 415, 437, 18);
  const ReadStats stats = reader->read_stats();
  EXPECT_EQ(stats.row_groups_read, 1);
  EXPECT_EQ(stats.row_groups_skipped, 4);
  EXPECT_EQ(stats.pages_read, 3 * 4);      // pages 410-439 of 4 columns
  EXPECT_EQ(stats.pages_skipped, 17 * 4);  // the other pages of that row group
}

TEST(FileReaderTest, PagesOfOtherColumnsAreCutToTheKeptRows) {
  // Page boundaries differ per column, so pages overlapping the kept rows hold others too.
  const FilterFixture fixture = MakeFilterFixture(600);
  for (const bool v2 : {false, true}) {
    TestFileOptions layout;
    layout.rows_per_row_group = 250;
    layout.leaf_rows_per_page = {10, 7, 13, 4};
    layout.write_page_index = true;
    layout.data_page_v2 = v2;
    layout.encoding = v2 ? ValueEncoding::kDictionary : ValueEncoding::kPlain;
    std::unique_ptr<ParquetFileReader> reader =
        OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
    for (const auto& [low, high] : {std::pair<int64_t, int64_t>{3, 3}, {244, 262}, {495, 512}}) {
      ReadOptions options;
      options.filter = {{"id", low, high}};
      options.threads = 2;
      StatusOr<RecordBatch> read = reader->ReadAll(options);
      ASSERT_TRUE(read.ok()) << read.status();
      ExpectCoveringRows(fixture, *read, low, high, 20);
    }
  }
}

TEST(FileReaderTest, RangeFilterOnStringsAndDoublesAndOpenBounds) {
  const FilterFixture fixture = MakeFilterFixture(300);
  TestFileOptions layout;
  layout.rows_per_row_group = 100;
  layout.rows_per_page = 7;
  layout.write_page_index = true;
  layout.data_page_v2 = true;
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
  ReadOptions options;
  options.filter = {{"name", std::string("n00150"), std::string("n00160")}};
  StatusOr<RecordBatch> read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectCoveringRows(fixture, *read, 150, 160, 12);

  options.filter = {{"id", std::nullopt, int64_t{3}}};
  read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectCoveringRows(fixture, *read, 0, 3, 6);

  options.filter = {{"id", int64_t{290}, std::nullopt}, {"id", std::nullopt, 1e9}};
  read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectCoveringRows(fixture, *read, 290, 299, 6);

  options.filter = {{"id", int64_t{5000}, std::nullopt}};
  read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_rows, 0);
}

TEST(FileReaderTest, RangeFilterWithoutPageIndexStillReturnsMatchingRows) {
  const FilterFixture fixture = MakeFilterFixture(400);
  TestFileOptions layout;
  layout.rows_per_row_group = 100;
  layout.rows_per_page = 10;
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
  ReadOptions options;
  options.filter = {{"id", int64_t{120}, int64_t{130}}};
  options.columns = {"id", "tags"};
  reader->ResetReadStats();
  StatusOr<RecordBatch> read = reader->ReadAll(options);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->num_rows, 100);  // the one row group the statistics keep
  EXPECT_EQ(reader->read_stats().row_groups_skipped, 3);
}

TEST(FileReaderTest, BadFiltersAreErrors) {
  const FilterFixture fixture = MakeFilterFixture(10);
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch));
  ReadOptions options;
  options.filter = {{"tags", int64_t{1}, int64_t{2}}};
  EXPECT_THAT(std::string(reader->ReadAll(options).status().message()), HasSubstr("repeated"));
  options.filter = {{"name", int64_t{1}, std::nullopt}};
  EXPECT_THAT(std::string(reader->ReadAll(options).status().message()), HasSubstr("string bounds"));
  options.filter = {{"id", std::string("x"), std::nullopt}};
  EXPECT_THAT(std::string(reader->ReadAll(options).status().message()),
              HasSubstr("numeric bounds"));
  options.filter = {{"nope", int64_t{1}, std::nullopt}};
  EXPECT_FALSE(reader->ReadAll(options).ok());
}

TEST(FileReaderTest, BloomFiltersRejectAbsentValuesAndKeepPresentOnes) {
  const FilterFixture fixture = MakeFilterFixture(500);
  TestFileOptions layout;
  layout.rows_per_row_group = 250;
  layout.write_bloom_filters = true;
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
  int false_positives = 0;
  for (int64_t id = 0; id < 500; ++id) {
    const int group = id < 250 ? 0 : 1;
    StatusOr<bool> present = reader->MightContain(group, "id", id);
    ASSERT_TRUE(present.ok()) << present.status();
    EXPECT_TRUE(*present) << id;
    StatusOr<bool> absent = reader->MightContain(1 - group, "id", id);
    ASSERT_TRUE(absent.ok());
    false_positives += *absent;
  }
  EXPECT_LT(false_positives, 25);  // 1% expected
  EXPECT_TRUE(*reader->MightContain(0, "name", std::string("n00007")));
  EXPECT_FALSE(*reader->MightContain(0, "name", std::string("definitely absent")) &&
               *reader->MightContain(0, "name", std::string("also absent")));
  EXPECT_FALSE(reader->MightContain(0, "name", int64_t{1}).ok());
}

TEST(FileReaderTest, NoBloomFilterMeansMightContain) {
  const FilterFixture fixture = MakeFilterFixture(20);
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch));
  StatusOr<bool> answer = reader->MightContain(0, "id", int64_t{12345});
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(*answer);
}

TEST(FileReaderTest, PageIndexIsExposed) {
  const FilterFixture fixture = MakeFilterFixture(30);
  TestFileOptions layout;
  layout.rows_per_page = 10;
  layout.write_page_index = true;
  std::unique_ptr<ParquetFileReader> reader =
      OpenBytes(BuildTestFile(fixture.schema, fixture.batch, layout));
  StatusOr<std::optional<format::OffsetIndex>> offsets = reader->ReadOffsetIndex(0, 0);
  ASSERT_TRUE(offsets.ok() && offsets->has_value());
  ASSERT_EQ((*offsets)->page_locations.size(), 3u);
  EXPECT_EQ((*offsets)->page_locations[2].first_row_index, 20);
  StatusOr<std::optional<format::ColumnIndex>> index = reader->ReadColumnIndex(0, 0);
  ASSERT_TRUE(index.ok() && index->has_value());
  EXPECT_EQ((*index)->min_values.size(), 3u);
}

}  // namespace
}  // namespace hindsight::parquet
