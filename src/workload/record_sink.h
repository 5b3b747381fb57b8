// Where generated records go, in arrival order: the JSONL file today, a store later.
#pragma once

#include <string_view>

#include "util/status.h"
#include "workload/record.h"

namespace hindsight::workload {

class RecordSink {
 public:
  virtual ~RecordSink() = default;

  // Consumes one record; `record` is borrowed for the duration of the call.
  [[nodiscard]] virtual Status Write(const Record& record) = 0;
  // Consumes one line that is deliberately not a valid record (the `corrupt` fault).
  // A sink that cannot carry raw lines counts it and drops it.
  [[nodiscard]] virtual Status WriteMalformed(std::string_view line) = 0;
  // Flushes everything; no call may follow.
  [[nodiscard]] virtual Status Finish() = 0;
};

}  // namespace hindsight::workload
