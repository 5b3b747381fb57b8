// The as-of answers of a snapshot computed the obvious way, as the oracle for
// FactsTableReader: every row of every data file decoded (whole schema, no filter, no
// bloom filter, no projection), then a scan of all records per lookup.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hindsight/record.pb.h"
#include "query/facts_table_reader.h"
#include "util/status.h"

namespace hindsight::query::testing {

class BruteForceAsOf {
 public:
  // Decodes every file of snapshot `snapshot_id` of `store`.
  [[nodiscard]] static StatusOr<BruteForceAsOf> Load(const std::string& store, int64_t snapshot_id);

  // For each of `fact_types`: among the entity's records with ts <= as_of holding the
  // type, the one with the greatest (ts, record_id), with only that type's facts.
  AsOfAnswer Lookup(int64_t entity, int64_t as_of_us,
                    const std::vector<std::string>& fact_types) const;

  const std::vector<Record>& records() const { return records_; }

 private:
  int64_t snapshot_id_ = 0;
  std::string entity_key_;
  std::vector<Record> records_;
};

}  // namespace hindsight::query::testing
