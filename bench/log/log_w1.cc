// Benchmark W1 (BENCHMARKS.md): ~1 KB records (context + 5 facts) logged from T
// threads with FactLogger::Log into segment files, against raw write() of the same
// serialized bytes to one file (the physical limit). Prints one JSON line per side
// and repeat winner: records/s, caller Log() latency percentiles, bytes on disk.
//
// usage: hindsight_bench_log [--records N] [--threads T] [--repeats R] [--dir DIR]
//                            [--level L] [--fsync never|roll|batch] [--side both|hindsight|raw]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "hindsight/record.pb.h"
#include "log/fact_logger.h"

namespace hindsight::log {
namespace {

struct BenchOptions {
  int64_t records = 5'000'000;
  int threads = 2;
  int repeats = 3;
  std::string dir = "/tmp/hindsight-bench-w1";
  int level = 1;
  FsyncPolicy fsync = FsyncPolicy::kOnRollAndClose;
  std::string side = "both";
};

// Distinct record shapes the benchmark cycles through; each logged record is a copy
// with its own id and time, as an app would build it.
constexpr int kTemplates = 1024;

// Varint-encoded (field, value) pairs that look like a serialized fact message:
// small ids and deltas, so it compresses like real protobuf, not like noise.
std::string FactBytes(std::mt19937_64& random, size_t target_size, uint64_t id_range) {
  std::string out;
  while (out.size() < target_size) {
    const int field = 1 + static_cast<int>(random() % 4);
    out.push_back(static_cast<char>(field << 3));
    uint64_t value = field == 1 ? random() % id_range : random() % 4096;
    while (value >= 0x80) {
      out.push_back(static_cast<char>(value | 0x80));
      value >>= 7;
    }
    out.push_back(static_cast<char>(value));
  }
  out.resize(target_size);
  return out;
}

std::vector<Record> MakeTemplates() {
  std::mt19937_64 random(1);
  static const char* const kCountries[] = {"US", "BR", "IN", "GB", "DE", "JP", "MX", "FR"};
  static const char* const kDevices[] = {"tv", "phone", "tablet", "web"};
  struct FactShape {
    const char* type;
    size_t bytes;
    uint64_t id_range;
  };
  static const FactShape kFacts[] = {{"viewing_history", 420, 20000},
                                     {"my_list", 140, 20000},
                                     {"thumbs", 90, 20000},
                                     {"subscriber", 40, 16},
                                     {"impressions", 180, 20000}};
  std::vector<Record> templates(kTemplates);
  for (int t = 0; t < kTemplates; ++t) {
    Record& record = templates[t];
    record.set_app("homepage-ranker");
    ContextValue* profile = record.add_context();
    profile->set_key("profile_id");
    profile->set_int_value(static_cast<int64_t>(random() % 1'000'000));
    ContextValue* country = record.add_context();
    country->set_key("country");
    country->set_string_value(kCountries[random() % 8]);
    ContextValue* device = record.add_context();
    device->set_key("device");
    device->set_string_value(kDevices[random() % 4]);
    ContextValue* hour = record.add_context();
    hour->set_key("local_hour");
    hour->set_int_value(static_cast<int64_t>(random() % 24));
    for (const FactShape& shape : kFacts) {
      Fact* fact = record.add_facts();
      fact->set_type(shape.type);
      fact->set_value(FactBytes(random, shape.bytes, shape.id_range));
    }
    for (int i = 0; i < 20; ++i) record.add_items(static_cast<int64_t>(random() % 20000));
    (*record.mutable_meta())["model"] = "ranker-v" + std::to_string(random() % 4);
    (*record.mutable_meta())["cell"] = "cell-" + std::to_string(random() % 10);
  }
  return templates;
}

void FillRecord(const Record& shape, int64_t index, Record& record) {
  record.CopyFrom(shape);
  record.set_record_id("w1-" + std::to_string(index));
  record.set_event_time_us(1'790'000'000'000'000 + index);
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) total += entry.file_size();
  return total;
}

struct SideResult {
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t p50 = 0, p99 = 0, p999 = 0, max = 0;
  uint64_t dropped = 0;
};

uint64_t Percentile(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(q * sorted.size()));
  return sorted[index];
}

SideResult RunHindsight(const BenchOptions& options, const std::vector<Record>& templates,
                        std::vector<uint32_t>& latencies) {
  const std::string dir = options.dir + "/hindsight";
  std::filesystem::remove_all(dir);
  LoggerOptions logger_options;
  logger_options.log_dir = dir;
  logger_options.compression_level = options.level;
  logger_options.fsync = options.fsync;
  auto logger = FactLogger::Open(std::move(logger_options));
  if (!logger.ok()) {
    std::fprintf(stderr, "cannot open logger: %s\n", logger.status().ToString().c_str());
    std::exit(1);
  }
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      const int64_t begin = options.records * t / options.threads;
      const int64_t end = options.records * (t + 1) / options.threads;
      Record record;
      while (!go.load()) std::this_thread::yield();
      for (int64_t i = begin; i < end; ++i) {
        FillRecord(templates[i % kTemplates], i, record);
        const auto start = std::chrono::steady_clock::now();
        Status status = (*logger)->Log(std::move(record));
        const auto stop = std::chrono::steady_clock::now();
        latencies[i] = static_cast<uint32_t>(
            std::min<int64_t>(UINT32_MAX, std::chrono::nanoseconds(stop - start).count()));
        PermitUncheckedError(status);
      }
    });
  }
  const auto started = std::chrono::steady_clock::now();
  go.store(true);
  for (auto& thread : threads) thread.join();
  const Status closed = (*logger)->Close();
  const auto finished = std::chrono::steady_clock::now();
  if (!closed.ok()) {
    std::fprintf(stderr, "logger close failed: %s\n", closed.ToString().c_str());
    std::exit(1);
  }
  SideResult result;
  result.seconds = Seconds(finished - started);
  result.bytes = DirectoryBytes(dir);
  result.dropped = (*logger)->counters().dropped;
  std::sort(latencies.begin(), latencies.end());
  result.p50 = Percentile(latencies, 0.50);
  result.p99 = Percentile(latencies, 0.99);
  result.p999 = Percentile(latencies, 0.999);
  result.max = latencies.back();
  std::filesystem::remove_all(dir);
  return result;
}

