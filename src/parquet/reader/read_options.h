// What a read of a Parquet file should return and how: projection, checksum verification,
// parallelism, and a conjunctive range filter used to prune row groups (statistics) and
// pages (page index). Filtering never drops a matching row: the result is a superset of
// the rows whose values lie in every range, in file order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hindsight::parquet {

// A value compared with a leaf's statistics or probed in its bloom filter: int64_t for
// INT32/INT64 leaves, double for FLOAT/DOUBLE (int64_t bounds also compare with them),
// std::string (raw bytes) for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY leaves.
using ScalarValue = std::variant<int64_t, double, std::string>;

// Rows whose value of `column` lies in [min, max] (inclusive; an absent bound is open).
// `column` names a non-repeated primitive leaf by its dotted path, as Schema::Project
// accepts it. Null values never lie in a range.
struct ColumnRange {
  std::string column;
  std::optional<ScalarValue> min;
  std::optional<ScalarValue> max;
};

struct ReadOptions {
  // Dotted paths of the leaves or groups to read (Schema::Project rules); empty: all.
  std::vector<std::string> columns;
  // Check each page's CRC32 (when the writer stored one) before decoding it.
  bool verify_checksums = false;
  // Row groups (or, for a single row group, column chunks) decoded at once.
  int threads = 1;
  // Conjunction of ranges; pruning only, see the file comment.
  std::vector<ColumnRange> filter;
};

// Work done by reads, for benchmarks and tests. Row groups and pages count those of the
// projected columns that a read selected or pruned.
struct ReadStats {
  int64_t row_groups_read = 0;
  int64_t row_groups_skipped = 0;  // pruned by statistics or by the page index
  int64_t pages_read = 0;          // data pages decoded
  int64_t pages_skipped = 0;       // data pages pruned by the page index
  int64_t bytes_read = 0;          // bytes fetched from the file, footer included
};

}  // namespace hindsight::parquet
