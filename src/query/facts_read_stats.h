// Counters of the work time-travel reads did, to show (and test) how much of the facts
// table pruning kept a lookup from reading: partitions and files skipped by their ranges,
// files and row groups ruled out by bloom filters, row groups and pages pruned by
// statistics and the page index, and the bytes that were read after all.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace hindsight::query {

struct FactsReadStats {
  int64_t lookups = 0;
  int64_t partitions_considered = 0;   // partitions at or before as-of that were visited
  int64_t files_considered = 0;        // data files of those partitions
  int64_t files_pruned_by_range = 0;   // the snapshot's entity/ts range of the file excludes it
  int64_t files_pruned_by_schema = 0;  // the file has none of the fact types still sought
  int64_t files_pruned_by_bloom = 0;   // every row group's entity bloom filter rules it out
  int64_t files_read = 0;              // files some row group of which was read
  int64_t files_opened = 0;  // footers read (a file opened again after eviction counts twice)
  int64_t row_groups_pruned_by_bloom = 0;
  int64_t row_groups_read = 0;
  int64_t row_groups_skipped = 0;  // pruned by statistics or by the page index
  int64_t pages_read = 0;
  int64_t pages_skipped = 0;  // pruned by the page index
  int64_t rows_scanned = 0;   // rows the pruned reads returned and the lookup compared
  int64_t records_decoded = 0;
  int64_t bytes_read = 0;  // footers, bloom filters, page indexes and pages

  // Every counter with its name, in declaration order (for printing).
  std::vector<std::pair<std::string_view, int64_t>> Named() const;

  FactsReadStats& operator+=(const FactsReadStats& other);
  bool operator==(const FactsReadStats&) const = default;
};

// Counter by counter: `a` - `b` (the work done between two readings of the counters).
FactsReadStats operator-(const FactsReadStats& a, const FactsReadStats& b);

}  // namespace hindsight::query
