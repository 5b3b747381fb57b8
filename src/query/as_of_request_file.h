// Files of as-of lookups (`hindsight query --requests FILE`): CSV lines `entity,as_of`,
// as_of in RFC 3339 UTC or integer microseconds, spaces around fields ignored, blank
// lines skipped. The first line may be a header: it is one when its first field is not
// an integer (`entity,as_of`, `profile_id,ts`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "store/line_reader.h"
#include "util/status.h"

namespace hindsight::query {

// An entity and a request line takes well under 64 bytes; a longer line is not one.
inline constexpr size_t kMaxRequestLineBytes = 1024;

struct AsOfPoint {
  int64_t entity = 0;
  int64_t as_of_us = 0;
  bool operator==(const AsOfPoint&) const = default;
};

// The request on one line (without its newline). InvalidArgument naming the field.
[[nodiscard]] StatusOr<AsOfPoint> ParseAsOfPoint(std::string_view line);

// Not thread-safe.
class AsOfRequestFileReader {
 public:
  // `file` must stay open while the reader is used; `name` starts error messages.
  AsOfRequestFileReader(std::FILE* file, std::string name);

  // The next requests, at most `max`; empty at the end of the file. InvalidArgument
  // naming `name:line` for a line that is not a request.
  [[nodiscard]] StatusOr<std::vector<AsOfPoint>> Next(size_t max);

 private:
  store::LineReader lines_;
  std::string name_;
  bool header_possible_ = true;
};

}  // namespace hindsight::query