SideResult RunRawWrite(const BenchOptions& options, const std::vector<std::string>& serialized) {
  std::filesystem::create_directories(options.dir);
  const std::string path = options.dir + "/raw.bin";
  std::filesystem::remove(path);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  if (fd < 0) {
    std::perror("open raw file");
    std::exit(1);
  }
  constexpr size_t kWriteBuffer = 1u << 20;  // same order as the logger's batches
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      const int64_t begin = options.records * t / options.threads;
      const int64_t end = options.records * (t + 1) / options.threads;
      std::string buffer;
      buffer.reserve(kWriteBuffer + 4096);
      auto write_out = [&] {
        size_t done = 0;
        while (done < buffer.size()) {
          const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
          if (n < 0) {
            std::perror("write");
            std::exit(1);
          }
          done += static_cast<size_t>(n);
        }
        buffer.clear();
      };
      while (!go.load()) std::this_thread::yield();
      for (int64_t i = begin; i < end; ++i) {
        buffer += serialized[i % kTemplates];
        if (buffer.size() >= kWriteBuffer) write_out();
      }
      write_out();
    });
  }
  const auto started = std::chrono::steady_clock::now();
  go.store(true);
  for (auto& thread : threads) thread.join();
  if (options.fsync != FsyncPolicy::kNever) ::fsync(fd);
  ::close(fd);
  const auto finished = std::chrono::steady_clock::now();
  SideResult result;
  result.seconds = Seconds(finished - started);
  result.bytes = std::filesystem::file_size(path);
  std::filesystem::remove(path);
  return result;
}

