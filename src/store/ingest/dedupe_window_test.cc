#include "store/ingest/dedupe_window.h"

#include <gtest/gtest.h>

namespace hindsight::store {
namespace {

constexpr int64_t kMinute = int64_t{60} * 1000000;

TEST(DedupeWindowTest, AdmitsAnIdOnceWithinTheWindow) {
  DedupeWindow window(60 * kMinute);
  EXPECT_TRUE(window.Admit("a", 0));
  EXPECT_FALSE(window.Admit("a", 0));
  EXPECT_FALSE(window.Admit("a", 30 * kMinute));
  EXPECT_TRUE(window.Admit("b", 0));
  EXPECT_EQ(window.size(), 2u);
}

TEST(DedupeWindowTest, PruneForgetsIdsOlderThanTheWindowBeforeTheNewest) {
  DedupeWindow window(60 * kMinute);
  EXPECT_TRUE(window.Admit("old", 0));
  EXPECT_TRUE(window.Admit("edge", 30 * kMinute));
  EXPECT_TRUE(window.Admit("new", 90 * kMinute));
  window.Prune();
  EXPECT_EQ(window.size(), 2u);
  EXPECT_TRUE(window.Admit("old", 0)) << "forgotten";
  EXPECT_FALSE(window.Admit("edge", 30 * kMinute)) << "exactly 60 minutes before the newest";
}

TEST(DedupeWindowTest, ZeroWindowAdmitsEverything) {
  DedupeWindow window(0);
  EXPECT_TRUE(window.Admit("a", 0));
  EXPECT_TRUE(window.Admit("a", 0));
  EXPECT_EQ(window.size(), 0u);
}

TEST(DedupeWindowTest, SerializedStateRoundTrips) {
  DedupeWindow window(60 * kMinute);
  for (int i = 0; i < 100; ++i) window.Admit("id-" + std::to_string(i), i * kMinute / 10);
  window.Admit(std::string("with\0nul\nnewline", 16), 5);
  const std::string bytes = window.Serialize();
  auto parsed = DedupeWindow::Parse(bytes, 60 * kMinute, "state");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->size(), window.size());
  EXPECT_EQ(parsed->Serialize(), bytes);
  EXPECT_FALSE(parsed->Admit("id-42", 0));
  EXPECT_FALSE(parsed->Admit(std::string("with\0nul\nnewline", 16), 5));
  EXPECT_TRUE(parsed->Admit("id-100", 0));
}

TEST(DedupeWindowTest, RejectsEveryTruncationAndBitFlip) {
  DedupeWindow window(60 * kMinute);
  for (int i = 0; i < 20; ++i) window.Admit("record-" + std::to_string(i), i);
  const std::string bytes = window.Serialize();
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto parsed = DedupeWindow::Parse(bytes.substr(0, size), 60 * kMinute, "state");
    ASSERT_FALSE(parsed.ok()) << size;
    EXPECT_NE(parsed.status().message().find("state"), std::string::npos);
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      EXPECT_FALSE(DedupeWindow::Parse(flipped, 60 * kMinute, "state").ok()) << i << ":" << bit;
    }
  }
}

}  // namespace
}  // namespace hindsight::store
