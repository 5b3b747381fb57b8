// Error context for src/query: each layer puts what it knows (file, snapshot, request) in
// front of the message, so one line names everything needed to find the fault.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::query {

// `status` with "<context>: " in front of its message, same code; OK stays OK.
inline Status WithContext(const Status& status, std::string_view context) {
  if (status.ok()) return status;
  const std::string_view message(status.message().data(), status.message().size());
  return Status(status.code(), StrCat(context, ": ", message));
}

}  // namespace hindsight::query
