// The RecordSink of `hindsight workload --store`: logs each record into a store's log
// (STORE/log) through the FactLogger, as `hindsight log STORE < records.jsonl` would
// log the record's line, without writing JSONL. Lines of the `corrupt` fault are parsed
// as `hindsight log` parses them and quarantined (STORE/quarantine, source "workload").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hindsight/record.pb.h"
#include "log/fact_logger.h"
#include "store/jsonl_record_parser.h"
#include "store/quarantine.h"
#include "store/store_setup.h"
#include "util/status.h"
#include "workload/record_proto_encoder.h"
#include "workload/record_sink.h"

namespace hindsight::workload {

// Source named in the quarantine entries of workload lines.
inline constexpr std::string_view kQuarantineSource = "workload";
// The world's entity: the context key a new store is keyed by.
inline constexpr std::string_view kWorldEntityKey = "profile_id";

struct StoreSinkCounts {
  int64_t lines = 0;        // records and malformed lines received, in arrival order
  int64_t logged = 0;       // records accepted by the logger
  int64_t quarantined = 0;  // lines rejected by the JSONL parser
  uint64_t log_bytes = 0;   // segment frame bytes written
  uint64_t batches = 0;
  std::string quarantine_path;  // empty while nothing was quarantined
};

// Not thread-safe (the generator calls a sink from one thread).
class StoreRecordSink : public RecordSink {
 public:
  // Creates `store` with the schemas of `facts_proto_path` (entity profile_id), or
  // checks that an existing store is compatible with them (InitStore), then opens its
  // log for writing. Errors name the store, the schema file or the field at fault.
  static StatusOr<std::unique_ptr<StoreRecordSink>> Open(const std::string& store,
                                                         const std::string& facts_proto_path);
  ~StoreRecordSink() override;
  StoreRecordSink(const StoreRecordSink&) = delete;
  StoreRecordSink& operator=(const StoreRecordSink&) = delete;

  [[nodiscard]] Status Write(const Record& record) override;
  // Parses `line` like `hindsight log`: rejected lines are quarantined (the `corrupt`
  // fault's always are); a line that parses is logged.
  [[nodiscard]] Status WriteMalformed(std::string_view line) override;
  // Flushes and closes the log and the quarantine file; fails if any record was lost.
  [[nodiscard]] Status Finish() override;

  // Final after Finish.
  const StoreSinkCounts& counts() const { return counts_; }

 private:
  StoreRecordSink(std::string store, store::OpenedStore opened, RecordProtoEncoder encoder,
                  std::unique_ptr<log::FactLogger> logger);

  std::string store_;
  store::OpenedStore opened_;
  RecordProtoEncoder encoder_;
  std::unique_ptr<log::FactLogger> logger_;
  store::JsonlRecordParser parser_;
  store::QuarantineWriter quarantine_;
  hindsight::Record envelope_;  // reused: the logger hands back its memory
  StoreSinkCounts counts_;
  bool finished_ = false;
};

}  // namespace hindsight::workload
