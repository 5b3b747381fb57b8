#include "workload/profile_state.h"

#include "gtest/gtest.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

constexpr int64_t kStart = 1'793'577'600'000'000;

class ProfileStateTest : public testing::Test {
 protected:
  // Facts as of t.
  Record FactsAt(int64_t t) {
    Record record;
    record.ts_us = t;
    state_.AdvanceTo(t);
    state_.FillFacts(catalog_, &record, &marks_);
    return record;
  }
  static int64_t Id(uint32_t index) { return kFirstVideoId + index; }

  const Catalog catalog_ =
      Catalog::Build(42, 400, kStart - 28 * kMicrosPerDay, kStart, kStart + 14 * kMicrosPerDay);
  ProfileState state_{42, 7};
  std::vector<uint8_t> marks_ = std::vector<uint8_t>(400, 0);
};

TEST_F(ProfileStateTest, EventsApplyOnlyWhenStrictlyBeforeTheRecord) {
  state_.Schedule(kStart + 10, PendingKind::kPlayStart, 3, 100, true);
  EXPECT_TRUE(FactsAt(kStart + 10).viewing_history.empty());
  const Record after = FactsAt(kStart + 11);
  ASSERT_EQ(after.viewing_history.size(), 1u);
  EXPECT_EQ(after.viewing_history[0], (ViewingEvent{Id(3), kStart + 10, 100, true}));
}

TEST_F(ProfileStateTest, HistoryIsMostRecentFirstAndCappedAt200) {
  for (uint32_t i = 0; i < 450; ++i) {
    state_.Schedule(kStart + i * kMicrosPerSecond, PendingKind::kPlayStart, i % 400, 60, false);
  }
  const Record record = FactsAt(kStart + kMicrosPerDay);
  ASSERT_EQ(record.viewing_history.size(), kMaxViewingEvents);
  for (size_t i = 0; i < record.viewing_history.size(); ++i) {
    EXPECT_EQ(record.viewing_history[i].ts_us,
              kStart + static_cast<int64_t>(449 - i) * kMicrosPerSecond);
  }
  EXPECT_TRUE(state_.PlayedOrScheduled(449 % 400));
  EXPECT_FALSE(state_.HasCompleted(449 % 400));
}

TEST_F(ProfileStateTest, EachVideoIsRatedOnceAndOnlyTheNewest100Stay) {
  state_.Schedule(kStart + 1, PendingKind::kThumb, 5, 0, false, 1);
  state_.Schedule(kStart + 2, PendingKind::kThumb, 5, 0, false, -1);
  Record record = FactsAt(kStart + 3);
  ASSERT_EQ(record.thumbs.size(), 1u);
  EXPECT_EQ(record.thumbs[0], (Thumb{Id(5), 1, kStart + 1}));
  for (uint32_t i = 0; i < 150; ++i) {
    state_.Schedule(kStart + 10 + i, PendingKind::kThumb, 100 + i, 0, false, -1);
  }
  record = FactsAt(kStart + 1000);
  ASSERT_EQ(record.thumbs.size(), kMaxThumbs);
  EXPECT_EQ(record.thumbs.front().video_id, Id(249));
  EXPECT_EQ(record.thumbs.back().video_id, Id(150));
}

TEST_F(ProfileStateTest, MyListAddsOnceRemovesOnRequestAndStopsAt50) {
  state_.Schedule(kStart + 1, PendingKind::kListAdd, 1);
  state_.Schedule(kStart + 2, PendingKind::kListAdd, 2);
  state_.Schedule(kStart + 3, PendingKind::kListAdd, 1);
  EXPECT_EQ(FactsAt(kStart + 4).my_list, (std::vector<int64_t>{Id(2), Id(1)}));
  state_.Schedule(kStart + 5, PendingKind::kListRemove, 1);
  state_.Schedule(kStart + 5, PendingKind::kListRemove, 9);
  EXPECT_EQ(FactsAt(kStart + 6).my_list, (std::vector<int64_t>{Id(2)}));
  for (uint32_t i = 0; i < 60; ++i) state_.Schedule(kStart + 10 + i, PendingKind::kListAdd, 10 + i);
  const Record record = FactsAt(kStart + 100);
  ASSERT_EQ(record.my_list.size(), kMaxMyList);
  EXPECT_EQ(record.my_list.front(), Id(10 + 48));  // the 49 additions that fitted, newest first
  EXPECT_EQ(record.my_list.back(), Id(2));
}

TEST_F(ProfileStateTest, ImpressionsAreDistinctItemsOfTheLastSevenDaysNewestFirst) {
  state_.RecordShown(kStart, {1, 2, 3});
  state_.RecordShown(kStart + kMicrosPerDay, {3, 4});
  Record record = FactsAt(kStart + 2 * kMicrosPerDay);
  EXPECT_EQ(record.impressions, (std::vector<int64_t>{Id(3), Id(4), Id(1), Id(2)}));
  EXPECT_EQ(record.impressions_since_us, kStart + 2 * kMicrosPerDay - kImpressionWindowMicros);
  // At exactly 7 days the first session is still inside [t - 7d, t); a microsecond later not.
  record = FactsAt(kStart + kImpressionWindowMicros);
  EXPECT_EQ(record.impressions, (std::vector<int64_t>{Id(3), Id(4), Id(1), Id(2)}));
  record = FactsAt(kStart + kImpressionWindowMicros + 1);
  EXPECT_EQ(record.impressions, (std::vector<int64_t>{Id(3), Id(4)}));
  for (uint8_t mark : marks_) ASSERT_EQ(mark, 0);
}

TEST_F(ProfileStateTest, ImpressionsStopAt100) {
  std::vector<uint32_t> items;
  for (uint32_t i = 0; i < 150; ++i) items.push_back(i);
  state_.RecordShown(kStart, items);
  const Record record = FactsAt(kStart + 1);
  ASSERT_EQ(record.impressions.size(), kMaxImpressions);
  EXPECT_EQ(record.impressions.back(), Id(99));
}

}  // namespace
}  // namespace hindsight::workload
