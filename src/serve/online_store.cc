#include "serve/online_store.h"

#include <charconv>

#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

// KEYS[1] entity hash; ARGV: fact type, event time, record id, stored value. Returns 1
// when written, 0 when the stored value is newer. Record ids compare byte by byte (Lua's
// string `<` follows the server's locale).
constexpr std::string_view kUpsertScript = R"lua(
local function less(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ts, n, start = string.match(current, '^(%-?%d+) (%d+) ()')
  if ts then
    local stored, incoming = tonumber(ts), tonumber(ARGV[2])
    if stored > incoming then return 0 end
    if stored == incoming and less(ARGV[3], string.sub(current, start, start + tonumber(n) - 1)) then
      return 0
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
)lua";

Status ReplyError(const RedisConnection& connection, std::string_view during,
                  const RedisReply& reply) {
  return absl::UnavailableError(
      StrCat("redis ", connection.endpoint().url, ": ", during, ": ", reply.text));
}

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string EntityKey(int64_t entity) { return StrCat("hs:f:", entity); }

std::string EncodeOnlineFact(const OnlineFact& fact) {
  return StrCat(fact.event_time_us, " ", fact.record_id.size(), " ", fact.record_id, fact.bytes);
}

std::optional<OnlineFact> DecodeOnlineFact(std::string_view stored) {
  const size_t first = stored.find(' ');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = stored.find(' ', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  OnlineFact fact;
  size_t id_size = 0;
  if (!ParseNumber(stored.substr(0, first), fact.event_time_us) ||
      !ParseNumber(stored.substr(first + 1, second - first - 1), id_size) ||
      id_size > stored.size() - second - 1) {
    return std::nullopt;
  }
  fact.record_id = std::string(stored.substr(second + 1, id_size));
  fact.bytes = std::string(stored.substr(second + 1 + id_size));
  return fact;
}

OnlineStore::OnlineStore(std::unique_ptr<RedisConnection> connection)
    : connection_(std::move(connection)) {}

Status OnlineStore::LoadScript() {
  HS_ASSIGN_OR_RETURN(RedisReply reply, connection_->Command({"SCRIPT", "LOAD", kUpsertScript}));
  if (reply.type != RedisReply::Type::kString) {
    return ReplyError(*connection_, "loading the upsert script", reply);
  }
  script_sha_ = reply.text;
  return absl::OkStatus();
}

StatusOr<UpsertCounts> OnlineStore::Upsert(const std::vector<OnlineFactWrite>& writes) {
  if (script_sha_.empty()) HS_RETURN_IF_ERROR(LoadScript());
  UpsertCounts counts;
  for (size_t begin = 0; begin < writes.size(); begin += kUpsertBatch) {
    const size_t end = std::min(writes.size(), begin + kUpsertBatch);
    std::vector<std::string> keys, times, values;
    keys.reserve(end - begin);
    times.reserve(end - begin);
    values.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const OnlineFactWrite& write = writes[i];
      keys.push_back(EntityKey(write.entity));
      times.push_back(std::to_string(write.fact.event_time_us));
      values.push_back(EncodeOnlineFact(write.fact));
      HS_RETURN_IF_ERROR(
          connection_->Append({"EVALSHA", script_sha_, "1", keys.back(), write.fact_type,
                               times.back(), write.fact.record_id, values.back()}));
    }
    HS_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, connection_->Receive());
    for (const RedisReply& reply : replies) {
      if (reply.type != RedisReply::Type::kInteger) {
        return ReplyError(*connection_, "writing facts", reply);
      }
      ++(reply.integer == 1 ? counts.written : counts.stale);
    }
  }
  return counts;
}

StatusOr<std::vector<std::optional<OnlineFact>>> OnlineStore::Get(
    int64_t entity, const std::vector<std::string>& fact_types) {
  std::vector<std::optional<OnlineFact>> facts(fact_types.size());
  if (fact_types.empty()) return facts;
  const std::string key = EntityKey(entity);
  std::vector<std::string_view> args = {"HMGET", key};
  for (const std::string& type : fact_types) args.push_back(type);
  HS_ASSIGN_OR_RETURN(RedisReply reply, connection_->Command(args));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != fact_types.size()) {
    return ReplyError(*connection_, StrCat("reading ", key), reply);
  }
  for (size_t i = 0; i < fact_types.size(); ++i) {
    const RedisReply& value = reply.elements[i];
    if (value.type == RedisReply::Type::kNil) continue;
    facts[i] = DecodeOnlineFact(value.text);
    if (value.type != RedisReply::Type::kString || !facts[i]) {
      return absl::DataLossError(StrCat("redis ", connection_->endpoint().url, ": ", key, " ",
                                        fact_types[i], ": not a Hindsight online fact"));
    }
  }
  return facts;
}

Status OnlineStore::SetDimensionFiles(const std::map<std::string, std::string>& files) {
  if (files.empty()) return absl::OkStatus();
  std::vector<std::string_view> args = {"HSET", kDimensionsKey};
  for (const auto& [name, file] : files) {
    args.push_back(name);
    args.push_back(file);
  }
  HS_ASSIGN_OR_RETURN(RedisReply reply, connection_->Command(args));
  if (reply.type == RedisReply::Type::kError) {
    return ReplyError(*connection_, "writing dimension versions", reply);
  }
  return absl::OkStatus();
}

StatusOr<std::map<std::string, std::string>> OnlineStore::DimensionFiles() {
  HS_ASSIGN_OR_RETURN(RedisReply reply, connection_->Command({"HGETALL", kDimensionsKey}));
  if (reply.type != RedisReply::Type::kArray) {
    return ReplyError(*connection_, "reading dimension versions", reply);
  }
  std::map<std::string, std::string> files;
  for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    files[reply.elements[i].text] = reply.elements[i + 1].text;
  }
  return files;
}

}  // namespace hindsight::serve
