// Checks of what the writer stores beside the values, against the values themselves:
// chunk statistics and page index entries against a brute-force pass over each chunk's
// and each page's decoded values, encodings and their fallback, bloom filters, CRCs.
#include "parquet/writer/column_chunk_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "parquet/reader/file_reader.h"
#include "parquet/reader/page_decoder.h"
#include "parquet/reader/page_reader.h"
#include "parquet/reader/value_decoder.h"
#include "parquet/schema/record_shredder.h"
#include "parquet/schema/testing/column_compare.h"
#include "parquet/schema/testing/column_literals.h"
#include "parquet/writer/file_writer.h"
#include "parquet/writer/testing/writer_samples.h"
#include "util/test_scratch_dir.h"

namespace hindsight::parquet {
namespace {

using format::Encoding;
using format::PageType;
using format::Type;

std::string TempPath(const std::string& name) {
  return (testing_util::TestScratchDir() / ("chunk_writer_test_" + name + ".parquet")).string();
}

// A value's rank key, computed independently of statistics_builder.cc.
struct Key {
  enum Kind { kSigned, kUnsigned, kFloating, kBytes } kind = kSigned;
  __int128 integer = 0;
  double floating = 0;
  std::string bytes;

  bool operator<(const Key& other) const {
    switch (kind) {
      case kSigned:
      case kUnsigned:
        return integer < other.integer;
      case kFloating:
        return floating < other.floating;
      case kBytes:
        return std::lexicographical_compare(
            bytes.begin(), bytes.end(), other.bytes.begin(), other.bytes.end(),
            [](char a, char b) { return static_cast<uint8_t>(a) < static_cast<uint8_t>(b); });
    }
    return false;
  }
};

bool IsUnsigned(const LeafColumn& leaf) {
  const auto& logical = leaf.node->logical_type;
  return logical && logical->kind == format::LogicalType::Kind::INTEGER && !logical->is_signed;
}

bool IsDecimal(const LeafColumn& leaf) {
  const auto& logical = leaf.node->logical_type;
  return logical && logical->kind == format::LogicalType::Kind::DECIMAL;
}

__int128 BigEndianSigned(std::string_view bytes) {
  __int128 value = (!bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80)) ? -1 : 0;
  for (const char c : bytes) value = value * 256 + static_cast<uint8_t>(c);
  return value;
}

// The key of a dense value, or nullopt for NaN.
std::optional<Key> KeyOf(const LeafColumn& leaf, const Column& values, int64_t i) {
  Key key;
  switch (leaf.physical_type) {
    case Type::BOOLEAN:
      key.integer = values.values[i];
      return key;
    case Type::INT32: {
      const int32_t value = values.Values<int32_t>()[i];
      key.integer = IsUnsigned(leaf) ? __int128{static_cast<uint32_t>(value)} : __int128{value};
      return key;
    }
    case Type::INT64: {
      const int64_t value = values.Values<int64_t>()[i];
      key.integer = IsUnsigned(leaf) ? __int128{static_cast<uint64_t>(value)} : __int128{value};
      return key;
    }
    case Type::FLOAT:
    case Type::DOUBLE: {
      key.kind = Key::kFloating;
      key.floating = leaf.physical_type == Type::FLOAT ? values.Values<float>()[i]
                                                       : values.Values<double>()[i];
      if (std::isnan(key.floating)) return std::nullopt;
      return key;
    }
    default:
      if (IsDecimal(leaf)) {
        key.integer = BigEndianSigned(values.Binary(i));
      } else {
        key.kind = Key::kBytes;
        key.bytes = std::string(values.Binary(i));
      }
      return key;
  }
}

// The key of a PLAIN-encoded bound of `leaf`.
Key KeyOfBound(const LeafColumn& leaf, const std::string& bytes) {
  Column column;
  column.type = leaf.column_type;
  column.length = 1;
  if (leaf.column_type == ColumnType::kBinary) {
    column.offsets = {0, static_cast<int64_t>(bytes.size())};
  }
  column.values.assign(bytes.begin(), bytes.end());
  return *KeyOf(leaf, column, 0);
}

std::optional<std::pair<Key, Key>> BruteForceBounds(const LeafColumn& leaf, const Column& values) {
  std::optional<std::pair<Key, Key>> bounds;
  for (int64_t i = 0; i < values.length; ++i) {
    std::optional<Key> key = KeyOf(leaf, values, i);
    if (!key) continue;
    if (!bounds) {
      bounds = std::make_pair(*key, *key);
      continue;
    }
    if (*key < bounds->first) bounds->first = *key;
    if (bounds->second < *key) bounds->second = *key;
  }
  return bounds;
}

bool SameKey(const Key& a, const Key& b) { return !(a < b) && !(b < a); }

// Checks stored bounds against brute-force ones; byte bounds may be truncated
// (min a prefix of the true min, max at least the true max).
void ExpectBounds(const LeafColumn& leaf, const std::optional<std::pair<Key, Key>>& expected,
                  const std::string& min, const std::string& max, bool may_truncate) {
  ASSERT_TRUE(expected.has_value()) << leaf.dotted_path;
  const Key min_key = KeyOfBound(leaf, min);
  const Key max_key = KeyOfBound(leaf, max);
  if (may_truncate && min_key.kind == Key::kBytes) {
    EXPECT_EQ(expected->first.bytes.substr(0, min.size()), min) << leaf.dotted_path;
    EXPECT_FALSE(max_key < expected->second) << leaf.dotted_path;
    return;
  }
  EXPECT_TRUE(SameKey(min_key, expected->first)) << leaf.dotted_path;
  EXPECT_TRUE(SameKey(max_key, expected->second)) << leaf.dotted_path;
}

struct DecodedChunkPage {
  format::PageHeader header;
  uint64_t file_offset = 0;
  uint64_t stored_size = 0;  // header + body
  LeafData data;
  int64_t rows = 0;
};

// The data pages of a chunk, decoded one by one with the reader's page decoder.
std::vector<DecodedChunkPage> ReadChunkPages(const std::string& bytes, const LeafColumn& leaf,
                                             const format::ColumnMetaData& meta) {
  const int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
  const std::span<const uint8_t> chunk(reinterpret_cast<const uint8_t*>(bytes.data()) + start,
                                       static_cast<size_t>(meta.total_compressed_size));
  PageReader reader(chunk, static_cast<uint64_t>(start), meta.codec, true);
  std::optional<Dictionary> dictionary;
  std::vector<DecodedChunkPage> pages;
  std::vector<uint32_t> scratch;
  for (;;) {
    const uint64_t position = reader.position();
    auto page = reader.Next();
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || *page == nullptr) break;
    if ((*page)->header.type == PageType::DICTIONARY_PAGE) {
      auto decoded =
          DecodeDictionaryPage(leaf, *(*page)->header.dictionary_page_header, (*page)->body);
      EXPECT_TRUE(decoded.ok()) << decoded.status();
      dictionary = std::move(*decoded);
      continue;
    }
    DecodedChunkPage out;
    out.header = (*page)->header;
    out.file_offset = position;
    out.stored_size = reader.position() - position;
    out.data.values = EmptyValues(leaf);
    auto decoded =
        DecodeDataPage(leaf, **page, dictionary ? &*dictionary : nullptr, &out.data, &scratch);
    EXPECT_TRUE(decoded.ok()) << decoded.status();
    if (decoded.ok()) out.rows = decoded->rows;
    pages.push_back(std::move(out));
  }
  return pages;
}

