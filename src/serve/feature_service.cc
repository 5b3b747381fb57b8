#include "serve/feature_service.h"

#include <filesystem>
#include <future>
#include <random>

#include "dims/dimension_table.h"
#include "serve/served_values.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::serve {
namespace {

using Clock = std::chrono::steady_clock;

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
      .count();
}

// Redis is not tried again for this long after it failed.
constexpr int64_t kRedisRetryAfterUs = 200'000;

}  // namespace

struct FeatureService::Worker {
  explicit Worker(const features::FeaturePlan& plan) : computer(plan) {}
  features::FeatureComputer computer;
  std::unique_ptr<OnlineStore> online;
};

FeatureService::~FeatureService() { PermitUncheckedError(Close()); }

const std::string& FeatureService::entity_key() const { return table_->config().entity_key; }

StatusOr<std::unique_ptr<FeatureService>> FeatureService::Open(
    const FeatureServiceOptions& options) {
  auto service = std::unique_ptr<FeatureService>(new FeatureService());
  service->options_ = options;
  HS_ASSIGN_OR_RETURN(features::FeatureSet set, features::LoadFeatureSet(options.features_path));
  HS_ASSIGN_OR_RETURN(service->table_, query::FactsTableReader::Open(options.store));
  if (service->table_->snapshot()) {
    service->context_columns_ = service->table_->snapshot()->context_columns;
  }

  // The dimension versions in force: those the online store names, else the store's.
  std::map<std::string, std::string> online_files;
  if (options.redis) {
    HS_ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> connection,
                        RedisConnection::Connect(*options.redis, std::chrono::seconds(2)));
    OnlineStore online(std::move(connection));
    HS_ASSIGN_OR_RETURN(online_files, online.DimensionFiles());
  }
  const std::string store = options.store;
  features::DimensionLoader load_dimension =
      [&](const std::string& name) -> StatusOr<std::shared_ptr<const dims::DimensionTable>> {
    auto named = online_files.find(name);
    if (named == online_files.end()) return dims::DimensionTable::Load(store, name);
    const std::string path =
        (std::filesystem::path(store::DimensionsDir(store)) / name / named->second).string();
    return dims::DimensionTable::LoadFile(path, name);
  };
  HS_ASSIGN_OR_RETURN(service->plan_,
                      features::FeaturePlan::Compile(std::move(set), service->table_->registry(),
                                                     service->table_->config().entity_key,
                                                     service->context_columns_, load_dimension));
  for (const auto& [name, table] : service->plan_->dimensions()) {
    service->dimension_files_.emplace_back(
        name, std::filesystem::path(table->source_file()).filename().string());
  }
  service->layout_ = ServedLayout(*service->plan_);
  for (const std::string& type : service->plan_->fact_types()) {
    std::unique_ptr<FactFetcher> fetcher;
    auto options_of = service->plan_->set().facts.find(type);
    if (options_of != service->plan_->set().facts.end() && options_of->second.fetch) {
      const features::FetcherSpec& spec = *options_of->second.fetch;
      HS_ASSIGN_OR_RETURN(fetcher,
                          FactFetcher::Make(type, spec, service->plan_->set().Where(spec.line),
                                            service->table_->registry()));
    }
    service->fetchers_.push_back(std::move(fetcher));
  }

  if (options.log_records) {
    log::LoggerOptions logger;
    logger.log_dir = store::LogDir(options.store);
    logger.overflow = log::OverflowPolicy::kDropAndCount;
    // Queue slots keep their records' memory for reuse, and a served record carries its
    // values (tens of KB with 100 items): 4096 slots bound that to a few hundred MB and
    // still hold seconds of traffic while a batch is written.
    logger.queue_capacity = 4096;
    logger.compression_threads = 1;
    HS_ASSIGN_OR_RETURN(service->logger_, log::FactLogger::Open(std::move(logger)));
  }
  std::random_device random;
  const uint64_t boot = (uint64_t{random()} << 32) ^ random() ^ static_cast<uint64_t>(NowMicros());
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(boot));
  service->record_id_prefix_ = StrCat("srv-", hex, "-");
  return service;
}

