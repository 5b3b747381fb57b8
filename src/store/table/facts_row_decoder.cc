#include "store/table/facts_row_decoder.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <charconv>
#include <cstring>

#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using parquet::Column;
using parquet::ColumnType;
using parquet::LogicalKind;
using parquet::LogicalNode;

// How one struct child Column fills one protobuf field.
struct FieldDecode {
  int child = 0;  // position among the struct Column's children
  const FieldDescriptor* field = nullptr;
  std::vector<FieldDecode> message_fields;  // for message values (element / map value)
};

template <typename T>
T FixedAt(const Column& column, int64_t i) {
  T value;
  std::memcpy(&value, column.values.data() + i * sizeof(T), sizeof(T));
  return value;
}

// The Column type a non-repeated value of `field` is stored as.
ColumnType StoredType(const FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return ColumnType::kInt32;
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      return ColumnType::kInt64;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return ColumnType::kFloat;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return ColumnType::kDouble;
    case FieldDescriptor::CPPTYPE_BOOL:
      return ColumnType::kBool;
    case FieldDescriptor::CPPTYPE_ENUM:
    case FieldDescriptor::CPPTYPE_STRING:
      return ColumnType::kBinary;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ColumnType::kStruct;
  }
  return ColumnType::kBinary;
}

StatusOr<std::vector<FieldDecode>> PlanStruct(const LogicalNode& node, const Descriptor& message,
                                              const std::string& path);

// Checks that `node` can hold non-repeated values of `field` and plans message values.
Status PlanValue(const LogicalNode& node, const FieldDescriptor& field, const std::string& path,
                 std::vector<FieldDecode>* message_fields) {
  const ColumnType expected = StoredType(field);
  if (node.column_type != expected) {
    return absl::InvalidArgumentError(StrCat("column ", path, " does not hold ", field.type_name(),
                                             " values of ", field.full_name()));
  }
  if (expected == ColumnType::kStruct) {
    HS_ASSIGN_OR_RETURN(*message_fields, PlanStruct(node, *field.message_type(), path));
  }
  return absl::OkStatus();
}

StatusOr<std::vector<FieldDecode>> PlanStruct(const LogicalNode& node, const Descriptor& message,
                                              const std::string& path) {
  std::vector<FieldDecode> fields;
  for (size_t i = 0; i < node.children.size(); ++i) {
    const LogicalNode& child = node.children[i];
    const FieldDescriptor* field = message.FindFieldByName(child.name);
    if (field == nullptr) continue;  // a field no longer registered
    const std::string child_path = StrCat(path, ".", child.name);
    FieldDecode decode{static_cast<int>(i), field, {}};
    if (field->is_map()) {
      if (child.kind != LogicalKind::kMap) {
        return absl::InvalidArgumentError(StrCat("column ", child_path, " is not a map"));
      }
      const Descriptor& entry = *field->message_type();
      std::vector<FieldDecode> unused;
      HS_RETURN_IF_ERROR(PlanValue(child.children[0], *entry.map_key(), child_path, &unused));
      HS_RETURN_IF_ERROR(
          PlanValue(child.children[1], *entry.map_value(), child_path, &decode.message_fields));
    } else if (field->is_repeated()) {
      if (child.kind != LogicalKind::kList) {
        return absl::InvalidArgumentError(StrCat("column ", child_path, " is not a list"));
      }
      HS_RETURN_IF_ERROR(PlanValue(child.children[0], *field, child_path, &decode.message_fields));
    } else {
      HS_RETURN_IF_ERROR(PlanValue(child, *field, child_path, &decode.message_fields));
    }
    fields.push_back(std::move(decode));
  }
  return fields;
}

void SetEnum(Message& message, const FieldDescriptor& field, std::string_view text, bool add) {
  const Reflection& r = *message.GetReflection();
  int number = 0;
  if (const auto* value = field.enum_type()->FindValueByName(std::string(text))) {
    number = value->number();
  } else {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return;
    // Closed (proto2) enums cannot hold numbers they do not name.
    if (field.enum_type()->FindValueByNumber(number) == nullptr &&
        field.enum_type()->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO2) {
      return;
    }
  }
  if (add) {
    r.AddEnumValue(&message, &field, number);
  } else {
    r.SetEnumValue(&message, &field, number);
  }
}

void FillMessage(const Column& column, int64_t index, const std::vector<FieldDecode>& plan,
                 Message& message);

