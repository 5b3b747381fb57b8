// Benchmark W7 (BENCHMARKS.md), Hindsight side: writes a facts-like table with the
// Parquet writer and scans files fully with the reader, best of N runs, printing one
// JSON line per result. bench/run_bench.sh runs the DuckDB side on the same data.
//
//   hindsight_bench_parquet write --rows N --out FILE [--repeats R] [--threads T]
//   hindsight_bench_parquet scan FILE [--repeats R] [--threads T]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "parquet/reader/file_reader.h"
#include "parquet/schema/field.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/file_writer.h"

namespace {

using namespace hindsight;
using namespace hindsight::parquet;

// Deterministic, cheap generator so both sides see identical data for a given size.
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

constexpr int64_t kRowsPerProfile = 20;
constexpr int64_t kStartMicros = 1793577600LL * 1000000;  // 2026-11-02T00:00:00Z
const char* const kCountries[] = {"US", "BR", "MX", "GB", "DE", "FR", "IN", "JP", "KR", "CA",
                                  "AU", "ES", "IT", "NL", "SE", "PL", "AR", "CO", "TR", "ID"};
const char* const kDevices[] = {"tv", "mobile", "web", "tablet"};
const char* const kPlans[] = {"basic", "standard", "premium", "ads"};

Column FixedColumn(ColumnType type, int64_t length) {
  Column column;
  column.type = type;
  column.length = length;
  column.values.resize(static_cast<size_t>(length) * FixedWidth(type));
  return column;
}

void AppendString(Column& column, std::string_view text) {
  column.values.insert(column.values.end(), text.begin(), text.end());
  column.offsets.push_back(static_cast<int64_t>(column.values.size()));
}

Column StringColumn() {
  Column column;
  column.type = ColumnType::kBinary;
  column.offsets.push_back(0);
  return column;
}

StatusOr<Schema> FactsSchema() {
  return Schema::Make({
      Field::Int64("profile_id"),
      Field::Timestamp("ts"),
      Field::String("record_id"),
      Field::String("country"),
      Field::String("device"),
      Field::Optional(Field::String("plan")),
      Field::List("items", Field::Int64("element")),
      Field::Double("watch_minutes"),
  });
}

RecordBatch MakeFacts(int64_t rows) {
  SplitMix rng(42);
  Column profile = FixedColumn(ColumnType::kInt64, rows);
  Column ts = FixedColumn(ColumnType::kInt64, rows);
  Column record_id = StringColumn();
  Column country = StringColumn();
  Column device = StringColumn();
  Column plan = StringColumn();
  plan.validity.assign(static_cast<size_t>(rows), 1);
  Column items;
  items.type = ColumnType::kList;
  items.offsets.push_back(0);
  Column item_ids;
  item_ids.type = ColumnType::kInt64;
  Column minutes = FixedColumn(ColumnType::kDouble, rows);
  auto profiles = profile.MutableValues<int64_t>();
  auto times = ts.MutableValues<int64_t>();
  auto watch = minutes.MutableValues<double>();
  std::vector<int64_t> ids;
  char buffer[48];
  int64_t t = 0;
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t profile_id = 1 + i / kRowsPerProfile;
    if (i % kRowsPerProfile == 0) t = kStartMicros + static_cast<int64_t>(rng.Below(3600000000));
    t += 60000000 + static_cast<int64_t>(rng.Below(86400000000));
    profiles[i] = profile_id;
    times[i] = t;
    const int n =
        std::snprintf(buffer, sizeof(buffer), "r-%lld-%lld", static_cast<long long>(profile_id),
                      static_cast<long long>(i % kRowsPerProfile));
    AppendString(record_id, std::string_view(buffer, static_cast<size_t>(n)));
    AppendString(country, kCountries[(profile_id * 7) % 20]);
    AppendString(device, kDevices[rng.Below(4)]);
    if (rng.Below(20) == 0) {
      plan.validity[i] = 0;
      AppendString(plan, "");
    } else {
      AppendString(plan, kPlans[profile_id % 4]);
    }
    const int64_t count = static_cast<int64_t>(rng.Below(11));
    for (int64_t k = 0; k < count; ++k) ids.push_back(1 + static_cast<int64_t>(rng.Below(50000)));
    items.offsets.push_back(static_cast<int64_t>(ids.size()));
    watch[i] = static_cast<double>(rng.Below(720000)) / 100.0;
  }
  for (Column* column : {&record_id, &country, &device, &plan}) column->length = rows;
  item_ids.length = static_cast<int64_t>(ids.size());
  item_ids.values.resize(ids.size() * sizeof(int64_t));
  std::memcpy(item_ids.values.data(), ids.data(), item_ids.values.size());
  items.length = rows;
  items.children.push_back(std::move(item_ids));
  RecordBatch batch;
  batch.num_rows = rows;
  batch.columns.push_back(std::move(profile));
  batch.columns.push_back(std::move(ts));
  batch.columns.push_back(std::move(record_id));
  batch.columns.push_back(std::move(country));
  batch.columns.push_back(std::move(device));
  batch.columns.push_back(std::move(plan));
  batch.columns.push_back(std::move(items));
  batch.columns.push_back(std::move(minutes));
  return batch;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Fail(const Status& status) {
  std::fprintf(stderr, "hindsight_bench_parquet: %s\n", std::string(status.message()).c_str());
  return 2;
}

int Write(int64_t rows, const std::string& out, int repeats, int threads) {
  auto schema = FactsSchema();
  if (!schema.ok()) return Fail(schema.status());
  const RecordBatch batch = MakeFacts(rows);
  double best = 1e300;
  uint64_t bytes = 0;
  for (int r = 0; r < repeats; ++r) {
    WriterOptions options;
    options.threads = threads;
    options.sorting_columns = {{"profile_id"}, {"ts"}};
    const auto start = std::chrono::steady_clock::now();
    auto writer = ParquetFileWriter::Create(out, *schema, options);
    if (!writer.ok()) return Fail(writer.status());
    if (Status s = (*writer)->WriteBatch(batch); !s.ok()) return Fail(s);
    if (Status s = (*writer)->Close(); !s.ok()) return Fail(s);
    best = std::min(best, Seconds(start));
    bytes = 0;
    for (const auto& group : (*writer)->metadata().row_groups) {
      for (const auto& chunk : group.columns) bytes += chunk.meta_data->total_compressed_size;
    }
  }
  std::printf(
      "{\"side\":\"hindsight\",\"op\":\"write\",\"rows\":%lld,\"seconds\":%.4f,"
      "\"column_bytes\":%llu}\n",
      static_cast<long long>(rows), best, static_cast<unsigned long long>(bytes));
  return 0;
}

int Scan(const std::string& path, int repeats, int threads) {
  double best = 1e300;
  int64_t rows = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto reader = ParquetFileReader::OpenPath(path);
    if (!reader.ok()) return Fail(reader.status());
    ReadOptions options;
    options.threads = threads;
    // Streams row groups like DuckDB's scan: every value decoded, none kept.
    int64_t scanned = 0;
    Status status = (*reader)->Scan(options, [&](int, RecordBatch&& batch) {
      scanned += batch.num_rows;
      return true;
    });
    if (!status.ok()) return Fail(status);
    best = std::min(best, Seconds(start));
    rows = scanned;
  }
  std::printf(
      "{\"side\":\"hindsight\",\"op\":\"scan\",\"file\":\"%s\",\"rows\":%lld,"
      "\"seconds\":%.4f}\n",
      path.c_str(), static_cast<long long>(rows), best);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: hindsight_bench_parquet write --rows N --out FILE [--repeats R] "
                 "[--threads T]\n       hindsight_bench_parquet scan FILE [--repeats R] "
                 "[--threads T]\n");
    return 2;
  }
  const std::string mode = argv[1];
  int64_t rows = 20'000'000;
  int repeats = 3;
  int threads = 2;
  std::string path = mode == "scan" ? argv[2] : "";
  for (int i = mode == "scan" ? 3 : 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--rows")
      rows = std::atoll(argv[i + 1]);
    else if (flag == "--out")
      path = argv[i + 1];
    else if (flag == "--repeats")
      repeats = std::atoi(argv[i + 1]);
    else if (flag == "--threads")
      threads = std::atoi(argv[i + 1]);
  }
  if (mode == "write" && !path.empty()) return Write(rows, path, repeats, threads);
  if (mode == "scan") return Scan(path, repeats, threads);
  std::fprintf(stderr, "hindsight_bench_parquet: unknown mode or missing --out\n");
  return 2;
}
