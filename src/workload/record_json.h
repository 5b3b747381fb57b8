// The JSONL form of a record (SYSTEM.md §5): keys in a fixed order, fact values in
// protobuf's JSON mapping with the proto field names, int64 as JSON numbers and every
// field written, so oracles never have to guess defaults.
#pragma once

#include <string>

#include "workload/record.h"

namespace hindsight::workload {

// Appends the record as one JSON object, without the trailing newline.
void AppendRecordJson(const Record& record, std::string* out);

// Appends `text` as a JSON string literal (quoted, escaped).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace hindsight::workload
