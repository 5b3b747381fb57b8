// Write throughput of ParquetFileWriter on a facts-like nested table (profile, time,
// event kind, a list of candidate items with scores and tags), per codec and thread
// count. Not a test (run by hand): parquet_writer_benchmark [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/writer/file_writer.h"

namespace hindsight::parquet {
namespace {

constexpr int64_t kRows = 200000;
constexpr int64_t kItemsPerRow = 8;

Schema FactsSchema() {
  std::vector<Field> item;
  item.push_back(Field::Int64("video_id"));
  item.push_back(Field::Optional(Field::Double("score")));
  item.push_back(Field::List("tags", Field::String("element")));
  std::vector<Field> fields;
  fields.push_back(Field::Int64("profile_id"));
  fields.push_back(Field::Timestamp("ts"));
  fields.push_back(Field::String("event"));
  fields.push_back(Field::Optional(Field::String("country")));
  fields.push_back(Field::List("items", Field::Struct("element", std::move(item))));
  return std::move(Schema::Make(std::move(fields))).value();
}

RecordBatch FactsRows() {
  std::mt19937_64 random(42);
  std::vector<std::optional<int64_t>> profiles, times, video_ids, list_sizes, tag_sizes;
  std::vector<std::optional<std::string>> events, countries, tags;
  std::vector<std::optional<double>> scores;
  const char* kEvents[] = {"impression", "play", "pause", "search", "rate"};
  const char* kCountries[] = {"US", "BR", "DE", "IN", "JP", "FR"};
  for (int64_t row = 0; row < kRows; ++row) {
    profiles.push_back(row / 40);
    times.push_back(1'700'000'000'000'000 + row * 1'000'000 + static_cast<int64_t>(random() % 999));
    events.push_back(kEvents[random() % 5]);
    countries.push_back(random() % 10 == 0 ? std::nullopt
                                           : std::optional<std::string>(kCountries[random() % 6]));
    list_sizes.push_back(kItemsPerRow);
    for (int64_t i = 0; i < kItemsPerRow; ++i) {
      video_ids.push_back(static_cast<int64_t>(random() % 100000));
      scores.push_back(random() % 5 == 0 ? std::nullopt
                                         : std::optional<double>((random() % 10000) / 1e4));
      tag_sizes.push_back(2);
      tags.push_back("genre-" + std::to_string(random() % 30));
      tags.push_back("lang-" + std::to_string(random() % 8));
    }
  }
  std::vector<Column> item_fields;
  item_fields.push_back(test_util::Int64Column(video_ids));
  item_fields.push_back(test_util::DoubleColumn(scores));
  item_fields.push_back(test_util::ListColumn(tag_sizes, test_util::BinaryColumn(tags)));
  RecordBatch batch;
  batch.num_rows = kRows;
  batch.columns.push_back(test_util::Int64Column(profiles));
  batch.columns.push_back(test_util::Int64Column(times));
  batch.columns.push_back(test_util::BinaryColumn(events));
  batch.columns.push_back(test_util::BinaryColumn(countries));
  batch.columns.push_back(
      test_util::ListColumn(list_sizes, test_util::StructColumn(std::move(item_fields))));
  return batch;
}

void BM_WriteFacts(benchmark::State& state) {
  static const Schema schema = FactsSchema();
  static const RecordBatch rows = FactsRows();
  WriterOptions options;
  options.codec = static_cast<format::CompressionCodec>(state.range(0));
  options.threads = static_cast<int>(state.range(1));
  options.columns["ts"].encoding = format::Encoding::DELTA_BINARY_PACKED;
  const std::string path = "/tmp/parquet_writer_benchmark.parquet";
  int64_t file_bytes = 0;
  for (auto _ : state) {
    auto writer = ParquetFileWriter::Create(path, schema, options);
    if (!writer.ok() || !(*writer)->WriteBatch(rows).ok() || !(*writer)->Close().ok()) {
      state.SkipWithError("write failed");
      return;
    }
    file_bytes = 0;
    for (const auto& row_group : (*writer)->metadata().row_groups) {
      file_bytes += *row_group.total_compressed_size;
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.counters["file_MB"] = static_cast<double>(file_bytes) / 1e6;
  std::remove(path.c_str());
}
BENCHMARK(BM_WriteFacts)
    ->Args({static_cast<int>(format::CompressionCodec::UNCOMPRESSED), 1})
    ->Args({static_cast<int>(format::CompressionCodec::SNAPPY), 1})
    ->Args({static_cast<int>(format::CompressionCodec::ZSTD), 1})
    ->Args({static_cast<int>(format::CompressionCodec::ZSTD), 2})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hindsight::parquet

BENCHMARK_MAIN();
