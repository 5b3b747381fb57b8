#include "store/jsonl_record_parser.h"

#include <google/protobuf/util/json_util.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::store {
namespace {

using nlohmann::json;

// Deepest nesting of objects and arrays in `text`, ignoring brackets inside strings;
// stops counting past `limit`.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

std::string_view JsonTypeName(const json& value) { return value.type_name(); }

// protobuf's JSON errors put the field path first: `(plan): invalid value 3 ...`,
// `(events[9]) video_idd: Cannot find field.` or `plan2: Cannot find field.`.
// Splits such a message into the path below the fact (empty if none) and the problem.
struct JsonErrorParts {
  std::string path;
  std::string problem;
};
JsonErrorParts SplitProtobufJsonError(std::string_view message) {
  constexpr std::string_view kUnknownField = "Cannot find field.";
  if (!message.empty() && message[0] == '(') {
    const size_t close = message.find(')');
    if (close != std::string_view::npos) {
      std::string path(message.substr(1, close - 1));
      std::string_view rest = message.substr(close + 1);
      if (rest.substr(0, 2) == ": ") return {path, std::string(rest.substr(2))};
      const size_t colon = rest.find(": ");
      if (!rest.empty() && rest[0] == ' ' && colon != std::string_view::npos) {
        return {StrCat(path, ".", rest.substr(1, colon - 1)), std::string(rest.substr(colon + 2))};
      }
    }
  } else if (message.size() > kUnknownField.size() &&
             message.substr(message.size() - kUnknownField.size()) == kUnknownField) {
    const size_t colon = message.find(": ");
    if (colon != std::string_view::npos) {
      return {std::string(message.substr(0, colon)), std::string(message.substr(colon + 2))};
    }
  }
  return {"", std::string(message)};
}

// Builds one Record; the first problem found is kept.
class LineParser {
 public:
  LineParser(const FactSchemaRegistry& registry, const std::string& entity_key,
             const std::string& app, int64_t line_number)
      : registry_(registry), entity_key_(entity_key), app_(app), line_number_(line_number) {}

  ParsedLine Run(std::string_view line) {
    ParsedLine parsed;
    std::optional<json> root = ParseJson(line);
    if (!root.has_value()) {
      // Rejected already.
    } else if (!root->is_object()) {
      Reject(RejectKind::kMalformedJson, "(line)",
             StrCat("expected a JSON object, got ", JsonTypeName(*root)));
    } else {
      ParseRecord(*root, parsed.record);
    }
    parsed.rejection = std::move(rejection_);
    return parsed;
  }

 private:
  // The line as JSON, or nullopt after rejecting it.
  std::optional<json> ParseJson(std::string_view line) {
    if (line.size() > kMaxJsonlLineBytes) {
      Reject(RejectKind::kMalformedJson, "(line)",
             StrCat("longer than ", kMaxJsonlLineBytes, " bytes"));
      return std::nullopt;
    }
    if (NestingDepth(line, kMaxJsonDepth) > kMaxJsonDepth) {
      Reject(RejectKind::kMalformedJson, "(line)",
             StrCat("nested deeper than ", kMaxJsonDepth, " levels"));
      return std::nullopt;
    }
    // nlohmann reports where parsing failed only by exception; it ends here.
    try {
      return json::parse(line);
    } catch (const json::parse_error& error) {
      Reject(RejectKind::kMalformedJson, "(line)",
             StrCat("not valid JSON at byte ", static_cast<uint64_t>(error.byte)));
      return std::nullopt;
    } catch (const json::exception& error) {
      // E.g. a number too large for a double (`1e999`).
      Reject(RejectKind::kMalformedJson, "(line)", StrCat("not valid JSON: ", error.what()));
      return std::nullopt;
    }
  }

  void Reject(RejectKind kind, std::string_view field, std::string_view what) {
    if (rejection_.has_value()) return;
    rejection_ = LineRejection{kind, StrCat("line ", line_number_, ": ", field, ": ", what)};
  }
  bool failed() const { return rejection_.has_value(); }

