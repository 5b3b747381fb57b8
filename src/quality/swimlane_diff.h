// Swimlane diff: what changed between two versions of the same data, attribute by
// attribute — two stores' facts (records matched by record id within their event hour)
// or two feature outputs (rows matched by their key columns). Exact mode counts rows
// whose values are missing, new or replaced, with examples; distribution mode compares
// each attribute's distribution (KS and PSI), for outputs of code that differs by design.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quality/profile_catalog.h"
#include "util/status.h"

namespace hindsight::quality {

enum class DiffMode { kExact, kDistribution };

struct DiffOptions {
  std::string a;
  std::string b;
  DiffMode mode = DiffMode::kExact;
  int max_examples = 5;
  // Distribution mode: an attribute differs when KS (less sketch error) or PSI exceeds these.
  double max_ks = 0.05;
  double max_psi = 0.1;
  TimeRange range;  // stores: event hours compared
};

struct DiffExample {
  std::string key;  // record id, or the feature row's key
  std::string a;
  std::string b;
};

struct AttributeDiff {
  std::string attribute;
  // Exact mode: rows (records) where the values were lost, appeared, or changed in B.
  int64_t missing = 0;
  int64_t added = 0;
  int64_t replaced = 0;
  std::vector<DiffExample> examples;
  // Distribution mode.
  int64_t count_a = 0;
  int64_t count_b = 0;
  std::optional<double> ks;
  double ks_error = 0;
  std::optional<double> ks_p_value;
  std::optional<double> psi;
  bool distribution_differs = false;
  int64_t rows() const { return missing + added + replaced; }
  bool differs() const { return rows() > 0 || distribution_differs; }
};

struct DiffReport {
  std::string kind;  // "stores" or "feature outputs"
  DiffMode mode = DiffMode::kExact;
  int64_t rows_a = 0;
  int64_t rows_b = 0;
  int64_t rows_matched = 0;
  int64_t only_in_a = 0;
  int64_t only_in_b = 0;
  std::vector<std::string> only_in_a_examples;
  std::vector<std::string> only_in_b_examples;
  std::vector<AttributeDiff> attributes;  // every attribute compared, by name
  bool differs() const;
};

// Both are stores (directories with a store config) or both Parquet files.
[[nodiscard]] StatusOr<DiffReport> Diff(const DiffOptions& options);

}  // namespace hindsight::quality