void PrintResult(const char* side, const BenchOptions& options, const SideResult& r,
                 bool with_latency) {
  std::printf(
      "{\"bench\":\"w1\",\"side\":\"%s\",\"records\":%lld,\"threads\":%d,\"seconds\":%.4f,"
      "\"records_per_s\":%.0f,\"bytes_on_disk\":%llu,\"bytes_per_record\":%.1f",
      side, static_cast<long long>(options.records), options.threads, r.seconds,
      options.records / r.seconds, static_cast<unsigned long long>(r.bytes),
      static_cast<double>(r.bytes) / options.records);
  if (with_latency) {
    std::printf(
        ",\"log_p50_ns\":%llu,\"log_p99_ns\":%llu,\"log_p999_ns\":%llu,\"log_max_ns\":%llu,"
        "\"dropped\":%llu,\"zstd_level\":%d",
        static_cast<unsigned long long>(r.p50), static_cast<unsigned long long>(r.p99),
        static_cast<unsigned long long>(r.p999), static_cast<unsigned long long>(r.max),
        static_cast<unsigned long long>(r.dropped), options.level);
  }
  std::printf("}\n");
  std::fflush(stdout);
}

BenchOptions ParseArgs(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "missing value for %s\n", flag.c_str());
      std::exit(2);
    }
    const std::string value = argv[++i];
    if (flag == "--records") {
      options.records = std::stoll(value);
    } else if (flag == "--threads") {
      options.threads = std::stoi(value);
    } else if (flag == "--repeats") {
      options.repeats = std::stoi(value);
    } else if (flag == "--dir") {
      options.dir = value;
    } else if (flag == "--level") {
      options.level = std::stoi(value);
    } else if (flag == "--side") {
      options.side = value;
    } else if (flag == "--fsync") {
      if (value == "never") {
        options.fsync = FsyncPolicy::kNever;
      } else if (value == "roll") {
        options.fsync = FsyncPolicy::kOnRollAndClose;
      } else if (value == "batch") {
        options.fsync = FsyncPolicy::kEveryBatch;
      } else {
        std::fprintf(stderr, "--fsync takes never, roll or batch\n");
        std::exit(2);
      }
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  if (options.records <= 0 || options.threads <= 0 || options.repeats <= 0) {
    std::fprintf(stderr, "--records, --threads and --repeats must be positive\n");
    std::exit(2);
  }
  return options;
}

int Main(int argc, char** argv) {
  const BenchOptions options = ParseArgs(argc, argv);
  const std::vector<Record> templates = MakeTemplates();
  std::vector<std::string> serialized;
  double mean_size = 0;
  for (int t = 0; t < kTemplates; ++t) {
    Record record;
    FillRecord(templates[t], t, record);
    serialized.push_back(record.SerializeAsString());
    mean_size += serialized.back().size();
  }
  std::fprintf(stderr, "W1: %lld records of %.0f bytes (serialized), %d threads, best of %d\n",
               static_cast<long long>(options.records), mean_size / kTemplates, options.threads,
               options.repeats);
  const bool run_ours = options.side == "both" || options.side == "hindsight";
  const bool run_raw = options.side == "both" || options.side == "raw";
  std::vector<uint32_t> latencies(static_cast<size_t>(options.records));
  SideResult best_ours, best_raw;
  for (int repeat = 0; repeat < options.repeats; ++repeat) {
    if (run_raw) {
      const SideResult raw = RunRawWrite(options, serialized);
      if (best_raw.seconds == 0 || raw.seconds < best_raw.seconds) best_raw = raw;
    }
    if (run_ours) {
      const SideResult ours = RunHindsight(options, templates, latencies);
      if (best_ours.seconds == 0 || ours.seconds < best_ours.seconds) best_ours = ours;
    }
  }
  if (run_raw) PrintResult("raw_write", options, best_raw, false);
  if (run_ours) PrintResult("hindsight", options, best_ours, true);
  if (run_ours && run_raw) {
    std::fprintf(
        stderr,
        "W1 hindsight %.2fM records/s = %.0f%% of raw write() %.2fM records/s; "
        "Log() p50 %llu ns p99 %llu ns p999 %llu ns; %.1f bytes/record on disk "
        "(raw %.1f)\n",
        options.records / best_ours.seconds / 1e6, 100.0 * best_raw.seconds / best_ours.seconds,
        options.records / best_raw.seconds / 1e6, static_cast<unsigned long long>(best_ours.p50),
        static_cast<unsigned long long>(best_ours.p99),
        static_cast<unsigned long long>(best_ours.p999),
        static_cast<double>(best_ours.bytes) / options.records,
        static_cast<double>(best_raw.bytes) / options.records);
  }
  return 0;
}

}  // namespace
}  // namespace hindsight::log

int main(int argc, char** argv) { return hindsight::log::Main(argc, argv); }
