// The workload's own pseudo-random numbers, identical on every machine and compiler:
// SplitMix64 derives independent stream keys, xoshiro256** generates within a stream.
// Every profile, video and schedule draws from a stream keyed by (seed, purpose, id),
// so output does not depend on the order in which threads consume streams.
#pragma once

#include <cstdint>

namespace hindsight::workload {

// One SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
inline uint64_t SplitMix64Next(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Purposes of random streams; each (seed, purpose, id) triple is an independent stream.
// Values are part of the output contract: changing one changes every world.
enum class StreamPurpose : uint64_t {
  kGenreVectors = 1,
  kVideo = 2,
  kPopularityRanks = 3,
  kProfile = 4,
  kProfileDynamics = 5,
  kSchedule = 6,
  kFault = 7,
};

// Key of the stream (seed, purpose, id, sub_id).
inline uint64_t StreamKey(uint64_t seed, StreamPurpose purpose, uint64_t id, uint64_t sub_id = 0) {
  uint64_t state = seed;
  uint64_t key = SplitMix64Next(state);
  state = key ^ (static_cast<uint64_t>(purpose) * 0xd1b54a32d192ed03ULL);
  key = SplitMix64Next(state);
  state = key ^ (id * 0x8cb92ba72f3d8dd7ULL);
  key = SplitMix64Next(state);
  state = key ^ (sub_id * 0xabc98388fb8fac03ULL);
  return SplitMix64Next(state);
}

// A uniform double in [0, 1) from the top 53 bits of `bits`.
inline double UnitInterval(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, seeded from a stream key.
class Rng {
 public:
  explicit Rng(uint64_t key) {
    uint64_t state = key;
    for (uint64_t& word : s_) word = SplitMix64Next(state);
  }

  // A generator in exactly this state (not all zero), for reference vectors.
  static Rng FromState(uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3) {
    Rng rng(0);
    rng.s_[0] = s0;
    rng.s_[1] = s1;
    rng.s_[2] = s2;
    rng.s_[3] = s3;
    return rng;
  }

  uint64_t Next() {
    const uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = RotateLeft(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double Uniform() { return UnitInterval(Next()); }

  // Uniform in [0, bound); bound must be > 0. Lemire's multiply-shift with rejection,
  // so exactly unbiased.
  uint64_t Below(uint64_t bound) {
    __uint128_t product = static_cast<__uint128_t>(Next()) * bound;
    uint64_t low = static_cast<uint64_t>(product);
    if (low < bound) {
      const uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<__uint128_t>(Next()) * bound;
        low = static_cast<uint64_t>(product);
      }
    }
    return static_cast<uint64_t>(product >> 64);
  }

  // Uniform integer in [low, high]; requires low <= high.
  int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Below(static_cast<uint64_t>(high - low) + 1));
  }

  bool Bernoulli(double probability) { return Uniform() < probability; }

 private:
  static uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace hindsight::workload
