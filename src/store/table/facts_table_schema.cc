#include "store/table/facts_table_schema.h"

#include <google/protobuf/descriptor.h>

#include <set>
#include <utility>

#include "parquet/schema/field.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using parquet::Field;

bool IsRecordColumn(std::string_view name) {
  return name == kTimeColumn || name == kRecordIdColumn || name == kAppColumn ||
         name == kItemsColumn || name == kMetaColumn || name == kFactsColumn;
}

StatusOr<Field> MessageStruct(std::string name, const Descriptor& message, const std::string& path,
                              int depth);

// The column of one value of `field` (the field itself, a list element, a map key or
// value), required; `depth` is the nesting depth of the message holding `field`.
StatusOr<Field> ValueField(std::string name, const FieldDescriptor& field, const std::string& path,
                           int depth) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return Field::Int32(std::move(name));
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
      return Field::Int64(std::move(name));
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return Field::Int(std::move(name), 32, /*is_signed=*/false);
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      return Field::Int(std::move(name), 64, /*is_signed=*/false);
    case FieldDescriptor::TYPE_FLOAT:
      return Field::Float(std::move(name));
    case FieldDescriptor::TYPE_DOUBLE:
      return Field::Double(std::move(name));
    case FieldDescriptor::TYPE_BOOL:
      return Field::Bool(std::move(name));
    case FieldDescriptor::TYPE_STRING:
      return Field::String(std::move(name));
    case FieldDescriptor::TYPE_BYTES:
      return Field::Binary(std::move(name));
    case FieldDescriptor::TYPE_ENUM:
      return Field::Enum(std::move(name));
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return MessageStruct(std::move(name), *field.message_type(), path, depth + 1);
  }
  return absl::InvalidArgumentError(
      StrCat("field ", path, " has unsupported protobuf type ", field.type_name()));
}

StatusOr<Field> ProtoField(const FieldDescriptor& field, const std::string& path, int depth) {
  if (field.is_map()) {
    const Descriptor& entry = *field.message_type();
    HS_ASSIGN_OR_RETURN(Field key,
                        ValueField("key", *entry.map_key(), StrCat(path, ".key"), depth));
    HS_ASSIGN_OR_RETURN(Field value,
                        ValueField("value", *entry.map_value(), StrCat(path, ".value"), depth));
    return Field::Map(field.name(), std::move(key), std::move(value)).WithFieldId(field.number());
  }
  HS_ASSIGN_OR_RETURN(
      Field value, ValueField(field.is_repeated() ? "element" : field.name(), field, path, depth));
  if (field.is_repeated()) {
    return Field::List(field.name(), std::move(value)).WithFieldId(field.number());
  }
  return Field::Optional(std::move(value)).WithFieldId(field.number());
}

// `message` at nesting depth `depth` (a fact type's own message is 1), reached by `path`.
StatusOr<Field> MessageStruct(std::string name, const Descriptor& message, const std::string& path,
                              int depth) {
  if (depth > kMaxFactMessageDepth) {
    return absl::InvalidArgumentError(StrCat("field ", path, " nests messages deeper than ",
                                             kMaxFactMessageDepth, " levels (is ",
                                             message.full_name(), " recursive?)"));
  }
  if (message.field_count() == 0) {
    return absl::InvalidArgumentError(StrCat("field ", path, ": message ", message.full_name(),
                                             " has no fields, and a Parquet group needs one"));
  }
  std::vector<Field> fields;
  fields.reserve(message.field_count());
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    HS_ASSIGN_OR_RETURN(Field column, ProtoField(field, StrCat(path, ".", field.name()), depth));
    fields.push_back(std::move(column));
  }
  return Field::Struct(std::move(name), std::move(fields));
}

Field ContextField(const ContextColumn& column) {
  switch (column.type) {
    case ContextType::kInt64:
      return Field::Optional(Field::Int64(column.name));
    case ContextType::kString:
      return Field::Optional(Field::String(column.name));
    case ContextType::kDouble:
      return Field::Optional(Field::Double(column.name));
    case ContextType::kBool:
      return Field::Optional(Field::Bool(column.name));
  }
  return Field::Optional(Field::String(column.name));
}

}  // namespace