  void ParseRecord(const json& root, Record& record) {
    for (const auto& [key, value] : root.items()) {
      if (key == "record_id") {
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
          Reject(RejectKind::kInvalidEnvelope, "record_id", "expected a non-empty string");
        } else {
          record.set_record_id(value.get<std::string>());
        }
      } else if (key == "app") {
        if (!value.is_string()) {
          Reject(RejectKind::kInvalidEnvelope, "app", "expected a string");
        } else {
          record.set_app(value.get<std::string>());
        }
      } else if (key == "ts") {
        ParseTime(value, record);
      } else if (key == "context") {
        ParseContext(value, record);
      } else if (key == "facts") {
        ParseFacts(value, record);
      } else if (key == "items") {
        ParseItems(value, record);
      } else if (key == "meta") {
        ParseMeta(value, record);
      } else {
        Reject(RejectKind::kInvalidEnvelope, key, "unknown field");
      }
      if (failed()) return;
    }
    if (!app_.empty()) record.set_app(app_);
    if (!root.contains("record_id")) Reject(RejectKind::kInvalidEnvelope, "record_id", "missing");
    if (!root.contains("ts")) Reject(RejectKind::kInvalidEnvelope, "ts", "missing");
    if (record.app().empty()) {
      Reject(RejectKind::kInvalidEnvelope, "app", "missing (and no --app given)");
    }
    if (!root.contains("context")) {
      Reject(RejectKind::kInvalidEnvelope, "context", "missing");
    } else if (!root["context"].contains(entity_key_)) {
      Reject(RejectKind::kInvalidEnvelope, StrCat("context.", entity_key_),
             "missing (the store's entity key)");
    }
  }

  void ParseTime(const json& value, Record& record) {
    if (value.is_number_integer()) {
      if (value.is_number_unsigned() &&
          value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        Reject(RejectKind::kInvalidEnvelope, "ts", "out of range");
        return;
      }
      record.set_event_time_us(value.get<int64_t>());
    } else if (value.is_string()) {
      StatusOr<int64_t> micros = ParseTimeMicros(value.get_ref<const std::string&>());
      if (!micros.ok()) {
        Reject(RejectKind::kInvalidEnvelope, "ts", std::string(micros.status().message()));
        return;
      }
      record.set_event_time_us(*micros);
    } else {
      Reject(
          RejectKind::kInvalidEnvelope, "ts",
          StrCat("expected an RFC 3339 string or integer microseconds, got ", JsonTypeName(value)));
    }
  }

  void ParseContext(const json& value, Record& record) {
    if (!value.is_object()) {
      Reject(RejectKind::kInvalidEnvelope, "context",
             StrCat("expected an object, got ", JsonTypeName(value)));
      return;
    }
    for (const auto& [key, item] : value.items()) {
      const std::string field = StrCat("context.", key);
      ContextValue* context = record.add_context();
      context->set_key(key);
      if (item.is_number_integer()) {
        if (item.is_number_unsigned() &&
            item.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          Reject(RejectKind::kInvalidEnvelope, field, "integer out of int64 range");
          return;
        }
        context->set_int_value(item.get<int64_t>());
      } else if (key == entity_key_) {
        Reject(RejectKind::kInvalidEnvelope, field,
               StrCat("the entity key must be an integer, got ", JsonTypeName(item)));
        return;
      } else if (item.is_string()) {
        context->set_string_value(item.get<std::string>());
      } else if (item.is_number_float()) {
        context->set_double_value(item.get<double>());
      } else if (item.is_boolean()) {
        context->set_bool_value(item.get<bool>());
      } else {
        Reject(RejectKind::kInvalidEnvelope, field,
               StrCat("expected an integer, string, number or boolean, got ", JsonTypeName(item)));
        return;
      }
    }
  }

