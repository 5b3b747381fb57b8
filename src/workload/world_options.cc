#include "workload/world_options.h"

#include <charconv>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

constexpr ScaleParameters kScales[] = {
    {Scale::kTiny, "tiny", 1'000, 2, 2'000, 5.6, true},
    {Scale::kSmall, "small", 20'000, 7, 5'000, 1.4, true},
    {Scale::kMedium, "medium", 200'000, 14, 10'000, 1.0, false},
    {Scale::kLarge, "large", 1'000'000, 30, 20'000, 0.75, false},
};

}  // namespace

const ScaleParameters& ParametersOf(Scale scale) { return kScales[static_cast<int>(scale)]; }

StatusOr<Scale> ParseScale(std::string_view text) {
  for (const ScaleParameters& parameters : kScales) {
    if (parameters.name == text) return parameters.scale;
  }
  return absl::InvalidArgumentError(
      StrCat("unknown scale '", text, "' (expected tiny, small, medium or large)"));
}

StatusOr<uint64_t> ParseSeed(std::string_view text) {
  uint64_t seed = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return absl::InvalidArgumentError(
        StrCat("--seed '", text, "' is not an integer in 0..18446744073709551615"));
  }
  return seed;
}

int64_t WorldOptions::EndMicros() const { return start_us + EffectiveDays() * kMicrosPerDay; }

int64_t WorldOptions::WarmUpStartMicros() const { return start_us - kWarmUpDays * kMicrosPerDay; }

Status ValidateWorldOptions(const WorldOptions& options) {
  if (options.days < 0 || options.days > kMaxDays) {
    return absl::InvalidArgumentError(
        StrCat("--days ", options.days, " is out of range (expected 1..", kMaxDays, ")"));
  }
  if (options.threads < 1 || options.threads > kMaxThreads) {
    return absl::InvalidArgumentError(
        StrCat("--threads ", options.threads, " is out of range (expected 1..", kMaxThreads, ")"));
  }
  // Days of the world are UTC days, so fault times like d3:h14 mean 14:00 UTC.
  if (options.start_us % kMicrosPerDay != 0) {
    return absl::InvalidArgumentError(StrCat("--start ", FormatTimeMicros(options.start_us),
                                             " is not a UTC midnight (e.g. 2026-11-02T00:00:00Z)"));
  }
  // The catalog's back titles are released from 1995 on, before the warm-up.
  constexpr int64_t kEarliestStart = 946'684'800'000'000;  // 2000-01-01T00:00:00Z
  constexpr int64_t kLatestStart = 7'258'118'400'000'000;  // 2200-01-01T00:00:00Z
  if (options.start_us < kEarliestStart || options.start_us > kLatestStart) {
    return absl::InvalidArgumentError(
        StrCat("--start ", FormatTimeMicros(options.start_us),
               " is out of range (expected 2000-01-01 .. 2200-01-01)"));
  }
  for (const FaultSpec& fault : options.faults) {
    if (fault.day >= options.EffectiveDays()) {
      return absl::InvalidArgumentError(StrCat("--inject '", fault.text, "': day ", fault.day,
                                               " is outside the world (days 0..",
                                               options.EffectiveDays() - 1, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace hindsight::workload
