#include "cli/demo_quality.h"

#include <filesystem>
#include <iostream>
#include <map>

#include "cli/example_files.h"
#include "quality/audit_evaluator.h"
#include "quality/audit_result_file.h"
#include "quality/audit_rule.h"
#include "quality/profile_catalog.h"
#include "quality/store_verifier.h"
#include "store/ingest/ingest_job.h"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/fault_spec.h"
#include "workload/world_files.h"

namespace hindsight::cli {
namespace {

constexpr int kFaultedWorldDays = 8;
constexpr const char* kInjectedFaults[] = {"drop@d5:h14", "nulls@d6:h9", "dup@d7:h11"};

}  // namespace

Status ShowDataQuality(const std::string& demo_dir, uint64_t seed) {
  const std::filesystem::path dir = std::filesystem::path(demo_dir) / "faulted";
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  workload::WorldFilesRequest request;
  request.world.scale = workload::Scale::kSmall;
  request.world.seed = seed;
  request.world.days = kFaultedWorldDays;
  for (const char* text : kInjectedFaults) {
    HS_ASSIGN_OR_RETURN(workload::FaultSpec fault, workload::ParseFaultSpec(text));
    request.world.faults.push_back(fault);
  }
  request.out_dir = (dir / "world").string();
  request.store = (dir / "store").string();
  std::cout << "a small " << kFaultedWorldDays << "-day world with faults injected:";
  for (const char* text : kInjectedFaults) std::cout << " " << text;
  std::cout << "\n";
  HS_ASSIGN_OR_RETURN(workload::WorldFilesSummary world, workload::WriteWorldFiles(request));
  store::IngestOptions ingest;
  ingest.store = request.store;
  HS_ASSIGN_OR_RETURN(store::IngestSummary ingested, store::IngestLog(ingest));
  std::cout << ingested.records_written << " records ingested, " << ingested.duplicates_dropped
            << " duplicates dropped; profiled on the way into " << store::QualityDir(request.store)
            << "\n";

  const std::string rules_path = (std::filesystem::path(demo_dir) / "audits.yaml").string();
  HS_RETURN_IF_ERROR(WriteFileAtomically(rules_path, ExampleAuditsText()));
  HS_ASSIGN_OR_RETURN(quality::AuditRules rules, quality::ParseAuditRules(rules_path, {"app"}));
  HS_ASSIGN_OR_RETURN(quality::HourlyProfiles hourly,
                      quality::LoadHourlyProfiles(request.store, {}));
  quality::AuditOptions options;
  options.now_us = request.world.EndMicros();
  HS_ASSIGN_OR_RETURN(std::vector<quality::AuditResult> results,
                      quality::RunAudit(rules, hourly, options));
  HS_ASSIGN_OR_RETURN(std::string stored,
                      quality::WriteAuditResults(store::AuditResultsDir(request.store),
                                                 options.now_us, rules_path, results));
  std::map<std::string, std::pair<int, std::string>> by_rule;  // rule -> (count, first finding)
  for (const auto& r : results) {
    if (!r.violated) continue;
    auto& [count, first] = by_rule[r.rule];
    if (count++ == 0) {
      first = StrCat(FormatTimeMicros(r.period_start_us), " ", r.attribute, ": ", r.message);
    }
  }
  std::cout << "audit (" << rules.rules.size() << " rules, " << results.size() << " results):\n";
  for (const auto& [rule, entry] : by_rule) {
    std::cout << "  " << rule << ": " << entry.first << " period(s), first " << entry.second
              << "\n";
  }
  if (by_rule.empty()) std::cout << "  no violations\n";
  HS_ASSIGN_OR_RETURN(quality::VerifyReport verified, quality::VerifyStore({request.store, 0, 1}));
  std::cout << "verify: " << verified.files.size() << " files re-read, " << verified.mismatches()
            << " mismatch(es)\n";
  std::cout << "try: hindsight audit " << request.store << " --rules " << rules_path << "\n"
            << "     hindsight profile " << request.store
            << " --attribute facts.subscriber.plan --by day\n"
            << "     hindsight dashboard " << request.store
            << "   (then open http://127.0.0.1:8090/)\n";
  return absl::OkStatus();
}

}  // namespace hindsight::cli
