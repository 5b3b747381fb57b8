#include "quality/row_fingerprints.h"

#include <charconv>

#include "quality/hll_sketch.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::LogicalKind;
using parquet::LogicalNode;

constexpr uint64_t kNullMarker = 0x6e756c6c6e756c6cULL;  // "nullnull"
constexpr size_t kMaxTextBytes = 80;

uint64_t Mix(uint64_t seed, uint64_t value) {
  // Order-sensitive combination (boost::hash_combine, 64-bit).
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

uint64_t ValueHash(const Column& column, int64_t slot) {
  switch (column.type) {
    case ColumnType::kBinary:
      return HashBytes(column.Binary(slot));
    case ColumnType::kBool:
      return HashInt64(column.values[slot]);
    case ColumnType::kInt32:
      return HashInt64(column.Values<int32_t>()[slot]);
    case ColumnType::kInt64:
      return HashInt64(column.Values<int64_t>()[slot]);
    case ColumnType::kFloat:
      return HashDouble(column.Values<float>()[slot]);
    case ColumnType::kDouble:
      return HashDouble(column.Values<double>()[slot]);
    default:
      return 0;
  }
}

class Fingerprinter {
 public:
  Fingerprinter(int64_t rows, RowFingerprints* out) : rows_(rows), out_(out) {}

  void Walk(const LogicalNode& node, const Column& column, const std::string& path,
            const std::vector<int32_t>& slot_rows, const std::vector<uint8_t>& null_above) {
    switch (node.kind) {
      case LogicalKind::kPrimitive: {
        AttributeRows& rows = Rows(path);
        for (int64_t i = 0; i < column.length; ++i) {
          const int32_t row = slot_rows[i];
          if (null_above[i] || column.IsNull(i)) {
            rows.hash[row] = Mix(rows.hash[row], kNullMarker);
            AppendText(rows.text[row], "null");
            continue;
          }
          rows.hash[row] = Mix(rows.hash[row], ValueHash(column, i));
          if (rows.count[row]++ < kTextValues) AppendText(rows.text[row], ValueText(column, i));
        }
        return;
      }
      case LogicalKind::kStruct: {
        std::vector<uint8_t> child_nulls = null_above;
        for (int64_t i = 0; i < column.length; ++i) {
          if (column.IsNull(i)) child_nulls[i] = 1;
        }
        for (size_t c = 0; c < node.children.size() && c < column.children.size(); ++c) {
          Walk(node.children[c], column.children[c],
               path.empty() ? node.children[c].name : StrCat(path, ".", node.children[c].name),
               slot_rows, child_nulls);
        }
        return;
      }
      case LogicalKind::kList:
      case LogicalKind::kMap: {
        AttributeRows& rows = Rows(path);
        std::vector<int32_t> element_rows;
        for (int64_t i = 0; i < column.length; ++i) {
          const int32_t row = slot_rows[i];
          if (null_above[i] || column.IsNull(i)) {
            rows.hash[row] = Mix(rows.hash[row], kNullMarker);
            continue;
          }
          const int64_t length = column.ChildEnd(i) - column.ChildBegin(i);
          rows.hash[row] = Mix(rows.hash[row], HashInt64(length));
          if (rows.count[row]++ < kTextValues) AppendText(rows.text[row], StrCat("len ", length));
          for (int64_t e = 0; e < length; ++e) element_rows.push_back(row);
        }
        const std::vector<uint8_t> no_nulls(element_rows.size(), 0);
        if (node.kind == LogicalKind::kList) {
          if (node.children.empty() || column.children.empty()) return;
          const bool struct_elements = node.children[0].kind == LogicalKind::kStruct;
          Walk(node.children[0], column.children[0], struct_elements ? path : StrCat(path, "[]"),
               element_rows, no_nulls);
          return;
        }
        if (node.children.size() < 2 || column.children.size() < 2) return;
        Walk(node.children[0], column.children[0], StrCat(path, ".key"), element_rows, no_nulls);
        Walk(node.children[1], column.children[1], StrCat(path, ".value"), element_rows, no_nulls);
        return;
      }
    }
  }

 private:
  AttributeRows& Rows(const std::string& path) {
    AttributeRows& rows = (*out_)[path];
    if (rows.hash.empty()) {
      rows.hash.assign(rows_, 0);
      rows.count.assign(rows_, 0);
      rows.text.assign(rows_, "");
    }
    return rows;
  }

  static void AppendText(std::string& text, std::string_view value) {
    if (text.size() >= kMaxTextBytes) return;
    if (!text.empty()) text += ", ";
    text.append(value.substr(0, kMaxTextBytes));
  }

  int64_t rows_;
  RowFingerprints* out_;
};

}  // namespace

std::string ValueText(const Column& column, int64_t slot) {
  char buffer[32];
  auto number = [&](auto v) {
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
  };
  switch (column.type) {
    case ColumnType::kBinary:
      return StrCat("\"", column.Binary(slot).substr(0, 40), "\"");
    case ColumnType::kBool:
      return column.values[slot] ? "true" : "false";
    case ColumnType::kInt32:
      return number(column.Values<int32_t>()[slot]);
    case ColumnType::kInt64:
      return number(column.Values<int64_t>()[slot]);
    case ColumnType::kFloat:
      return number(column.Values<float>()[slot]);
    case ColumnType::kDouble:
      return number(column.Values<double>()[slot]);
    default:
      return "?";
  }
}

StatusOr<RowFingerprints> FingerprintRows(const parquet::Schema& schema,
                                          const parquet::RecordBatch& batch) {
  const LogicalNode& root = schema.logical_root();
  if (batch.columns.size() != root.children.size()) {
    return absl::InvalidArgumentError("batch does not match its schema");
  }
  RowFingerprints out;
  Fingerprinter fingerprinter(batch.num_rows, &out);
  std::vector<int32_t> rows(batch.num_rows);
  for (int64_t r = 0; r < batch.num_rows; ++r) rows[r] = static_cast<int32_t>(r);
  const std::vector<uint8_t> no_nulls(batch.num_rows, 0);
  for (size_t c = 0; c < root.children.size(); ++c) {
    fingerprinter.Walk(root.children[c], batch.columns[c], root.children[c].name, rows, no_nulls);
  }
  return out;
}

}  // namespace hindsight::quality
