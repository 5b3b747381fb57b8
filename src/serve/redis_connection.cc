#include "serve/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>

#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

timeval ToTimeval(std::chrono::microseconds timeout) {
  const int64_t us = std::max<int64_t>(timeout.count(), 1);
  return timeval{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
}

bool ParseInt(std::string_view text, int& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

RedisReply CopyReply(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.type = reply.type == REDIS_REPLY_STRING   ? RedisReply::Type::kString
                 : reply.type == REDIS_REPLY_STATUS ? RedisReply::Type::kStatus
                                                    : RedisReply::Type::kError;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < reply.elements; ++i)
        out.elements.push_back(CopyReply(*reply.element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

}  // namespace

StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url) {
  RedisEndpoint endpoint;
  endpoint.url = std::string(url);
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return absl::InvalidArgumentError(
        StrCat("--redis ", url, ": expected redis://HOST[:PORT][/DB]"));
  }
  std::string_view rest = url.substr(kScheme.size());
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!ParseInt(db, endpoint.db) || endpoint.db < 0)) {
      return absl::InvalidArgumentError(
          StrCat("--redis ", url, ": database '", db, "' is not a non-negative integer"));
    }
    rest = rest.substr(0, slash);
  }
  if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    if (!ParseInt(port, endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
      return absl::InvalidArgumentError(
          StrCat("--redis ", url, ": port '", port, "' is not in 1..65535"));
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return absl::InvalidArgumentError(StrCat("--redis ", url, ": no host"));
  endpoint.host = std::string(rest);
  return endpoint;
}

RedisConnection::RedisConnection(RedisEndpoint endpoint, redisContext* context)
    : endpoint_(std::move(endpoint)), context_(context) {}

RedisConnection::~RedisConnection() {
  if (context_ != nullptr) redisFree(context_);
}

StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Connect(
    const RedisEndpoint& endpoint, std::chrono::milliseconds timeout) {
  const timeval tv = ToTimeval(timeout);
  redisContext* context = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, tv);
  if (context == nullptr) {
    return absl::UnavailableError(StrCat("redis ", endpoint.url, ": cannot allocate a connection"));
  }
  if (context->err != 0) {
    std::string message = context->errstr;
    redisFree(context);
    return absl::UnavailableError(StrCat("redis ", endpoint.url, ": ", message));
  }
  auto connection = std::unique_ptr<RedisConnection>(new RedisConnection(endpoint, context));
  HS_RETURN_IF_ERROR(connection->SetTimeout(timeout));
  if (endpoint.db != 0) {
    const std::string db = std::to_string(endpoint.db);
    HS_ASSIGN_OR_RETURN(RedisReply reply, connection->Command({"SELECT", db}));
    if (reply.type == RedisReply::Type::kError) {
      return absl::InvalidArgumentError(StrCat("redis ", endpoint.url, ": ", reply.text));
    }
  }
  return connection;
}

Status RedisConnection::SetTimeout(std::chrono::microseconds timeout) {
  if (broken_) return absl::UnavailableError(StrCat("redis ", endpoint_.url, ": connection lost"));
  if (redisSetTimeout(context_, ToTimeval(timeout)) != REDIS_OK) return Failure("set timeout");
  return absl::OkStatus();
}

Status RedisConnection::Failure(std::string_view during) {
  broken_ = true;
  pending_ = 0;
  const bool timed_out = context_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == ETIMEDOUT);
  std::string reason = context_->errstr[0] != '\0' ? context_->errstr : "connection lost";
  if (timed_out) {
    return absl::DeadlineExceededError(
        StrCat("redis ", endpoint_.url, ": ", during, ": timed out"));
  }
  return absl::UnavailableError(StrCat("redis ", endpoint_.url, ": ", during, ": ", reason));
}

Status RedisConnection::Append(const std::vector<std::string_view>& args) {
  if (broken_) return absl::UnavailableError(StrCat("redis ", endpoint_.url, ": connection lost"));
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
  pointers.reserve(args.size());
  lengths.reserve(args.size());
  for (std::string_view arg : args) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(args.size()), pointers.data(),
                             lengths.data()) != REDIS_OK) {
    return Failure("send");
  }
  ++pending_;
  return absl::OkStatus();
}

StatusOr<std::vector<RedisReply>> RedisConnection::Receive() {
  std::vector<RedisReply> replies;
  replies.reserve(pending_);
  while (pending_ > 0) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) return Failure("receive");
    --pending_;
    auto* reply = static_cast<redisReply*>(raw);
    replies.push_back(CopyReply(*reply));
    freeReplyObject(reply);
  }
  return replies;
}

StatusOr<RedisReply> RedisConnection::Command(const std::vector<std::string_view>& args) {
  HS_RETURN_IF_ERROR(Append(args));
  HS_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, Receive());
  return std::move(replies.back());
}

}  // namespace hindsight::serve
