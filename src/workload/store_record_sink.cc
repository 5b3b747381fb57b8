#include "workload/store_record_sink.h"

#include <utility>

#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::workload {
namespace {

Status NameStore(const Status& status, const std::string& store) {
  return Status(status.code(), StrCat("--store ", store, ": ", status.message()));
}

}  // namespace

StatusOr<std::unique_ptr<StoreRecordSink>> StoreRecordSink::Open(
    const std::string& store, const std::string& facts_proto_path) {
  if (store.empty()) return absl::InvalidArgumentError("--store must name a directory");
  store::InitStoreRequest request;
  request.store = store;
  request.schema_files = {facts_proto_path};
  request.entity_key = std::string(kWorldEntityKey);
  const StatusOr<store::InitStoreResult> initialized = store::InitStore(request);
  if (!initialized.ok()) return NameStore(initialized.status(), store);
  StatusOr<store::OpenedStore> opened = store::OpenStore(store);
  if (!opened.ok()) return NameStore(opened.status(), store);
  StatusOr<RecordProtoEncoder> encoder = RecordProtoEncoder::Create(*opened->registry);
  if (!encoder.ok()) return NameStore(encoder.status(), store);

  log::LoggerOptions options;
  options.log_dir = store::LogDir(store);
  options.overflow = log::OverflowPolicy::kBlock;
  StatusOr<std::unique_ptr<log::FactLogger>> logger = log::FactLogger::Open(std::move(options));
  if (!logger.ok()) return NameStore(logger.status(), store);
  return std::unique_ptr<StoreRecordSink>(
      new StoreRecordSink(store, std::move(*opened), std::move(*encoder), std::move(*logger)));
}

StoreRecordSink::StoreRecordSink(std::string store, store::OpenedStore opened,
                                 RecordProtoEncoder encoder,
                                 std::unique_ptr<log::FactLogger> logger)
    : store_(std::move(store)),
      opened_(std::move(opened)),
      encoder_(std::move(encoder)),
      logger_(std::move(logger)),
      parser_(*opened_.registry, opened_.config.entity_key, /*app=*/""),
      quarantine_(store::QuarantineDir(store_), std::string(kQuarantineSource)) {}

StoreRecordSink::~StoreRecordSink() = default;

Status StoreRecordSink::Write(const Record& record) {
  ++counts_.lines;
  encoder_.Encode(record, envelope_);
  HS_RETURN_IF_ERROR(logger_->Log(std::move(envelope_)));
  ++counts_.logged;
  return absl::OkStatus();
}

Status StoreRecordSink::WriteMalformed(std::string_view line) {
  const int64_t line_number = ++counts_.lines;
  store::ParsedLine parsed = parser_.Parse(line, line_number);
  if (parsed.ok()) {
    HS_RETURN_IF_ERROR(logger_->Log(std::move(parsed.record)));
    ++counts_.logged;
    return absl::OkStatus();
  }
  ++counts_.quarantined;
  return quarantine_.Add(line_number, *parsed.rejection, line);
}

Status StoreRecordSink::Finish() {
  if (finished_) return absl::FailedPreconditionError("StoreRecordSink finished twice");
  finished_ = true;
  const Status flushed = logger_->Flush();
  const Status closed = logger_->Close();
  const Status quarantine_closed = quarantine_.Close();
  for (const Status& status : {flushed, closed, quarantine_closed}) {
    if (!status.ok()) return NameStore(status, store_);
  }
  const log::LoggerCounters counters = logger_->counters();
  if (counters.failed > 0 || counters.dropped > 0) {
    return absl::DataLossError(StrCat("--store ", store_, ": ", counters.failed + counters.dropped,
                                      " records were not logged: ", counters.last_error.message()));
  }
  counts_.log_bytes = counters.bytes;
  counts_.batches = counters.batches;
  counts_.quarantine_path = quarantine_.path();
  return absl::OkStatus();
}

}  // namespace hindsight::workload
