#include "parquet/schema/testing/column_compare.h"

#include <cstring>
#include <utility>

#include "util/str_cat.h"

namespace hindsight::parquet::test_util {
namespace {

bool Fail(std::string* diff, std::string message) {
  if (diff != nullptr) *diff = std::move(message);
  return false;
}

bool Nest(std::string* diff, const std::string& where) {
  if (diff != nullptr) *diff = where + *diff;
  return false;
}

std::string FixedText(const Column& column, int64_t i) {
  switch (column.type) {
    case ColumnType::kBool:
      return StrCat(static_cast<int>(column.Values<uint8_t>()[i]));
    case ColumnType::kInt32:
      return StrCat(column.Values<int32_t>()[i]);
    case ColumnType::kInt64:
      return StrCat(column.Values<int64_t>()[i]);
    case ColumnType::kFloat:
      return StrCat(column.Values<float>()[i]);
    case ColumnType::kDouble:
      return StrCat(column.Values<double>()[i]);
    default:
      return "?";
  }
}

bool SlotEqual(const Column& a, int64_t i, const Column& b, int64_t j, std::string* diff) {
  if (a.type != b.type) {
    return Fail(
        diff, StrCat(": column type ", static_cast<int>(a.type), " != ", static_cast<int>(b.type)));
  }
  if (a.IsNull(i) != b.IsNull(j)) {
    return Fail(diff, StrCat(": ", a.IsNull(i) ? "null" : "not null",
                             " != ", b.IsNull(j) ? "null" : "not null"));
  }
  if (a.IsNull(i)) return true;
  switch (a.type) {
    case ColumnType::kBool:
    case ColumnType::kInt32:
    case ColumnType::kInt64:
    case ColumnType::kFloat:
    case ColumnType::kDouble: {
      const size_t width = FixedWidth(a.type);
      if (std::memcmp(a.values.data() + i * width, b.values.data() + j * width, width) != 0) {
        return Fail(diff, StrCat(": ", FixedText(a, i), " != ", FixedText(b, j)));
      }
      return true;
    }
    case ColumnType::kBinary:
      if (a.Binary(i) != b.Binary(j)) {
        return Fail(diff, StrCat(": \"", a.Binary(i), "\" != \"", b.Binary(j), "\""));
      }
      return true;
    case ColumnType::kList:
    case ColumnType::kMap: {
      const int64_t size_a = a.ChildEnd(i) - a.ChildBegin(i);
      const int64_t size_b = b.ChildEnd(j) - b.ChildBegin(j);
      if (size_a != size_b) return Fail(diff, StrCat(": ", size_a, " elements != ", size_b));
      for (int64_t e = 0; e < size_a; ++e) {
        for (size_t c = 0; c < a.children.size(); ++c) {
          if (!SlotEqual(a.children[c], a.ChildBegin(i) + e, b.children[c], b.ChildBegin(j) + e,
                         diff)) {
            const char* part = a.type == ColumnType::kList ? "" : (c == 0 ? ".key" : ".value");
            return Nest(diff, StrCat(part, "[", e, "]"));
          }
        }
      }
      return true;
    }
    case ColumnType::kStruct:
      if (a.children.size() != b.children.size()) {
        return Fail(diff, StrCat(": ", a.children.size(), " fields != ", b.children.size()));
      }
      for (size_t c = 0; c < a.children.size(); ++c) {
        if (!SlotEqual(a.children[c], i, b.children[c], j, diff)) {
          return Nest(diff, StrCat(".", c));
        }
      }
      return true;
  }
  return true;
}

Column ProjectColumn(const LogicalNode& node, const LogicalNode& projected, const Column& column) {
  Column out;
  out.type = column.type;
  out.length = column.length;
  out.validity = column.validity;
  out.values = column.values;
  out.offsets = column.offsets;
  if (node.kind != LogicalKind::kStruct) {
    for (size_t c = 0; c < projected.children.size(); ++c) {
      out.children.push_back(
          ProjectColumn(node.children[c], projected.children[c], column.children[c]));
    }
    return out;
  }
  size_t next = 0;
  for (const LogicalNode& kept : projected.children) {
    while (node.children[next].name != kept.name) ++next;
    out.children.push_back(ProjectColumn(node.children[next], kept, column.children[next]));
    ++next;
  }
  return out;
}

}  // namespace

bool ColumnsEqual(const Column& expected, const Column& actual, std::string* diff) {
  if (expected.type != actual.type) {
    return Fail(diff, StrCat("column type ", static_cast<int>(expected.type),
                             " != ", static_cast<int>(actual.type)));
  }
  if (expected.length != actual.length) {
    return Fail(diff, StrCat("length ", expected.length, " != ", actual.length));
  }
  for (int64_t i = 0; i < expected.length; ++i) {
    if (!SlotEqual(expected, i, actual, i, diff)) return Nest(diff, StrCat("[", i, "]"));
  }
  return true;
}

bool BatchesEqual(const RecordBatch& expected, const RecordBatch& actual, std::string* diff) {
  if (expected.num_rows != actual.num_rows) {
    return Fail(diff, StrCat("num_rows ", expected.num_rows, " != ", actual.num_rows));
  }
  if (expected.columns.size() != actual.columns.size()) {
    return Fail(diff, StrCat(expected.columns.size(), " columns != ", actual.columns.size()));
  }
  for (size_t c = 0; c < expected.columns.size(); ++c) {
    if (!ColumnsEqual(expected.columns[c], actual.columns[c], diff)) {
      return Nest(diff, StrCat("column ", c, " "));
    }
  }
  return true;
}

RecordBatch ProjectBatch(const Schema& schema, const Schema& projected, const RecordBatch& batch) {
  RecordBatch out;
  out.num_rows = batch.num_rows;
  const LogicalNode& root = schema.logical_root();
  size_t next = 0;
  for (const LogicalNode& kept : projected.logical_root().children) {
    while (root.children[next].name != kept.name) ++next;
    out.columns.push_back(ProjectColumn(root.children[next], kept, batch.columns[next]));
    ++next;
  }
  return out;
}

}  // namespace hindsight::parquet::test_util
