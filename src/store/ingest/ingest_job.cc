#include "store/ingest/ingest_job.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "quality/profile_file.h"
#include "store/ingest/dedupe_window.h"
#include "store/ingest/log_checkpoint.h"
#include "store/quarantine.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "store/table/facts_batch_builder.h"
#include "store/table/facts_file_writer.h"
#include "store/table/table_lock.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::store {
namespace {

// "dedupe-<20-digit id>.bin": files that belong to one commit carry its id.
std::string CommitFileName(std::string_view prefix, int64_t snapshot_id, std::string_view suffix) {
  const std::string name = SnapshotFileName(snapshot_id);
  const std::string_view digits =
      std::string_view(name).substr(kSnapshotFilePrefix.size(), kSnapshotIdDigits);
  return StrCat(prefix, digits, suffix);
}

// A record admitted to the commit, with its sort key.
struct Row {
  int64_t entity = 0;
  int64_t ts = 0;
  const LoggedRecord* logged = nullptr;
};

struct Rejected {
  const LoggedRecord* logged = nullptr;
  LineRejection rejection;
};

// A record is late when its event time is this far behind the newest event time the
// log had already delivered (counted per hour as "_late" in STORE/quality).
constexpr int64_t kLateAfterMicros = 60 * int64_t{60'000'000};

// The state one ingest run carries from commit to commit.
struct IngestState {
  std::string store;
  OpenedStore opened;
  std::optional<Snapshot> latest;
  std::vector<ContextColumn> context_columns;
  DedupeWindow dedupe{0};
};

std::string Origin(const LoggedRecord& logged) {
  return StrCat(log::SegmentFileName(logged.segment), " frame at offset ", logged.frame_offset,
                ": record '", logged.record.record_id(), "'");
}

// Checks what the table's columns need of the envelope; extends the context columns with
// keys seen for the first time. Returns the entity on success.
StatusOr<int64_t> CheckEnvelope(const LoggedRecord& logged, const std::string& entity_key,
                                std::vector<ContextColumn>& context_columns) {
  const Record& record = logged.record;
  if (record.record_id().empty()) return absl::InvalidArgumentError("record_id is empty");
  std::optional<int64_t> entity;
  std::vector<std::string_view> keys;
  for (const ContextValue& value : record.context()) {
    if (std::find(keys.begin(), keys.end(), value.key()) != keys.end()) {
      return absl::InvalidArgumentError(StrCat("context key '", value.key(), "' appears twice"));
    }
    keys.push_back(value.key());
    if (value.key() == entity_key) {
      if (value.value_case() != ContextValue::kIntValue) {
        return absl::InvalidArgumentError(
            StrCat("entity key '", entity_key, "' is not an integer"));
      }
      entity = value.int_value();
      continue;
    }
    auto type = ContextTypeOf(value);
    if (!type.ok()) {
      return absl::InvalidArgumentError(StrCat("context key '", value.key(), "' has no value"));
    }
    auto column = std::find_if(context_columns.begin(), context_columns.end(),
                               [&](const ContextColumn& c) { return c.name == value.key(); });
    if (column == context_columns.end()) {
      if (value.key().empty() || value.key() == kTimeColumn || value.key() == kRecordIdColumn ||
          value.key() == kAppColumn || value.key() == kItemsColumn || value.key() == kMetaColumn ||
          value.key() == kFactsColumn) {
        return absl::InvalidArgumentError(
            StrCat("context key '", value.key(), "' is reserved for a record column"));
      }
      context_columns.push_back({value.key(), *type});
    } else if (column->type != *type) {
      return absl::InvalidArgumentError(StrCat("context key '", value.key(), "' is ",
                                               ContextTypeName(*type), ", the table holds ",
                                               ContextTypeName(column->type)));
    }
  }
  if (!entity.has_value()) {
    return absl::InvalidArgumentError(StrCat("entity key '", entity_key, "' is missing"));
  }
  return *entity;
}

// Builds and writes the files of one commit, one per hour, `threads` hours at a time.
struct HourFiles {
  std::vector<DataFile> files;  // in hour order
  std::vector<Rejected> rejected;
  int64_t records_written = 0;
  int64_t bytes_written = 0;
};

StatusOr<HourFiles> WriteHours(const IngestState& state, const FactsTableSchema& schema,
                               int64_t snapshot_id,
                               const std::vector<std::pair<int64_t, std::vector<Row>>>& hours,
                               int threads, FileProfile profile) {
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(hours.size())));
  const int file_threads = std::max(1, threads / workers);
  std::vector<std::optional<DataFile>> files(hours.size());
  std::vector<std::vector<Rejected>> rejected(hours.size());
  std::vector<Status> errors(hours.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    FactsBatchBuilder builder(schema, *state.opened.registry);
    for (size_t i = next++; i < hours.size(); i = next++) {
      const auto& [hour, rows] = hours[i];
      for (const Row& row : rows) {
        Status appended = builder.Append(row.logged->record);
        if (!appended.ok()) {
          rejected[i].push_back({row.logged,
                                 {RejectKind::kFactSchemaViolation,
                                  StrCat(Origin(*row.logged), ": ", appended.message())}});
        }
      }
      if (builder.num_rows() == 0) continue;
      parquet::RecordBatch batch = builder.Finish();
      auto file = WriteFactsFile(state.store, schema, hour, DataFileName(snapshot_id, i), batch,
                                 file_threads, profile);
      if (!file.ok()) {
        errors[i] = file.status();
        return;
      }
      files[i] = std::move(*file);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();

  HourFiles out;
  for (size_t i = 0; i < hours.size(); ++i) {
    HS_RETURN_IF_ERROR(errors[i]);
    if (files[i].has_value()) {
      out.records_written += files[i]->records;
      out.bytes_written += files[i]->bytes;
      out.files.push_back(std::move(*files[i]));
    }
    for (Rejected& r : rejected[i]) out.rejected.push_back(std::move(r));
  }
  return out;
}

Status QuarantineAll(const std::string& store, int64_t snapshot_id, std::vector<Rejected>& rejected,
                     std::string* file) {
  if (rejected.empty()) return absl::OkStatus();
  std::sort(rejected.begin(), rejected.end(), [](const Rejected& a, const Rejected& b) {
    return std::pair(a.logged->segment, a.logged->frame_offset) <
           std::pair(b.logged->segment, b.logged->frame_offset);
  });
  std::error_code error;
  std::filesystem::create_directories(QuarantineDir(store), error);
  QuarantineWriter writer(QuarantineDir(store), "ingest",
                          CommitFileName("ingest-", snapshot_id, ".jsonl"));
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;
  for (const Rejected& r : rejected) {
    std::string raw;
    if (!google::protobuf::util::MessageToJsonString(r.logged->record, &raw, json_options).ok()) {
      raw = r.logged->record.ShortDebugString();
    }
    HS_RETURN_IF_ERROR(writer.Add(0, r.rejection, raw));
  }
  HS_RETURN_IF_ERROR(writer.Close());
  *file = writer.path();
  return absl::OkStatus();
}

// Deletes segments before `position`'s: every frame in them is in the table.
StatusOr<int64_t> DeleteConsumedSegments(const std::string& store, const LogPosition& position) {
  HS_ASSIGN_OR_RETURN(const std::vector<uint64_t> segments, log::ListSegments(LogDir(store)));
  int64_t deleted = 0;
  for (uint64_t sequence : segments) {
    if (sequence >= position.segment) break;
    const std::string path = StrCat(LogDir(store), "/", log::SegmentFileName(sequence));
    std::error_code error;
    if (std::filesystem::remove(path, error)) ++deleted;
  }
  return deleted;
}

// One commit: validate, dedupe, partition, write, commit, checkpoint.
Status IngestCommit(IngestState& state, const IngestOptions& options,
                    std::vector<LoggedRecord>& records, const LogTailReader& reader,
                    IngestSummary& summary) {
  const int64_t parent_id = state.latest ? state.latest->id : 0;
  const int64_t snapshot_id = parent_id + 1;
  const std::string& entity_key = state.opened.config.entity_key;

  std::vector<Rejected> rejected;
  std::map<int64_t, std::vector<Row>> by_hour;
  int64_t duplicates = 0;
  quality::HourlyProfiles counters;  // duplicates and late records by hour and app
  auto count = [&](int64_t ts, const std::string& app, std::string_view counter) {
    quality::ProfileSet& hour = counters[HourStart(ts)];
    hour.Count(quality::kAllRows, counter, 1);
    hour.Count(quality::SliceName("app", app), counter, 1);
  };
  for (const LoggedRecord& logged : records) {
    auto entity = CheckEnvelope(logged, entity_key, state.context_columns);
    if (!entity.ok()) {
      rejected.push_back({&logged,
                          {RejectKind::kInvalidEnvelope,
                           StrCat(Origin(logged), ": ", entity.status().message())}});
      continue;
    }
    const int64_t ts = logged.record.event_time_us();
    const int64_t newest_before = state.dedupe.newest_us();
    if (!state.dedupe.Admit(logged.record.record_id(), ts)) {
      ++duplicates;
      if (options.write_profiles) count(ts, logged.record.app(), quality::kDuplicatesCounter);
      continue;
    }
    if (options.write_profiles && newest_before != INT64_MIN &&
        ts < newest_before - kLateAfterMicros) {
      count(ts, logged.record.app(), quality::kLateCounter);
    }
    by_hour[HourStart(ts)].push_back({*entity, ts, &logged});
  }
  state.dedupe.Prune();

  std::vector<std::pair<int64_t, std::vector<Row>>> hours(by_hour.begin(), by_hour.end());
  for (auto& [hour, rows] : hours) {
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      if (a.entity != b.entity) return a.entity < b.entity;
      if (a.ts != b.ts) return a.ts < b.ts;
      return a.logged->record.record_id() < b.logged->record.record_id();
    });
  }
  HS_ASSIGN_OR_RETURN(
      FactsTableSchema schema,
      FactsTableSchema::Build(entity_key, state.context_columns, *state.opened.registry));
  HS_ASSIGN_OR_RETURN(
      HourFiles written,
      WriteHours(state, schema, snapshot_id, hours, options.threads,
                 options.write_profiles ? FileProfile::kWrite : FileProfile::kSkip));
  for (Rejected& r : written.rejected) rejected.push_back(std::move(r));
  std::string quarantine_file;
  HS_RETURN_IF_ERROR(QuarantineAll(state.store, snapshot_id, rejected, &quarantine_file));

  Snapshot snapshot;
  snapshot.id = snapshot_id;
  snapshot.parent_id = parent_id;
  snapshot.committed_at_us = NowMicros();
  snapshot.operation = "ingest";
  snapshot.log_position = reader.position();
  snapshot.context_columns = state.context_columns;
  if (state.latest) snapshot.files = state.latest->files;
  const size_t files_written = written.files.size();
  for (DataFile& file : written.files) snapshot.files.push_back(std::move(file));
  std::sort(snapshot.files.begin(), snapshot.files.end(), [](const DataFile& a, const DataFile& b) {
    return std::tie(a.hour_start_us, a.path) < std::tie(b.hour_start_us, b.path);
  });
  snapshot.records_added = written.records_written;
  snapshot.duplicates_dropped = duplicates;
  snapshot.records_quarantined = static_cast<int64_t>(rejected.size());
  if (state.opened.config.dedupe_window_minutes > 0) {
    snapshot.dedupe_state_file = CommitFileName("dedupe-", snapshot_id, ".bin");
    HS_RETURN_IF_ERROR(
        WriteFileAtomically(StrCat(SnapshotsDir(state.store), "/", snapshot.dedupe_state_file),
                            state.dedupe.Serialize()));
  }
  if (!counters.empty()) {
    HS_RETURN_IF_ERROR(
        quality::WriteProfileFile(IngestCountersPath(state.store, snapshot_id), counters));
  }
  HS_RETURN_IF_ERROR(CommitSnapshot(state.store, snapshot));
  HS_RETURN_IF_ERROR(WriteCheckpoint(state.store, {snapshot.log_position, snapshot.id}));

  summary.records_written += written.records_written;
  summary.duplicates_dropped += duplicates;
  summary.records_quarantined += static_cast<int64_t>(rejected.size());
  summary.files_written += static_cast<int64_t>(files_written);
  for (const auto& [hour, rows] : hours) summary.partitions_written += rows.empty() ? 0 : 1;
  summary.bytes_written += written.bytes_written;
  summary.commits += 1;
  summary.snapshot_ids.push_back(snapshot_id);
  if (!quarantine_file.empty()) summary.quarantine_file = quarantine_file;
  state.latest = std::move(snapshot);
  return absl::OkStatus();
}

}  // namespace

