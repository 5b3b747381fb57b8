// parquet_write_samples OUT_DIR: writes Parquet files with Hindsight's writer for the
// interop test (parquet_writer_interop_test.py), each NAME.parquet beside
// NAME.expected.jsonl, the rows it wrote as RowPrinter prints them (docs/PARQUET.md).
// Files: every type under every codec, dictionary fallback, delta and byte-stream-split
// encodings, tiny pages and row groups, huge strings, an empty file, and random nested
// schemas (depth >= 3) with random options.
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/random_columns.h"
#include "parquet/text/row_printer.h"
#include "parquet/writer/testing/writer_samples.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using format::Encoding;

// Random schemas written per run; each takes a few milliseconds to write and ~0.3 s for
// the peers to read.
constexpr uint64_t kRandomSchemas = 12;

struct Sample {
  std::string name;
  Schema schema;
  std::vector<RecordBatch> batches;
  WriterOptions options;
};

Status WriteSample(const std::string& dir, const Sample& sample) {
  const std::string base = StrCat(dir, "/", sample.name);
  HS_RETURN_IF_ERROR(
      test_util::WriteParquetFile(base + ".parquet", sample.schema, sample.batches, sample.options)
          .status());
  const RowPrinter printer = RowPrinter::Make(sample.schema, TextFormat::kJsonl);
  std::string text;
  for (const RecordBatch& batch : sample.batches)
    printer.AppendRows(batch, 0, batch.num_rows, text);
  return WriteFileAtomically(base + ".expected.jsonl", text);
}

RecordBatch OneColumn(Column column) {
  RecordBatch batch;
  batch.num_rows = column.length;
  batch.columns.push_back(std::move(column));
  return batch;
}

std::vector<Sample> HandSamples() {
  std::vector<Sample> samples;
  const Schema all_types = test_util::AllTypesSchema();
  const RecordBatch rows = test_util::RandomValidRows(all_types, 400, 1);
  const std::pair<CompressionCodec, const char*> codecs[] = {
      {CompressionCodec::UNCOMPRESSED, "uncompressed"},
      {CompressionCodec::SNAPPY, "snappy"},
      {CompressionCodec::GZIP, "gzip"},
      {CompressionCodec::ZSTD, "zstd"},
      {CompressionCodec::LZ4_RAW, "lz4_raw"},
      {CompressionCodec::BROTLI, "brotli"}};
  for (const auto& [codec, name] : codecs) {
    WriterOptions options;
    options.codec = codec;
    samples.push_back({StrCat("all_types_", name), all_types, {rows}, options});
  }
  {
    WriterOptions options;
    options.data_page_bytes = 200;
    options.max_page_rows = 9;
    options.max_row_group_rows = 70;
    options.max_dictionary_bytes = 300;  // falls back to PLAIN inside most chunks
    options.columns["session"].bloom_filter = BloomFilterOptions{};
    options.columns["name"].bloom_filter = BloomFilterOptions{0.01, 1000};
    samples.push_back({"all_types_tiny_pages_fallback",
                       all_types,
                       {rows, test_util::RandomValidRows(all_types, 150, 2)},
                       options});
  }
  {
    WriterOptions options;
    options.dictionary = false;
    options.columns["i32"].encoding = Encoding::DELTA_BINARY_PACKED;
    options.columns["i64"].encoding = Encoding::DELTA_BINARY_PACKED;
    options.columns["ts"].encoding = Encoding::DELTA_BINARY_PACKED;
    options.columns["session.visits.times"].encoding = Encoding::DELTA_BINARY_PACKED;
    options.columns["f32"].encoding = Encoding::BYTE_STREAM_SPLIT;
    options.columns["f64"].encoding = Encoding::BYTE_STREAM_SPLIT;
    options.columns["name"].encoding = Encoding::DELTA_LENGTH_BYTE_ARRAY;
    options.columns["blob"].encoding = Encoding::DELTA_BYTE_ARRAY;
    options.columns["flag"].encoding = Encoding::RLE;
    options.max_page_rows = 50;
    samples.push_back({"all_types_other_encodings", all_types, {rows}, options});
  }
  samples.push_back({"empty", all_types, {}, WriterOptions{}});
  {
    const Schema schema = std::move(Schema::Make({Field::Optional(Field::String("s"))})).value();
    std::vector<std::optional<std::string>> values;
    for (int i = 0; i < 4; ++i) {
      values.push_back(std::string((size_t{3} << 19) + i, static_cast<char>('p' + i)));
    }
    values.push_back(std::nullopt);
    samples.push_back(
        {"huge_strings", schema, {OneColumn(test_util::BinaryColumn(values))}, WriterOptions{}});
  }
  {
    const Schema schema = std::move(Schema::Make({Field::Optional(Field::Double("x"))})).value();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    samples.push_back(
        {"nan_and_zeros",
         schema,
         {OneColumn(test_util::DoubleColumn(
             {nan, -0.0, 0.0, std::nullopt, 1.5, -std::numeric_limits<double>::infinity()}))},
         WriterOptions{}});
  }
  return samples;
}

Sample RandomSample(uint64_t seed) {
  std::mt19937_64 random(seed);
  test_util::RandomSchemaOptions schema_options;
  schema_options.max_depth = 4;
  schema_options.legacy_layouts = false;
  schema_options.int96 = false;
  Sample sample{StrCat("random_", seed), test_util::RandomSchema(seed, schema_options), {}, {}};
  const CompressionCodec codecs[] = {CompressionCodec::UNCOMPRESSED, CompressionCodec::SNAPPY,
                                     CompressionCodec::GZIP, CompressionCodec::ZSTD,
                                     CompressionCodec::LZ4_RAW};
  sample.options.codec = codecs[random() % 5];
  sample.options.dictionary = random() % 2 == 0;
  sample.options.max_dictionary_bytes = 64 + random() % 4096;
  sample.options.data_page_bytes = 32 + static_cast<int64_t>(random() % 8192);
  sample.options.max_page_rows = 1 + static_cast<int64_t>(random() % 100);
  sample.options.max_row_group_rows = 1 + static_cast<int64_t>(random() % 300);
  const int64_t rows = static_cast<int64_t>(random() % 400);
  sample.batches.push_back(test_util::RandomValidRows(sample.schema, rows, seed * 31 + 1));
  sample.batches.push_back(test_util::RandomValidRows(sample.schema, rows / 3, seed * 31 + 2));
  return sample;
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parquet_write_samples OUT_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<Sample> samples = HandSamples();
  for (uint64_t seed = 1; seed <= kRandomSchemas; ++seed) samples.push_back(RandomSample(seed));
  for (const Sample& sample : samples) {
    const Status status = WriteSample(dir, sample);
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s\n", sample.name.c_str(), std::string(status.message()).c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace hindsight::parquet

int main(int argc, char** argv) { return hindsight::parquet::Main(argc, argv); }
