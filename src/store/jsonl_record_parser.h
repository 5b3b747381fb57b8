// One JSONL line (SYSTEM.md §5) -> a hindsight::Record, with fact values parsed by
// protobuf's JSON mapping into their registered messages and serialized.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hindsight/record.pb.h"
#include "store/fact_schema_registry.h"

namespace hindsight::store {

// Lines longer than this are rejected unparsed (bounds memory per line).
inline constexpr size_t kMaxJsonlLineBytes = 16u << 20;
// Deeper JSON is rejected before parsing (bounds recursion in JSON libraries).
inline constexpr int kMaxJsonDepth = 64;

enum class RejectKind {
  kMalformedJson,        // not one JSON object
  kInvalidEnvelope,      // record_id, app, ts, context, items or meta wrong or missing
  kUnknownFactType,      // a fact type the store does not register
  kFactSchemaViolation,  // a fact value that does not fit its message
};
std::string_view RejectKindName(RejectKind kind);

struct LineRejection {
  RejectKind kind;
  std::string reason;  // `line 17: facts.subscriber: ...`
};

// Either a record or why the line was rejected.
struct ParsedLine {
  Record record;
  std::optional<LineRejection> rejection;
  bool ok() const { return !rejection.has_value(); }
};

// `registry` must outlive the parser. Parse may run on several threads at once.
class JsonlRecordParser {
 public:
  // `app`, when not empty, replaces (or supplies) every record's app.
  JsonlRecordParser(const FactSchemaRegistry& registry, std::string entity_key, std::string app);

  ParsedLine Parse(std::string_view line, int64_t line_number) const;

 private:
  const FactSchemaRegistry& registry_;
  std::string entity_key_;
  std::string app_;
};

}  // namespace hindsight::store