struct WrittenFile {
  std::string bytes;
  std::unique_ptr<ParquetFileReader> reader;
};

WrittenFile WriteAndOpen(const std::string& name, const Schema& schema,
                         const std::vector<RecordBatch>& batches, const WriterOptions& options) {
  const std::string path = TempPath(name);
  auto written = test_util::WriteParquetFile(path, schema, batches, options);
  EXPECT_TRUE(written.ok()) << written.status();
  WrittenFile file;
  file.bytes = ReadFileToString(path).value();
  file.reader = std::move(ParquetFileReader::OpenPath(path)).value();
  return file;
}

RecordBatch WithSpecialFloats(RecordBatch batch, const Schema& schema) {
  // f32 (required FLOAT, top-level field 9): NaN, both zeros and infinities.
  (void)schema;
  Column& f32 = batch.columns[9];
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(), -0.0f, 0.0f,
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity()};
  for (int64_t i = 0; i < f32.length; i += 3) f32.MutableValues<float>()[i] = specials[i % 5];
  return batch;
}

TEST(ColumnChunkMetadataTest, StatisticsMatchBruteForceBoundsOfEveryChunk) {
  const Schema schema = test_util::AllTypesSchema();
  const RecordBatch rows = WithSpecialFloats(test_util::RandomValidRows(schema, 600, 21), schema);
  WriterOptions options;
  options.max_row_group_rows = 150;
  options.max_page_rows = 20;
  WrittenFile file = WriteAndOpen("statistics", schema, {rows}, options);
  const auto& row_groups = file.reader->metadata().row_groups;
  ASSERT_EQ(row_groups.size(), 4u);
  for (int g = 0; g < 4; ++g) {
    auto batch = file.reader->ReadRowGroup(g, ReadOptions{});
    ASSERT_TRUE(batch.ok()) << batch.status();
    auto leaves = ShredRecords(schema, *batch);
    ASSERT_TRUE(leaves.ok()) << leaves.status();
    for (int i = 0; i < schema.num_leaves(); ++i) {
      const LeafColumn& leaf = schema.leaf(i);
      const LeafData& data = (*leaves)[i];
      const format::ColumnMetaData& meta = *row_groups[g].columns[i].meta_data;
      ASSERT_TRUE(meta.statistics.has_value());
      const int64_t levels = static_cast<int64_t>(leaf.max_def_level > 0 ? data.def_levels.size()
                                                                         : data.values.length);
      EXPECT_EQ(meta.statistics->null_count, levels - data.values.length) << leaf.dotted_path;
      EXPECT_EQ(meta.num_values, levels) << leaf.dotted_path;
      const auto expected = BruteForceBounds(leaf, data.values);
      if (!expected) {
        EXPECT_FALSE(meta.statistics->min_value.has_value()) << leaf.dotted_path;
        continue;
      }
      ASSERT_TRUE(meta.statistics->min_value && meta.statistics->max_value) << leaf.dotted_path;
      ExpectBounds(leaf, expected, *meta.statistics->min_value, *meta.statistics->max_value, false);
    }
  }
}

