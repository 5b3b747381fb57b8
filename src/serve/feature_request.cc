#include "serve/feature_request.h"

#include <nlohmann/json.hpp>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::serve {
namespace {

using Json = nlohmann::json;

Status Invalid(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(where, ": ", what));
}

StatusOr<ContextValue> ParseContextValue(const std::string& key, const Json& value,
                                         const RequestLimits& limits) {
  ContextValue out;
  out.set_key(key);
  const std::string where = StrCat("context.", key);
  if (value.is_boolean()) {
    out.set_bool_value(value.get<bool>());
  } else if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX}) {
      return Invalid(where, "integer out of the int64 range");
    }
    out.set_int_value(value.get<int64_t>());
  } else if (value.is_number_float()) {
    out.set_double_value(value.get<double>());
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > limits.max_string_bytes) {
      return Invalid(where, StrCat("longer than ", limits.max_string_bytes, " bytes"));
    }
    out.set_string_value(text);
  } else {
    return Invalid(where, "must be a string, number or boolean");
  }
  return out;
}

StatusOr<store::ContextType> TypeOf(const ContextValue& value) {
  return store::ContextTypeOf(value);
}

}  // namespace

StatusOr<FeatureRequest> ParseFeatureRequest(
    std::string_view body, const std::string& entity_key,
    const std::vector<store::ContextColumn>& context_columns, const RequestLimits& limits) {
  Json json = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("body: not valid JSON");
  if (!json.is_object()) return absl::InvalidArgumentError("body: must be a JSON object");
  for (const auto& [key, value] : json.items()) {
    if (key != "context" && key != "ts" && key != "items" && key != "app") {
      return Invalid(key, "unknown field (expected context, ts, items, app)");
    }
  }
  FeatureRequest request;

  auto context = json.find("context");
  if (context == json.end() || !context->is_object()) {
    return Invalid("context", StrCat("required: an object holding at least ", entity_key));
  }
  if (context->size() > limits.max_context_keys) {
    return Invalid("context", StrCat("more than ", limits.max_context_keys, " keys"));
  }
  bool has_entity = false;
  for (const auto& [key, value] : context->items()) {
    if (key.empty() || key.size() > 128) return Invalid("context", "keys must be 1..128 bytes");
    HS_ASSIGN_OR_RETURN(ContextValue parsed, ParseContextValue(key, value, limits));
    HS_ASSIGN_OR_RETURN(store::ContextType type, TypeOf(parsed));
    if (key == entity_key) {
      if (type != store::ContextType::kInt64)
        return Invalid(StrCat("context.", key), "must be an integer");
      request.entity = parsed.int_value();
      has_entity = true;
    } else {
      for (const store::ContextColumn& column : context_columns) {
        if (column.name == key && column.type != type) {
          return Invalid(StrCat("context.", key),
                         StrCat("must be ", store::ContextTypeName(column.type),
                                " (the facts table's column), not ", store::ContextTypeName(type)));
        }
      }
    }
    request.context.push_back(std::move(parsed));
  }
  if (!has_entity) return Invalid("context", StrCat("missing the entity key ", entity_key));

  if (auto ts = json.find("ts"); ts != json.end() && !ts->is_null()) {
    if (ts->is_number_integer()) {
      request.ts_us = ts->get<int64_t>();
    } else if (ts->is_string()) {
      StatusOr<int64_t> parsed = ParseTimeMicros(ts->get_ref<const std::string&>());
      if (!parsed.ok()) return Invalid("ts", std::string(parsed.status().message()));
      request.ts_us = *parsed;
    } else {
      return Invalid("ts", "must be RFC 3339 text or integer microseconds");
    }
  }

  auto items = json.find("items");
  if (items == json.end() || !items->is_array()) {
    return Invalid("items", "required: an array of integer item ids");
  }
  if (items->size() > limits.max_items) {
    return Invalid("items", StrCat("more than ", limits.max_items, " items"));
  }
  request.items.reserve(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    const Json& item = (*items)[i];
    if (!item.is_number_integer() ||
        (item.is_number_unsigned() && item.get<uint64_t>() > uint64_t{INT64_MAX})) {
      return Invalid(StrCat("items[", i, "]"), "not an int64 integer");
    }
    request.items.push_back(item.get<int64_t>());
  }

  if (auto app = json.find("app"); app != json.end() && !app->is_null()) {
    if (!app->is_string() || app->get_ref<const std::string&>().empty() ||
        app->get_ref<const std::string&>().size() > limits.max_string_bytes) {
      return Invalid("app", "must be a non-empty string");
    }
    request.app = app->get<std::string>();
  }
  return request;
}

}  // namespace hindsight::serve
