// The video catalog of the example world: genres, maturity ratings, lengths, release
// dates, 16-dim embeddings and popularity, with versions (metadata that changes
// mid-period, each version valid from its time) and the samplers recommenders use.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workload/distributions.h"
#include "workload/rng.h"

namespace hindsight::workload {

inline constexpr int kGenreCount = 16;
inline constexpr int kEmbeddingDims = 16;
// Video ids are kFirstVideoId + catalog index, so they never collide with profile ids
// of any scale and read as ids in examples.
inline constexpr int64_t kFirstVideoId = 100'001;

using GenreMask = uint16_t;  // bit g set: the video has genre g
using Embedding = std::array<float, kEmbeddingDims>;

std::string_view GenreName(int genre);
inline constexpr int kGenreKids = 10;

// Maturity ratings in increasing order; the first kKidSafeMaturities are for kids.
inline constexpr int kMaturityCount = 8;
inline constexpr int kKidSafeMaturities = 4;
std::string_view MaturityName(int maturity);

struct VideoVersion {
  int64_t valid_from_us;
  GenreMask genres;
  uint8_t maturity;
  std::string title;
  Embedding embedding;

  bool KidSafe() const { return maturity < kKidSafeMaturities; }
};

struct Video {
  int64_t video_id;
  int64_t available_from_us;  // valid_from_us of the first version
  int32_t length_s;
  int64_t release_day;                 // days since 1970-01-01 of the release
  uint32_t popularity_rank;            // 0: the most popular
  double popularity;                   // 1 - ln(rank + 1) / ln(n + 1), in (0, 1]
  std::vector<VideoVersion> versions;  // by valid_from_us; the first is the release

  // The version valid at `t_us` (the first one before the video is available).
  const VideoVersion& VersionAt(int64_t t_us) const;
};

// What session simulation reads about a video, packed for cache-friendly access.
// Mirrors the video's versions (at most two: the release and one change).
struct CompactVideo {
  int64_t available_from_us;
  int64_t change_us;  // valid_from_us of the second version; INT64_MAX if none
  double popularity;
  GenreMask genres[2];
  uint8_t maturity[2];

  GenreMask GenresAt(int64_t t_us) const { return genres[t_us >= change_us]; }
  bool KidSafeAt(int64_t t_us) const { return maturity[t_us >= change_us] < kKidSafeMaturities; }
};

class Catalog {
 public:
  // Builds `video_count` videos deterministically from `seed`. Most are released
  // before the warm-up; some are released during warm-up or world, and some change
  // metadata (title, genres or maturity) once, at a time in [start_us, end_us).
  static Catalog Build(uint64_t seed, int64_t video_count, int64_t warmup_start_us,
                       int64_t start_us, int64_t end_us);

  const std::vector<Video>& videos() const { return videos_; }
  const Video& video(uint32_t index) const { return videos_[index]; }
  const CompactVideo& compact(uint32_t index) const { return compact_[index]; }
  size_t version_count() const { return version_count_; }
  const std::array<Embedding, kGenreCount>& genre_vectors() const { return genre_vectors_; }

  // A catalog index drawn by popularity (Zipf over popularity ranks).
  uint32_t SampleByPopularity(Rng& rng) const;
  // A catalog index among videos released with `genre`, by popularity within it.
  // Requires HasGenre(genre).
  uint32_t SampleInGenre(Rng& rng, int genre) const;
  bool HasGenre(int genre) const { return !by_genre_[genre].empty(); }
  // Catalog indexes from the most to the least popular.
  const std::vector<uint32_t>& by_popularity() const { return by_popularity_; }

 private:
  std::vector<Video> videos_;
  std::vector<CompactVideo> compact_;
  size_t version_count_ = 0;
  std::array<Embedding, kGenreCount> genre_vectors_{};
  std::vector<uint32_t> by_popularity_;
  CategoricalTable popularity_zipf_;
  std::array<std::vector<uint32_t>, kGenreCount> by_genre_;
  std::array<CategoricalTable, kGenreCount> genre_zipf_;
};

}  // namespace hindsight::workload
