// Page headers, page index and bloom filter headers written by other Parquet
// implementations (the reference files in ../shared/parquet-testing), read in place.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "parquet/format/footer.h"
#include "parquet/format/format_test_util.h"
#include "parquet/format/metadata_serde.h"

namespace hindsight::parquet::format {
namespace {

using ::hindsight::parquet::format::testing::AsBytes;
using ::hindsight::parquet::format::testing::ParquetTestingDir;
using ::hindsight::parquet::format::testing::ReadWholeFile;

template <typename T, typename Deserialize>
T RoundTrip(const std::string& bytes, Deserialize deserialize) {
  auto result = deserialize(AsBytes(bytes), 0);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : T{};
}

struct LoadedFile {
  std::vector<uint8_t> bytes;
  FileMetaData metadata;
};

LoadedFile LoadReferenceFile(const std::string& name) {
  LoadedFile file;
  file.bytes = ReadWholeFile(ParquetTestingDir("data") / name);
  EXPECT_FALSE(file.bytes.empty()) << name << ": set HINDSIGHT_SOURCE_DIR";
  auto metadata = ParseFooter(file.bytes, file.bytes.size());
  EXPECT_TRUE(metadata.ok()) << name << ": " << metadata.status();
  if (metadata.ok()) file.metadata = *metadata;
  return file;
}

TEST(ReferenceFileTest, PageHeadersOfAlltypesPlainDescribeTheirChunks) {
  const LoadedFile file = LoadReferenceFile("alltypes_plain.parquet");
  ASSERT_EQ(file.metadata.row_groups.size(), 1u);
  for (const ColumnChunk& chunk : file.metadata.row_groups[0].columns) {
    const ColumnMetaData& meta = *chunk.meta_data;
    const int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
    const std::span<const uint8_t> chunk_bytes =
        std::span(file.bytes).subspan(start, meta.total_compressed_size);
    // Walk the pages: headers + page bodies must tile the chunk exactly.
    size_t position = 0;
    int64_t values = 0;
    while (position < chunk_bytes.size()) {
      auto header = DeserializePageHeader(chunk_bytes.subspan(position), start + position);
      ASSERT_TRUE(header.ok()) << header.status();
      const PageHeader& page = header->first;
      if (page.type == PageType::DATA_PAGE) {
        ASSERT_TRUE(page.data_page_header.has_value());
        values += page.data_page_header->num_values;
      } else {
        EXPECT_EQ(page.type, PageType::DICTIONARY_PAGE);
        ASSERT_TRUE(page.dictionary_page_header.has_value());
      }
      position += header->second + page.compressed_page_size;
    }
    EXPECT_EQ(position, chunk_bytes.size());
    EXPECT_EQ(values, 8);
  }
}

TEST(ReferenceFileTest, PageIndexOfAlltypesTinyPagesIsConsistent) {
  const LoadedFile file = LoadReferenceFile("alltypes_tiny_pages.parquet");
  ASSERT_EQ(file.metadata.row_groups.size(), 1u);
  const RowGroup& group = file.metadata.row_groups[0];
  int column_indexes = 0;
  for (const ColumnChunk& chunk : group.columns) {
    const ColumnMetaData& meta = *chunk.meta_data;
    ASSERT_TRUE(chunk.offset_index_offset.has_value());
    auto offsets = DeserializeOffsetIndex(
        std::span(file.bytes).subspan(*chunk.offset_index_offset, *chunk.offset_index_length),
        *chunk.offset_index_offset);
    ASSERT_TRUE(offsets.ok()) << offsets.status();
    const auto& pages = offsets->page_locations;
    ASSERT_GT(pages.size(), 1u);
    // parquet-mr points data_page_offset at the dictionary page when there is one; the
    // offset index lists data pages only, so a dictionary page may sit in between.
    if (pages[0].offset != meta.data_page_offset) {
      auto dictionary = DeserializePageHeader(std::span(file.bytes).subspan(meta.data_page_offset),
                                              meta.data_page_offset);
      ASSERT_TRUE(dictionary.ok()) << dictionary.status();
      EXPECT_EQ(dictionary->first.type, PageType::DICTIONARY_PAGE);
      EXPECT_EQ(pages[0].offset, meta.data_page_offset + static_cast<int64_t>(dictionary->second) +
                                     dictionary->first.compressed_page_size);
    }
    EXPECT_EQ(pages[0].first_row_index, 0);
    for (size_t i = 1; i < pages.size(); ++i) {
      EXPECT_EQ(pages[i].offset, pages[i - 1].offset + pages[i - 1].compressed_page_size);
      EXPECT_GT(pages[i].first_row_index, pages[i - 1].first_row_index);
      EXPECT_LT(pages[i].first_row_index, group.num_rows);
    }
    EXPECT_EQ(pages.back().offset + pages.back().compressed_page_size,
              meta.data_page_offset + meta.total_compressed_size);
    // Each page location's size covers the page header too: check the first.
    auto first_header =
        DeserializePageHeader(std::span(file.bytes).subspan(pages[0].offset), pages[0].offset);
    ASSERT_TRUE(first_header.ok()) << first_header.status();
    EXPECT_EQ(first_header->first.type, PageType::DATA_PAGE);
    EXPECT_EQ(pages[0].compressed_page_size, static_cast<int64_t>(first_header->second) +
                                                 first_header->first.compressed_page_size);
    EXPECT_EQ(RoundTrip<OffsetIndex>(SerializeOffsetIndex(*offsets), DeserializeOffsetIndex),
              *offsets);
    // parquet-mr writes no column index for columns without min/max (timestamp_col).
    if (!chunk.column_index_offset.has_value()) continue;
    ++column_indexes;
    auto columns = DeserializeColumnIndex(
        std::span(file.bytes).subspan(*chunk.column_index_offset, *chunk.column_index_length),
        *chunk.column_index_offset);
    ASSERT_TRUE(columns.ok()) << columns.status();
    EXPECT_EQ(columns->null_pages.size(), pages.size());
    EXPECT_EQ(columns->min_values.size(), pages.size());
    EXPECT_EQ(columns->max_values.size(), pages.size());
    EXPECT_EQ(columns->null_counts.size(), pages.size());
    EXPECT_EQ(RoundTrip<ColumnIndex>(SerializeColumnIndex(*columns), DeserializeColumnIndex),
              *columns);
  }
  EXPECT_EQ(column_indexes, 12);
}

TEST(ReferenceFileTest, BloomFilterHeaderOfParquetMrFileIsReadable) {
  const LoadedFile file = LoadReferenceFile("data_index_bloom_encoding_stats.parquet");
  const ColumnMetaData& meta = *file.metadata.row_groups.at(0).columns.at(0).meta_data;
  ASSERT_TRUE(meta.bloom_filter_offset.has_value());
  auto header = DeserializeBloomFilterHeader(
      std::span(file.bytes).subspan(*meta.bloom_filter_offset), *meta.bloom_filter_offset);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_TRUE(header->first.algorithm_is_block);
  EXPECT_TRUE(header->first.hash_is_xxhash);
  EXPECT_TRUE(header->first.compression_is_uncompressed);
  EXPECT_GT(header->first.num_bytes, 0);
  EXPECT_EQ(header->first.num_bytes % 32, 0);  // whole 256-bit blocks
  EXPECT_LE(
      *meta.bloom_filter_offset + static_cast<int64_t>(header->second) + header->first.num_bytes,
      static_cast<int64_t>(file.bytes.size()));
  ASSERT_FALSE(meta.encoding_stats.empty());
}

}  // namespace
}  // namespace hindsight::parquet::format
