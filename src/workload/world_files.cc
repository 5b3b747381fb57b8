#include "workload/world_files.h"

#include <filesystem>
#include <memory>
#include <system_error>

#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/csv_files.h"
#include "workload/facts_proto.h"
#include "workload/output_file.h"
#include "workload/parquet_files.h"
#include "workload/record_json.h"
#include "workload/record_sinks.h"
#include "workload/store_record_sink.h"

namespace hindsight::workload {
namespace {

// Typical JSONL bytes per record at the larger scales (short histories), for the
// size quoted when refusing to write JSONL.
constexpr double kTypicalRecordBytes = 2'000;

std::string JoinPath(const std::string& dir, std::string_view name) {
  return (std::filesystem::path(dir) / std::string(name)).string();
}

Status PrepareDirectory(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("--out must name a directory");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::InvalidArgumentError(
        StrCat("cannot create output directory '", dir, "': ", error.message()));
  }
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::InvalidArgumentError(StrCat("output path '", dir, "' is not a directory"));
  }
  return absl::OkStatus();
}

void AppendKey(std::string_view key, std::string* out) {
  AppendJsonString(key, out);
  out->append(": ");
}

void AppendStringOrNull(std::string_view value, std::string* out) {
  if (value.empty()) {
    out->append("null");
  } else {
    AppendJsonString(value, out);
  }
}

void AppendFault(const FaultOutcome& fault, std::string* out) {
  out->append("    {\"kind\": ");
  AppendJsonString(FaultKindName(fault.spec.kind), out);
  out->append(", \"inject\": ");
  AppendJsonString(fault.spec.text, out);
  out->append(",\n     \"from\": ");
  AppendJsonString(FormatTimeMicros(fault.window.from_us), out);
  out->append(", \"to\": ");
  AppendJsonString(FormatTimeMicros(fault.window.to_us), out);
  out->append(StrCat(", \"from_us\": ", fault.window.from_us, ", \"to_us\": ", fault.window.to_us));
  out->append(",\n     \"attribute\": ");
  AppendStringOrNull(fault.attribute, out);
  out->append(", \"app\": ");
  AppendStringOrNull(fault.app, out);
  out->append(StrCat(",\n     \"rows_in_window\": ", fault.rows_in_window,
                     ", \"rows_affected\": ", fault.rows_affected));
  switch (fault.spec.kind) {
    case FaultKind::kDrop:
      out->append(StrCat(", \"share\": ", kDropShare));
      break;
    case FaultKind::kDrift:
      out->append(StrCat(", \"share_of_kids_profiles\": ", kDriftKidsShare,
                         ", \"profiles_affected\": ", fault.profiles_affected,
                         ",\n     \"profiles\": ["));
      for (size_t i = 0; i < fault.drift_profiles.size(); ++i) {
        out->append(StrCat(i > 0 ? "," : "", fault.drift_profiles[i]));
      }
      out->push_back(']');
      break;
    case FaultKind::kNulls:
      out->append(StrCat(", \"share\": ", kNullsShare));
      break;
    case FaultKind::kSwap:
      out->append(", \"swapped_with\": ");
      AppendJsonString(fault.swapped_with, out);
      break;
    case FaultKind::kLate:
      out->append(StrCat(", \"share\": ", kLateShare, ", \"delay_us\": ", kLateDelayMicros));
      break;
    case FaultKind::kDup:
      out->append(
          StrCat(", \"share\": ", kDupShare, ", \"duplicate_lines\": ", fault.rows_affected));
      break;
    case FaultKind::kCorrupt: {
      int64_t malformed = 0;
      for (const CorruptLine& line : fault.corrupt_lines) malformed += IsMalformedJson(line.kind);
      out->append(StrCat(
          ", \"share\": ", kCorruptShare, ", \"malformed_json\": ", malformed,
          ", \"schema_violations\": ", static_cast<int64_t>(fault.corrupt_lines.size()) - malformed,
          ",\n     \"lines\": ["));
      for (size_t i = 0; i < fault.corrupt_lines.size(); ++i) {
        const CorruptLine& line = fault.corrupt_lines[i];
        out->append(
            StrCat(i > 0 ? ",\n       " : "\n       ", "{\"line\": ", line.line, ", \"kind\": "));
        AppendJsonString(CorruptKindName(line.kind), out);
        out->append(", \"record_id\": ");
        AppendJsonString(line.record_id, out);
        out->push_back('}');
      }
      out->push_back(']');
      break;
    }
  }
  out->push_back('}');
}