StatusOr<FeatureRequest> FeatureService::Parse(std::string_view body) const {
  return ParseFeatureRequest(body, entity_key(), context_columns_, options_.limits);
}

std::unique_ptr<FeatureService::Worker> FeatureService::Acquire() {
  {
    std::lock_guard<std::mutex> lock(workers_mutex_);
    if (!idle_workers_.empty()) {
      std::unique_ptr<Worker> worker = std::move(idle_workers_.back());
      idle_workers_.pop_back();
      return worker;
    }
  }
  return std::make_unique<Worker>(*plan_);
}

void FeatureService::Release(std::unique_ptr<Worker> worker) {
  std::lock_guard<std::mutex> lock(workers_mutex_);
  idle_workers_.push_back(std::move(worker));
}

std::string FeatureService::NextRecordId() {
  return StrCat(record_id_prefix_, next_record_.fetch_add(1, std::memory_order_relaxed));
}

std::optional<std::vector<std::optional<OnlineFact>>> FeatureService::FetchFromRedis(
    Worker& worker, int64_t entity, const std::vector<std::string>& types,
    Clock::time_point deadline, std::vector<std::string>& degraded) {
  auto fail = [&](const Status& status) {
    ++online_store_errors_;
    degraded.push_back(std::string(status.message()));
    worker.online.reset();
    redis_retry_at_us_.store(SteadyMicros() + kRedisRetryAfterUs, std::memory_order_relaxed);
    return std::nullopt;
  };
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (remaining.count() <= 0) {
    degraded.push_back("deadline passed before the online store was read");
    return std::nullopt;
  }
  if (worker.online == nullptr) {
    if (SteadyMicros() < redis_retry_at_us_.load(std::memory_order_relaxed)) {
      degraded.push_back(StrCat("redis ", options_.redis->url, ": unavailable (recent failure)"));
      return std::nullopt;
    }
    StatusOr<std::unique_ptr<RedisConnection>> connection =
        RedisConnection::Connect(*options_.redis, remaining);
    if (!connection.ok()) return fail(connection.status());
    worker.online = std::make_unique<OnlineStore>(std::move(*connection));
  } else if (Status timeout = worker.online->connection().SetTimeout(
                 std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()));
             !timeout.ok()) {
    return fail(timeout);
  }
  StatusOr<std::vector<std::optional<OnlineFact>>> facts = worker.online->Get(entity, types);
  if (!facts.ok()) return fail(facts.status());
  return std::move(*facts);
}

std::vector<std::optional<OnlineFact>> FeatureService::FetchFacts(
    Worker& worker, const FeatureRequest& request, int64_t ts_us, Clock::time_point deadline,
    std::vector<std::string>& degraded) {
  const std::vector<std::string>& types = plan_->fact_types();
  std::vector<std::optional<OnlineFact>> facts(types.size());
  if (types.empty()) return facts;

  // Fetchers run on their own threads while this one reads the online store.
  std::vector<std::future<StatusOr<std::string>>> fetches(types.size());
  std::vector<size_t> stored;  // the types that come from the online store / facts table
  std::vector<std::string> stored_types;
  for (size_t k = 0; k < types.size(); ++k) {
    if (fetchers_[k] == nullptr) {
      stored.push_back(k);
      stored_types.push_back(types[k]);
      continue;
    }
    fetches[k] = std::async(std::launch::async, [this, k, &request, ts_us, deadline] {
      return fetchers_[k]->Fetch(request.entity, ts_us, deadline);
    });
  }
  if (stored.empty()) {
    // nothing to read
  } else if (options_.redis) {
    auto fetched = FetchFromRedis(worker, request.entity, stored_types, deadline, degraded);
    if (fetched) {
      for (size_t i = 0; i < stored.size(); ++i) facts[stored[i]] = std::move((*fetched)[i]);
    }
  } else {
    StatusOr<query::AsOfAnswer> answer =
        table_->LookupAsOf(query::AsOfRequest{request.entity, ts_us, stored_types});
    if (!answer.ok()) {
      ++online_store_errors_;
      degraded.push_back(std::string(answer.status().message()));
    } else {
      for (size_t i = 0; i < stored.size(); ++i) {
        const std::optional<Record>& record = answer->facts[i].record;
        if (!record) continue;
        if (auto bytes = features::FirstFactBytes(&*record, stored_types[i])) {
          facts[stored[i]] =
              OnlineFact{record->event_time_us(), record->record_id(), std::string(*bytes)};
        }
      }
    }
  }
  for (size_t k = 0; k < types.size(); ++k) {
    if (!fetches[k].valid()) continue;
    StatusOr<std::string> bytes = fetches[k].get();
    if (bytes.ok()) {
      facts[k] = OnlineFact{ts_us, "", std::move(*bytes)};
    } else {
      ++fetcher_errors_;
      degraded.push_back(std::string(bytes.status().message()));
    }
  }
  for (size_t k = 0; k < types.size(); ++k) {
    if (!facts[k]) {
      ++facts_missing_;
      continue;
    }
    const auto& max_age = plan_->max_age_us()[k];
    // A value from after the request, or older than max_age, is not what the request saw.
    if (facts[k]->event_time_us > ts_us ||
        (max_age && facts[k]->event_time_us < ts_us - *max_age)) {
      facts[k].reset();
      ++facts_missing_;
    }
  }
  return facts;
}

