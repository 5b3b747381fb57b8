// Property: any rows of any schema, written with any options, read back equal.
// For each seed: a random schema (structs, lists, maps, legacy layouts, every physical
// type; nesting up to 5 levels), random rows (nulls at every level, empty lists, long
// strings), random writer options (codec, page and row group limits, dictionary size,
// encodings, statistics, page index, CRCs, threads), several batches; the file is read
// back with Hindsight's reader (CRCs verified) and compared with the rows written.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "parquet/reader/column_concat.h"
#include "parquet/reader/file_reader.h"
#include "parquet/schema/testing/column_compare.h"
#include "parquet/schema/testing/random_columns.h"
#include "parquet/writer/file_writer.h"
#include "parquet/writer/testing/writer_samples.h"
#include "util/test_scratch_dir.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using format::Encoding;
using format::Type;

// Seeds per run: ~15 ms each, well inside the test time budget.
constexpr uint64_t kSeeds = 300;

int Depth(const LogicalNode& node) {
  int deepest = 0;
  for (const LogicalNode& child : node.children) deepest = std::max(deepest, Depth(child));
  return node.children.empty() ? 0 : deepest + 1;
}

// An encoding other than the default that suits `type`, or nullopt.
std::optional<Encoding> AlternativeEncoding(Type type, std::mt19937_64& random) {
  std::vector<Encoding> choices;
  switch (type) {
    case Type::BOOLEAN:
      choices = {Encoding::RLE};
      break;
    case Type::INT32:
    case Type::INT64:
      choices = {Encoding::DELTA_BINARY_PACKED, Encoding::BYTE_STREAM_SPLIT};
      break;
    case Type::FLOAT:
    case Type::DOUBLE:
      choices = {Encoding::BYTE_STREAM_SPLIT};
      break;
    case Type::BYTE_ARRAY:
      choices = {Encoding::DELTA_LENGTH_BYTE_ARRAY, Encoding::DELTA_BYTE_ARRAY};
      break;
    case Type::FIXED_LEN_BYTE_ARRAY:
      choices = {Encoding::DELTA_BYTE_ARRAY, Encoding::BYTE_STREAM_SPLIT};
      break;
    default:
      return std::nullopt;
  }
  return choices[random() % choices.size()];
}

WriterOptions RandomOptions(const Schema& schema, std::mt19937_64& random) {
  WriterOptions options;
  const CompressionCodec codecs[] = {CompressionCodec::UNCOMPRESSED, CompressionCodec::SNAPPY,
                                     CompressionCodec::GZIP,         CompressionCodec::ZSTD,
                                     CompressionCodec::LZ4_RAW,      CompressionCodec::BROTLI};
  options.codec = codecs[random() % 6];
  options.dictionary = random() % 3 != 0;
  options.max_dictionary_bytes = 16 + random() % 2048;
  options.data_page_bytes = 1 + static_cast<int64_t>(random() % 4096);
  options.max_page_rows = 1 + static_cast<int64_t>(random() % 64);
  options.max_row_group_rows = 1 + static_cast<int64_t>(random() % 200);
  options.max_row_group_bytes = 512 + static_cast<int64_t>(random() % 65536);
  options.write_statistics = random() % 4 != 0;
  options.write_page_index = random() % 4 != 0;
  options.write_page_checksums = random() % 4 != 0;
  options.column_index_value_bytes = 1 + random() % 16;
  options.max_statistics_bytes = 1 + random() % 64;
  options.threads = 1 + static_cast<int>(random() % 3);
  for (const LeafColumn& leaf : schema.leaves()) {
    if (random() % 3 == 0) {
      if (auto encoding = AlternativeEncoding(leaf.physical_type, random)) {
        options.columns[leaf.dotted_path].encoding = encoding;
      }
    }
    if (leaf.physical_type != Type::BOOLEAN && random() % 4 == 0) {
      options.columns[leaf.dotted_path].bloom_filter = BloomFilterOptions{};
    }
  }
  return options;
}

TEST(WriterRoundTripPropertyTest, RandomSchemasRowsAndOptionsReadBackEqual) {
  int deep_schemas = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 random(seed);
    test_util::RandomSchemaOptions schema_options;
    schema_options.max_depth = 5;
    const Schema schema = test_util::RandomSchema(seed, schema_options);
    if (Depth(schema.logical_root()) >= 4) ++deep_schemas;  // root + >= 3 levels
    const WriterOptions options = RandomOptions(schema, random);

    std::vector<RecordBatch> batches;
    RecordBatch expected;
    const int num_batches = 1 + static_cast<int>(random() % 3);
    for (int b = 0; b < num_batches; ++b) {
      const auto rows = static_cast<int64_t>(random() % 120);
      batches.push_back(test_util::RandomValidRows(schema, rows, seed * 7 + b));
      RecordBatch copy = batches.back();
      if (b == 0) {
        expected = std::move(copy);
      } else {
        AppendBatch(expected, std::move(copy));
      }
    }
    const std::string path = (testing_util::TestScratchDir() / "writer_property.parquet").string();
    auto written = test_util::WriteParquetFile(path, schema, batches, options);
    ASSERT_TRUE(written.ok()) << written.status() << "\n" << schema.ToString();
    auto reader = ParquetFileReader::OpenPath(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ((*reader)->metadata(), *written);
    ReadOptions read_options;
    read_options.verify_checksums = true;
    auto read = (*reader)->ReadAll(read_options);
    ASSERT_TRUE(read.ok()) << read.status() << "\n" << schema.ToString();
    std::string diff;
    ASSERT_TRUE(test_util::BatchesEqual(expected, *read, &diff)) << diff << "\n"
                                                                 << schema.ToString();
  }
  EXPECT_GE(deep_schemas, static_cast<int>(kSeeds / 4));
}

}  // namespace
}  // namespace hindsight::parquet
