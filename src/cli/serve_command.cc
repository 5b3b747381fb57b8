// `hindsight serve STORE --features FILE.yaml [--port P] [--redis URL] [--bind ADDR]
// [--token T] ...`: the online feature server (serve/feature_server.h) until SIGINT or
// SIGTERM, then writes out every logged record and exits.
#include <malloc.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/usage_recording.h"
#include "serve/feature_server.h"
#include "serve/feature_service.h"

namespace hindsight::cli {
namespace {

struct ServeArguments {
  std::string store;
  std::string features;
  std::string redis;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string token;
  int deadline_ms = 50;
  int threads = 32;
  int max_queued = 64;
  int max_body_kb = 1024;
  int max_items = 10000;
};

int RunServe(const ServeArguments& args) {
  // Every request allocates and frees buffers of tens of KB; keep them in the heap
  // instead of mapping and unmapping (and faulting in) fresh pages each time.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  serve::FeatureServiceOptions options;
  options.store = args.store;
  options.features_path = args.features;
  options.deadline = std::chrono::milliseconds(args.deadline_ms);
  options.limits.max_items = static_cast<size_t>(args.max_items);
  if (!args.redis.empty()) {
    StatusOr<serve::RedisEndpoint> endpoint = serve::ParseRedisUrl(args.redis);
    if (!endpoint.ok()) return ReportError(endpoint.status());
    options.redis = *endpoint;
  }
  // Signals are taken by sigwait below, not by whichever thread they land on.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  StatusOr<std::unique_ptr<serve::FeatureService>> service = serve::FeatureService::Open(options);
  if (!service.ok()) return ReportError(service.status());
  RecordFeatureSetUsage(args.store, "serve", args.features);
  serve::FeatureServerOptions server_options;
  server_options.bind = args.bind;
  server_options.port = args.port;
  server_options.token = args.token;
  server_options.threads = args.threads;
  server_options.max_queued = args.max_queued;
  server_options.max_body_bytes = static_cast<size_t>(args.max_body_kb) * 1024;
  serve::FeatureServer server(**service, server_options);
  if (Status started = server.Start(); !started.ok()) return ReportError(started);

  const features::FeaturePlan& plan = (*service)->plan();
  std::cout << "serving " << plan.set().name << " v" << plan.set().version << " (hash "
            << plan.set().content_hash << ", " << plan.features().size() << " features) on http://"
            << args.bind << ":" << server.port() << "\n"
            << "facts from " << (args.redis.empty() ? "the facts table (no --redis)" : args.redis)
            << "; served records logged to " << args.store << "/log\n";
  for (const auto& [name, file] : (*service)->dimension_files()) {
    std::cout << "dimension " << name << " " << file << "\n";
  }
  std::cout << "POST /v1/features, GET /healthz, GET /metrics; Ctrl-C stops" << std::endl;

  int signal = 0;
  sigwait(&signals, &signal);
  server.Stop();
  const serve::ServiceCounters counters = (*service)->counters();
  Status closed = (*service)->Close();
  const log::LoggerCounters logged = (*service)->logger_counters();
  std::cout << "stopped: " << counters.requests << " request(s) served, " << logged.logged
            << " record(s) logged, " << counters.log_dropped + logged.dropped << " dropped, "
            << counters.online_store_errors << " online store error(s)" << std::endl;
  if (!closed.ok()) return ReportError(closed);
  return kExitOk;
}

}  // namespace

Command AddServeCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "serve", "Serve features online with the generator's encoders, logging what was served");
  auto args = std::make_shared<ServeArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--features", args->features, "Feature set (YAML, docs/FEATURES.md)")->required();
  app->add_option("--redis", args->redis,
                  "Online store redis://HOST[:PORT][/DB] (default: the store's facts table)");
  app->add_option("--bind", args->bind, "Address to listen on")->capture_default_str();
  app->add_option("--port", args->port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app->add_option("--token", args->token,
                  "Require Authorization: Bearer TOKEN on /v1/features and /metrics");
  app->add_option("--deadline-ms", args->deadline_ms,
                  "Time a request may wait for facts before its features take defaults")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  app->add_option("--threads", args->threads, "Connections served at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app->add_option("--max-queued", args->max_queued,
                  "Connections that may wait for a thread; beyond, 503")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app->add_option("--max-body-kb", args->max_body_kb, "Largest request body (413 beyond)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  app->add_option("--max-items", args->max_items, "Most items per request (400 beyond)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  return {app, [args] { return RunServe(*args); }};
}

}  // namespace hindsight::cli
