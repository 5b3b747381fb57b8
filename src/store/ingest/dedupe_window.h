// The record ids ingest has seen recently, to drop the duplicates a logger's retries
// produce. A record id stays in the window while its event time is within `window_us`
// of the newest event time seen. Saved with each ingest snapshot:
//   "HSDEDUP1" | u64 newest event time | u64 count | count x (u64 ts, u32 len, id bytes)
//   | u32 masked CRC32C of everything before it
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "util/status.h"

namespace hindsight::store {

inline constexpr std::string_view kDedupeStateMagic = "HSDEDUP1";
// Record ids longer than this cannot be in a valid state file (bounds hostile input).
inline constexpr uint32_t kMaxDedupeRecordIdBytes = 1u << 16;

// Not thread-safe.
class DedupeWindow {
 public:
  explicit DedupeWindow(int64_t window_us) : window_us_(window_us) {}

  // True (and remembers it) when `record_id` was not seen within the window; false for a
  // duplicate. A window of 0 remembers nothing and accepts everything.
  bool Admit(std::string_view record_id, int64_t event_time_us);

  // Forgets ids whose event time fell out of the window.
  void Prune();

  size_t size() const { return seen_.size(); }
  // The newest event time admitted so far (saved with the window); INT64_MIN if none.
  int64_t newest_us() const { return newest_us_; }

  std::string Serialize() const;
  // `file_name` only names the source in errors.
  [[nodiscard]] static StatusOr<DedupeWindow> Parse(std::string_view bytes, int64_t window_us,
                                                    const std::string& file_name);

 private:
  int64_t window_us_;
  int64_t newest_us_ = INT64_MIN;
  absl::flat_hash_map<std::string, int64_t> seen_;  // record id -> event time
};

}  // namespace hindsight::store
