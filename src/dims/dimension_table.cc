#include "dims/dimension_table.h"

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "parquet/reader/file_reader.h"
#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::dims {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::LogicalKind;
using parquet::LogicalNode;

constexpr std::string_view kFilePrefix = "dim-";
constexpr std::string_view kFileSuffix = ".parquet";

std::optional<DimensionType> TypeOf(const LogicalNode& node) {
  if (node.kind == LogicalKind::kPrimitive) {
    switch (node.column_type) {
      case ColumnType::kInt32:
      case ColumnType::kInt64:
        return DimensionType::kInt64;
      case ColumnType::kFloat:
      case ColumnType::kDouble:
        return DimensionType::kDouble;
      case ColumnType::kBool:
        return DimensionType::kBool;
      case ColumnType::kBinary:
        return DimensionType::kString;
      default:
        return std::nullopt;
    }
  }
  if (node.kind == LogicalKind::kList && node.children.size() == 1 &&
      node.children[0].kind == LogicalKind::kPrimitive) {
    switch (node.children[0].column_type) {
      case ColumnType::kInt32:
      case ColumnType::kInt64:
        return DimensionType::kInt64List;
      case ColumnType::kFloat:
        return DimensionType::kFloatList;
      case ColumnType::kDouble:
        return DimensionType::kDoubleList;
      case ColumnType::kBinary:
        return DimensionType::kStringList;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

int64_t IntegerAt(const Column& column, int64_t row) {
  return column.type == ColumnType::kInt32 ? column.Values<int32_t>()[row]
                                           : column.Values<int64_t>()[row];
}

}  // namespace

std::string_view DimensionTypeName(DimensionType type) {
  switch (type) {
    case DimensionType::kInt64:
      return "int64";
    case DimensionType::kDouble:
      return "double";
    case DimensionType::kBool:
      return "bool";
    case DimensionType::kString:
      return "string";
    case DimensionType::kInt64List:
      return "list<int64>";
    case DimensionType::kDoubleList:
      return "list<double>";
    case DimensionType::kFloatList:
      return "list<float>";
    case DimensionType::kStringList:
      return "list<string>";
  }
  return "?";
}

StatusOr<std::vector<std::string>> ListDimensions(const std::string& store) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code error;
  const fs::path dir = store::DimensionsDir(store);
  if (!fs::exists(dir, error)) return names;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_directory() && CurrentDimensionFile(store, entry.path().filename()).ok()) {
      names.push_back(entry.path().filename());
    }
  }
  if (error) return absl::InvalidArgumentError(StrCat(dir.string(), ": ", error.message()));
  std::sort(names.begin(), names.end());
  return names;
}

StatusOr<std::string> CurrentDimensionFile(const std::string& store, const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path dir = fs::path(store::DimensionsDir(store)) / name;
  std::string best;
  if (fs::is_directory(dir, error)) {
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      const std::string file = entry.path().filename();
      if (file.size() == kFilePrefix.size() + 6 + kFileSuffix.size() &&
          file.rfind(kFilePrefix, 0) == 0 && file.ends_with(kFileSuffix) && file > best) {
        best = file;
      }
    }
  }
  if (best.empty()) {
    return absl::NotFoundError(StrCat("no dimension '", name, "' in ", store,
                                      " (import one with: hindsight dim import ", store, " ", name,
                                      " FILE --key COL --valid-from COL)"));
  }
  return (dir / best).string();
}

StatusOr<std::shared_ptr<const DimensionTable>> DimensionTable::Load(const std::string& store,
                                                                     const std::string& name) {
  HS_ASSIGN_OR_RETURN(std::string path, CurrentDimensionFile(store, name));
  return LoadFile(path, name);
}