// Passes records through, keeping a copy of one worth showing.
class SampleRecordTap : public RecordSink {
 public:
  explicit SampleRecordTap(RecordSink* downstream) : downstream_(downstream) {}

  [[nodiscard]] Status Write(const Record& record) override {
    if (!has_sample_ || !complete_) {
      const bool complete = !record.viewing_history.empty() && !record.my_list.empty() &&
                            !record.thumbs.empty() && !record.impressions.empty();
      if (!has_sample_ || complete) {
        sample_ = record;
        has_sample_ = true;
        complete_ = complete;
      }
    }
    return downstream_->Write(record);
  }
  [[nodiscard]] Status WriteMalformed(std::string_view line) override {
    return downstream_->WriteMalformed(line);
  }
  [[nodiscard]] Status Finish() override { return downstream_->Finish(); }

  bool has_sample() const { return has_sample_; }
  const Record& sample() const { return sample_; }

 private:
  RecordSink* downstream_;
  Record sample_;
  bool has_sample_ = false;
  bool complete_ = false;
};

// Passes every record and line to two sinks.
class RecordSinkTee : public RecordSink {
 public:
  RecordSinkTee(RecordSink* first, RecordSink* second) : first_(first), second_(second) {}

  [[nodiscard]] Status Write(const Record& record) override {
    HS_RETURN_IF_ERROR(first_->Write(record));
    return second_->Write(record);
  }
  [[nodiscard]] Status WriteMalformed(std::string_view line) override {
    HS_RETURN_IF_ERROR(first_->WriteMalformed(line));
    return second_->WriteMalformed(line);
  }
  [[nodiscard]] Status Finish() override {
    HS_RETURN_IF_ERROR(first_->Finish());
    return second_->Finish();
  }

 private:
  RecordSink* first_;
  RecordSink* second_;
};

std::string AbsolutePath(const std::string& path) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

}  // namespace

std::string FaultsJson(const std::vector<FaultOutcome>& faults) {
  std::string out = "{\n  \"faults\": [";
  for (size_t i = 0; i < faults.size(); ++i) {
    out.append(i > 0 ? ",\n" : "\n");
    AppendFault(faults[i], &out);
  }
  out.append(faults.empty() ? "]\n}\n" : "\n  ]\n}\n");
  return out;
}

