// Appending slots to in-memory Columns (parquet/column.h), shared by the two ways facts
// are shredded: by reflection over a parsed message (facts_batch_builder.cc) and straight
// from the wire format (fact_wire_shredder.cc).
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "parquet/column.h"

namespace hindsight::store::internal {

template <typename T>
void PushFixed(parquet::Column& column, T value) {
  const size_t at = column.values.size();
  column.values.resize(at + sizeof(T));
  std::memcpy(column.values.data() + at, &value, sizeof(T));
}

inline void PushBytes(parquet::Column& column, std::string_view bytes) {
  column.values.insert(column.values.end(), bytes.begin(), bytes.end());
  column.offsets.push_back(static_cast<int64_t>(column.values.size()));
}

// Counts the slot just filled, present or null (validity is kept only once a null
// appears).
inline void EndSlot(parquet::Column& column, bool present) {
  if (!present && column.validity.empty()) {
    column.validity.assign(column.length, 1);
    column.validity.push_back(0);
  } else if (!column.validity.empty()) {
    column.validity.push_back(present ? 1 : 0);
  }
  ++column.length;
}

// Adds a slot holding the type's empty value (zero, "", no elements), present or null.
// A struct's children get present empty slots, so they stay as long as their parent
// (below a null struct their values are never read).
void AppendEmptySlot(parquet::Column& column, bool present);
inline void AppendPlaceholder(parquet::Column& column) { AppendEmptySlot(column, true); }
inline void AppendNull(parquet::Column& column) { AppendEmptySlot(column, false); }

// An enum value as stored: its name, or its number in decimal when the enum has no name
// for it (open enums keep such numbers).
std::string EnumText(const google::protobuf::EnumDescriptor& type, int number);

}  // namespace hindsight::store::internal