StatusOr<IngestSummary> IngestLog(const IngestOptions& options) {
  IngestState state;
  state.store = options.store;
  HS_ASSIGN_OR_RETURN(state.opened, OpenStore(options.store));
  HS_ASSIGN_OR_RETURN(auto lock, TableLock::Acquire(options.store));
  HS_ASSIGN_OR_RETURN(state.latest, ReadLatestSnapshot(options.store));
  const int64_t window_us = state.opened.config.dedupe_window_minutes * kMicrosPerMinute;
  state.dedupe = DedupeWindow(window_us);
  LogPosition start;
  if (state.latest) {
    start = state.latest->log_position;
    state.context_columns = state.latest->context_columns;
    if (!state.latest->dedupe_state_file.empty() && window_us > 0) {
      const std::string path =
          StrCat(SnapshotsDir(options.store), "/", state.latest->dedupe_state_file);
      HS_ASSIGN_OR_RETURN(const std::string bytes, ReadFileToString(path));
      HS_ASSIGN_OR_RETURN(state.dedupe, DedupeWindow::Parse(bytes, window_us, path));
    }
  }
  HS_ASSIGN_OR_RETURN(auto reader, LogTailReader::Open(LogDir(options.store), start));

  IngestSummary summary;
  IngestProgress progress;
  size_t torn_committed = 0;
  while (true) {
    std::vector<LoggedRecord> records;
    HS_RETURN_IF_ERROR(reader->Read(options.max_commit_bytes, &records).status());
    // Segments that ended torn were read past: commit that too, so no later run reads
    // them again.
    const bool skipped_torn = reader->torn_segments().size() > torn_committed;
    if (records.empty() && !skipped_torn) break;
    torn_committed = reader->torn_segments().size();
    summary.records_read += static_cast<int64_t>(records.size());
    HS_RETURN_IF_ERROR(IngestCommit(state, options, records, *reader, summary));
    progress = {summary.commits, summary.records_read, summary.records_written,
                summary.bytes_written};
    if (options.progress) options.progress(progress);
    if (records.empty()) break;
  }
  summary.position = reader->position();
  summary.torn_segments = reader->torn_segments();
  summary.pending_tail_bytes = reader->pending_tail_bytes();
  if (!options.keep_log) {
    HS_ASSIGN_OR_RETURN(summary.segments_deleted,
                        DeleteConsumedSegments(options.store, summary.position));
  }
  return summary;
}

}  // namespace hindsight::store