// Sets (or, for repeated fields, adds) slot `index` of `column` as a value of `field`.
void SetValue(const Column& column, int64_t index, const FieldDecode& decode, Message& message,
              bool add) {
  const FieldDescriptor& field = *decode.field;
  const Reflection& r = *message.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t v = FixedAt<int32_t>(column, index);
      add ? r.AddInt32(&message, &field, v) : r.SetInt32(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t v = FixedAt<uint32_t>(column, index);
      add ? r.AddUInt32(&message, &field, v) : r.SetUInt32(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = FixedAt<int64_t>(column, index);
      add ? r.AddInt64(&message, &field, v) : r.SetInt64(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t v = FixedAt<uint64_t>(column, index);
      add ? r.AddUInt64(&message, &field, v) : r.SetUInt64(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const float v = FixedAt<float>(column, index);
      add ? r.AddFloat(&message, &field, v) : r.SetFloat(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = FixedAt<double>(column, index);
      add ? r.AddDouble(&message, &field, v) : r.SetDouble(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = column.values[index] != 0;
      add ? r.AddBool(&message, &field, v) : r.SetBool(&message, &field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      SetEnum(message, field, column.Binary(index), add);
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v(column.Binary(index));
      add ? r.AddString(&message, &field, std::move(v))
          : r.SetString(&message, &field, std::move(v));
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = add ? r.AddMessage(&message, &field) : r.MutableMessage(&message, &field);
      FillMessage(column, index, decode.message_fields, *child);
      break;
    }
  }
}

void FillMessage(const Column& column, int64_t index, const std::vector<FieldDecode>& plan,
                 Message& message) {
  const Reflection& r = *message.GetReflection();
  for (const FieldDecode& decode : plan) {
    const Column& child = column.children[decode.child];
    if (child.IsNull(index)) continue;
    const FieldDescriptor& field = *decode.field;
    if (field.is_map()) {
      const Descriptor& entry_type = *field.message_type();
      const FieldDecode key{0, entry_type.map_key(), {}};
      const FieldDecode value{1, entry_type.map_value(), decode.message_fields};
      for (int64_t i = child.ChildBegin(index); i < child.ChildEnd(index); ++i) {
        Message* entry = r.AddMessage(&message, &field);
        SetValue(child.children[0], i, key, *entry, false);
        if (!child.children[1].IsNull(i)) SetValue(child.children[1], i, value, *entry, false);
      }
    } else if (field.is_repeated()) {
      for (int64_t i = child.ChildBegin(index); i < child.ChildEnd(index); ++i) {
        if (!child.children[0].IsNull(i)) SetValue(child.children[0], i, decode, message, true);
      }
    } else {
      SetValue(child, index, decode, message, false);
    }
  }
}

std::string SerializeDeterministically(const Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace

struct FactsRowDecoder::Plan {
  int entity = -1;
  int ts = -1;
  int record_id = -1;
  int app = -1;
  int items = -1;
  int meta = -1;
  int facts = -1;
  struct ContextDecode {
    int column = 0;
    std::string name;
    ColumnType type = ColumnType::kBinary;
  };
  std::vector<ContextDecode> context;
  struct FactDecode {
    int child = 0;  // position in the facts struct
    std::string name;
    const Message* prototype = nullptr;
    std::vector<FieldDecode> fields;
  };
  std::vector<FactDecode> fact_types;
  std::string entity_key;
};

FactsRowDecoder::FactsRowDecoder(std::unique_ptr<Plan> plan) : plan_(std::move(plan)) {}
FactsRowDecoder::~FactsRowDecoder() = default;

StatusOr<std::unique_ptr<FactsRowDecoder>> FactsRowDecoder::Make(
    const parquet::Schema& schema, const std::string& entity_key,
    const FactSchemaRegistry& registry) {
  auto plan = std::make_unique<Plan>();
  plan->entity_key = entity_key;
  const std::vector<LogicalNode>& top = schema.logical_root().children;
  auto expect = [](const LogicalNode& node, ColumnType type) -> Status {
    if (node.column_type != type) {
      return absl::InvalidArgumentError(
          StrCat("column ", node.name, " does not have the facts table's type"));
    }
    return absl::OkStatus();
  };
  for (size_t i = 0; i < top.size(); ++i) {
    const LogicalNode& node = top[i];
    const int index = static_cast<int>(i);
    if (node.name == entity_key) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kInt64));
      plan->entity = index;
    } else if (node.name == kTimeColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kInt64));
      plan->ts = index;
    } else if (node.name == kRecordIdColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kBinary));
      plan->record_id = index;
    } else if (node.name == kAppColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kBinary));
      plan->app = index;
    } else if (node.name == kItemsColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kList));
      HS_RETURN_IF_ERROR(expect(node.children[0], ColumnType::kInt64));
      plan->items = index;
    } else if (node.name == kMetaColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kMap));
      HS_RETURN_IF_ERROR(expect(node.children[0], ColumnType::kBinary));
      HS_RETURN_IF_ERROR(expect(node.children[1], ColumnType::kBinary));
      plan->meta = index;
    } else if (node.name == kFactsColumn) {
      HS_RETURN_IF_ERROR(expect(node, ColumnType::kStruct));
      plan->facts = index;
      for (size_t t = 0; t < node.children.size(); ++t) {
        const LogicalNode& list = node.children[t];
        const Descriptor* descriptor = registry.FindFactType(list.name);
        if (descriptor == nullptr) continue;  // no longer registered
        const std::string path = StrCat(kFactsColumn, ".", list.name);
        if (list.kind != LogicalKind::kList ||
            list.children[0].column_type != ColumnType::kStruct) {
          return absl::InvalidArgumentError(StrCat("column ", path, " is not a list of structs"));
        }
        Plan::FactDecode fact{static_cast<int>(t), list.name, registry.Prototype(list.name), {}};
        HS_ASSIGN_OR_RETURN(fact.fields, PlanStruct(list.children[0], *descriptor, path));
        plan->fact_types.push_back(std::move(fact));
      }
    } else if (node.kind == LogicalKind::kPrimitive &&
               (node.column_type == ColumnType::kInt64 || node.column_type == ColumnType::kBinary ||
                node.column_type == ColumnType::kDouble || node.column_type == ColumnType::kBool)) {
      plan->context.push_back({index, node.name, node.column_type});
    }
  }
  return std::unique_ptr<FactsRowDecoder>(new FactsRowDecoder(std::move(plan)));
}

