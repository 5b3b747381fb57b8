#include "workload/profile_state.h"

#include <algorithm>

namespace hindsight::workload {
namespace {

// The history vector keeps up to this many events before dropping the oldest beyond
// kMaxViewingEvents, so trimming is amortised.
constexpr size_t kHistorySlack = 2 * kMaxViewingEvents;

}  // namespace

ProfileState::ProfileState(uint64_t seed, int64_t profile_id)
    : rng_(StreamKey(seed, StreamPurpose::kProfileDynamics, static_cast<uint64_t>(profile_id))) {}

void ProfileState::Schedule(int64_t ts_us, PendingKind kind, uint32_t video_index,
                            int32_t duration_s, bool completed, int8_t rating) {
  const Pending event{ts_us, next_sequence_++, video_index, duration_s, kind, completed, rating};
  const auto position = std::upper_bound(
      pending_.begin(), pending_.end(), event, [](const Pending& a, const Pending& b) {
        return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.sequence < b.sequence;
      });
  pending_.insert(position, event);
}

void ProfileState::AdvanceTo(int64_t t_us) {
  size_t applied = 0;
  while (applied < pending_.size() && pending_[applied].ts_us < t_us) {
    Apply(pending_[applied]);
    ++applied;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(applied));
}

void ProfileState::Apply(const Pending& event) {
  switch (event.kind) {
    case PendingKind::kPlayStart:
      history_.push_back({event.ts_us, event.video_index, event.duration_s, event.completed});
      if (history_.size() >= kHistorySlack) {
        history_.erase(history_.begin(),
                       history_.end() - static_cast<ptrdiff_t>(kMaxViewingEvents));
      }
      break;
    case PendingKind::kThumb: {
      // A video is rated once; the list keeps the newest kMaxThumbs ratings.
      for (const GivenThumb& thumb : thumbs_) {
        if (thumb.video_index == event.video_index) return;
      }
      thumbs_.push_back({event.ts_us, event.video_index, event.rating});
      if (thumbs_.size() > kMaxThumbs) thumbs_.erase(thumbs_.begin());
      break;
    }
    case PendingKind::kListAdd:
      if (my_list_.size() < kMaxMyList && !InMyList(event.video_index)) {
        my_list_.push_back(event.video_index);
      }
      break;
    case PendingKind::kListRemove: {
      const auto it = std::find(my_list_.begin(), my_list_.end(), event.video_index);
      if (it != my_list_.end()) my_list_.erase(it);
      break;
    }
  }
}

bool ProfileState::HasCompleted(uint32_t video_index) const {
  const size_t first =
      history_.size() > kMaxViewingEvents ? history_.size() - kMaxViewingEvents : 0;
  for (size_t i = first; i < history_.size(); ++i) {
    if (history_[i].video_index == video_index && history_[i].completed) return true;
  }
  return false;
}

bool ProfileState::PlayedOrScheduled(uint32_t video_index) const {
  const size_t first =
      history_.size() > kMaxViewingEvents ? history_.size() - kMaxViewingEvents : 0;
  for (size_t i = first; i < history_.size(); ++i) {
    if (history_[i].video_index == video_index) return true;
  }
  for (const Pending& event : pending_) {
    if (event.kind == PendingKind::kPlayStart && event.video_index == video_index) return true;
  }
  return false;
}

bool ProfileState::InMyList(uint32_t video_index) const {
  return std::find(my_list_.begin(), my_list_.end(), video_index) != my_list_.end();
}

void ProfileState::RecordShown(int64_t ts_us, const std::vector<uint32_t>& items) {
  shown_.push_back(
      {ts_us, static_cast<uint32_t>(shown_items_.size()), static_cast<uint32_t>(items.size())});
  shown_items_.insert(shown_items_.end(), items.begin(), items.end());
}

void ProfileState::FillFacts(const Catalog& catalog, Record* record, std::vector<uint8_t>* marks) {
  const int64_t t = record->ts_us;

  record->viewing_history.clear();
  const size_t history_count = std::min(history_.size(), kMaxViewingEvents);
  for (size_t i = 0; i < history_count; ++i) {
    const WatchedEvent& e = history_[history_.size() - 1 - i];
    record->viewing_history.push_back(
        {catalog.video(e.video_index).video_id, e.ts_us, e.duration_s, e.completed});
  }

  record->my_list.clear();
  for (auto it = my_list_.rbegin(); it != my_list_.rend(); ++it) {
    record->my_list.push_back(catalog.video(*it).video_id);
  }

  record->thumbs.clear();
  for (auto it = thumbs_.rbegin(); it != thumbs_.rend(); ++it) {
    record->thumbs.push_back({catalog.video(it->video_index).video_id, it->rating, it->ts_us});
  }

  // Impressions: distinct items of earlier logged sessions in [t - 7 days, t), most
  // recently shown first. Sessions that fell out of the window are forgotten.
  const int64_t since = t - kImpressionWindowMicros;
  size_t expired = 0;
  while (expired < shown_.size() && shown_[expired].ts_us < since) ++expired;
  if (expired > 0) {
    const uint32_t dropped_items = expired < shown_.size()
                                       ? shown_[expired].first_item
                                       : static_cast<uint32_t>(shown_items_.size());
    shown_.erase(shown_.begin(), shown_.begin() + static_cast<ptrdiff_t>(expired));
    shown_items_.erase(shown_items_.begin(), shown_items_.begin() + dropped_items);
    for (ShownSession& session : shown_) session.first_item -= dropped_items;
  }
  record->impressions.clear();
  record->impressions_since_us = since;
  for (auto session = shown_.rbegin();
       session != shown_.rend() && record->impressions.size() < kMaxImpressions; ++session) {
    if (session->ts_us >= t) continue;
    for (uint32_t k = 0; k < session->item_count && record->impressions.size() < kMaxImpressions;
         ++k) {
      const uint32_t index = shown_items_[session->first_item + k];
      if ((*marks)[index]) continue;
      (*marks)[index] = 1;
      record->impressions.push_back(catalog.video(index).video_id);
    }
  }
  for (int64_t video_id : record->impressions) (*marks)[video_id - kFirstVideoId] = 0;
}

}  // namespace hindsight::workload
