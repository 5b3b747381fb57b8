// Injects the faults of --inject into the record stream on its way to a sink and
// keeps the ground truth (faults.json): what each fault did, where, to how many rows.
// Faults never change the world itself: a dropped record's session still happened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "workload/fault_spec.h"
#include "workload/record_sink.h"

namespace hindsight::workload {

// Shares of records a fault acts on inside its window (docs/WORKLOAD.md).
inline constexpr double kDropShare = 0.75;
inline constexpr double kDriftKidsShare = 0.10;
inline constexpr double kNullsShare = 0.30;
inline constexpr double kLateShare = 0.50;
inline constexpr int64_t kLateDelayMicros = 3 * 3600 * int64_t{1'000'000};
inline constexpr double kDupShare = 0.20;
inline constexpr double kCorruptShare = 0.05;

// The kinds of corrupt lines, assigned in turn to the corrupted records of a fault.
enum class CorruptKind {
  kTruncated,
  kBadToken,
  kPlanNumber,
  kUnknownFact,
  kMissingTs,
  kStringInInt64
};
inline constexpr int kCorruptKindCount = 6;
std::string_view CorruptKindName(CorruptKind kind);
// Whether the line is malformed JSON (else it is JSON violating the record schema).
bool IsMalformedJson(CorruptKind kind);

struct CorruptLine {
  int64_t line;  // 1-based line of records.jsonl
  CorruptKind kind;
  std::string record_id;  // of the record the line replaced
};

struct FaultOutcome {
  FaultSpec spec;
  FaultWindow window;
  std::string attribute;          // the corrupted attribute; empty when whole records are
  std::string swapped_with;       // swap: the other attribute
  std::string app;                // the app whose records are affected; empty: every app
  int64_t rows_in_window = 0;     // records that reached the fault inside its window
  int64_t rows_affected = 0;      // records dropped / changed / delayed / duplicated / replaced
  int64_t profiles_affected = 0;  // drift
  std::vector<int64_t> drift_profiles;  // drift: the profiles logged as adults, ascending
  std::vector<CorruptLine> corrupt_lines;
};

class FaultInjector : public RecordSink {
 public:
  // `kids_profile_ids` lists every kids profile (drift picks among them). `downstream`
  // must outlive the injector.
  FaultInjector(uint64_t seed, const std::vector<FaultSpec>& faults, int64_t world_start_us,
                int64_t world_end_us, const std::vector<int64_t>& kids_profile_ids,
                RecordSink* downstream);

  [[nodiscard]] Status Write(const Record& record) override;
  [[nodiscard]] Status WriteMalformed(std::string_view line) override;
  // Releases the records still held back by `late`, then finishes downstream.
  [[nodiscard]] Status Finish() override;

  const std::vector<FaultOutcome>& outcomes() const { return outcomes_; }
  int64_t lines() const { return lines_; }

 private:
  struct Delayed {
    int64_t arrival_us;
    int64_t sequence;
    int copies;
    Record record;
  };
  struct LaterArrival {
    bool operator()(const Delayed& a, const Delayed& b) const {
      return a.arrival_us != b.arrival_us ? a.arrival_us > b.arrival_us : a.sequence > b.sequence;
    }
  };

  double Chance(size_t fault, const Record& record) const;
  bool InWindow(size_t fault, const Record& record) const;
  [[nodiscard]] Status Emit(const Record& record, int copies);
  [[nodiscard]] Status ReleaseArrivedBy(int64_t t_us);
  [[nodiscard]] Status EmitCorrupt(size_t fault, const Record& record);

  uint64_t seed_;
  RecordSink* downstream_;
  std::vector<FaultOutcome> outcomes_;
  std::vector<absl::flat_hash_set<int64_t>> drift_sets_;  // per fault; empty unless drift
  std::vector<absl::flat_hash_set<int64_t>> drifted_;     // per fault: profiles changed
  std::vector<Delayed> delayed_;  // a heap by LaterArrival: the earliest arrival on top
  int64_t delayed_sequence_ = 0;
  int64_t lines_ = 0;
  Record changed_;
  std::string line_;
};

}  // namespace hindsight::workload