StatusOr<std::shared_ptr<const DimensionTable>> DimensionTable::LoadFile(const std::string& path,
                                                                         const std::string& name) {
  StatusOr<std::unique_ptr<parquet::ParquetFileReader>> reader =
      parquet::ParquetFileReader::OpenPath(path);
  if (!reader.ok()) return absl::InvalidArgumentError(std::string(reader.status().message()));
  std::shared_ptr<DimensionTable> table(new DimensionTable());
  table->name_ = name;
  table->source_file_ = path;
  for (const auto& entry : (*reader)->metadata().key_value_metadata) {
    if (entry.key == kKeyColumnMetadata) table->key_column_ = entry.value.value_or("");
    if (entry.key == kValidFromMetadata) table->valid_from_column_ = entry.value.value_or("");
  }
  if (table->key_column_.empty() || table->valid_from_column_.empty()) {
    return absl::InvalidArgumentError(StrCat(path, ": not a dimension file (no ",
                                             kKeyColumnMetadata, " / ", kValidFromMetadata,
                                             " metadata)"));
  }
  StatusOr<parquet::RecordBatch> batch = (*reader)->ReadAll({});
  if (!batch.ok()) return absl::InvalidArgumentError(std::string(batch.status().message()));
  table->batch_ = *std::move(batch);
  const LogicalNode& root = (*reader)->schema().logical_root();
  int key = -1, valid_from = -1;
  for (size_t i = 0; i < root.children.size(); ++i) {
    const LogicalNode& node = root.children[i];
    const std::optional<DimensionType> type = TypeOf(node);
    if (node.name == table->key_column_ || node.name == table->valid_from_column_) {
      if (type != DimensionType::kInt64 || node.kind != LogicalKind::kPrimitive) {
        return absl::InvalidArgumentError(
            StrCat(path, ": column ", node.name, " must be an integer"));
      }
      (node.name == table->key_column_ ? key : valid_from) = static_cast<int>(i);
      continue;
    }
    if (!type) {
      return absl::InvalidArgumentError(
          StrCat(path, ": column ", node.name,
                 " has a type dimensions do not hold (scalars and lists of scalars only)"));
    }
    Attribute attribute;
    attribute.name = node.name;
    attribute.type = *type;
    attribute.column = static_cast<int>(i);
    table->attributes_.push_back(std::move(attribute));
  }
  if (key < 0 || valid_from < 0) {
    return absl::InvalidArgumentError(StrCat(path, ": key or valid-from column missing"));
  }
  table->key_index_ = key;
  table->valid_from_index_ = valid_from;
  HS_RETURN_IF_ERROR(table->Index(path));
  // Views and widened copies, so every accessor is a plain array read.
  for (Attribute& attribute : table->attributes_) {
    const Column& column = table->batch_.columns[static_cast<size_t>(attribute.column)];
    const Column& values = column.type == ColumnType::kList ? column.children[0] : column;
    if (values.type == ColumnType::kInt32) {
      for (int64_t i = 0; i < values.length; ++i)
        attribute.integers.push_back(IntegerAt(values, i));
    } else if (values.type == ColumnType::kFloat && column.type != ColumnType::kList) {
      for (float value : values.Values<float>()) attribute.doubles.push_back(value);
    } else if (values.type == ColumnType::kBinary && column.type == ColumnType::kList) {
      for (int64_t i = 0; i < values.length; ++i) attribute.strings.push_back(values.Binary(i));
    }
  }
  return std::shared_ptr<const DimensionTable>(std::move(table));
}

Status DimensionTable::Index(const std::string& where) {
  const Column* keys = &batch_.columns[static_cast<size_t>(key_index_)];
  const Column* times = &batch_.columns[static_cast<size_t>(valid_from_index_)];
  const int64_t rows = batch_.num_rows;
  for (int64_t row = 0; row < rows; ++row) {
    if (keys->IsNull(row) || times->IsNull(row)) {
      return absl::InvalidArgumentError(StrCat(where, ": row ", row, ": null key or valid-from"));
    }
  }
  order_.resize(static_cast<size_t>(rows));
  std::iota(order_.begin(), order_.end(), 0);
  std::sort(order_.begin(), order_.end(), [&](int64_t a, int64_t b) {
    const int64_t ka = IntegerAt(*keys, a), kb = IntegerAt(*keys, b);
    return ka != kb ? ka < kb : IntegerAt(*times, a) < IntegerAt(*times, b);
  });
  for (size_t i = 0; i < order_.size(); ++i) {
    const int64_t key = IntegerAt(*keys, order_[i]);
    const int64_t time = IntegerAt(*times, order_[i]);
    if (keys_.empty() || keys_.back() != key) {
      keys_.push_back(key);
      starts_.push_back(static_cast<int64_t>(i));
    } else if (valid_from_.back() == time) {
      return absl::InvalidArgumentError(
          StrCat(where, ": key ", key, " has two versions valid from ", time));
    }
    valid_from_.push_back(time);
  }
  starts_.push_back(static_cast<int64_t>(order_.size()));
  return absl::OkStatus();
}

