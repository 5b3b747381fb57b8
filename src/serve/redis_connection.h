// RedisConnection: one blocking connection to a Redis server (hiredis), with a connect
// and per-command timeout, pipelining, and errors as Status. A connection that failed
// (I/O error, timeout, protocol error) is broken for good: callers drop it and connect
// again. Not thread-safe: one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

struct redisContext;

namespace hindsight::serve {

// redis://HOST[:PORT][/DB] (port 6379, db 0 by default).
struct RedisEndpoint {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string url;  // as given, for messages
};

// InvalidArgument naming what is wrong with `url`.
[[nodiscard]] StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url);

// A reply, copied out of hiredis. Arrays nest.
struct RedisReply {
  enum class Type { kString, kArray, kInteger, kNil, kStatus, kError };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  int64_t integer = 0;
  std::vector<RedisReply> elements;
};

class RedisConnection {
 public:
  // Unavailable naming the endpoint when it cannot connect within `timeout` (which also
  // bounds every later command until SetTimeout).
  [[nodiscard]] static StatusOr<std::unique_ptr<RedisConnection>> Connect(
      const RedisEndpoint& endpoint, std::chrono::milliseconds timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Bounds each read and write of later commands.
  [[nodiscard]] Status SetTimeout(std::chrono::microseconds timeout);

  // Sends one command and waits for its reply. An error reply is returned as a reply of
  // type kError (not as a Status); Status errors are transport failures.
  [[nodiscard]] StatusOr<RedisReply> Command(const std::vector<std::string_view>& args);

  // Pipelining: Append queues a command; Receive returns the replies of every queued
  // command in order, after one round trip.
  [[nodiscard]] Status Append(const std::vector<std::string_view>& args);
  [[nodiscard]] StatusOr<std::vector<RedisReply>> Receive();

  bool broken() const { return broken_; }
  const RedisEndpoint& endpoint() const { return endpoint_; }

 private:
  RedisConnection(RedisEndpoint endpoint, redisContext* context);
  Status Failure(std::string_view during);

  RedisEndpoint endpoint_;
  redisContext* context_;
  size_t pending_ = 0;
  bool broken_ = false;
};

}  // namespace hindsight::serve
