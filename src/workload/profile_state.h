// The evolving side of a profile: what it has watched, rated, listed and been shown,
// plus events scheduled for later (a play starts after browsing, a thumb is given
// when a play ends). Facts logged at time t are read from this state after every
// event before t has been applied, which is what makes the world self-consistent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "workload/catalog.h"
#include "workload/record.h"
#include "workload/rng.h"

namespace hindsight::workload {

// Limits of the facts, part of the world's contract (docs/WORKLOAD.md).
inline constexpr size_t kMaxViewingEvents = 200;
inline constexpr size_t kMaxThumbs = 100;
inline constexpr size_t kMaxMyList = 50;
inline constexpr size_t kMaxImpressions = 100;
inline constexpr int64_t kImpressionWindowMicros = 7 * 24 * 3600 * int64_t{1'000'000};

enum class PendingKind : uint8_t { kPlayStart, kThumb, kListAdd, kListRemove };

class ProfileState {
 public:
  ProfileState(uint64_t seed, int64_t profile_id);

  Rng& rng() { return rng_; }

  // Applies, in time order, every scheduled event with ts_us < t_us.
  void AdvanceTo(int64_t t_us);
  // Schedules an event; events at equal times apply in scheduling order.
  void Schedule(int64_t ts_us, PendingKind kind, uint32_t video_index, int32_t duration_s = 0,
                bool completed = false, int8_t rating = 0);

  // Whether the profile has a completed play of the video in its (capped) history.
  bool HasCompleted(uint32_t video_index) const;
  // Whether the video was ever played (in the capped history) or a play is scheduled.
  bool PlayedOrScheduled(uint32_t video_index) const;
  bool InMyList(uint32_t video_index) const;
  const std::vector<uint32_t>& my_list() const { return my_list_; }

  int64_t busy_until_us() const { return busy_until_us_; }
  void set_busy_until_us(int64_t t) { busy_until_us_ = t; }
  int64_t NextRecordNumber() { return ++record_count_; }

  // Remembers the items shown in a logged session, for later impressions.
  void RecordShown(int64_t ts_us, const std::vector<uint32_t>& items);

  // Fills the viewing_history, my_list, thumbs and impressions of `record` as of
  // `record->ts_us`. `marks` is scratch of one byte per catalog video, all zero on
  // entry and on return.
  void FillFacts(const Catalog& catalog, Record* record, std::vector<uint8_t>* marks);

 private:
  struct WatchedEvent {
    int64_t ts_us;
    uint32_t video_index;
    int32_t duration_s;
    bool completed;
  };
  struct GivenThumb {
    int64_t ts_us;
    uint32_t video_index;
    int8_t rating;
  };
  struct Pending {
    int64_t ts_us;
    uint32_t sequence;
    uint32_t video_index;
    int32_t duration_s;
    PendingKind kind;
    bool completed;
    int8_t rating;
  };
  struct ShownSession {
    int64_t ts_us;
    uint32_t first_item;  // into shown_items_
    uint32_t item_count;
  };

  void Apply(const Pending& event);

  Rng rng_;
  int64_t busy_until_us_ = 0;
  int64_t record_count_ = 0;
  uint32_t next_sequence_ = 0;
  std::vector<WatchedEvent> history_;  // oldest first; trimmed past kMaxViewingEvents
  std::vector<GivenThumb> thumbs_;     // oldest first
  std::vector<uint32_t> my_list_;      // oldest addition first
  std::vector<Pending> pending_;       // by (ts_us, sequence)
  std::vector<ShownSession> shown_;    // oldest first
  std::vector<uint32_t> shown_items_;
};

}  // namespace hindsight::workload
