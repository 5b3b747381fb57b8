#include "store/quarantine.h"

#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::store {
namespace {

// `2026-11-23T10:00:00Z` -> `20261123T100000Z`: sortable and safe in file names.
std::string FileNameTime(int64_t micros) {
  std::string compact;
  for (char c : FormatTimeMicros(micros - micros % kMicrosPerSecond)) {
    if (c != '-' && c != ':') compact.push_back(c);
  }
  return compact;
}

}  // namespace

QuarantineWriter::QuarantineWriter(std::string quarantine_dir, std::string source,
                                   std::string file_name)
    : quarantine_dir_(std::move(quarantine_dir)),
      source_(std::move(source)),
      file_name_(std::move(file_name)) {}

Status QuarantineWriter::Add(int64_t line_number, const LineRejection& rejection,
                             std::string_view raw_line) {
  if (file_ == nullptr) {
    const int64_t now_us = NowMicros();
    path_ = file_name_.empty() ? StrCat(quarantine_dir_, "/log-", FileNameTime(now_us), "-",
                                        static_cast<int64_t>(getpid()), ".jsonl")
                               : StrCat(quarantine_dir_, "/", file_name_);
    HS_ASSIGN_OR_RETURN(file_, WritableFile::Create(path_));
  }
  nlohmann::ordered_json entry;
  entry["source"] = source_;
  entry["line"] = line_number;
  entry["kind"] = RejectKindName(rejection.kind);
  entry["reason"] = rejection.reason;
  entry["raw"] = std::string(raw_line);
  // Input is not always UTF-8: invalid bytes become U+FFFD rather than failing.
  std::string text = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return file_->Append(text);
}

Status QuarantineWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  HS_RETURN_IF_ERROR(file_->Sync());
  Status status = file_->Close();
  file_.reset();
  return status;
}

}  // namespace hindsight::store
