#include "serve/fact_fetcher.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver.h>
#include <httplib.h>

#include <charconv>

#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

using Clock = std::chrono::steady_clock;

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

StatusOr<std::unique_ptr<FactFetcher>> FactFetcher::Make(
    const std::string& fact_type, const features::FetcherSpec& spec, const std::string& where,
    const store::FactSchemaRegistry& registry) {
  auto fetcher = std::unique_ptr<FactFetcher>(new FactFetcher());
  fetcher->fact_type_ = fact_type;
  fetcher->spec_ = spec;
  fetcher->registry_ = &registry;
  fetcher->prototype_ = registry.Prototype(fact_type);
  if (fetcher->prototype_ == nullptr) {
    return absl::InvalidArgumentError(StrCat(where, "facts.", fact_type, ".fetch: '", fact_type,
                                             "' is not a registered fact type"));
  }
  std::string_view rest = std::string_view(spec.url).substr(std::string_view("http://").size());
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  fetcher->path_template_ = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), fetcher->port_);
    if (error != std::errc() || end != port.data() + port.size() || fetcher->port_ < 1 ||
        fetcher->port_ > 65535) {
      return absl::InvalidArgumentError(
          StrCat(where, "facts.", fact_type, ".fetch.url: port '", port, "' is not in 1..65535"));
    }
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) {
    return absl::InvalidArgumentError(StrCat(where, "facts.", fact_type, ".fetch.url: no host"));
  }
  fetcher->host_ = std::string(authority);
  return fetcher;
}

std::string FactFetcher::Path(int64_t entity, int64_t ts_us) const {
  std::string path = path_template_;
  ReplaceAll(path, "{entity}", std::to_string(entity));
  ReplaceAll(path, "{ts}", std::to_string(ts_us));
  return path;
}

StatusOr<std::string> FactFetcher::Fetch(int64_t entity, int64_t ts_us,
                                         Clock::time_point deadline) const {
  const std::string path = Path(entity, ts_us);
  const std::string name =
      StrCat("fetcher ", fact_type_, " (http://", host_, ":", port_, path, ")");
  Status last = absl::DeadlineExceededError(StrCat(name, ": no time left before the deadline"));
  for (int attempt = 0; attempt <= spec_.retries; ++attempt) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    const int64_t budget_us = std::min<int64_t>(remaining.count(), spec_.timeout_us);
    if (budget_us <= 0) break;
    httplib::Client client(host_, port_);
    client.set_connection_timeout(budget_us / 1000000, budget_us % 1000000);
    client.set_read_timeout(budget_us / 1000000, budget_us % 1000000);
    client.set_write_timeout(budget_us / 1000000, budget_us % 1000000);
    const auto started = Clock::now();
    httplib::Result result = client.Get(path);
    const bool over_time = Clock::now() - started >= std::chrono::microseconds(budget_us);
    if (!result) {
      last = over_time || result.error() == httplib::Error::Read
                 ? absl::DeadlineExceededError(
                       StrCat(name, ": no answer within ", budget_us / 1000, " ms"))
                 : absl::UnavailableError(StrCat(name, ": ", httplib::to_string(result.error())));
      continue;
    }
    if (result->status < 200 || result->status > 299) {
      last = absl::UnavailableError(StrCat(name, ": HTTP ", result->status));
      continue;
    }
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    std::string bytes;
    const auto parsed = google::protobuf::util::JsonToBinaryString(
        registry_->type_resolver(),
        store::FactSchemaRegistry::TypeUrl(*prototype_->GetDescriptor()), result->body, &bytes,
        options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          StrCat(name, ": not a ", fact_type_,
                 " in JSON: ", std::string_view(parsed.message().data(), parsed.message().size())));
    }
    return bytes;
  }
  return last;
}

}  // namespace hindsight::serve
