// Logs a JSONL stream of records (SYSTEM.md §5) into a store through FactLogger: each
// line is parsed against the store's fact types; rejected lines go to STORE/quarantine
// with their reason and line number. What `hindsight log` and the demo run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "log/fact_logger.h"
#include "util/status.h"

namespace hindsight::store {

struct JsonlLogRequest {
  std::string store;
  std::FILE* input = nullptr;  // read to its end; not closed
  std::string source;          // names the input in quarantine entries ("stdin", a path)
  std::string app;             // when not empty, replaces every record's app
};

struct JsonlLogSummary {
  int64_t lines = 0;  // non-blank lines read
  int64_t logged = 0;
  int64_t quarantined = 0;
  uint64_t input_bytes = 0;
  std::map<std::string, int64_t> quarantined_by_kind;
  std::string quarantine_file;  // empty when nothing was quarantined
  log::LoggerCounters logger;
};

// Fails on a missing store, an unreadable input or a write error; rejected lines are
// not errors (they are counted and quarantined).
[[nodiscard]] StatusOr<JsonlLogSummary> LogJsonl(const JsonlLogRequest& request);

}  // namespace hindsight::store
