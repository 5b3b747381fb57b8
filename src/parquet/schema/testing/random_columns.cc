#include "parquet/schema/testing/random_columns.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>

#include "util/str_cat.h"

namespace hindsight::parquet::test_util {
namespace {

using format::ConvertedType;
using format::FieldRepetitionType;
using format::Type;

// Byte width of INT96 values.
constexpr int32_t kInt96Width = 12;

// mt19937_64's output is fixed by the standard; the helpers avoid the distributions,
// whose output is not, so a seed gives the same data everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Bits() { return engine_(); }
  int64_t Uniform(int64_t n) { return static_cast<int64_t>(engine_() % static_cast<uint64_t>(n)); }
  bool Chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }

 private:
  std::mt19937_64 engine_;
};

SchemaNode Group(std::string name, FieldRepetitionType repetition) {
  SchemaNode node;
  node.name = std::move(name);
  node.repetition = repetition;
  return node;
}

SchemaNode ListAnnotated(SchemaNode node, bool legacy) {
  if (legacy) {
    node.converted_type = ConvertedType::LIST;
  } else {
    node.logical_type = format::LogicalType{};
    node.logical_type->kind = format::LogicalType::Kind::LIST;
  }
  return node;
}

class SchemaGenerator {
 public:
  SchemaGenerator(uint64_t seed, const RandomSchemaOptions& options)
      : random_(seed), options_(options) {}

  SchemaNode Root() {
    SchemaNode root = Group("schema", FieldRepetitionType::REQUIRED);
    const int64_t fields = 1 + random_.Uniform(options_.max_fields);
    for (int64_t i = 0; i < fields; ++i) root.children.push_back(Field(StrCat("f", i), 1));
    return root;
  }

 private:
  FieldRepetitionType OptionalOrRequired() {
    return random_.Chance(0.5) ? FieldRepetitionType::OPTIONAL : FieldRepetitionType::REQUIRED;
  }

  SchemaNode Field(std::string name, int depth) {
    const int64_t choice =
        depth >= options_.max_depth ? 0 : random_.Uniform(options_.legacy_layouts ? 11 : 9);
    if (choice >= 9) return Legacy(std::move(name), depth);
    SchemaNode node;
    if (choice <= 3) {
      node = Primitive(std::move(name));
    } else if (choice <= 5) {
      node = Struct(std::move(name), depth, 1);
    } else if (choice <= 7) {
      node = StandardList(std::move(name), depth);
    } else {
      node = StandardMap(std::move(name), depth);
    }
    node.repetition = OptionalOrRequired();
    return node;
  }

  SchemaNode Primitive(std::string name) {
    SchemaNode node;
    node.name = std::move(name);
    switch (random_.Uniform(options_.int96 ? 9 : 8)) {
      case 0:
        node.physical_type = Type::BOOLEAN;
        break;
      case 1:
        node.physical_type = Type::INT32;
        break;
      case 2:
        node.physical_type = Type::INT64;
        break;
      case 3:
        node.physical_type = Type::FLOAT;
        break;
      case 4:
        node.physical_type = Type::DOUBLE;
        break;
      case 5:
        node.physical_type = Type::BYTE_ARRAY;
        break;
      case 6:
        node.physical_type = Type::BYTE_ARRAY;
        node.logical_type = format::LogicalType{};  // STRING
        break;
      case 7:
        node.physical_type = Type::FIXED_LEN_BYTE_ARRAY;
        node.type_length = static_cast<int32_t>(1 + random_.Uniform(16));
        break;
      default:
        node.physical_type = Type::INT96;
        break;
    }
    return node;
  }

  SchemaNode Struct(std::string name, int depth, int64_t min_fields) {
    SchemaNode node = Group(std::move(name), FieldRepetitionType::REQUIRED);
    const int64_t fields =
        min_fields + random_.Uniform(std::max<int64_t>(1, options_.max_fields - min_fields + 1));
    for (int64_t i = 0; i < fields; ++i) node.children.push_back(Field(StrCat("f", i), depth + 1));
    return node;
  }

