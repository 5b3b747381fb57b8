// The facts table's writer lock: ingest, compact and retention hold it while they write
// files and commit, so that two writers never build on the same snapshot. An flock(2)
// on STORE/tables/_snapshots/LOCK: released by the kernel when the process dies, so a
// crash never leaves the table locked. Readers never take it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight::store {

inline constexpr std::string_view kTableLockFile = "LOCK";

class TableLock {
 public:
  // Takes the lock without waiting. Unavailable, naming the store, when another process
  // holds it.
  [[nodiscard]] static StatusOr<std::unique_ptr<TableLock>> Acquire(const std::string& store);
  ~TableLock();
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  explicit TableLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace hindsight::store
