#include "store/table/facts_batch_builder.h"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "store/table/fact_wire_shredder.h"
#include "store/table/facts_columns_internal.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace internal {

void AppendEmptySlot(parquet::Column& column, bool present) {
  switch (column.type) {
    case parquet::ColumnType::kBinary:
    case parquet::ColumnType::kList:
    case parquet::ColumnType::kMap:
      column.offsets.push_back(column.offsets.back());
      break;
    case parquet::ColumnType::kStruct:
      for (parquet::Column& child : column.children) AppendEmptySlot(child, /*present=*/true);
      break;
    default:
      column.values.resize(column.values.size() + parquet::FixedWidth(column.type), 0);
      break;
  }
  EndSlot(column, present);
}

std::string EnumText(const google::protobuf::EnumDescriptor& type, int number) {
  const auto* value = type.FindValueByNumber(number);
  return value != nullptr ? value->name() : std::to_string(number);
}

}  // namespace internal

namespace {

using internal::AppendNull;
using internal::EndSlot;
using internal::EnumText;
using internal::PushBytes;
using internal::PushFixed;

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using parquet::Column;
using parquet::ColumnType;
using parquet::LogicalKind;
using parquet::LogicalNode;

// An empty Column tree for `node` (offsets start at 0 for binary, list and map columns).
Column EmptyColumn(const LogicalNode& node) {
  Column column;
  column.type = node.column_type;
  if (column.type == ColumnType::kBinary || column.type == ColumnType::kList ||
      column.type == ColumnType::kMap) {
    column.offsets.push_back(0);
  }
  for (const LogicalNode& child : node.children) column.children.push_back(EmptyColumn(child));
  return column;
}

// How one protobuf field lands in its Column.
struct FieldPlan {
  const FieldDescriptor* field = nullptr;
  std::vector<FieldPlan> message_fields;  // message-valued fields (element or map value)
};

std::vector<FieldPlan> PlanMessage(const Descriptor& message);

FieldPlan PlanField(const FieldDescriptor& field) {
  FieldPlan plan{&field, {}};
  const FieldDescriptor* valued = &field;
  if (field.is_map()) valued = field.message_type()->map_value();
  if (valued->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    plan.message_fields = PlanMessage(*valued->message_type());
  }
  return plan;
}

std::vector<FieldPlan> PlanMessage(const Descriptor& message) {
  std::vector<FieldPlan> fields;
  for (int i = 0; i < message.field_count(); ++i) fields.push_back(PlanField(*message.field(i)));
  return fields;
}

void AppendMessage(const Message& message, const std::vector<FieldPlan>& plan, Column& column);

// Appends one non-repeated value of `field` (its singular value, or element `index` of a
// repeated field) as a present slot.
void AppendValue(const Message& message, const FieldPlan& plan, int index, Column& column) {
  const FieldDescriptor& field = *plan.field;
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      PushFixed<int32_t>(column, repeated ? r.GetRepeatedInt32(message, &field, index)
                                          : r.GetInt32(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      PushFixed<uint32_t>(column, repeated ? r.GetRepeatedUInt32(message, &field, index)
                                           : r.GetUInt32(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      PushFixed<int64_t>(column, repeated ? r.GetRepeatedInt64(message, &field, index)
                                          : r.GetInt64(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      PushFixed<uint64_t>(column, repeated ? r.GetRepeatedUInt64(message, &field, index)
                                           : r.GetUInt64(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      PushFixed<float>(column, repeated ? r.GetRepeatedFloat(message, &field, index)
                                        : r.GetFloat(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      PushFixed<double>(column, repeated ? r.GetRepeatedDouble(message, &field, index)
                                         : r.GetDouble(message, &field));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      PushFixed<uint8_t>(
          column,
          (repeated ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field)) ? 1
                                                                                              : 0);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      PushBytes(column, EnumText(*field.enum_type(),
                                 repeated ? r.GetRepeatedEnumValue(message, &field, index)
                                          : r.GetEnumValue(message, &field)));
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text = repeated
                                    ? r.GetRepeatedStringReference(message, &field, index, &scratch)
                                    : r.GetStringReference(message, &field, &scratch);
      PushBytes(column, text);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(
          repeated ? r.GetRepeatedMessage(message, &field, index) : r.GetMessage(message, &field),
          plan.message_fields, column);
      return;  // AppendMessage ends the slot
  }
  EndSlot(column, true);
}

// A map entry's key or value: entry messages have the key as field 1, the value as 2.
void AppendMapEntries(const Message& message, const FieldPlan& plan, Column& column) {
  const Reflection& r = *message.GetReflection();
  const int size = r.FieldSize(message, plan.field);
  const Descriptor& entry_type = *plan.field->message_type();
  const FieldPlan key_plan{entry_type.map_key(), {}};
  const FieldPlan value_plan{entry_type.map_value(), plan.message_fields};
  // Sorted by key bytes' order of appearance would depend on hashing: sort entries so
  // equal maps give equal rows.
  std::vector<int> order(size);
  for (int i = 0; i < size; ++i) order[i] = i;
  if (size > 1) {
    const Reflection& er = *r.GetRepeatedMessage(message, plan.field, 0).GetReflection();
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      const Message& ea = r.GetRepeatedMessage(message, plan.field, a);
      const Message& eb = r.GetRepeatedMessage(message, plan.field, b);
      const FieldDescriptor* key = entry_type.map_key();
      switch (key->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          return er.GetString(ea, key) < er.GetString(eb, key);
        case FieldDescriptor::CPPTYPE_INT32:
          return er.GetInt32(ea, key) < er.GetInt32(eb, key);
        case FieldDescriptor::CPPTYPE_INT64:
          return er.GetInt64(ea, key) < er.GetInt64(eb, key);
        case FieldDescriptor::CPPTYPE_UINT32:
          return er.GetUInt32(ea, key) < er.GetUInt32(eb, key);
        case FieldDescriptor::CPPTYPE_UINT64:
          return er.GetUInt64(ea, key) < er.GetUInt64(eb, key);
        case FieldDescriptor::CPPTYPE_BOOL:
          return er.GetBool(ea, key) < er.GetBool(eb, key);
        default:
          return a < b;
      }
    });
  }
  for (int i : order) {
    const Message& entry = r.GetRepeatedMessage(message, plan.field, i);
    AppendValue(entry, key_plan, 0, column.children[0]);
    AppendValue(entry, value_plan, 0, column.children[1]);
  }
  column.offsets.push_back(column.children[0].length);
  EndSlot(column, true);
}

void AppendField(const Message& message, const FieldPlan& plan, Column& column) {
  const FieldDescriptor& field = *plan.field;
  const Reflection& r = *message.GetReflection();
  if (field.is_map()) {
    AppendMapEntries(message, plan, column);
  } else if (field.is_repeated()) {
    const int size = r.FieldSize(message, &field);
    for (int i = 0; i < size; ++i) AppendValue(message, plan, i, column.children[0]);
    column.offsets.push_back(column.children[0].length);
    EndSlot(column, true);
  } else if (field.has_presence() && !r.HasField(message, &field)) {
    AppendNull(column);
  } else {
    AppendValue(message, plan, 0, column);
  }
}

void AppendMessage(const Message& message, const std::vector<FieldPlan>& plan, Column& column) {
  for (size_t i = 0; i < plan.size(); ++i) AppendField(message, plan[i], column.children[i]);
  EndSlot(column, true);
}

}  // namespace

struct FactsBatchBuilder::State {
  const FactsTableSchema& schema;
  const FactSchemaRegistry& registry;
  std::vector<Column> columns;
  int64_t rows = 0;
  // Positions of the top-level columns (facts_table_schema.h's order).
  size_t first_context = 4;
  size_t items = 0;
  size_t meta = 0;
  size_t facts = 0;
  std::map<std::string, size_t, std::less<>> context_index;  // name -> position
  struct FactType {
    std::string name;
    const Message* prototype = nullptr;
    std::vector<FieldPlan> plan;
    // Null when values are always parsed into messages.
    std::unique_ptr<FactWireShredder> shredder;
    // Values of the record being appended: a wire scan handle (>= 0), or -1 and a
    // message parsed into `arena`.
    std::vector<std::pair<int, Message*>> values;
    size_t used = 0;
  };
  std::unique_ptr<FactWireShredder::WireScan> scan = FactWireShredder::NewScan();
  std::vector<FactType> fact_types;  // in column order
  // Holds the parsed facts of one record; reset before the next (cheaper than
  // allocating and destroying each dynamic message).
  google::protobuf::Arena arena;
  std::map<std::string, size_t, std::less<>> fact_index;

  State(const FactsTableSchema& s, const FactSchemaRegistry& r, FactShredding shredding)
      : schema(s), registry(r) {
    const size_t context_count = schema.context_columns().size();
    items = first_context + context_count;
    meta = items + 1;
    facts = meta + 1;
    for (size_t i = 0; i < context_count; ++i) {
      context_index[schema.context_columns()[i].name] = first_context + i;
    }
    for (const std::string& name : schema.fact_types()) {
      FactType type;
      type.name = name;
      type.prototype = registry.Prototype(name);
      type.plan = PlanMessage(*type.prototype->GetDescriptor());
      if (shredding == FactShredding::kWireFormatFirst) {
        type.shredder = std::make_unique<FactWireShredder>(*type.prototype->GetDescriptor());
      }
      fact_index[name] = fact_types.size();
      fact_types.push_back(std::move(type));
    }
    Reset();
  }

  void Reset() {
    columns.clear();
    for (const LogicalNode& child : schema.schema().logical_root().children) {
      columns.push_back(EmptyColumn(child));
    }
    rows = 0;
  }
};

FactsBatchBuilder::FactsBatchBuilder(const FactsTableSchema& schema,
                                     const FactSchemaRegistry& registry, FactShredding shredding)
    : state_(std::make_unique<State>(schema, registry, shredding)) {}

FactsBatchBuilder::~FactsBatchBuilder() = default;

int64_t FactsBatchBuilder::num_rows() const { return state_->rows; }

parquet::RecordBatch FactsBatchBuilder::Finish() {
  parquet::RecordBatch batch;
  batch.num_rows = state_->rows;
  batch.columns = std::move(state_->columns);
  state_->Reset();
  return batch;
}

Status FactsBatchBuilder::Append(const Record& record) {
  State& s = *state_;
  auto reject = [&record](std::string_view what) {
    return absl::InvalidArgumentError(StrCat("record '", record.record_id(), "': ", what));
  };
  // Check everything first, so a rejected record leaves the batch as it was.
  const std::string& entity_key = s.schema.entity_key();
  std::optional<int64_t> entity;
  std::vector<const ContextValue*> context(s.schema.context_columns().size(), nullptr);
  for (const ContextValue& value : record.context()) {
    if (value.key() == entity_key) {
      if (value.value_case() != ContextValue::kIntValue) {
        return reject(StrCat("entity key '", entity_key, "' is not an integer"));
      }
      if (entity.has_value()) return reject(StrCat("entity key '", entity_key, "' repeats"));
      entity = value.int_value();
      continue;
    }
    auto it = s.context_index.find(value.key());
    if (it == s.context_index.end()) {
      return reject(StrCat("context key '", value.key(), "' is not a column of the table"));
    }
    const size_t slot = it->second - s.first_context;
    const ContextColumn& column = s.schema.context_columns()[slot];
    auto type = ContextTypeOf(value);
    if (!type.ok() || *type != column.type) {
      return reject(
          StrCat("context key '", value.key(), "' is not ", ContextTypeName(column.type)));
    }
    if (context[slot] != nullptr) return reject(StrCat("context key '", value.key(), "' repeats"));
    context[slot] = &value;
  }
  if (!entity.has_value()) return reject(StrCat("entity key '", entity_key, "' is missing"));
  for (State::FactType& type : s.fact_types) type.used = 0;
  s.arena.Reset();
  FactWireShredder::ClearScan(*s.scan);
  for (const Fact& fact : record.facts()) {
    auto it = s.fact_index.find(fact.type());
    if (it == s.fact_index.end()) {
      return reject(StrCat("fact type '", fact.type(), "' is not registered"));
    }
    State::FactType& type = s.fact_types[it->second];
    if (type.used == type.values.size()) type.values.emplace_back();
    auto& value = type.values[type.used++];
    value = {-1, nullptr};
    if (type.shredder != nullptr) value.first = type.shredder->Scan(fact.value(), *s.scan);
    if (value.first >= 0) continue;
    // A fresh message per value: a cleared dynamic message keeps its sub-messages
    // allocated, and proto3 reports such a field as present after the next parse.
    value.second = type.prototype->New(&s.arena);
    if (!value.second->ParseFromString(fact.value())) {
      return reject(StrCat("facts.", fact.type(), ": value does not parse as ",
                           value.second->GetDescriptor()->full_name()));
    }
  }

  // Append: nothing below can fail.
  PushFixed<int64_t>(s.columns[0], *entity);
  EndSlot(s.columns[0], true);
  PushFixed<int64_t>(s.columns[1], record.event_time_us());
  EndSlot(s.columns[1], true);
  PushBytes(s.columns[2], record.record_id());
  EndSlot(s.columns[2], true);
  PushBytes(s.columns[3], record.app());
  EndSlot(s.columns[3], true);
  for (size_t i = 0; i < context.size(); ++i) {
    Column& column = s.columns[s.first_context + i];
    const ContextValue* value = context[i];
    if (value == nullptr) {
      AppendNull(column);
      continue;
    }
    switch (value->value_case()) {
      case ContextValue::kIntValue:
        PushFixed<int64_t>(column, value->int_value());
        break;
      case ContextValue::kDoubleValue:
        PushFixed<double>(column, value->double_value());
        break;
      case ContextValue::kBoolValue:
        PushFixed<uint8_t>(column, value->bool_value() ? 1 : 0);
        break;
      default:
        PushBytes(column, value->string_value());
        break;
    }
    EndSlot(column, true);
  }
  Column& items = s.columns[s.items];
  for (int64_t item : record.items()) {
    PushFixed<int64_t>(items.children[0], item);
    EndSlot(items.children[0], true);
  }
  items.offsets.push_back(items.children[0].length);
  EndSlot(items, true);

  Column& meta = s.columns[s.meta];
  std::vector<std::pair<std::string_view, std::string_view>> entries(record.meta().begin(),
                                                                     record.meta().end());
  std::sort(entries.begin(), entries.end());
  for (const auto& [key, value] : entries) {
    PushBytes(meta.children[0], key);
    EndSlot(meta.children[0], true);
    PushBytes(meta.children[1], value);
    EndSlot(meta.children[1], true);
  }
  meta.offsets.push_back(meta.children[0].length);
  EndSlot(meta, true);

  Column& facts = s.columns[s.facts];
  for (size_t t = 0; t < s.fact_types.size(); ++t) {
    State::FactType& type = s.fact_types[t];
    Column& list = facts.children[t];
    for (size_t v = 0; v < type.used; ++v) {
      const auto& [handle, message] = type.values[v];
      if (handle >= 0) {
        type.shredder->Append(*s.scan, handle, list.children[0]);
      } else {
        AppendMessage(*message, type.plan, list.children[0]);
      }
    }
    list.offsets.push_back(list.children[0].length);
    EndSlot(list, true);
  }
  EndSlot(facts, true);
  ++s.rows;
  return absl::OkStatus();
}

}  // namespace hindsight::store
