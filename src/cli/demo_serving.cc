#include "cli/demo_serving.h"

#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "nlohmann/json.hpp"
#include "serve/feature_server.h"
#include "serve/feature_service.h"
#include "serve/materializer.h"
#include "serve/parity_check.h"
#include "store/ingest/ingest_job.h"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/world_files.h"

extern char** environ;

namespace hindsight::cli {
namespace {

constexpr int kReplayedRequests = 2000;

StatusOr<int> FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("cannot open a socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return absl::InternalError("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// A redis-server child without persistence, stopped when this goes away.
class RedisChild {
 public:
  ~RedisChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Status Start(int port) {
    const std::string port_text = std::to_string(port);
    std::vector<std::string> args = {"redis-server", "--port",     port_text, "--bind",
                                     "127.0.0.1",    "--save",     "",        "--appendonly",
                                     "no",           "--loglevel", "warning"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned =
        posix_spawnp(&pid_, "redis-server", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      pid_ = 0;
      return absl::UnavailableError("cannot start redis-server");
    }
    return absl::OkStatus();
  }

 private:
  pid_t pid_ = 0;
};

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(std::string(rest.substr(0, colon))) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest = rest.substr(colon + 1);
  }
  return false;
}

// The request bodies of the first homepage records at or after `from_us`.
StatusOr<std::vector<std::string>> RequestsFrom(const std::string& records_path, int64_t from_us) {
  std::ifstream in(records_path);
  if (!in) return absl::NotFoundError(StrCat(records_path, ": cannot open"));
  std::vector<std::string> bodies;
  std::string line;
  while (bodies.size() < kReplayedRequests && std::getline(in, line)) {
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || record.value("app", "") != "homepage" || !record.contains("ts") ||
        !record["ts"].is_string()) {
      continue;
    }
    StatusOr<int64_t> ts = ParseTimeMicros(record["ts"].get<std::string>());
    if (!ts.ok() || *ts < from_us) continue;
    nlohmann::json body = {{"context", record["context"]}, {"ts", *ts}, {"items", record["items"]}};
    bodies.push_back(body.dump());
  }
  return bodies;
}

}  // namespace

Status ServeAndCheckParity(const std::string& world_dir, const std::string& store,
                           const std::string& features_path, int64_t world_end_us) {
  std::cout << "\nStep 9: online serving with the same encoders, and parity "
               "(hindsight materialize, serve, parity)\n";
  if (!OnPath("redis-server")) {
    std::cout << "skipped: redis-server is not on the PATH (./run setup installs it)\n";
    return absl::OkStatus();
  }
  const int64_t last_day_us = world_end_us - kMicrosPerDay;
  HS_ASSIGN_OR_RETURN(int redis_port, FreeLoopbackPort());
  RedisChild redis;
  HS_RETURN_IF_ERROR(redis.Start(redis_port));
  HS_ASSIGN_OR_RETURN(serve::RedisEndpoint endpoint,
                      serve::ParseRedisUrl(StrCat("redis://127.0.0.1:", redis_port)));
  std::unique_ptr<serve::RedisConnection> connection;
  for (int attempt = 0; connection == nullptr; ++attempt) {
    auto connected = serve::RedisConnection::Connect(endpoint, std::chrono::milliseconds(200));
    if (connected.ok()) {
      connection = std::move(*connected);
    } else if (attempt >= 50) {
      return connected.status();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  serve::OnlineStore online(std::move(connection));
  serve::MaterializeOptions materialize;
  materialize.store = store;
  materialize.until_us = last_day_us - 1;
  HS_ASSIGN_OR_RETURN(serve::MaterializeSummary loaded, serve::Materialize(materialize, online));
  std::cout << "Redis (a redis-server on a loopback port) holds the latest of "
            << loaded.facts_written << " facts of " << loaded.entities << " profiles logged before "
            << FormatTimeMicros(last_day_us) << "\n";

  serve::FeatureServiceOptions service_options;
  service_options.store = store;
  service_options.features_path = features_path;
  service_options.redis = endpoint;
  service_options.deadline = std::chrono::milliseconds(1000);  // a demo on a busy machine
  HS_ASSIGN_OR_RETURN(std::unique_ptr<serve::FeatureService> service,
                      serve::FeatureService::Open(service_options));
  serve::FeatureServerOptions server_options;
  server_options.port = 0;
  serve::FeatureServer server(*service, server_options);
  HS_RETURN_IF_ERROR(server.Start());

  const std::string records =
      (std::filesystem::path(world_dir) / std::string(workload::kRecordsFile)).string();
  HS_ASSIGN_OR_RETURN(std::vector<std::string> bodies, RequestsFrom(records, last_day_us));
  httplib::Client client("127.0.0.1", server.port());
  int64_t ok = 0, degraded = 0, items = 0;
  for (const std::string& body : bodies) {
    httplib::Result result = client.Post("/v1/features", body, "application/json");
    if (!result || result->status != 200) {
      return absl::InternalError(
          StrCat("the demo server refused a request: ",
                 result ? result->body : httplib::to_string(result.error())));
    }
    ++ok;
    nlohmann::json answer = nlohmann::json::parse(result->body);
    degraded += answer["degraded"].empty() ? 0 : 1;
    items += static_cast<int64_t>(answer["items"].size());
  }
  server.Stop();
  HS_RETURN_IF_ERROR(service->Close());
  std::cout << "served " << ok << " requests of the last day (" << items << " items, " << degraded
            << " degraded) over HTTP; every answered record was logged to " << store << "/log\n";

  store::IngestOptions ingest;
  ingest.store = store;
  HS_RETURN_IF_ERROR(store::IngestLog(ingest).status());
  serve::ParityOptions parity_options;
  parity_options.store = store;
  parity_options.features_path = features_path;
  HS_ASSIGN_OR_RETURN(serve::ParityReport parity, serve::CheckParity(parity_options));
  std::cout << "parity: the generator, in exact mode, recomputed " << parity.rows << " rows × "
            << parity.features.size() << " features of " << parity.records
            << " served records: " << parity.differences()
            << (parity.differences() == 0 ? " differences, bit for bit\n" : " DIFFERENCES\n")
            << "try: hindsight serve " << store << " --features " << features_path
            << " --redis redis://127.0.0.1:6379  (after hindsight materialize)\n"
            << "     hindsight parity " << store << " --features " << features_path << "\n";
  if (parity.differences() != 0) {
    return absl::InternalError("parity found differences between served and regenerated features");
  }
  return absl::OkStatus();
}

}  // namespace hindsight::cli
