// A feature request, parsed and checked from the body of `POST /v1/features`:
//
//   {"context": {"profile_id": 7, "country": "US", "device": "tv"},
//    "ts": "2026-11-01T10:00:00Z",          // optional: RFC 3339 or µs; default now
//    "items": [101, 102],
//    "app": "homepage"}                       // optional: the record's app
//
// The context must hold the entity key as an integer; every other key must have the
// type of its column in the facts table (a key the table does not have yet is taken
// as given), so the logged record always ingests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hindsight/record.pb.h"
#include "store/table/facts_table_schema.h"
#include "util/status.h"

namespace hindsight::serve {

struct RequestLimits {
  size_t max_items = 10000;
  size_t max_context_keys = 64;
  size_t max_string_bytes = 4096;  // per context string and the app name
};

struct FeatureRequest {
  int64_t entity = 0;
  std::optional<int64_t> ts_us;
  std::vector<ContextValue> context;  // in key order
  std::vector<int64_t> items;
  std::string app;  // empty: the server's default
};

// InvalidArgument with a reason a client can act on ("items[3]: not an integer").
[[nodiscard]] StatusOr<FeatureRequest> ParseFeatureRequest(
    std::string_view body, const std::string& entity_key,
    const std::vector<store::ContextColumn>& context_columns, const RequestLimits& limits);

}  // namespace hindsight::serve
