#include "workload/catalog.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "util/str_cat.h"
#include "util/time_format.h"
#include "workload/deterministic_math.h"

namespace hindsight::workload {
namespace {

constexpr std::string_view kGenreNames[kGenreCount] = {
    "Action",  "Animation", "Anime", "Comedy",  "Crime",   "Documentary", "Drama", "Family",
    "Fantasy", "Horror",    "Kids",  "Musical", "Reality", "Romance",     "SciFi", "Thriller"};
// How often each genre is a video's main genre.
constexpr double kMainGenreWeights[kGenreCount] = {9, 5, 3, 12, 6, 7, 14, 5,
                                                   4, 4, 7, 2,  4, 6, 5,  8};
// Genres that may accompany Kids.
constexpr int kKidsCompanionGenres[] = {1, 3, 7, 8, 11};
constexpr int kGenreMusical = 11;
constexpr int kGenreDrama = 6;

constexpr std::string_view kMaturityNames[kMaturityCount] = {"TV-Y",  "TV-Y7", "TV-G", "TV-PG",
                                                             "PG-13", "TV-14", "R",    "TV-MA"};

constexpr std::string_view kTitleAdjectives[] = {
    "Silent", "Broken", "Hidden", "Golden",  "Midnight", "Crimson",  "Frozen", "Wild",
    "Last",   "Lost",   "Secret", "Burning", "Distant",  "Electric", "Hollow", "Little",
    "Rising", "Savage", "Quiet",  "Fallen",  "Endless",  "Northern", "Velvet", "Iron"};
constexpr std::string_view kTitleNouns[] = {
    "Harbor",   "Empire",  "Garden", "Signal", "Kingdom", "River",   "Detective", "Orchard",
    "Frontier", "Station", "Island", "Mirror", "Witness", "Summer",  "Engine",    "Lighthouse",
    "Dragon",   "Comet",   "Canyon", "Circus", "Voyage",  "Village", "Shadow",    "Crown"};
constexpr std::string_view kRetitleSuffixes[] = {" (Remastered)", ": Extended Cut", " Redux"};

// Share of the catalog released during warm-up or world rather than before.
constexpr double kNewReleaseShare = 0.08;
// Share of videos whose metadata changes once during the world.
constexpr double kMetadataChangeShare = 0.06;
// Weight of a video's own noise against its genres in its embedding.
constexpr double kEmbeddingNoise = 0.5;
constexpr int64_t kFirstCatalogDay = 9'131;  // 1995-01-01
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;

Embedding Normalized(const std::array<double, kEmbeddingDims>& v) {
  double norm2 = 0.0;
  for (double x : v) norm2 += x * x;
  const double inverse = norm2 > 0.0 ? 1.0 / std::sqrt(norm2) : 0.0;
  Embedding out;
  for (int i = 0; i < kEmbeddingDims; ++i) out[i] = static_cast<float>(v[i] * inverse);
  return out;
}

Embedding EmbeddingOf(GenreMask genres, const std::array<double, kEmbeddingDims>& noise,
                      const std::array<Embedding, kGenreCount>& genre_vectors) {
  std::array<double, kEmbeddingDims> sum{};
  for (int g = 0; g < kGenreCount; ++g) {
    if (!(genres & (1u << g))) continue;
    for (int i = 0; i < kEmbeddingDims; ++i) sum[i] += genre_vectors[g][i];
  }
  for (int i = 0; i < kEmbeddingDims; ++i) sum[i] += kEmbeddingNoise * noise[i];
  return Normalized(sum);
}

GenreMask DrawGenres(Rng& rng, const CategoricalTable& main_genre) {
  const int main = static_cast<int>(main_genre.Sample(rng));
  GenreMask mask = static_cast<GenreMask>(1u << main);
  const double u = rng.Uniform();
  const int extra = u < 0.3 ? 0 : (u < 0.8 ? 1 : 2);
  for (int i = 0; i < extra; ++i) {
    int genre;
    if (main == kGenreKids) {
      genre = kKidsCompanionGenres[rng.Below(std::size(kKidsCompanionGenres))];
    } else {
      genre = static_cast<int>(main_genre.Sample(rng));
      if (genre == kGenreKids) continue;
    }
    mask = static_cast<GenreMask>(mask | (1u << genre));
  }
  return mask;
}

uint8_t DrawMaturity(Rng& rng, GenreMask genres) {
  auto has = [genres](int g) { return (genres & (1u << g)) != 0; };
  const double u = rng.Uniform();
  if (has(kGenreKids)) return u < 0.5 ? 0 : 1;                    // TV-Y, TV-Y7
  if (has(1) || has(7)) return u < 0.45 ? 2 : (u < 0.9 ? 3 : 4);  // Animation, Family
  if (has(4) || has(9) || has(15)) return u < 0.3 ? 5 : (u < 0.6 ? 6 : 7);
  if (u < 0.2) return 3;
  if (u < 0.4) return 4;
  if (u < 0.7) return 5;
  return u < 0.8 ? 6 : 7;
}

std::string DrawTitle(Rng& rng) {
  const std::string_view adjective = kTitleAdjectives[rng.Below(std::size(kTitleAdjectives))];
  const std::string_view noun = kTitleNouns[rng.Below(std::size(kTitleNouns))];
  const uint64_t pattern = rng.Below(4);
  if (pattern == 0) return StrCat("The ", adjective, " ", noun);
  if (pattern == 1) return StrCat(adjective, " ", noun);
  if (pattern == 2) return StrCat(noun, " of the ", adjective);
  return StrCat("The ", noun, " ", rng.Between(2, 9));
}

// A second version of `video` valid from `valid_from_us`: a new title, different
// genres (and so a new embedding) or a new maturity rating.
VideoVersion ChangedVersion(Rng& rng, const VideoVersion& base, int64_t valid_from_us,
                            const CategoricalTable& main_genre,
                            const std::array<double, kEmbeddingDims>& noise,
                            const std::array<Embedding, kGenreCount>& genre_vectors) {
  VideoVersion next = base;
  next.valid_from_us = valid_from_us;
  const uint64_t change = rng.Below(3);
  if (change == 0) {
    next.title += kRetitleSuffixes[rng.Below(std::size(kRetitleSuffixes))];
  } else if (change == 1) {
    // Adds a genre (a companion genre for kids titles) and recomputes the embedding.
    const bool kids = (base.genres & (1u << kGenreKids)) != 0;
    GenreMask genres = base.genres;
    for (int attempt = 0; attempt < 16 && genres == base.genres; ++attempt) {
      const int genre = kids ? kKidsCompanionGenres[rng.Below(std::size(kKidsCompanionGenres))]
                             : static_cast<int>(main_genre.Sample(rng));
      if (genre != kGenreKids) genres = static_cast<GenreMask>(genres | (1u << genre));
    }
    if (genres == base.genres) {
      const GenreMask musical = 1u << kGenreMusical;
      genres = static_cast<GenreMask>(genres == musical ? genres | (1u << kGenreDrama)
                                                        : genres ^ musical);
    }
    next.genres = genres;
    next.embedding = EmbeddingOf(next.genres, noise, genre_vectors);
  } else {
    const int up = base.maturity + 1 < kMaturityCount ? base.maturity + 1 : base.maturity - 1;
    next.maturity = static_cast<uint8_t>(up);
  }
  return next;
}

}  // namespace

std::string_view GenreName(int genre) { return kGenreNames[genre]; }
std::string_view MaturityName(int maturity) { return kMaturityNames[maturity]; }

const VideoVersion& Video::VersionAt(int64_t t_us) const {
  size_t i = 0;
  while (i + 1 < versions.size() && versions[i + 1].valid_from_us <= t_us) ++i;
  return versions[i];
}

Catalog Catalog::Build(uint64_t seed, int64_t video_count, int64_t warmup_start_us,
                       int64_t start_us, int64_t end_us) {
  Catalog catalog;
  Rng vector_rng(StreamKey(seed, StreamPurpose::kGenreVectors, 0));
  for (Embedding& vector : catalog.genre_vectors_) {
    std::array<double, kEmbeddingDims> raw;
    for (double& x : raw) x = SampleStandardNormal(vector_rng);
    vector = Normalized(raw);
  }

  const CategoricalTable main_genre(
      std::vector<double>(std::begin(kMainGenreWeights), std::end(kMainGenreWeights)));
  const int64_t warmup_day = warmup_start_us / kMicrosPerDay;
  const int64_t end_day = (end_us + kMicrosPerDay - 1) / kMicrosPerDay;
  const size_t n = static_cast<size_t>(video_count);

  // Popularity ranks: a seeded permutation (Fisher–Yates).
  std::vector<uint32_t> rank_of(n);
  for (size_t i = 0; i < n; ++i) rank_of[i] = static_cast<uint32_t>(i);
  Rng rank_rng(StreamKey(seed, StreamPurpose::kPopularityRanks, 0));
  for (size_t i = n; i > 1; --i) std::swap(rank_of[i - 1], rank_of[rank_rng.Below(i)]);
  const double log_n = DeterministicLog(static_cast<double>(n) + 1.0);

  catalog.videos_.reserve(n);
  for (size_t index = 0; index < n; ++index) {
    Rng rng(StreamKey(seed, StreamPurpose::kVideo, index));
    Video video;
    video.video_id = kFirstVideoId + static_cast<int64_t>(index);
    video.popularity_rank = rank_of[index];
    video.popularity = 1.0 - DeterministicLog(rank_of[index] + 1.0) / log_n;

    VideoVersion first;
    first.genres = DrawGenres(rng, main_genre);
    first.maturity = DrawMaturity(rng, first.genres);
    first.title = DrawTitle(rng);
    const bool movie = rng.Bernoulli(0.4);
    video.length_s = static_cast<int32_t>(movie ? rng.Between(80 * 60, 160 * 60)
                                                : rng.Between(20 * 60, 60 * 60));
    if (rng.Bernoulli(kNewReleaseShare)) {
      // Premieres at 08:00 UTC (midnight Pacific) on a day of warm-up or world.
      video.release_day = rng.Between(warmup_day, end_day - 1);
      first.valid_from_us = video.release_day * kMicrosPerDay + 8 * kMicrosPerHour;
    } else {
      video.release_day = rng.Between(kFirstCatalogDay, warmup_day - 30);
      first.valid_from_us = video.release_day * kMicrosPerDay;
    }
    std::array<double, kEmbeddingDims> noise;
    for (double& x : noise) x = SampleStandardNormal(rng);
    first.embedding = EmbeddingOf(first.genres, noise, catalog.genre_vectors_);
    video.available_from_us = first.valid_from_us;
    video.versions.push_back(first);

    const bool changes = rng.Bernoulli(kMetadataChangeShare);
    const int64_t earliest = std::max(start_us, first.valid_from_us + kMicrosPerDay);
    if (changes && earliest < end_us) {
      int64_t when = earliest + static_cast<int64_t>(rng.Below(end_us - earliest));
      when -= when % kMicrosPerMinute;
      if (when > first.valid_from_us) {
        video.versions.push_back(
            ChangedVersion(rng, first, when, main_genre, noise, catalog.genre_vectors_));
      }
    }
    catalog.version_count_ += video.versions.size();
    catalog.videos_.push_back(std::move(video));
  }

  catalog.compact_.reserve(n);
  for (const Video& video : catalog.videos_) {
    const VideoVersion& first = video.versions.front();
    const VideoVersion& last = video.versions.back();
    catalog.compact_.push_back(
        {video.available_from_us,
         video.versions.size() > 1 ? last.valid_from_us : std::numeric_limits<int64_t>::max(),
         video.popularity,
         {first.genres, last.genres},
         {first.maturity, last.maturity}});
  }
  catalog.by_popularity_.resize(n);
  for (size_t i = 0; i < n; ++i) catalog.by_popularity_[rank_of[i]] = static_cast<uint32_t>(i);
  catalog.popularity_zipf_ = MakeZipfTable(n);
  for (uint32_t index : catalog.by_popularity_) {
    const GenreMask genres = catalog.videos_[index].versions.front().genres;
    for (int g = 0; g < kGenreCount; ++g) {
      if (genres & (1u << g)) catalog.by_genre_[g].push_back(index);
    }
  }
  for (int g = 0; g < kGenreCount; ++g) {
    if (!catalog.by_genre_[g].empty())
      catalog.genre_zipf_[g] = MakeZipfTable(catalog.by_genre_[g].size());
  }
  return catalog;
}

uint32_t Catalog::SampleByPopularity(Rng& rng) const {
  return by_popularity_[popularity_zipf_.Sample(rng)];
}

uint32_t Catalog::SampleInGenre(Rng& rng, int genre) const {
  return by_genre_[genre][genre_zipf_[genre].Sample(rng)];
}

}  // namespace hindsight::workload
