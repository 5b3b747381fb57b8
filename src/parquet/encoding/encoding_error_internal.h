// Errors for corrupt encoded bytes: they name the encoding and the byte offset inside
// the buffer handed to the decoder (the page reader adds the file position).
#pragma once

#include <cstddef>
#include <string_view>

#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::parquet {

template <typename... Details>
Status CorruptEncoding(std::string_view encoding, size_t offset, const Details&... details) {
  return absl::DataLossError(
      StrCat(encoding, " data corrupt at byte offset ", offset, ": ", details...));
}

}  // namespace hindsight::parquet