StatusOr<ServedFeatures> FeatureService::Serve(const FeatureRequest& request,
                                               Clock::time_point deadline) {
  ++requests_;
  ServedFeatures served;
  served.ts_us = request.ts_us.value_or(NowMicros());
  served.record_id = NextRecordId();
  std::unique_ptr<Worker> worker = Acquire();
  std::vector<std::optional<OnlineFact>> facts =
      FetchFacts(*worker, request, served.ts_us, deadline, served.degraded);

  Record record;
  record.set_record_id(served.record_id);
  record.set_app(request.app.empty() ? plan_->set().name : request.app);
  record.set_event_time_us(served.ts_us);
  for (const ContextValue& value : request.context) *record.add_context() = value;
  for (size_t k = 0; k < facts.size(); ++k) {
    if (!facts[k]) continue;
    Fact* fact = record.add_facts();
    fact->set_type(plan_->fact_types()[k]);
    fact->set_value(std::move(facts[k]->bytes));
    served.facts_used.push_back(plan_->fact_types()[k]);
  }
  record.mutable_items()->Add(request.items.begin(), request.items.end());

  features::GroupFacts group;
  group.as_of_us = served.ts_us;
  group.context = &record;
  // The same selection the generator makes from a logged record.
  for (const std::string& type : plan_->fact_types()) {
    group.facts.push_back(features::FirstFactBytes(&record, type));
  }
  served.columns.track_defaults = true;
  served.columns.Reset(*plan_);
  Status started = worker->computer.StartGroup(group);
  if (!started.ok()) {
    Release(std::move(worker));
    return started;
  }
  for (int64_t item : request.items) worker->computer.EncodeRow(item, served.columns);
  Release(std::move(worker));

  if (logger_ != nullptr) {
    auto& meta = *record.mutable_meta();
    meta["hindsight.served.feature_set"] = plan_->set().name;
    meta["hindsight.served.feature_set.version"] = std::to_string(plan_->set().version);
    meta["hindsight.served.feature_set.hash"] = plan_->set().content_hash;
    for (const auto& [name, file] : dimension_files_)
      meta[StrCat("hindsight.dimension.", name)] = file;
    meta[std::string(kServedLayoutKey)] = layout_;
    meta[std::string(kServedValuesKey)] = EncodeServedValues(*plan_, served.columns);
    if (!served.degraded.empty()) meta["hindsight.served.degraded"] = served.degraded.front();
    if (!logger_->Log(std::move(record)).ok()) ++log_dropped_;
  }
  return served;
}

ServiceCounters FeatureService::counters() const {
  return ServiceCounters{requests_.load(), online_store_errors_.load(), fetcher_errors_.load(),
                         facts_missing_.load(), log_dropped_.load()};
}

log::LoggerCounters FeatureService::logger_counters() const {
  return logger_ != nullptr ? logger_->counters() : log::LoggerCounters{};
}

Status FeatureService::Close() {
  if (logger_ == nullptr) return absl::OkStatus();
  return logger_->Close();
}

}  // namespace hindsight::serve
