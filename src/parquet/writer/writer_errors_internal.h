// Error context for the writer: statuses keep their code and gain a prefix naming the
// file or column they concern.
#pragma once

#include <string_view>

#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::parquet {

// The message of `status` as a std::string_view (Debian's Abseil has its own string_view).
inline std::string_view MessageOf(const Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

// `status` with "<context>: " in front of its message.
inline Status WithContext(const Status& status, std::string_view context) {
  return Status(status.code(), StrCat(context, ": ", MessageOf(status)));
}

}  // namespace hindsight::parquet