  SchemaNode StandardList(std::string name, int depth) {
    SchemaNode repeated = Group("list", FieldRepetitionType::REPEATED);
    repeated.children.push_back(Field("element", depth + 1));
    SchemaNode list = ListAnnotated(Group(std::move(name), FieldRepetitionType::REQUIRED), false);
    list.children.push_back(std::move(repeated));
    return list;
  }

  SchemaNode KeyValue(std::string name, int depth, bool with_value) {
    SchemaNode key_value = Group(std::move(name), FieldRepetitionType::REPEATED);
    SchemaNode key = Primitive("key");
    key.repetition = FieldRepetitionType::REQUIRED;
    key_value.children.push_back(std::move(key));
    if (with_value) key_value.children.push_back(Field("value", depth + 1));
    return key_value;
  }

  SchemaNode StandardMap(std::string name, int depth) {
    SchemaNode map = Group(std::move(name), FieldRepetitionType::REQUIRED);
    map.logical_type = format::LogicalType{};
    map.logical_type->kind = format::LogicalType::Kind::MAP;
    map.children.push_back(KeyValue("key_value", depth, true));
    return map;
  }

  // Layouts that LogicalTypes.md's backward-compatibility rules interpret.
  SchemaNode Legacy(std::string name, int depth) {
    SchemaNode outer = Group(name, OptionalOrRequired());
    switch (random_.Uniform(9)) {
      case 0: {  // unannotated repeated primitive: required list of required values
        SchemaNode node = Primitive(std::move(name));
        node.repetition = FieldRepetitionType::REPEATED;
        return node;
      }
      case 1: {  // unannotated repeated group: required list of required structs
        SchemaNode node = Struct(std::move(name), depth, 1);
        node.repetition = FieldRepetitionType::REPEATED;
        return node;
      }
      case 2: {  // rule 1: repeated primitive inside LIST
        SchemaNode element = Primitive("element");
        element.repetition = FieldRepetitionType::REPEATED;
        outer.children.push_back(std::move(element));
        return ListAnnotated(std::move(outer), true);
      }
      case 3: {  // rule 2: repeated group of several fields is the element
        SchemaNode element = Struct("element", depth, 2);
        element.repetition = FieldRepetitionType::REPEATED;
        outer.children.push_back(std::move(element));
        return ListAnnotated(std::move(outer), true);
      }
      case 4: {  // rule 3: repeated group holding one repeated field is the element
        SchemaNode inner = Primitive("array");
        inner.repetition = FieldRepetitionType::REPEATED;
        SchemaNode element = ListAnnotated(Group("array", FieldRepetitionType::REPEATED), true);
        element.children.push_back(std::move(inner));
        outer.children.push_back(std::move(element));
        return ListAnnotated(std::move(outer), true);
      }
      case 5: {  // rule 4: one-field group named `array` or `<list>_tuple` is the element
        SchemaNode element = Group(random_.Chance(0.5) ? std::string("array") : name + "_tuple",
                                   FieldRepetitionType::REPEATED);
        element.children.push_back(Primitive("f0"));
        element.children[0].repetition = OptionalOrRequired();
        outer.children.push_back(std::move(element));
        return ListAnnotated(std::move(outer), true);
      }
      case 6: {  // rule 5 with non-standard names
        SchemaNode repeated = Group("bag", FieldRepetitionType::REPEATED);
        repeated.children.push_back(Field("array_element", depth + 1));
        outer.children.push_back(std::move(repeated));
        return ListAnnotated(std::move(outer), true);
      }
      case 7:  // MAP_KEY_VALUE used in place of MAP, odd names
        outer.converted_type = ConvertedType::MAP_KEY_VALUE;
        outer.children.push_back(KeyValue("map", depth, true));
        return outer;
      default:  // a map without values: the list of its keys
        outer.converted_type = ConvertedType::MAP;
        outer.children.push_back(KeyValue("key_value", depth, false));
        return outer;
    }
  }

  Random random_;
  const RandomSchemaOptions& options_;
};

