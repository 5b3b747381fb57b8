#include "workload/catalog.h"

#include <cmath>
#include <set>

#include "gtest/gtest.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

constexpr int64_t kStart = 1'793'577'600'000'000;
constexpr int64_t kWarmUp = kStart - 28 * kMicrosPerDay;
constexpr int64_t kEnd = kStart + 7 * kMicrosPerDay;

class CatalogTest : public testing::Test {
 protected:
  const Catalog catalog_ = Catalog::Build(42, 3000, kWarmUp, kStart, kEnd);
};

TEST_F(CatalogTest, IdsAreDenseFromTheFirstVideoId) {
  ASSERT_EQ(catalog_.videos().size(), 3000u);
  for (size_t i = 0; i < catalog_.videos().size(); ++i) {
    EXPECT_EQ(catalog_.video(static_cast<uint32_t>(i)).video_id,
              kFirstVideoId + static_cast<int64_t>(i));
  }
}

TEST_F(CatalogTest, VersionsChangeSomethingInsideTheWorld) {
  size_t changed = 0, versions = 0, new_releases = 0;
  for (const Video& video : catalog_.videos()) {
    versions += video.versions.size();
    ASSERT_GE(video.versions.size(), 1u);
    ASSERT_LE(video.versions.size(), 2u);
    EXPECT_EQ(video.available_from_us, video.versions.front().valid_from_us);
    EXPECT_EQ(video.release_day, video.available_from_us / kMicrosPerDay);
    new_releases += video.available_from_us >= kWarmUp;
    if (video.versions.size() == 2) {
      ++changed;
      const VideoVersion& a = video.versions[0];
      const VideoVersion& b = video.versions[1];
      EXPECT_GE(b.valid_from_us, kStart);
      EXPECT_LT(b.valid_from_us, kEnd);
      EXPECT_GT(b.valid_from_us, a.valid_from_us);
      EXPECT_TRUE(a.title != b.title || a.genres != b.genres || a.maturity != b.maturity);
      EXPECT_EQ(&video.VersionAt(b.valid_from_us - 1), &a);
      EXPECT_EQ(&video.VersionAt(b.valid_from_us), &b);
    }
  }
  EXPECT_EQ(catalog_.version_count(), versions);
  EXPECT_NEAR(changed / 3000.0, 0.06, 0.02);
  EXPECT_NEAR(new_releases / 3000.0, 0.08, 0.02);
}

TEST_F(CatalogTest, CompactViewMirrorsTheVersions) {
  for (uint32_t i = 0; i < catalog_.videos().size(); ++i) {
    const Video& video = catalog_.video(i);
    const CompactVideo& compact = catalog_.compact(i);
    EXPECT_EQ(compact.available_from_us, video.available_from_us);
    EXPECT_EQ(compact.popularity, video.popularity);
    for (int64_t t : {kStart, kStart + kMicrosPerDay * 3, kEnd - 1}) {
      EXPECT_EQ(compact.GenresAt(t), video.VersionAt(t).genres);
      EXPECT_EQ(compact.KidSafeAt(t), video.VersionAt(t).KidSafe());
    }
  }
}

TEST_F(CatalogTest, KidsTitlesAreRatedForKidsAndEmbeddingsAreUnitVectors) {
  for (const Video& video : catalog_.videos()) {
    const VideoVersion& first = video.versions.front();
    if (first.genres & (1u << kGenreKids)) EXPECT_TRUE(first.KidSafe()) << video.video_id;
    EXPECT_NE(first.genres, 0);
    double norm2 = 0;
    for (float x : first.embedding) norm2 += double(x) * x;
    EXPECT_NEAR(norm2, 1.0, 1e-5);
    EXPECT_GE(video.length_s, 20 * 60);
    EXPECT_LE(video.length_s, 160 * 60);
    EXPECT_EQ(first.title.find(','), std::string::npos);
  }
}

TEST_F(CatalogTest, PopularityRanksArePermutationAndSamplerFavoursTheTop) {
  std::set<uint32_t> ranks;
  for (const Video& video : catalog_.videos()) ranks.insert(video.popularity_rank);
  EXPECT_EQ(ranks.size(), 3000u);
  EXPECT_EQ(*ranks.rbegin(), 2999u);
  const uint32_t top = catalog_.by_popularity()[0];
  EXPECT_EQ(catalog_.video(top).popularity_rank, 0u);
  EXPECT_DOUBLE_EQ(catalog_.video(top).popularity, 1.0);
  Rng rng(5);
  int top_draws = 0;
  for (int i = 0; i < 20'000; ++i) top_draws += catalog_.SampleByPopularity(rng) == top;
  EXPECT_GT(top_draws, 20'000 / 12);  // 1 / H(3000) ~ 11.5%
}

TEST_F(CatalogTest, GenreSamplerOnlyReturnsVideosOfTheGenre) {
  Rng rng(6);
  for (int genre = 0; genre < kGenreCount; ++genre) {
    if (!catalog_.HasGenre(genre)) continue;
    for (int i = 0; i < 200; ++i) {
      const uint32_t index = catalog_.SampleInGenre(rng, genre);
      EXPECT_TRUE(catalog_.video(index).versions.front().genres & (1u << genre));
    }
  }
}

TEST(CatalogBuildTest, SameSeedSameCatalogOtherSeedOtherCatalog) {
  const Catalog a = Catalog::Build(1, 500, kWarmUp, kStart, kEnd);
  const Catalog b = Catalog::Build(1, 500, kWarmUp, kStart, kEnd);
  const Catalog c = Catalog::Build(2, 500, kWarmUp, kStart, kEnd);
  int same_title_as_c = 0;
  for (uint32_t i = 0; i < 500; ++i) {
    EXPECT_EQ(a.video(i).versions.front().title, b.video(i).versions.front().title);
    EXPECT_EQ(a.video(i).versions.front().embedding, b.video(i).versions.front().embedding);
    EXPECT_EQ(a.video(i).popularity_rank, b.video(i).popularity_rank);
    same_title_as_c += a.video(i).versions.front().title == c.video(i).versions.front().title;
  }
  EXPECT_LT(same_title_as_c, 100);
}

}  // namespace
}  // namespace hindsight::workload
