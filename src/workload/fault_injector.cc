#include "workload/fault_injector.h"

#include <algorithm>
#include <cmath>

#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/profile.h"
#include "workload/record_json.h"
#include "workload/rng.h"

namespace hindsight::workload {
namespace {

constexpr std::string_view kCorruptKindNames[kCorruptKindCount] = {
    "truncated", "bad_token", "plan_number", "unknown_fact", "missing_ts", "string_in_int64"};

// Replaces the first occurrence of `from`; the record's JSON has each key once.
void ReplaceFirst(std::string* text, std::string_view from, std::string_view to) {
  const size_t at = text->find(from);
  if (at != std::string::npos) text->replace(at, from.size(), to);
}

int PlanNumber(std::string_view plan) {
  for (int p = 0; p < kPlanCount; ++p) {
    if (PlanName(p) == plan) return p + 1;
  }
  return 0;
}

}  // namespace

std::string_view CorruptKindName(CorruptKind kind) {
  return kCorruptKindNames[static_cast<int>(kind)];
}

bool IsMalformedJson(CorruptKind kind) {
  return kind == CorruptKind::kTruncated || kind == CorruptKind::kBadToken;
}

FaultInjector::FaultInjector(uint64_t seed, const std::vector<FaultSpec>& faults,
                             int64_t world_start_us, int64_t world_end_us,
                             const std::vector<int64_t>& kids_profile_ids, RecordSink* downstream)
    : seed_(seed), downstream_(downstream) {
  drift_sets_.resize(faults.size());
  drifted_.resize(faults.size());
  for (size_t f = 0; f < faults.size(); ++f) {
    FaultOutcome outcome;
    outcome.spec = faults[f];
    outcome.window = WindowOf(faults[f], world_start_us, world_end_us);
    switch (faults[f].kind) {
      case FaultKind::kDrift: {
        outcome.attribute = "subscriber.kids";
        // Exactly 10% of the kids profiles (at least one), by a seeded hash order.
        std::vector<std::pair<uint64_t, int64_t>> ranked;
        ranked.reserve(kids_profile_ids.size());
        for (int64_t id : kids_profile_ids) {
          ranked.push_back(
              {StreamKey(seed, StreamPurpose::kFault, f + 1, static_cast<uint64_t>(id)), id});
        }
        std::sort(ranked.begin(), ranked.end());
        const size_t chosen =
            ranked.empty()
                ? 0
                : std::max<size_t>(1, static_cast<size_t>(std::llround(
                                          kDriftKidsShare * static_cast<double>(ranked.size()))));
        for (size_t i = 0; i < chosen; ++i) {
          drift_sets_[f].insert(ranked[i].second);
          outcome.drift_profiles.push_back(ranked[i].second);
        }
        std::sort(outcome.drift_profiles.begin(), outcome.drift_profiles.end());
        break;
      }
      case FaultKind::kNulls:
        outcome.attribute = "subscriber.plan";
        break;
      case FaultKind::kSwap:
        outcome.attribute = "subscriber.member_since_us";
        outcome.swapped_with = "impressions.since_us";
        outcome.app = "search";
        break;
      default:
        break;
    }
    outcomes_.push_back(std::move(outcome));
  }
}

double FaultInjector::Chance(size_t fault, const Record& record) const {
  return UnitInterval(StreamKey(seed_, StreamPurpose::kFault, fault + 1,
                                (static_cast<uint64_t>(record.profile_id) << 24) ^
                                    static_cast<uint64_t>(record.record_number)));
}

bool FaultInjector::InWindow(size_t fault, const Record& record) const {
  const FaultWindow& window = outcomes_[fault].window;
  return record.ts_us >= window.from_us && record.ts_us < window.to_us;
}

Status FaultInjector::Write(const Record& record) {
  HS_RETURN_IF_ERROR(ReleaseArrivedBy(record.ts_us));
  const size_t fault_count = outcomes_.size();
  // 1. Records that vanish or are replaced by a corrupt line.
  for (size_t f = 0; f < fault_count; ++f) {
    const FaultKind kind = outcomes_[f].spec.kind;
    if ((kind != FaultKind::kDrop && kind != FaultKind::kCorrupt) || !InWindow(f, record)) continue;
    ++outcomes_[f].rows_in_window;
    if (kind == FaultKind::kDrop && Chance(f, record) < kDropShare) {
      ++outcomes_[f].rows_affected;
      return absl::OkStatus();
    }
    if (kind == FaultKind::kCorrupt && Chance(f, record) < kCorruptShare) {
      return EmitCorrupt(f, record);
    }
  }
  // 2. Attributes logged wrongly.
  const Record* out = &record;
  auto mutable_copy = [&]() {
    if (out != &changed_) {
      changed_ = record;
      out = &changed_;
    }
    return &changed_;
  };
  for (size_t f = 0; f < fault_count; ++f) {
    FaultOutcome& outcome = outcomes_[f];
    const FaultKind kind = outcome.spec.kind;
    if (!InWindow(f, record)) continue;
    if (kind == FaultKind::kDrift) {
      ++outcome.rows_in_window;
      if (out->kids && drift_sets_[f].contains(record.profile_id)) {
        mutable_copy()->kids = false;
        ++outcome.rows_affected;
        drifted_[f].insert(record.profile_id);
      }
    } else if (kind == FaultKind::kNulls) {
      ++outcome.rows_in_window;
      if (out->has_plan && Chance(f, record) < kNullsShare) {
        mutable_copy()->has_plan = false;
        ++outcome.rows_affected;
      }
    } else if (kind == FaultKind::kSwap && record.app == outcome.app) {
      ++outcome.rows_in_window;
      Record* changed = mutable_copy();
      std::swap(changed->member_since_us, changed->impressions_since_us);
      ++outcome.rows_affected;
    }
  }
  // 3. Records re-sent or arriving late.
  int copies = 1;
  for (size_t f = 0; f < fault_count; ++f) {
    if (outcomes_[f].spec.kind != FaultKind::kDup || !InWindow(f, record)) continue;
    ++outcomes_[f].rows_in_window;
    if (Chance(f, record) < kDupShare) {
      ++copies;
      ++outcomes_[f].rows_affected;
    }
  }
  for (size_t f = 0; f < fault_count; ++f) {
    if (outcomes_[f].spec.kind != FaultKind::kLate || !InWindow(f, record)) continue;
    ++outcomes_[f].rows_in_window;
    if (Chance(f, record) < kLateShare) {
      ++outcomes_[f].rows_affected;
      delayed_.push_back({record.ts_us + kLateDelayMicros, delayed_sequence_++, copies, *out});
      std::push_heap(delayed_.begin(), delayed_.end(), LaterArrival());
      return absl::OkStatus();
    }
  }
  return Emit(*out, copies);
}

Status FaultInjector::Emit(const Record& record, int copies) {
  for (int copy = 0; copy < copies; ++copy) {
    ++lines_;
    HS_RETURN_IF_ERROR(downstream_->Write(record));
  }
  return absl::OkStatus();
}

Status FaultInjector::ReleaseArrivedBy(int64_t t_us) {
  while (!delayed_.empty() && delayed_.front().arrival_us <= t_us) {
    std::pop_heap(delayed_.begin(), delayed_.end(), LaterArrival());
    const Delayed released = std::move(delayed_.back());
    delayed_.pop_back();
    HS_RETURN_IF_ERROR(Emit(released.record, released.copies));
  }
  return absl::OkStatus();
}

Status FaultInjector::EmitCorrupt(size_t fault, const Record& record) {
  FaultOutcome& outcome = outcomes_[fault];
  const auto kind = static_cast<CorruptKind>(outcome.corrupt_lines.size() % kCorruptKindCount);
  line_.clear();
  AppendRecordJson(record, &line_);
  switch (kind) {
    case CorruptKind::kTruncated:
      line_.resize(line_.size() / 2);
      break;
    case CorruptKind::kBadToken:
      ReplaceFirst(&line_, record.kids ? "\"kids\":true" : "\"kids\":false", "\"kids\":yes");
      break;
    case CorruptKind::kPlanNumber:
      ReplaceFirst(&line_, StrCat("\"plan\":\"", record.plan, "\""),
                   StrCat("\"plan\":", PlanNumber(record.plan)));
      break;
    case CorruptKind::kUnknownFact:
      ReplaceFirst(
          &line_, "\"facts\":{",
          StrCat("\"facts\":{\"watch_party\":{\"host_profile_id\":", record.profile_id, "},"));
      break;
    case CorruptKind::kMissingTs:
      ReplaceFirst(&line_, StrCat("\"ts\":\"", FormatTimeMicros(record.ts_us), "\","), "");
      break;
    case CorruptKind::kStringInInt64:
      ReplaceFirst(&line_, StrCat("\"member_since_us\":", record.member_since_us),
                   StrCat("\"member_since_us\":\"",
                          FormatTimeMicros(record.member_since_us).substr(0, 10), "\""));
      break;
  }
  ++outcome.rows_affected;
  ++lines_;
  outcome.corrupt_lines.push_back({lines_, kind, record.record_id});
  return downstream_->WriteMalformed(line_);
}

Status FaultInjector::WriteMalformed(std::string_view line) {
  ++lines_;
  return downstream_->WriteMalformed(line);
}

Status FaultInjector::Finish() {
  while (!delayed_.empty()) {
    std::pop_heap(delayed_.begin(), delayed_.end(), LaterArrival());
    const Delayed released = std::move(delayed_.back());
    delayed_.pop_back();
    HS_RETURN_IF_ERROR(Emit(released.record, released.copies));
  }
  for (size_t f = 0; f < outcomes_.size(); ++f) {
    outcomes_[f].profiles_affected = static_cast<int64_t>(drifted_[f].size());
  }
  return downstream_->Finish();
}

}  // namespace hindsight::workload
