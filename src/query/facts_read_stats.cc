#include "query/facts_read_stats.h"

#include <array>

namespace hindsight::query {
namespace {

struct Counter {
  std::string_view name;
  int64_t FactsReadStats::*member;
};

// Every counter once, so that printing and arithmetic cannot miss one.
constexpr std::array<Counter, 16> kCounters = {{
    {"lookups", &FactsReadStats::lookups},
    {"partitions_considered", &FactsReadStats::partitions_considered},
    {"files_considered", &FactsReadStats::files_considered},
    {"files_pruned_by_range", &FactsReadStats::files_pruned_by_range},
    {"files_pruned_by_schema", &FactsReadStats::files_pruned_by_schema},
    {"files_pruned_by_bloom", &FactsReadStats::files_pruned_by_bloom},
    {"files_read", &FactsReadStats::files_read},
    {"files_opened", &FactsReadStats::files_opened},
    {"row_groups_pruned_by_bloom", &FactsReadStats::row_groups_pruned_by_bloom},
    {"row_groups_read", &FactsReadStats::row_groups_read},
    {"row_groups_skipped", &FactsReadStats::row_groups_skipped},
    {"pages_read", &FactsReadStats::pages_read},
    {"pages_skipped", &FactsReadStats::pages_skipped},
    {"rows_scanned", &FactsReadStats::rows_scanned},
    {"records_decoded", &FactsReadStats::records_decoded},
    {"bytes_read", &FactsReadStats::bytes_read},
}};
static_assert(sizeof(FactsReadStats) == kCounters.size() * sizeof(int64_t),
              "every counter of FactsReadStats is listed in kCounters");

}  // namespace

std::vector<std::pair<std::string_view, int64_t>> FactsReadStats::Named() const {
  std::vector<std::pair<std::string_view, int64_t>> named;
  named.reserve(kCounters.size());
  for (const Counter& counter : kCounters) named.emplace_back(counter.name, this->*counter.member);
  return named;
}

FactsReadStats& FactsReadStats::operator+=(const FactsReadStats& other) {
  for (const Counter& counter : kCounters) this->*counter.member += other.*counter.member;
  return *this;
}

FactsReadStats operator-(const FactsReadStats& a, const FactsReadStats& b) {
  FactsReadStats difference = a;
  for (const Counter& counter : kCounters) difference.*counter.member -= b.*counter.member;
  return difference;
}

}  // namespace hindsight::query