TEST(ColumnChunkMetadataTest, PageIndexDescribesEveryDataPage) {
  const Schema schema = test_util::AllTypesSchema();
  const RecordBatch rows = WithSpecialFloats(test_util::RandomValidRows(schema, 400, 22), schema);
  WriterOptions options;
  options.max_row_group_rows = 250;
  options.data_page_bytes = 300;
  options.max_page_rows = 30;
  WrittenFile file = WriteAndOpen("page_index", schema, {rows}, options);
  const auto& row_groups = file.reader->metadata().row_groups;
  for (size_t g = 0; g < row_groups.size(); ++g) {
    for (int i = 0; i < schema.num_leaves(); ++i) {
      const LeafColumn& leaf = schema.leaf(i);
      SCOPED_TRACE(leaf.dotted_path);
      const format::ColumnMetaData& meta = *row_groups[g].columns[i].meta_data;
      const std::vector<DecodedChunkPage> pages = ReadChunkPages(file.bytes, leaf, meta);
      auto offsets = file.reader->ReadOffsetIndex(static_cast<int>(g), i);
      auto columns = file.reader->ReadColumnIndex(static_cast<int>(g), i);
      ASSERT_TRUE(offsets.ok() && offsets->has_value());
      ASSERT_TRUE(columns.ok());
      const auto& locations = (*offsets)->page_locations;
      ASSERT_EQ(locations.size(), pages.size());
      int64_t first_row = 0;
      for (size_t p = 0; p < pages.size(); ++p) {
        EXPECT_EQ(locations[p].offset, static_cast<int64_t>(pages[p].file_offset));
        EXPECT_EQ(locations[p].compressed_page_size, static_cast<int32_t>(pages[p].stored_size));
        EXPECT_EQ(locations[p].first_row_index, first_row);
        if (leaf.max_rep_level > 0) EXPECT_EQ(pages[p].data.rep_levels.front(), 0);
        first_row += pages[p].rows;
      }
      EXPECT_EQ(first_row, row_groups[g].num_rows);
      if (!columns->has_value()) {
        // Only a page of nothing but NaN leaves a chunk without a column index.
        EXPECT_EQ(leaf.physical_type, Type::FLOAT);
        continue;
      }
      const format::ColumnIndex& index = **columns;
      ASSERT_EQ(index.null_pages.size(), pages.size());
      for (size_t p = 0; p < pages.size(); ++p) {
        const LeafData& data = pages[p].data;
        const int64_t levels = pages[p].header.data_page_header->num_values;
        EXPECT_EQ(index.null_counts[p], levels - data.values.length);
        EXPECT_EQ(index.null_pages[p], data.values.length == 0);
        if (index.null_pages[p]) continue;
        ExpectBounds(leaf, BruteForceBounds(leaf, data.values), index.min_values[p],
                     index.max_values[p], true);
      }
    }
  }
}

