#include "cli/time_range_option.h"

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::cli {

StatusOr<quality::TimeRange> ParseTimeRange(const std::string& from, const std::string& to) {
  quality::TimeRange range;
  for (const auto& [text, target, flag] :
       {std::tuple{&from, &range.from_us, "--from"}, std::tuple{&to, &range.to_us, "--to"}}) {
    if (text->empty()) continue;
    StatusOr<int64_t> time = ParseTimeMicros(*text);
    if (!time.ok()) {
      return absl::InvalidArgumentError(StrCat(flag, " ", *text, ": ", time.status().message()));
    }
    *target = *time;
  }
  if (range.from_us >= range.to_us) {
    return absl::InvalidArgumentError(StrCat("--from ", from, " is not before --to ", to));
  }
  return range;
}

}  // namespace hindsight::cli
