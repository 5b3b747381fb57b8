// HourFactsReader: the facts of the label groups of one event hour, read in one pass
// over that hour's partition of the facts table (projection: only the fact types the
// feature set reads; pruning: the groups' entity and time ranges through statistics and
// the page index). Exact mode matches each group's record id; as-of mode keeps, per
// group and fact type, the latest row at or before the group's time, and looks further
// back (point lookups through FactsTableReader, newest partition first) only for what
// the hour does not hold — within the type's max_age.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "features/feature_plan.h"
#include "features/label_groups.h"
#include "hindsight/record.pb.h"
#include "query/facts_table_reader.h"

namespace hindsight::features {

// The records one group reads: per plan fact type the record holding its value (null:
// missing), and the record whose context the features read.
struct GroupRecords {
  std::vector<std::shared_ptr<const Record>> by_type;
  std::shared_ptr<const Record> context;
};

struct HourReadStats {
  int64_t files_read = 0;
  int64_t rows_scanned = 0;
  int64_t records_decoded = 0;
  int64_t earlier_lookups = 0;    // as-of: point lookups before the hour
  int64_t records_not_found = 0;  // exact: groups whose record id the hour does not hold
  void Add(const HourReadStats& other);
};

// Thread-safe: Read may run for several hours at once.
class HourFactsReader {
 public:
  // `table` gives the snapshot and serves the as-of look-backs; both must outlive this.
  HourFactsReader(const query::FactsTableReader& table, const FeaturePlan& plan, bool exact);

  // Fills `out` (one entry per group of `hour`, in order). Errors name the data file.
  [[nodiscard]] Status Read(const HourOfGroups& hour, const std::vector<LabelGroup>& groups,
                            std::vector<GroupRecords>& out, HourReadStats& stats) const;

 private:
  class HourScan;

  const query::FactsTableReader& table_;
  const FeaturePlan& plan_;
  const bool exact_;
  std::vector<std::string> projected_types_;  // the plan's, or all when it reads none
  std::map<int64_t, std::vector<const store::DataFile*>> files_by_hour_;
};

}  // namespace hindsight::features
