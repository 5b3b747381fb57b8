// The forms `hindsight query` prints an AsOfAnswer in. Fact values use protobuf's JSON
// mapping of their registered message, with the .proto field names.
//
// JSON, one line: {"entity":7,"as_of":"2026-11-01T10:00:00Z","snapshot":3,"facts":{
//   "subscriber":{"record_id":"r1","ts":"…","app":"homepage","context":{"profile_id":7,…},
//                 "values":[{"plan":"premium",…}]},
//   "thumbs":null}}
// ("snapshot":null when the store has no snapshot yet; facts in the answer's order.)
// Text: a header line, then one aligned row per fact type.
#pragma once

#include <string>

#include "hindsight/record.pb.h"
#include "query/facts_table_reader.h"
#include "store/fact_schema_registry.h"
#include "util/status.h"

namespace hindsight::query {

// `fact`'s value as protobuf JSON. DataLoss when its bytes do not parse as the
// registered message of its type, InvalidArgument when the type is not registered.
[[nodiscard]] StatusOr<std::string> FactValueJson(const Fact& fact,
                                                  const store::FactSchemaRegistry& registry);

// The answer as one line of JSON (no newline).
[[nodiscard]] StatusOr<std::string> AsOfAnswerJson(const AsOfAnswer& answer,
                                                   const store::FactSchemaRegistry& registry);

// The answer for people: header line and aligned rows, each line ending in a newline.
[[nodiscard]] StatusOr<std::string> AsOfAnswerText(const AsOfAnswer& answer,
                                                   const store::FactSchemaRegistry& registry);

}  // namespace hindsight::query
