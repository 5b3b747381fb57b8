// Error handling used across Hindsight's core: absl::Status / absl::StatusOr<T>
// plus early-return macros. Errors are converted to exit codes or HTTP codes only
// at the edges (src/cli, src/serve).
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace hindsight {

using absl::Status;
using absl::StatusOr;

// Marks an error as deliberately ignored, so that swallowing one is explicit and
// searchable.
inline void PermitUncheckedError(const Status& /*status*/) {}

}  // namespace hindsight

#define HS_STATUS_CONCAT_INNER_(a, b) a##b
#define HS_STATUS_CONCAT_(a, b) HS_STATUS_CONCAT_INNER_(a, b)

// Returns `expr` from the current function if it is not OK.
#define HS_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status hs_status_ = (expr);      \
    if (!hs_status_.ok()) return hs_status_; \
  } while (false)

// `HS_ASSIGN_OR_RETURN(auto x, MakeX());` declares/assigns `x` from a StatusOr, or
// returns its error from the current function.
#define HS_ASSIGN_OR_RETURN(lhs, expr) \
  HS_ASSIGN_OR_RETURN_IMPL_(HS_STATUS_CONCAT_(hs_statusor_, __LINE__), lhs, expr)
#define HS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
