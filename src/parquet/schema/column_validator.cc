#include "parquet/schema/column_validator.h"

#include <string>

#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

Status Invalid(std::string_view path, const std::string& message) {
  return absl::InvalidArgumentError(StrCat("column '", path, "': ", message));
}

Status ValidateOffsets(const Column& column, int64_t limit, std::string_view path,
                       std::string_view limit_name) {
  if (column.offsets.size() != static_cast<size_t>(column.length) + 1) {
    return Invalid(path, StrCat(column.offsets.size(), " offsets for ", column.length, " slots"));
  }
  if (column.offsets[0] < 0) return Invalid(path, StrCat("negative offset ", column.offsets[0]));
  for (int64_t i = 0; i < column.length; ++i) {
    if (column.offsets[i + 1] < column.offsets[i]) {
      return Invalid(path, StrCat("offsets decrease at slot ", i));
    }
  }
  if (column.offsets.back() > limit) {
    return Invalid(path, StrCat("offsets end at ", column.offsets.back(), " past the ", limit, " ",
                                limit_name));
  }
  return absl::OkStatus();
}

}  // namespace

Status ValidateFlatColumn(const Column& column, std::string_view path) {
  if (column.length < 0) return Invalid(path, StrCat("negative length ", column.length));
  if (column.type == ColumnType::kBinary) {
    return ValidateOffsets(column, static_cast<int64_t>(column.values.size()), path, "value bytes");
  }
  const size_t width = FixedWidth(column.type);
  if (width == 0) return Invalid(path, "is not a fixed-width or binary column");
  if (column.values.size() != static_cast<size_t>(column.length) * width) {
    return Invalid(path, StrCat(column.values.size(), " value bytes for ", column.length,
                                " values of ", width, " bytes"));
  }
  return absl::OkStatus();
}

Status ValidateColumn(const LogicalNode& node, const Column& column, std::string_view path) {
  if (column.type != node.column_type) {
    return Invalid(path, StrCat("has column type ", static_cast<int>(column.type),
                                ", the schema needs ", static_cast<int>(node.column_type)));
  }
  if (column.length < 0) return Invalid(path, StrCat("negative length ", column.length));
  if (!column.validity.empty()) {
    if (column.validity.size() != static_cast<size_t>(column.length)) {
      return Invalid(
          path, StrCat(column.validity.size(), " validity bytes for ", column.length, " slots"));
    }
    if (!node.nullable) {
      for (int64_t i = 0; i < column.length; ++i) {
        if (column.validity[i] == 0) {
          return Invalid(path, StrCat("null at slot ", i, " of a required field"));
        }
      }
    }
  }
  const size_t expected_children = node.kind == LogicalKind::kPrimitive ? 0 : node.children.size();
  if (column.children.size() != expected_children) {
    return Invalid(path,
                   StrCat(column.children.size(), " children, the schema has ", expected_children));
  }
  switch (node.kind) {
    case LogicalKind::kPrimitive:
      return ValidateFlatColumn(column, path);
    case LogicalKind::kStruct:
      for (size_t i = 0; i < node.children.size(); ++i) {
        const std::string child_path = StrCat(path, ".", node.children[i].name);
        if (column.children[i].length != column.length) {
          return Invalid(child_path, StrCat("has ", column.children[i].length,
                                            " slots, its struct has ", column.length));
        }
        HS_RETURN_IF_ERROR(ValidateColumn(node.children[i], column.children[i], child_path));
      }
      return absl::OkStatus();
    case LogicalKind::kList:
    case LogicalKind::kMap: {
      const int64_t child_length = column.children[0].length;
      for (size_t i = 1; i < column.children.size(); ++i) {
        if (column.children[i].length != child_length) {
          return Invalid(path, StrCat("map keys have ", child_length, " slots but values have ",
                                      column.children[i].length));
        }
      }
      HS_RETURN_IF_ERROR(ValidateOffsets(column, child_length, path, "child slots"));
      for (size_t i = 0; i < node.children.size(); ++i) {
        HS_RETURN_IF_ERROR(ValidateColumn(node.children[i], column.children[i],
                                          StrCat(path, ".", node.children[i].name)));
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace hindsight::parquet