StatusOr<Record> FactsRowDecoder::Decode(const parquet::RecordBatch& batch, int64_t row) const {
  const Plan& p = *plan_;
  Record record;
  const auto& columns = batch.columns;
  if (p.record_id >= 0) record.set_record_id(std::string(columns[p.record_id].Binary(row)));
  if (p.app >= 0) record.set_app(std::string(columns[p.app].Binary(row)));
  if (p.ts >= 0) record.set_event_time_us(FixedAt<int64_t>(columns[p.ts], row));
  if (p.entity >= 0) {
    ContextValue* value = record.add_context();
    value->set_key(p.entity_key);
    value->set_int_value(FixedAt<int64_t>(columns[p.entity], row));
  }
  for (const Plan::ContextDecode& context : p.context) {
    const Column& column = columns[context.column];
    if (column.IsNull(row)) continue;
    ContextValue* value = record.add_context();
    value->set_key(context.name);
    switch (context.type) {
      case ColumnType::kInt64:
        value->set_int_value(FixedAt<int64_t>(column, row));
        break;
      case ColumnType::kDouble:
        value->set_double_value(FixedAt<double>(column, row));
        break;
      case ColumnType::kBool:
        value->set_bool_value(column.values[row] != 0);
        break;
      default:
        value->set_string_value(std::string(column.Binary(row)));
        break;
    }
  }
  if (p.items >= 0) {
    const Column& items = columns[p.items];
    if (!items.IsNull(row)) {
      for (int64_t i = items.ChildBegin(row); i < items.ChildEnd(row); ++i) {
        record.add_items(FixedAt<int64_t>(items.children[0], i));
      }
    }
  }
  if (p.meta >= 0) {
    const Column& meta = columns[p.meta];
    if (!meta.IsNull(row)) {
      for (int64_t i = meta.ChildBegin(row); i < meta.ChildEnd(row); ++i) {
        if (meta.children[1].IsNull(i)) continue;
        (*record.mutable_meta())[std::string(meta.children[0].Binary(i))] =
            std::string(meta.children[1].Binary(i));
      }
    }
  }
  if (p.facts >= 0 && !columns[p.facts].IsNull(row)) {
    const Column& facts = columns[p.facts];
    for (const Plan::FactDecode& fact : p.fact_types) {
      const Column& list = facts.children[fact.child];
      if (list.IsNull(row)) continue;
      const Column& elements = list.children[0];
      for (int64_t i = list.ChildBegin(row); i < list.ChildEnd(row); ++i) {
        std::unique_ptr<Message> message(fact.prototype->New());
        if (!elements.IsNull(i)) FillMessage(elements, i, fact.fields, *message);
        Fact* out = record.add_facts();
        out->set_type(fact.name);
        out->set_value(SerializeDeterministically(*message));
      }
    }
  }
  return record;
}

}  // namespace hindsight::store