std::string WorldJson(const WorldFilesSummary& s) {
  const WorldOptions& w = s.world;
  std::string out = "{\n";
  auto field = [&out](std::string_view key, const std::string& json_value, bool last = false) {
    out.append("  ");
    AppendKey(key, &out);
    out.append(json_value);
    out.append(last ? "\n" : ",\n");
  };
  auto quoted = [](std::string_view text) {
    std::string value;
    AppendJsonString(text, &value);
    return value;
  };
  field("generator", quoted("hindsight workload"));
  field("format_version", "1");
  field("scale", quoted(ParametersOf(w.scale).name));
  field("seed", StrCat(w.seed));
  field("days", StrCat(w.EffectiveDays()));
  field("warmup_days", StrCat(kWarmUpDays));
  field("start", quoted(FormatTimeMicros(w.start_us)));
  field("end", quoted(FormatTimeMicros(w.EndMicros())));
  field("warmup_start", quoted(FormatTimeMicros(w.WarmUpStartMicros())));
  field("start_us", StrCat(w.start_us));
  field("end_us", StrCat(w.EndMicros()));
  field("warmup_start_us", StrCat(w.WarmUpStartMicros()));
  field("entity", quoted("profile_id"));
  std::string fact_types = "[";
  for (std::string_view type : kFactTypes) {
    if (fact_types.size() > 1) fact_types.append(", ");
    AppendJsonString(type, &fact_types);
  }
  field("fact_types", fact_types + "]");
  field("apps", "[\"homepage\", \"search\"]");
  const WorldCounts& c = s.counts;
  field("counts", StrCat("{\"profiles\": ", s.profiles, ", \"kids_profiles\": ", s.kids_profiles,
                         ", \"videos\": ", s.videos, ", \"video_versions\": ", s.video_versions,
                         ",\n             \"records\": ", c.records, ", \"homepage_records\": ",
                         c.homepage_records, ", \"search_records\": ", c.search_records,
                         ", \"record_lines\": ", s.record_lines, ",\n             \"plays\": ",
                         c.plays, ", \"plays_before_start\": ", c.plays_before_start,
                         ", \"warmup_sessions\": ", c.warmup_sessions, "}"));
  field("records_written", s.records_written ? "true" : "false");
  if (s.records_in_store) {
    field("records_store", StrCat("{\"path\": ", quoted(s.store.path),
                                  ", \"records_logged\": ", s.store.records_logged,
                                  ", \"lines_quarantined\": ", s.store.lines_quarantined,
                                  ", \"log_bytes\": ", s.store.log_bytes, "}"));
  } else {
    field("records_store", "null");
  }
  field("estimated_bytes", StrCat("{\"records.jsonl\": ", s.records_jsonl_bytes, "}"));
  std::string files = "{";
  for (const auto& [name, bytes] : s.files) {
    if (files.size() > 1) files.append(", ");
    AppendJsonString(name, &files);
    files.append(StrCat(": ", bytes));
  }
  field("file_bytes", files + "}");
  field("faults", StrCat(s.faults.size()), true);
  out.append("}\n");
  return out;
}

