#include "serve/feature_server.h"

#include <httplib.h>

#include <charconv>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "serve/feature_response.h"
#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

using Clock = std::chrono::steady_clock;

// Set on threads that only answer 503 (connections beyond the queue).
thread_local bool overload_thread = false;

}  // namespace

// A fixed pool of threads serving connections, with a bounded queue of connections
// waiting for one. A connection that finds the queue full gets a short-lived thread of
// its own that answers 503 (httplib gives the queue no way to refuse a socket).
class FeatureServer::BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(int threads, int max_queued, ServerMetrics& metrics)
      : capacity_(static_cast<size_t>(std::max(1, threads)) +
                  static_cast<size_t>(std::max(0, max_queued))),
        metrics_(metrics) {
    for (int t = 0; t < std::max(1, threads); ++t) workers_.emplace_back([this] { Work(); });
  }
  ~BoundedTaskQueue() override = default;

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // Connections being served plus those waiting: at most threads + max_queued.
      if (busy_ + jobs_.size() < capacity_) {
        jobs_.push_back(std::move(fn));
        changed_.notify_one();
        return;
      }
    }
    metrics_.RecordRejected();
    std::thread([fn = std::move(fn)] {
      overload_thread = true;
      fn();
    }).detach();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      ++busy_;
      lock.unlock();
      job();
      lock.lock();
      --busy_;
    }
  }

  const size_t capacity_;
  ServerMetrics& metrics_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> jobs_;  // guarded by mutex_
  size_t busy_ = 0;                         // guarded by mutex_: jobs being run
  bool stopping_ = false;                   // guarded by mutex_
  std::vector<std::thread> workers_;
};

FeatureServer::FeatureServer(FeatureService& service, FeatureServerOptions options)
    : service_(service), options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {}

FeatureServer::~FeatureServer() { Stop(); }

void FeatureServer::Route() {
  httplib::Server& http = *http_;
  auto authorized = [this](const httplib::Request& request) {
    return options_.token.empty() ||
           request.get_header_value("Authorization") == StrCat("Bearer ", options_.token);
  };
  auto reply = [](httplib::Response& response, int status, std::string body) {
    response.status = status;
    response.set_content(std::move(body), "application/json");
  };

  http.Post("/v1/features", [this, authorized, reply](const httplib::Request& request,
                                                      httplib::Response& response) {
    const auto started = Clock::now();
    const auto deadline = started + service_.deadline();
    int status = 200;
    if (overload_thread) {
      status = 503;
      response.set_header("Retry-After", "1");
      reply(response, status,
            ErrorJson("overloaded: every connection slot and queue place is taken"));
    } else if (!authorized(request)) {
      status = 401;
      response.set_header("WWW-Authenticate", "Bearer");
      reply(response, status, ErrorJson("missing or wrong bearer token"));
    } else if (StatusOr<FeatureRequest> parsed = service_.Parse(request.body); !parsed.ok()) {
      status = 400;
      reply(response, status, ErrorJson(std::string(parsed.status().message())));
    } else if (StatusOr<ServedFeatures> served = service_.Serve(*parsed, deadline); !served.ok()) {
      status = 500;
      reply(response, status, ErrorJson(std::string(served.status().message())));
    } else {
      reply(response, status, FeatureResponseJson(service_.plan(), *parsed, *served));
    }
    metrics_.Record("/v1/features", status,
                    std::chrono::duration<double>(Clock::now() - started).count());
  });

  http.Get("/healthz", [this, reply](const httplib::Request&, httplib::Response& response) {
    std::string body = HealthJson(service_.plan(), service_.counters().requests);
    reply(response, 200, std::move(body));
    metrics_.Record("/healthz", 200, 0);
  });

  http.Get(
      "/metrics", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (!authorized(request)) {
          response.status = 401;
          response.set_content(ErrorJson("missing or wrong bearer token"), "application/json");
          metrics_.Record("/metrics", 401, 0);
          return;
        }
        response.set_content(metrics_.Prometheus(service_.counters(), service_.logger_counters()),
                             "text/plain; version=0.0.4");
        metrics_.Record("/metrics", 200, 0);
      });
}

Status FeatureServer::Start() {
  http_->new_task_queue = [this] {
    return new BoundedTaskQueue(options_.threads, options_.max_queued, metrics_);
  };
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_tcp_nodelay(true);  // headers and body are separate writes
  http_->set_keep_alive_max_count(100);
  http_->set_read_timeout(5, 0);
  http_->set_write_timeout(5, 0);
  Route();
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.bind.c_str());
  } else {
    port_ = http_->bind_to_port(options_.bind.c_str(), options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    return absl::UnavailableError(StrCat("cannot listen on ", options_.bind, ":", options_.port,
                                         " (in use, or not an address of this machine)"));
  }
  listener_ = std::thread([this] { http_->listen_after_bind(); });
  return absl::OkStatus();
}

void FeatureServer::Stop() {
  if (!listener_.joinable()) return;
  http_->stop();
  listener_.join();
}

}  // namespace hindsight::serve
