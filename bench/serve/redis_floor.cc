// W6's floor (BENCHMARKS.md): what the Redis round trips alone cost a feature request —
// one HMGET of an entity's fact types, as the server issues it — paced at a request rate
// over several connections, or as fast as they go. Prints one JSON line.
//
// usage: hindsight_bench_redis_floor --redis URL --entities N --seconds S
//                                    [--rate QPS (0: as fast as possible)] [--connections C]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "serve/online_store.h"
#include "serve/redis_connection.h"

namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p / 100.0 * sorted.size()));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = "redis://127.0.0.1:6379";
  int64_t entities = 20000;
  double seconds = 10, rate = 1000;
  int connections = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--redis")
      url = argv[i + 1];
    else if (flag == "--entities")
      entities = std::atoll(argv[i + 1]);
    else if (flag == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (flag == "--rate")
      rate = std::atof(argv[i + 1]);
    else if (flag == "--connections")
      connections = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  auto endpoint = hindsight::serve::ParseRedisUrl(url);
  if (!endpoint.ok()) {
    std::fprintf(stderr, "%s\n", std::string(endpoint.status().message()).c_str());
    return 2;
  }
  const std::vector<std::string> types = {"impressions", "my_list", "subscriber", "thumbs",
                                          "viewing_history"};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
  std::atomic<bool> failed{false};
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      auto connection =
          hindsight::serve::RedisConnection::Connect(*endpoint, std::chrono::seconds(2));
      if (!connection.ok()) {
        failed = true;
        return;
      }
      hindsight::serve::OnlineStore store(std::move(*connection));
      std::mt19937_64 random(static_cast<uint64_t>(c) + 1);
      const double interval =
          rate > 0 ? connections / rate : 0;  // seconds per request, per connection
      auto next = start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(interval * c / connections));
      while (true) {
        if (rate > 0) {
          std::this_thread::sleep_until(next);
          next +=
              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
        }
        const auto sent = Clock::now();
        if (sent >= end) break;
        auto facts =
            store.Get(static_cast<int64_t>(random() % static_cast<uint64_t>(entities)), types);
        if (!facts.ok()) {
          failed = true;
          return;
        }
        latencies[static_cast<size_t>(c)].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (failed) {
    std::fprintf(stderr, "redis floor: a connection failed\n");
    return 1;
  }
  std::vector<double> all;
  for (const auto& each : latencies) all.insert(all.end(), each.begin(), each.end());
  std::sort(all.begin(), all.end());
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "{\"side\":\"redis_floor\",\"rate\":%g,\"connections\":%d,\"requests\":%zu,\"qps\":%.1f,"
      "\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"p999_ms\":%.4f}\n",
      rate, connections, all.size(), static_cast<double>(all.size()) / elapsed, Percentile(all, 50),
      Percentile(all, 99), Percentile(all, 99.9));
  return 0;
}