StatusOr<WorldFilesSummary> WriteWorldFiles(const WorldFilesRequest& request) {
  const WorldOptions& options = request.world;
  HS_RETURN_IF_ERROR(ValidateWorldOptions(options));
  const ScaleParameters& parameters = ParametersOf(options.scale);
  const bool to_store = !request.store.empty();
  const bool write_jsonl = request.write_records && !to_store;
  if (write_jsonl && !parameters.writes_jsonl) {
    const double gigabytes = static_cast<double>(parameters.profiles) * options.EffectiveDays() *
                             parameters.sessions_per_day * kTypicalRecordBytes / 1e9;
    return absl::InvalidArgumentError(StrCat(
        "--scale ", parameters.name, " would write about ", static_cast<int64_t>(gigabytes + 0.5),
        " GB of records.jsonl; JSONL is written for tiny and small only (log the records "
        "into a store with --store STORE, or pass --no-records to write only plays, videos "
        "and world.json)"));
  }
  HS_RETURN_IF_ERROR(PrepareDirectory(request.out_dir));

  WorldGenerator generator(options);
  WorldFilesSummary summary;
  summary.world = options;
  summary.profiles = static_cast<int64_t>(generator.profiles().size());
  std::vector<int64_t> kids_profiles;
  for (const Profile& profile : generator.profiles()) {
    if (profile.kids) kids_profiles.push_back(profile.profile_id);
  }
  summary.kids_profiles = static_cast<int64_t>(kids_profiles.size());
  summary.videos = static_cast<int64_t>(generator.catalog().videos().size());
  summary.video_versions = static_cast<int64_t>(generator.catalog().version_count());

  // Written first: a new store is created from it.
  const std::string facts_proto_path = JoinPath(request.out_dir, kFactsProtoFile);
  HS_RETURN_IF_ERROR(WriteWholeFile(facts_proto_path, FactsProtoText()));

  const std::string records_path = JoinPath(request.out_dir, kRecordsFile);
  std::unique_ptr<RecordSink> sink;
  JsonlRecordSink* jsonl = nullptr;
  JsonlSizeEstimator* estimator = nullptr;
  std::unique_ptr<JsonlSizeEstimator> store_estimator;
  std::unique_ptr<StoreRecordSink> store_sink;
  if (write_jsonl) {
    HS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> file, OutputFile::Create(records_path));
    auto owned = std::make_unique<JsonlRecordSink>(std::move(file));
    jsonl = owned.get();
    sink = std::move(owned);
  } else {
    // A records.jsonl of an earlier run would not match this world.
    std::error_code ignored;
    std::filesystem::remove(records_path, ignored);
    if (to_store) {
      HS_ASSIGN_OR_RETURN(store_sink, StoreRecordSink::Open(request.store, facts_proto_path));
      store_estimator = std::make_unique<JsonlSizeEstimator>();
      estimator = store_estimator.get();
      sink = std::make_unique<RecordSinkTee>(store_sink.get(), estimator);
    } else {
      auto owned = std::make_unique<JsonlSizeEstimator>();
      estimator = owned.get();
      sink = std::move(owned);
    }
  }
  HS_ASSIGN_OR_RETURN(std::unique_ptr<PlaysCsvWriter> plays,
                      PlaysCsvWriter::Create(JoinPath(request.out_dir, kPlaysFile)));
  HS_ASSIGN_OR_RETURN(std::unique_ptr<PlaysParquetWriter> plays_parquet,
                      PlaysParquetWriter::Create(JoinPath(request.out_dir, kPlaysParquetFile)));
  PlaySinkTee play_sink(plays.get(), plays_parquet.get());
  FaultInjector injector(options.seed, options.faults, options.start_us, options.EndMicros(),
                         kids_profiles, sink.get());
  SampleRecordTap tap(&injector);
  HS_RETURN_IF_ERROR(generator.Run(tap, play_sink, request.progress));
  HS_RETURN_IF_ERROR(tap.Finish());
  HS_RETURN_IF_ERROR(plays->Close());
  HS_RETURN_IF_ERROR(plays_parquet->Close());

  summary.counts = generator.counts();
  summary.faults = injector.outcomes();
  summary.record_lines = injector.lines();
  summary.has_sample_record = tap.has_sample();
  if (tap.has_sample()) summary.sample_record = tap.sample();
  summary.records_written = write_jsonl;
  if (store_sink != nullptr) {
    const StoreSinkCounts& counts = store_sink->counts();
    summary.records_in_store = true;
    summary.store.path = AbsolutePath(request.store);
    summary.store.records_logged = counts.logged;
    summary.store.lines_quarantined = counts.quarantined;
    summary.store.log_bytes = static_cast<int64_t>(counts.log_bytes);
    summary.store.quarantine_path = counts.quarantine_path;
  }
  if (jsonl != nullptr) {
    summary.records_jsonl_bytes = jsonl->bytes();
    summary.files.push_back({std::string(kRecordsFile), jsonl->bytes()});
  } else {
    summary.records_jsonl_bytes = estimator->EstimatedBytes();
  }
  summary.files.push_back({std::string(kPlaysFile), plays->bytes()});
  HS_ASSIGN_OR_RETURN(const int64_t video_bytes,
                      WriteVideosCsv(generator.catalog(), JoinPath(request.out_dir, kVideosFile)));
  summary.files.push_back({std::string(kVideosFile), video_bytes});
  summary.files.push_back({std::string(kPlaysParquetFile), plays_parquet->bytes()});
  HS_ASSIGN_OR_RETURN(
      const int64_t video_parquet_bytes,
      WriteVideosParquet(generator.catalog(), JoinPath(request.out_dir, kVideosParquetFile)));
  summary.files.push_back({std::string(kVideosParquetFile), video_parquet_bytes});
  summary.files.push_back(
      {std::string(kFactsProtoFile), static_cast<int64_t>(FactsProtoText().size())});
  const std::string faults_json = FaultsJson(summary.faults);
  HS_RETURN_IF_ERROR(WriteWholeFile(JoinPath(request.out_dir, kFaultsFile), faults_json));
  summary.files.push_back({std::string(kFaultsFile), static_cast<int64_t>(faults_json.size())});
  const std::string world_json = WorldJson(summary);
  HS_RETURN_IF_ERROR(WriteWholeFile(JoinPath(request.out_dir, kWorldFile), world_json));
  summary.files.push_back({std::string(kWorldFile), static_cast<int64_t>(world_json.size())});
  return summary;
}

}  // namespace hindsight::workload