TEST(ColumnChunkMetadataTest, DictionaryFallsBackToPlainForTheRestOfTheChunk) {
  const Schema schema = std::move(Schema::Make({Field::String("s")})).value();
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 3000; ++i) values.push_back("value-" + std::to_string(i % 1000));
  RecordBatch batch;
  batch.num_rows = 3000;
  batch.columns.push_back(test_util::BinaryColumn(values));
  WriterOptions options;
  options.max_page_rows = 100;
  options.max_dictionary_bytes = 4000;  // ~300 of the 1000 distinct values
  WrittenFile file = WriteAndOpen("fallback", schema, {batch}, options);
  const format::ColumnMetaData& meta = *file.reader->metadata().row_groups[0].columns[0].meta_data;
  ASSERT_TRUE(meta.dictionary_page_offset.has_value());
  int dictionary_pages = 0;
  int plain_pages = 0;
  for (const format::PageEncodingStats& stats : meta.encoding_stats) {
    if (stats.page_type == PageType::DATA_PAGE && stats.encoding == Encoding::RLE_DICTIONARY) {
      dictionary_pages = stats.count;
    }
    if (stats.page_type == PageType::DATA_PAGE && stats.encoding == Encoding::PLAIN) {
      plain_pages = stats.count;
    }
  }
  EXPECT_EQ(dictionary_pages, 3);  // rows 0-299 fit the dictionary
  EXPECT_EQ(plain_pages, 27);
  const auto pages = ReadChunkPages(file.bytes, schema.leaf(0), meta);
  ASSERT_EQ(pages.size(), 30u);
  for (size_t p = 0; p < pages.size(); ++p) {
    EXPECT_EQ(pages[p].header.data_page_header->encoding,
              p < 3 ? Encoding::RLE_DICTIONARY : Encoding::PLAIN);
  }
  auto read = file.reader->ReadAll(ReadOptions{});
  ASSERT_TRUE(read.ok()) << read.status();
  std::string diff;
  EXPECT_TRUE(test_util::BatchesEqual(batch, *read, &diff)) << diff;
}

TEST(ColumnChunkMetadataTest, DeltaBinaryPackedTimestampsAreSmallAndRoundTrip) {
  const Schema schema = std::move(Schema::Make({Field::Timestamp("ts")})).value();
  std::vector<std::optional<int64_t>> values;
  for (int64_t i = 0; i < 50000; ++i) values.push_back(1'700'000'000'000'000 + i * 1'000'003);
  RecordBatch batch;
  batch.num_rows = 50000;
  batch.columns.push_back(test_util::Int64Column(values));
  WriterOptions options;
  options.codec = format::CompressionCodec::UNCOMPRESSED;
  options.columns["ts"].encoding = Encoding::DELTA_BINARY_PACKED;
  WrittenFile file = WriteAndOpen("delta", schema, {batch}, options);
  const format::ColumnMetaData& meta = *file.reader->metadata().row_groups[0].columns[0].meta_data;
  EXPECT_FALSE(meta.dictionary_page_offset.has_value());
  ASSERT_EQ(meta.encoding_stats.size(), 1u);
  EXPECT_EQ(meta.encoding_stats[0].encoding, Encoding::DELTA_BINARY_PACKED);
  EXPECT_LT(meta.total_uncompressed_size, 50000 * 8 / 10);  // deltas fit ~5 bits
  auto read = file.reader->ReadAll(ReadOptions{});
  ASSERT_TRUE(read.ok()) << read.status();
  std::string diff;
  EXPECT_TRUE(test_util::BatchesEqual(batch, *read, &diff)) << diff;
}

TEST(ColumnChunkMetadataTest, BloomFilterFindsEveryInsertedValue) {
  const Schema schema =
      std::move(Schema::Make({Field::Optional(Field::String("name")), Field::Int64("id"),
                              Field::List("codes", Field::Int32("element"))}))
          .value();
  RecordBatch batch = test_util::RandomValidRows(schema, 2000, 23);
  WriterOptions options;
  options.max_row_group_rows = 1000;
  options.columns["name"].bloom_filter = BloomFilterOptions{0.01, std::nullopt};
  options.columns["id"].bloom_filter = BloomFilterOptions{0.01, 5000};
  options.columns["codes"].bloom_filter = BloomFilterOptions{};
  WrittenFile file = WriteAndOpen("bloom", schema, {batch}, options);
  int64_t false_positives = 0;
  for (int g = 0; g < 2; ++g) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(file.reader->metadata().row_groups[g].columns[i].meta_data->bloom_filter_offset);
    }
    auto rows = file.reader->ReadRowGroup(g, ReadOptions{});
    ASSERT_TRUE(rows.ok()) << rows.status();
    auto leaves = ShredRecords(schema, *rows);
    ASSERT_TRUE(leaves.ok());
    const Column& names = (*leaves)[0].values;
    for (int64_t v = 0; v < names.length; ++v) {
      auto found = file.reader->MightContain(g, "name", std::string(names.Binary(v)));
      ASSERT_TRUE(found.ok()) << found.status();
      EXPECT_TRUE(*found);
    }
    for (const int64_t id : (*leaves)[1].values.Values<int64_t>()) {
      EXPECT_TRUE(file.reader->MightContain(g, "id", id).value());
    }
    for (const int32_t code : (*leaves)[2].values.Values<int32_t>()) {
      EXPECT_TRUE(file.reader->MightContain(g, "codes", int64_t{code}).value());
    }
    for (int probe = 0; probe < 1000; ++probe) {
      false_positives +=
          file.reader->MightContain(g, "name", "absent-" + std::to_string(probe)).value();
    }
  }
  EXPECT_LT(false_positives, 2000 * 5 / 100);
}

