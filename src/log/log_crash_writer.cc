// Test helper for crash_test.cc: logs records "r0", "r1", ... into segment files in
// argv[1] and, after each Flush() returns, prints "acked <n>" (records r0..r<n-1>
// are acknowledged) to stdout. Runs until killed or `max_records` are logged.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "log/fact_logger.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s LOG_DIR SEED\n", argv[0]);
    return 2;
  }
  using hindsight::log::FactLogger;
  hindsight::log::LoggerOptions options;
  options.log_dir = argv[1];
  options.max_batch_records = 64;
  options.max_segment_bytes = 256 * 1024;
  options.fsync = hindsight::log::FsyncPolicy::kNever;
  auto logger = FactLogger::Open(std::move(options));
  if (!logger.ok()) {
    std::fprintf(stderr, "%s\n", logger.status().ToString().c_str());
    return 1;
  }
  std::mt19937_64 random(std::strtoull(argv[2], nullptr, 10));
  constexpr int64_t kMaxRecords = 20'000'000;
  int64_t next_flush = 1 + static_cast<int64_t>(random() % 500);
  const std::string payload(200, 'x');
  for (int64_t id = 0; id < kMaxRecords; ++id) {
    hindsight::Record record;
    record.set_record_id("r" + std::to_string(id));
    record.set_app("crash");
    record.set_event_time_us(id);
    hindsight::Fact* fact = record.add_facts();
    fact->set_type("viewing_history");
    fact->set_value(payload);
    if (!(*logger)->Log(std::move(record)).ok()) return 1;
    if (id + 1 == next_flush) {
      if (!(*logger)->Flush().ok()) return 1;
      std::printf("acked %lld\n", static_cast<long long>(id + 1));
      std::fflush(stdout);
      next_flush += 1 + static_cast<int64_t>(random() % 500);
    }
  }
  return (*logger)->Close().ok() ? 0 : 1;
}
