// A short human summary of a generated world, as aligned text (for `hindsight demo`
// and `hindsight workload`).
#pragma once

#include <string>

#include "workload/world_files.h"

namespace hindsight::workload {

// Profiles, videos, records, plays, time range, faults, files with sizes.
std::string DescribeWorld(const WorldFilesSummary& summary, const std::string& dir);

// The sample record, one fact per line, long lists cut short.
std::string DescribeSampleRecord(const Record& record);

// 1234567 -> "1,234,567".
std::string WithThousands(int64_t value);
// 1536 -> "1.5 KB" (powers of 1000).
std::string HumanBytes(int64_t bytes);

}  // namespace hindsight::workload
