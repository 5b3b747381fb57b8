// Audit results stored as Parquet, every result of a run, violated or not, so thresholds
// can be tuned from history: STORE/quality/audits/audit-<run time>.parquet, columns
//   run_at_us INT64 | rules_file STRING | rule STRING | kind STRING | severity STRING |
//   attribute STRING | slice STRING | metric STRING | period_start_us INT64 |
//   period_end_us INT64 | value DOUBLE | baseline DOUBLE (NaN: none) | threshold STRING |
//   violated BOOLEAN | skipped BOOLEAN | message STRING
#pragma once

#include <string>
#include <vector>

#include "quality/audit_evaluator.h"
#include "util/status.h"

namespace hindsight::quality {

// Writes the results of one run; returns the file's path.
[[nodiscard]] StatusOr<std::string> WriteAuditResults(const std::string& audits_dir,
                                                      int64_t run_at_us,
                                                      const std::string& rules_file,
                                                      const std::vector<AuditResult>& results);

struct StoredAuditResult {
  int64_t run_at_us = 0;
  AuditResult result;
};

// Every stored result of every run, oldest run first.
[[nodiscard]] StatusOr<std::vector<StoredAuditResult>> ReadAuditResults(
    const std::string& audits_dir);

}  // namespace hindsight::quality
