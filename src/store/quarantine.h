// Rejected input lines, kept with their reason: STORE/quarantine/
// log-<UTC time>-<pid>.jsonl, one JSON object a line:
// {"source":"stdin","line":17,"kind":"fact_schema_violation","reason":"...","raw":"..."}.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/jsonl_record_parser.h"
#include "util/file_io.h"
#include "util/status.h"

namespace hindsight::store {

// Not thread-safe. The file is created on the first Add, so a clean run leaves none.
class QuarantineWriter {
 public:
  // `source` names the input (a path, or "stdin"). `file_name`, when given, replaces the
  // default log-<UTC time>-<pid>.jsonl (ingest names its file after the snapshot it
  // prepares, so a re-run after a crash rewrites it instead of adding a second copy).
  QuarantineWriter(std::string quarantine_dir, std::string source, std::string file_name = "");
  QuarantineWriter(const QuarantineWriter&) = delete;
  QuarantineWriter& operator=(const QuarantineWriter&) = delete;

  [[nodiscard]] Status Add(int64_t line_number, const LineRejection& rejection,
                           std::string_view raw_line);
  // Flushes, fsyncs and closes the file (if one was created).
  [[nodiscard]] Status Close();

  // The file written, empty while nothing was quarantined.
  const std::string& path() const { return path_; }

 private:
  std::string quarantine_dir_;
  std::string source_;
  std::string file_name_;
  std::string path_;
  std::unique_ptr<WritableFile> file_;
};

}  // namespace hindsight::store
