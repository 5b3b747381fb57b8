// The facts table's Parquet schema (SYSTEM.md §1, §6). Top-level columns, in order:
//   <entity key>  INT64, required            (e.g. profile_id; the sort key)
//   ts            TIMESTAMP(MICROS, UTC), required (event time)
//   record_id     STRING, required
//   app           STRING, required
//   <context key> one optional column per other context key (INT64 | STRING | DOUBLE |
//                 BOOLEAN), in the order given
//   items         LIST<INT64>, required (candidate items)
//   meta          MAP<STRING, STRING>, required
//   facts         STRUCT, required, one child per registered fact type (sorted by name):
//                   <fact type> LIST<STRUCT of its message>, required (a record may hold
//                   several values of one type; empty when it used none)
// A fact message maps to a STRUCT of its fields in declaration order, each field carrying
// its protobuf field number as field id: singular fields are optional (null only when a
// field with presence is unset), repeated fields are required LISTs of required elements,
// map fields required MAPs, enums STRINGs (ENUM) holding the value's name (its number in
// decimal for values the enum does not name), bytes BINARY, uint32/uint64 unsigned INTs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hindsight/record.pb.h"
#include "parquet/schema/schema.h"
#include "store/fact_schema_registry.h"
#include "util/status.h"

namespace hindsight::store {

inline constexpr std::string_view kTimeColumn = "ts";
inline constexpr std::string_view kRecordIdColumn = "record_id";
inline constexpr std::string_view kAppColumn = "app";
inline constexpr std::string_view kItemsColumn = "items";
inline constexpr std::string_view kMetaColumn = "meta";
inline constexpr std::string_view kFactsColumn = "facts";
// Fact messages nested deeper than this (recursive messages) cannot be stored.
inline constexpr int kMaxFactMessageDepth = 16;

// The type of a context column, fixed by the first value a table saw for its key.
enum class ContextType { kInt64, kString, kDouble, kBool };
std::string_view ContextTypeName(ContextType type);  // "int64", "string", "double", "bool"
StatusOr<ContextType> ParseContextType(std::string_view name);
// The type of a context value; InvalidArgument when no value is set.
StatusOr<ContextType> ContextTypeOf(const ContextValue& value);

struct ContextColumn {
  std::string name;
  ContextType type = ContextType::kString;
  bool operator==(const ContextColumn&) const = default;
};

// Immutable; copies share the Parquet schema.
class FactsTableSchema {
 public:
  // InvalidArgument when a context column is named like the entity key or a record
  // column, names repeat, or a fact message is too deep (naming the field path).
  [[nodiscard]] static StatusOr<FactsTableSchema> Build(std::string entity_key,
                                                        std::vector<ContextColumn> context_columns,
                                                        const FactSchemaRegistry& registry);

  const parquet::Schema& schema() const { return schema_; }
  const std::string& entity_key() const { return entity_key_; }
  const std::vector<ContextColumn>& context_columns() const { return context_columns_; }
  // Fact types in column order (children of `facts`).
  const std::vector<std::string>& fact_types() const { return fact_types_; }

 private:
  FactsTableSchema(parquet::Schema schema, std::string entity_key,
                   std::vector<ContextColumn> context_columns, std::vector<std::string> fact_types)
      : schema_(std::move(schema)),
        entity_key_(std::move(entity_key)),
        context_columns_(std::move(context_columns)),
        fact_types_(std::move(fact_types)) {}

  parquet::Schema schema_;
  std::string entity_key_;
  std::vector<ContextColumn> context_columns_;
  std::vector<std::string> fact_types_;
};

}  // namespace hindsight::store