TEST(ColumnChunkMetadataTest, PageChecksumsDetectACorruptedPage) {
  const Schema schema = std::move(Schema::Make({Field::Int64("id")})).value();
  std::vector<std::optional<int64_t>> values;
  for (int64_t i = 0; i < 1000; ++i) values.push_back(i * i);
  RecordBatch batch;
  batch.num_rows = 1000;
  batch.columns.push_back(test_util::Int64Column(values));
  WriterOptions options;
  options.codec = format::CompressionCodec::UNCOMPRESSED;
  options.dictionary = false;
  const std::string path = TempPath("crc");
  ASSERT_TRUE(test_util::WriteParquetFile(path, schema, {batch}, options).ok());
  std::string bytes = ReadFileToString(path).value();
  bytes[bytes.size() / 4] ^= 0x10;  // inside the only data page's values
  auto reader = ParquetFileReader::Open(
      MakeMemoryFile("corrupt", std::vector<uint8_t>(bytes.begin(), bytes.end())));
  ASSERT_TRUE(reader.ok()) << reader.status();
  ReadOptions verify;
  verify.verify_checksums = true;
  const auto read = (*reader)->ReadAll(verify);
  EXPECT_FALSE(read.ok());
  EXPECT_TRUE((*reader)->ReadAll(ReadOptions{}).ok());  // the flip only changes a value
}

TEST(ColumnChunkMetadataTest, AllNullChunkHasNullPagesAndOnlyANullCount) {
  const Schema schema = std::move(Schema::Make({Field::Optional(Field::Double("x"))})).value();
  RecordBatch batch;
  batch.num_rows = 50;
  batch.columns.push_back(test_util::DoubleColumn(std::vector<std::optional<double>>(50)));
  WriterOptions options;
  options.max_page_rows = 20;
  WrittenFile file = WriteAndOpen("all_null", schema, {batch}, options);
  const format::ColumnMetaData& meta = *file.reader->metadata().row_groups[0].columns[0].meta_data;
  EXPECT_EQ(meta.statistics->null_count, 50);
  EXPECT_FALSE(meta.statistics->min_value.has_value());
  EXPECT_FALSE(meta.dictionary_page_offset.has_value());
  auto index = file.reader->ReadColumnIndex(0, 0);
  ASSERT_TRUE(index.ok() && index->has_value());
  EXPECT_EQ((*index)->null_pages, (std::vector<bool>{true, true, true}));
  EXPECT_EQ((*index)->null_counts, (std::vector<int64_t>{20, 20, 10}));
}

}  // namespace
}  // namespace hindsight::parquet
