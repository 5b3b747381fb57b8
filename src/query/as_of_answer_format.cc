#include "query/as_of_answer_format.h"

#include <google/protobuf/util/json_util.h>

#include <memory>

#include "nlohmann/json.hpp"
#include "query/aligned_text_table.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson ContextValueJson(const ContextValue& value) {
  switch (value.value_case()) {
    case ContextValue::kIntValue:
      return value.int_value();
    case ContextValue::kStringValue:
      return value.string_value();
    case ContextValue::kDoubleValue:
      return value.double_value();
    case ContextValue::kBoolValue:
      return value.bool_value();
    case ContextValue::VALUE_NOT_SET:
      break;
  }
  return nullptr;
}

std::string ContextValueText(const ContextValue& value) {
  switch (value.value_case()) {
    case ContextValue::kIntValue:
      return StrCat(value.int_value());
    case ContextValue::kStringValue:
      return value.string_value();
    case ContextValue::kDoubleValue:
      return StrCat(value.double_value());
    case ContextValue::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case ContextValue::VALUE_NOT_SET:
      break;
  }
  return "";
}

StatusOr<OrderedJson> FoundFactJson(const Record& record,
                                    const store::FactSchemaRegistry& registry) {
  OrderedJson context = OrderedJson::object();
  for (const ContextValue& value : record.context()) context[value.key()] = ContextValueJson(value);
  OrderedJson values = OrderedJson::array();
  for (const Fact& fact : record.facts()) {
    HS_ASSIGN_OR_RETURN(const std::string value, FactValueJson(fact, registry));
    values.push_back(OrderedJson::parse(value));
  }
  OrderedJson json;
  json["record_id"] = record.record_id();
  json["ts"] = FormatTimeMicros(record.event_time_us());
  json["app"] = record.app();
  json["context"] = std::move(context);
  json["values"] = std::move(values);
  return json;
}

}  // namespace

StatusOr<std::string> FactValueJson(const Fact& fact, const store::FactSchemaRegistry& registry) {
  const google::protobuf::Message* prototype = registry.Prototype(fact.type());
  if (prototype == nullptr) {
    return absl::InvalidArgumentError(StrCat("fact type '", fact.type(), "' is not registered"));
  }
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  if (!message->ParseFromString(fact.value())) {
    return absl::DataLossError(StrCat("a value of fact type '", fact.type(), "' does not parse as ",
                                      prototype->GetDescriptor()->full_name()));
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(*message, &json, options);
  if (!status.ok()) {
    return absl::DataLossError(StrCat("a value of fact type '", fact.type(),
                                      "' has no JSON form: ", std::string(status.message())));
  }
  return json;
}

StatusOr<std::string> AsOfAnswerJson(const AsOfAnswer& answer,
                                     const store::FactSchemaRegistry& registry) {
  OrderedJson json;
  json["entity"] = answer.entity;
  json["as_of"] = FormatTimeMicros(answer.as_of_us);
  json["snapshot"] = answer.snapshot_id.has_value() ? OrderedJson(*answer.snapshot_id) : nullptr;
  OrderedJson facts = OrderedJson::object();
  for (const AsOfFact& fact : answer.facts) {
    if (!fact.record.has_value()) {
      facts[fact.fact_type] = nullptr;
      continue;
    }
    StatusOr<OrderedJson> found = FoundFactJson(*fact.record, registry);
    if (!found.ok()) {
      return Status(found.status().code(), StrCat("record ", fact.record->record_id(), ": ",
                                                  std::string(found.status().message())));
    }
    facts[fact.fact_type] = std::move(*found);
  }
  json["facts"] = std::move(facts);
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<std::string> AsOfAnswerText(const AsOfAnswer& answer,
                                     const store::FactSchemaRegistry& registry) {
  std::string out = StrCat("entity ", answer.entity, " as of ", FormatTimeMicros(answer.as_of_us));
  out.append(answer.snapshot_id.has_value()
                 ? StrCat(" (snapshot ", *answer.snapshot_id, ")\n")
                 : std::string(" (no snapshot yet: the store has no data)\n"));
  AlignedTextTable table;
  table.AddRow({"fact type", "record id", "ts", "app", "context", "values"});
  for (const AsOfFact& fact : answer.facts) {
    if (!fact.record.has_value()) {
      table.AddRow({fact.fact_type, "-", "-", "-", "-", "(none at or before as-of)"});
      continue;
    }
    const Record& record = *fact.record;
    std::string context;
    for (const ContextValue& value : record.context()) {
      if (!context.empty()) context.push_back(' ');
      context.append(StrCat(value.key(), "=", ContextValueText(value)));
    }
    std::string values;
    for (const Fact& value : record.facts()) {
      StatusOr<std::string> json = FactValueJson(value, registry);
      if (!json.ok()) {
        return Status(json.status().code(), StrCat("record ", record.record_id(), ": ",
                                                   std::string(json.status().message())));
      }
      if (!values.empty()) values.push_back(' ');
      values.append(*json);
    }
    table.AddRow({fact.fact_type, record.record_id(), FormatTimeMicros(record.event_time_us()),
                  record.app(), context, values});
  }
  out.append(table.Render());
  return out;
}

}  // namespace hindsight::query
