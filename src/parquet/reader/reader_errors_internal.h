// Error context for the reader: each layer prefixes what it knows (file, row group,
// column, page offset) so one message names everything a user needs to find the fault.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::parquet {

// `status` with "<context>: " in front of its message; OK stays OK.
inline Status WithContext(const Status& status, std::string_view context) {
  if (status.ok()) return status;
  return Status(status.code(), StrCat(context, ": ", std::string(status.message())));
}

// "0000abcd": a 32-bit value as 8 hex digits, for checksums.
inline std::string Hex32(uint32_t value) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xF];
  return out;
}

template <typename... Parts>
Status CorruptFile(const Parts&... parts) {
  return absl::DataLossError(StrCat(parts...));
}

}  // namespace hindsight::parquet
