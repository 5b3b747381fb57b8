// Column: Hindsight's in-memory columnar data, the currency between the Parquet
// reader and writer and the rest of the system (ingest, generator, profiles).
//
// A Column holds `length` slots of one type. Buffers, by type:
//   kBool, kInt32, kInt64, kFloat, kDouble:  `values` holds `length` fixed-width
//       values (bool: one byte each, 0 or 1), native little-endian layout.
//   kBinary (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96): `offsets` has length + 1
//       entries into `values`, which is the byte heap; slot i is
//       values[offsets[i], offsets[i+1]).
//   kList: `offsets` has length + 1 entries into children[0] (the elements).
//   kMap: `offsets` has length + 1 entries into children[0] (keys) and
//       children[1] (values), which have equal length.
//   kStruct: children[i] is field i of the schema node, each of `length` slots.
// `validity` is empty when no slot is null, else one byte per slot (1 = present).
// A null slot of a fixed-width column still occupies its place in `values`
// (value unspecified, zero by convention); a null binary/list/map slot has an
// empty range. Which schema node a Column stands for is given by its position
// in the RecordBatch (see schema/record_batch.h): the Column tree mirrors the logical tree.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace hindsight::parquet {

enum class ColumnType : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kBinary,
  kList,
  kMap,
  kStruct,
};

// Bytes per value of a fixed-width type; 0 for the others.
constexpr size_t FixedWidth(ColumnType type) {
  switch (type) {
    case ColumnType::kBool:
      return 1;
    case ColumnType::kInt32:
      return 4;
    case ColumnType::kInt64:
      return 8;
    case ColumnType::kFloat:
      return 4;
    case ColumnType::kDouble:
      return 8;
    default:
      return 0;
  }
}

struct Column {
  ColumnType type = ColumnType::kInt64;
  int64_t length = 0;
  std::vector<uint8_t> validity;
  std::vector<uint8_t> values;
  std::vector<int64_t> offsets;
  std::vector<Column> children;

  bool has_nulls() const { return !validity.empty(); }
  bool IsNull(int64_t i) const { return !validity.empty() && validity[i] == 0; }

  // Typed view of a fixed-width column's values. REQUIRES: sizeof(T) == FixedWidth(type).
  template <typename T>
  std::span<const T> Values() const {
    return {reinterpret_cast<const T*>(values.data()), static_cast<size_t>(length)};
  }
  template <typename T>
  std::span<T> MutableValues() {
    return {reinterpret_cast<T*>(values.data()), static_cast<size_t>(length)};
  }

  // Slot i of a kBinary column.
  std::string_view Binary(int64_t i) const {
    return {reinterpret_cast<const char*>(values.data()) + offsets[i],
            static_cast<size_t>(offsets[i + 1] - offsets[i])};
  }

  // Element range [begin, end) in the child column(s) of a kList or kMap slot.
  int64_t ChildBegin(int64_t i) const { return offsets[i]; }
  int64_t ChildEnd(int64_t i) const { return offsets[i + 1]; }
};

// A required fixed-width column holding `values`. REQUIRES: sizeof(T) == FixedWidth(type).
template <typename T>
Column FixedWidthColumn(ColumnType type, const std::vector<T>& values) {
  Column column;
  column.type = type;
  column.length = static_cast<int64_t>(values.size());
  column.values.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(column.values.data(), values.data(), column.values.size());
  return column;
}

}  // namespace hindsight::parquet
