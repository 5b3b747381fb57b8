// FeatureServer: the HTTP face of FeatureService (`hindsight serve`, docs/SERVING.md).
//
//   POST /v1/features   a FeatureRequest in, feature vectors out (one per item)
//   GET  /healthz       liveness and what is served
//   GET  /metrics       Prometheus text (server_metrics.h)
//
// Binds 127.0.0.1 unless told otherwise. With a token, /v1/features and /metrics need
// `Authorization: Bearer TOKEN` (401 otherwise). Bodies over the limit get 413,
// malformed requests 400 with the reason. Connections are served by a fixed set of
// threads; when they are all busy and the queue of waiting connections is full, new
// connections are answered 503 at once instead of waiting without bound.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "serve/feature_service.h"
#include "serve/server_metrics.h"

namespace httplib {
class Server;
}

namespace hindsight::serve {

struct FeatureServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;    // 0: any free port
  std::string token;  // empty: no authentication
  size_t max_body_bytes = 1 << 20;
  int threads = 32;     // connections served at once
  int max_queued = 64;  // connections waiting for a thread; more are answered 503
};

class FeatureServer {
 public:
  FeatureServer(FeatureService& service, FeatureServerOptions options);
  ~FeatureServer();

  // Binds and starts serving on a background thread. Unavailable when the address
  // cannot be bound.
  [[nodiscard]] Status Start();
  int port() const { return port_; }
  // Stops accepting, finishes the requests in progress.
  void Stop();

  ServerMetrics& metrics() { return metrics_; }

 private:
  class BoundedTaskQueue;
  void Route();

  FeatureService& service_;
  FeatureServerOptions options_;
  ServerMetrics metrics_;
  std::unique_ptr<httplib::Server> http_;
  std::thread listener_;
  int port_ = 0;
};

}  // namespace hindsight::serve