  void ParseFacts(const json& value, Record& record) {
    if (!value.is_object()) {
      Reject(RejectKind::kInvalidEnvelope, "facts",
             StrCat("expected an object of fact type -> value, got ", JsonTypeName(value)));
      return;
    }
    for (const auto& [fact_type, fact] : value.items()) {
      const std::string field = StrCat("facts.", fact_type);
      const google::protobuf::Message* prototype = registry_.Prototype(fact_type);
      if (prototype == nullptr) {
        Reject(RejectKind::kUnknownFactType, field, "not a fact type registered in the store");
        return;
      }
      if (fact.is_array()) {
        for (size_t i = 0; i < fact.size() && !failed(); ++i) {
          ParseFact(fact_type, *prototype, fact[i], StrCat(field, "[", i, "]"), record);
        }
      } else {
        ParseFact(fact_type, *prototype, fact, field, record);
      }
      if (failed()) return;
    }
  }

  void ParseFact(const std::string& fact_type, const google::protobuf::Message& prototype,
                 const json& value, const std::string& field, Record& record) {
    if (!value.is_object()) {
      Reject(RejectKind::kFactSchemaViolation, field,
             StrCat("expected an object (", prototype.GetDescriptor()->full_name(), "), got ",
                    JsonTypeName(value)));
      return;
    }
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    Fact* out = record.add_facts();
    out->set_type(fact_type);
    const auto status = google::protobuf::util::JsonToBinaryString(
        registry_.type_resolver(), FactSchemaRegistry::TypeUrl(*prototype.GetDescriptor()),
        value.dump(-1, ' ', false, json::error_handler_t::replace), out->mutable_value(), options);
    if (!status.ok()) {
      const std::string_view message(status.message().data(), status.message().size());
      const JsonErrorParts parts = SplitProtobufJsonError(message);
      Reject(RejectKind::kFactSchemaViolation,
             parts.path.empty() ? field : StrCat(field, ".", parts.path), parts.problem);
    }
  }

  void ParseItems(const json& value, Record& record) {
    if (!value.is_array()) {
      Reject(RejectKind::kInvalidEnvelope, "items",
             StrCat("expected an array of integers, got ", JsonTypeName(value)));
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const json& item = value[i];
      if (!item.is_number_integer() ||
          (item.is_number_unsigned() &&
           item.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
        Reject(RejectKind::kInvalidEnvelope, StrCat("items[", i, "]"),
               StrCat("expected an int64, got ",
                      item.dump(-1, ' ', false, json::error_handler_t::replace)));
        return;
      }
      record.add_items(item.get<int64_t>());
    }
  }

  void ParseMeta(const json& value, Record& record) {
    if (!value.is_object()) {
      Reject(RejectKind::kInvalidEnvelope, "meta",
             StrCat("expected an object of strings, got ", JsonTypeName(value)));
      return;
    }
    for (const auto& [key, item] : value.items()) {
      if (!item.is_string()) {
        Reject(RejectKind::kInvalidEnvelope, StrCat("meta.", key),
               StrCat("expected a string, got ", JsonTypeName(item)));
        return;
      }
      (*record.mutable_meta())[key] = item.get<std::string>();
    }
  }

  const FactSchemaRegistry& registry_;
  const std::string& entity_key_;
  const std::string& app_;
  const int64_t line_number_;
  std::optional<LineRejection> rejection_;
};

}  // namespace

std::string_view RejectKindName(RejectKind kind) {
  switch (kind) {
    case RejectKind::kMalformedJson:
      return "malformed_json";
    case RejectKind::kInvalidEnvelope:
      return "invalid_envelope";
    case RejectKind::kUnknownFactType:
      return "unknown_fact_type";
    case RejectKind::kFactSchemaViolation:
      return "fact_schema_violation";
  }
  return "unknown";
}

JsonlRecordParser::JsonlRecordParser(const FactSchemaRegistry& registry, std::string entity_key,
                                     std::string app)
    : registry_(registry), entity_key_(std::move(entity_key)), app_(std::move(app)) {}

ParsedLine JsonlRecordParser::Parse(std::string_view line, int64_t line_number) const {
  return LineParser(registry_, entity_key_, app_, line_number).Run(line);
}

}  // namespace hindsight::store