std::optional<int> DimensionTable::AttributeIndex(std::string_view column) const {
  for (size_t i = 0; i < attributes_.size(); ++i) {
    if (attributes_[i].name == column) return static_cast<int>(i);
  }
  return std::nullopt;
}

int64_t DimensionTable::FindVersion(int64_t key, int64_t as_of_us) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it == keys_.end() || *it != key) return -1;
  const size_t k = static_cast<size_t>(it - keys_.begin());
  const auto begin = valid_from_.begin() + starts_[k];
  const auto end = valid_from_.begin() + starts_[k + 1];
  auto version = std::upper_bound(begin, end, as_of_us);
  if (version == begin) return -1;
  return order_[static_cast<size_t>(version - valid_from_.begin() - 1)];
}

bool DimensionTable::IsNull(int attribute, int64_t row) const {
  return batch_.columns[static_cast<size_t>(attributes_[attribute].column)].IsNull(row);
}

int64_t DimensionTable::Int64(int attribute, int64_t row) const {
  const Attribute& a = attributes_[attribute];
  if (!a.integers.empty()) return a.integers[static_cast<size_t>(row)];
  return batch_.columns[static_cast<size_t>(a.column)].Values<int64_t>()[row];
}

double DimensionTable::Double(int attribute, int64_t row) const {
  const Attribute& a = attributes_[attribute];
  if (!a.doubles.empty()) return a.doubles[static_cast<size_t>(row)];
  return batch_.columns[static_cast<size_t>(a.column)].Values<double>()[row];
}

bool DimensionTable::Bool(int attribute, int64_t row) const {
  return batch_.columns[static_cast<size_t>(attributes_[attribute].column)]
             .Values<uint8_t>()[row] != 0;
}

std::string_view DimensionTable::String(int attribute, int64_t row) const {
  return batch_.columns[static_cast<size_t>(attributes_[attribute].column)].Binary(row);
}

std::span<const int64_t> DimensionTable::Int64List(int attribute, int64_t row) const {
  const Attribute& a = attributes_[attribute];
  const Column& list = batch_.columns[static_cast<size_t>(a.column)];
  const size_t begin = static_cast<size_t>(list.ChildBegin(row));
  const size_t size = static_cast<size_t>(list.ChildEnd(row)) - begin;
  if (!a.integers.empty()) return {a.integers.data() + begin, size};
  return list.children[0].Values<int64_t>().subspan(begin, size);
}

std::span<const double> DimensionTable::DoubleList(int attribute, int64_t row) const {
  const Column& list = batch_.columns[static_cast<size_t>(attributes_[attribute].column)];
  const size_t begin = static_cast<size_t>(list.ChildBegin(row));
  return list.children[0].Values<double>().subspan(begin,
                                                   static_cast<size_t>(list.ChildEnd(row)) - begin);
}

std::span<const float> DimensionTable::FloatList(int attribute, int64_t row) const {
  const Column& list = batch_.columns[static_cast<size_t>(attributes_[attribute].column)];
  const size_t begin = static_cast<size_t>(list.ChildBegin(row));
  return list.children[0].Values<float>().subspan(begin,
                                                  static_cast<size_t>(list.ChildEnd(row)) - begin);
}

std::span<const std::string_view> DimensionTable::StringList(int attribute, int64_t row) const {
  const Attribute& a = attributes_[attribute];
  const Column& list = batch_.columns[static_cast<size_t>(a.column)];
  const size_t begin = static_cast<size_t>(list.ChildBegin(row));
  return {a.strings.data() + begin, static_cast<size_t>(list.ChildEnd(row)) - begin};
}

}  // namespace hindsight::dims
