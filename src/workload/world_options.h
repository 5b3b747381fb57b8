// What world to generate: the scale presets and the options of `hindsight workload`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"
#include "workload/fault_spec.h"

namespace hindsight::workload {

enum class Scale { kTiny, kSmall, kMedium, kLarge };

// The parameters a scale fixes. Session rates are tuned so record counts and JSONL
// sizes stay in budget (docs/WORKLOAD.md lists the resulting sizes).
struct ScaleParameters {
  Scale scale;
  std::string_view name;
  int64_t profiles;
  int days;
  int64_t videos;
  double sessions_per_day;  // mean sessions per profile per day, before daily/weekly cycles
  bool writes_jsonl;        // false: JSONL would be too large without a store
};

// The default start: Monday 2026-11-02T00:00:00Z.
inline constexpr int64_t kDefaultStartMicros = 1'793'577'600'000'000;
inline constexpr uint64_t kDefaultSeed = 42;
// Plays before the world's start that fill the first viewing histories.
inline constexpr int kWarmUpDays = 28;
// Longest world: keeps times well inside the generator's arithmetic and files finite.
inline constexpr int kMaxDays = 90;
inline constexpr int kMaxThreads = 64;

const ScaleParameters& ParametersOf(Scale scale);

// Parses tiny|small|medium|large.
[[nodiscard]] StatusOr<Scale> ParseScale(std::string_view text);

// Parses a seed: a decimal integer in [0, 2^64).
[[nodiscard]] StatusOr<uint64_t> ParseSeed(std::string_view text);

struct WorldOptions {
  Scale scale = Scale::kTiny;
  uint64_t seed = kDefaultSeed;
  int days = 0;  // 0: the scale's default
  int64_t start_us = kDefaultStartMicros;
  int threads = 2;  // does not change the output
  std::vector<FaultSpec> faults;

  int EffectiveDays() const { return days > 0 ? days : ParametersOf(scale).days; }
  int64_t EndMicros() const;
  int64_t WarmUpStartMicros() const;
};

// Checks ranges (days, threads, start at a UTC midnight) and that every fault lies
// inside the world.
[[nodiscard]] Status ValidateWorldOptions(const WorldOptions& options);

}  // namespace hindsight::workload