class ColumnGenerator {
 public:
  ColumnGenerator(uint64_t seed, const RandomColumnsOptions& options)
      : random_(seed), options_(options) {}

  Column Generate(const LogicalNode& node, int64_t length) {
    Column column;
    column.type = node.column_type;
    column.length = length;
    if (node.nullable && random_.Uniform(4) != 0) {
      column.validity.resize(length);
      for (uint8_t& valid : column.validity)
        valid = random_.Chance(options_.null_probability) ? 0 : 1;
    }
    switch (node.kind) {
      case LogicalKind::kPrimitive:
        FillValues(*node.node, column);
        break;
      case LogicalKind::kStruct:
        for (const LogicalNode& child : node.children) {
          column.children.push_back(Generate(child, length));
        }
        break;
      case LogicalKind::kList:
      case LogicalKind::kMap: {
        column.offsets.push_back(0);
        for (int64_t i = 0; i < length; ++i) {
          const int64_t size = column.IsNull(i) ? 0 : random_.Uniform(options_.max_list_length + 1);
          column.offsets.push_back(column.offsets.back() + size);
        }
        for (const LogicalNode& child : node.children) {
          column.children.push_back(Generate(child, column.offsets.back()));
        }
        break;
      }
    }
    return column;
  }

 private:
  void FillValues(const SchemaNode& leaf, Column& column) {
    if (column.type == ColumnType::kBinary) {
      column.offsets.push_back(0);
      for (int64_t i = 0; i < column.length; ++i) {
        if (!column.IsNull(i)) AppendBytes(leaf, column.values);
        column.offsets.push_back(static_cast<int64_t>(column.values.size()));
      }
      return;
    }
    const size_t width = FixedWidth(column.type);
    column.values.assign(column.length * width, 0);
    for (int64_t i = 0; i < column.length; ++i) {
      if (column.IsNull(i)) continue;
      uint8_t* target = column.values.data() + i * width;
      const uint64_t bits = random_.Bits();
      switch (column.type) {
        case ColumnType::kBool:
          *target = bits & 1;
          break;
        case ColumnType::kFloat: {
          const float value = static_cast<float>(static_cast<int32_t>(bits)) / 1024.0f;
          std::memcpy(target, &value, sizeof(value));
          break;
        }
        case ColumnType::kDouble: {
          const double value = static_cast<double>(static_cast<int64_t>(bits)) / 1e6;
          std::memcpy(target, &value, sizeof(value));
          break;
        }
        default:
          std::memcpy(target, &bits, width);
          break;
      }
    }
  }

  void AppendBytes(const SchemaNode& leaf, std::vector<uint8_t>& heap) {
    int64_t size = 0;
    if (leaf.physical_type == Type::FIXED_LEN_BYTE_ARRAY) {
      size = *leaf.type_length;
    } else if (leaf.physical_type == Type::INT96) {
      size = kInt96Width;
    } else if (random_.Uniform(32) == 0) {
      size = random_.Uniform(options_.long_string_length + 1);
    } else {
      size = random_.Uniform(options_.max_string_length + 1);
    }
    for (int64_t i = 0; i < size; ++i)
      heap.push_back(static_cast<uint8_t>('a' + random_.Uniform(26)));
  }

  Random random_;
  const RandomColumnsOptions& options_;
};

}  // namespace

Schema RandomSchema(uint64_t seed, const RandomSchemaOptions& options) {
  SchemaGenerator generator(seed, options);
  StatusOr<Schema> schema = Schema::FromRoot(generator.Root());
  return std::move(schema).value();
}

RecordBatch RandomColumns(const Schema& schema, int64_t num_rows, uint64_t seed,
                          const RandomColumnsOptions& options) {
  ColumnGenerator generator(seed, options);
  RecordBatch batch;
  batch.num_rows = num_rows;
  for (const LogicalNode& field : schema.logical_root().children) {
    batch.columns.push_back(generator.Generate(field, num_rows));
  }
  return batch;
}

}  // namespace hindsight::parquet::test_util