std::string_view ContextTypeName(ContextType type) {
  switch (type) {
    case ContextType::kInt64:
      return "int64";
    case ContextType::kString:
      return "string";
    case ContextType::kDouble:
      return "double";
    case ContextType::kBool:
      return "bool";
  }
  return "unknown";
}

StatusOr<ContextType> ParseContextType(std::string_view name) {
  for (ContextType type :
       {ContextType::kInt64, ContextType::kString, ContextType::kDouble, ContextType::kBool}) {
    if (name == ContextTypeName(type)) return type;
  }
  return absl::InvalidArgumentError(
      StrCat("unknown context type '", name, "' (expected int64, string, double or bool)"));
}

StatusOr<ContextType> ContextTypeOf(const ContextValue& value) {
  switch (value.value_case()) {
    case ContextValue::kIntValue:
      return ContextType::kInt64;
    case ContextValue::kStringValue:
      return ContextType::kString;
    case ContextValue::kDoubleValue:
      return ContextType::kDouble;
    case ContextValue::kBoolValue:
      return ContextType::kBool;
    case ContextValue::VALUE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(StrCat("context key '", value.key(), "' has no value"));
}

StatusOr<FactsTableSchema> FactsTableSchema::Build(std::string entity_key,
                                                   std::vector<ContextColumn> context_columns,
                                                   const FactSchemaRegistry& registry) {
  if (entity_key.empty() || IsRecordColumn(entity_key)) {
    return absl::InvalidArgumentError(
        StrCat("entity key '", entity_key, "' is empty or names a record column"));
  }
  std::set<std::string_view> names;
  for (const ContextColumn& column : context_columns) {
    if (column.name.empty() || column.name == entity_key || IsRecordColumn(column.name)) {
      return absl::InvalidArgumentError(StrCat(
          "context column '", column.name, "' is empty or names the entity or a record column"));
    }
    if (!names.insert(column.name).second) {
      return absl::InvalidArgumentError(StrCat("context column '", column.name, "' appears twice"));
    }
  }
  if (registry.fact_types().empty()) {
    return absl::InvalidArgumentError("the facts table needs at least one registered fact type");
  }

  std::vector<Field> fields;
  fields.push_back(Field::Int64(entity_key));
  fields.push_back(Field::Timestamp(std::string(kTimeColumn)));
  fields.push_back(Field::String(std::string(kRecordIdColumn)));
  fields.push_back(Field::String(std::string(kAppColumn)));
  for (const ContextColumn& column : context_columns) fields.push_back(ContextField(column));
  fields.push_back(Field::List(std::string(kItemsColumn), Field::Int64("element")));
  fields.push_back(
      Field::Map(std::string(kMetaColumn), Field::String("key"), Field::String("value")));

  std::vector<Field> fact_lists;
  std::vector<std::string> fact_types;
  for (const auto& [type, message] : registry.fact_types()) {
    if (type.empty() || type.find('.') != std::string::npos) {
      return absl::InvalidArgumentError(
          StrCat("fact type '", type, "' cannot name a column (empty or contains '.')"));
    }
    StatusOr<Field> element =
        MessageStruct("element", *message, StrCat(kFactsColumn, ".", type), 1);
    if (!element.ok()) {
      return absl::InvalidArgumentError(
          StrCat("fact type '", type, "' cannot be stored: ", element.status().message()));
    }
    fact_lists.push_back(Field::List(type, *std::move(element)));
    fact_types.push_back(type);
  }
  fields.push_back(Field::Struct(std::string(kFactsColumn), std::move(fact_lists)));

  HS_ASSIGN_OR_RETURN(parquet::Schema schema, parquet::Schema::Make(std::move(fields)));
  return FactsTableSchema(std::move(schema), std::move(entity_key), std::move(context_columns),
                          std::move(fact_types));
}

}  // namespace hindsight::store
