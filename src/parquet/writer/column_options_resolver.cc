#include "parquet/writer/column_options_resolver.h"

#include <string>

#include "parquet/writer/writer_errors_internal.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// Indices of the leaves `path` names: a leaf's own dotted path, else any path
// Schema::Project accepts (logical names, groups).
StatusOr<std::vector<int>> LeavesAt(const Schema& schema, const std::string& path) {
  for (const LeafColumn& leaf : schema.leaves()) {
    if (leaf.dotted_path == path) return std::vector<int>{leaf.index};
  }
  StatusOr<Schema> projected = schema.Project({path});
  if (!projected.ok()) {
    return absl::InvalidArgumentError(
        StrCat("writer options name column '", path, "': ", MessageOf(projected.status())));
  }
  std::vector<int> indices;
  for (const LeafColumn& leaf : projected->leaves()) indices.push_back(leaf.source_index);
  return indices;
}

Status CheckPositive(int64_t value, std::string_view name) {
  if (value > 0) return absl::OkStatus();
  return absl::InvalidArgumentError(
      StrCat("writer option ", name, " must be positive, not ", value));
}

}  // namespace

StatusOr<std::vector<ColumnChunkOptions>> ResolveColumnOptions(const Schema& schema,
                                                               const WriterOptions& options) {
  HS_RETURN_IF_ERROR(CheckPositive(options.max_row_group_rows, "max_row_group_rows"));
  HS_RETURN_IF_ERROR(CheckPositive(options.max_row_group_bytes, "max_row_group_bytes"));
  HS_RETURN_IF_ERROR(CheckPositive(options.data_page_bytes, "data_page_bytes"));
  HS_RETURN_IF_ERROR(CheckPositive(options.max_page_rows, "max_page_rows"));
  HS_RETURN_IF_ERROR(
      CheckPositive(static_cast<int64_t>(options.max_statistics_bytes), "max_statistics_bytes"));
  HS_RETURN_IF_ERROR(CheckPositive(static_cast<int64_t>(options.column_index_value_bytes),
                                   "column_index_value_bytes"));

  std::vector<ColumnChunkOptions> resolved(schema.num_leaves());
  std::vector<bool> dictionary(schema.num_leaves(), options.dictionary);
  std::vector<std::optional<format::Encoding>> encoding(schema.num_leaves());
  for (int i = 0; i < schema.num_leaves(); ++i) {
    ColumnChunkOptions& leaf_options = resolved[i];
    leaf_options.codec = options.codec;
    leaf_options.compression_level = options.compression_level;
    leaf_options.max_dictionary_bytes = options.max_dictionary_bytes;
    leaf_options.data_page_bytes = options.data_page_bytes;
    leaf_options.max_page_rows = options.max_page_rows;
    leaf_options.statistics = options.write_statistics;
    leaf_options.max_statistics_bytes = options.max_statistics_bytes;
    leaf_options.page_index = options.write_page_index;
    leaf_options.column_index_value_bytes = options.column_index_value_bytes;
    leaf_options.page_checksums = options.write_page_checksums;
  }
  for (const auto& [path, column_options] : options.columns) {
    HS_ASSIGN_OR_RETURN(const std::vector<int> leaves, LeavesAt(schema, path));
    for (const int index : leaves) {
      const LeafColumn& leaf = schema.leaf(index);
      if (column_options.encoding) {
        HS_RETURN_IF_ERROR(CheckPageEncoding(leaf, *column_options.encoding));
        encoding[index] = column_options.encoding;
      }
      if (column_options.dictionary) dictionary[index] = *column_options.dictionary;
      if (column_options.bloom_filter) {
        const double fpp = column_options.bloom_filter->fpp;
        if (leaf.physical_type == format::Type::BOOLEAN) {
          return absl::InvalidArgumentError(
              StrCat("column '", leaf.dotted_path, "': BOOLEAN columns have no bloom filter"));
        }
        if (!(fpp > 0 && fpp < 1)) {
          return absl::InvalidArgumentError(StrCat(
              "column '", leaf.dotted_path, "': bloom filter fpp ", fpp, " is not in (0, 1)"));
        }
        resolved[index].bloom_filter = column_options.bloom_filter;
      }
    }
  }
  for (int i = 0; i < schema.num_leaves(); ++i) {
    const bool can_use_dictionary = schema.leaf(i).physical_type != format::Type::BOOLEAN;
    if (encoding[i]) {
      resolved[i].encoding = *encoding[i];
    } else {
      resolved[i].encoding = dictionary[i] && can_use_dictionary ? format::Encoding::RLE_DICTIONARY
                                                                 : format::Encoding::PLAIN;
    }
  }
  return resolved;
}

StatusOr<std::vector<format::SortingColumn>> ResolveSortingColumns(const Schema& schema,
                                                                   const WriterOptions& options) {
  std::vector<format::SortingColumn> sorting;
  for (const SortingColumnOptions& column : options.sorting_columns) {
    HS_ASSIGN_OR_RETURN(const std::vector<int> leaves, LeavesAt(schema, column.column));
    if (leaves.size() != 1) {
      return absl::InvalidArgumentError(StrCat("sorting column '", column.column, "' names ",
                                               leaves.size(), " leaf columns, not one"));
    }
    if (schema.leaf(leaves[0]).max_rep_level > 0) {
      return absl::InvalidArgumentError(
          StrCat("sorting column '", column.column, "' is repeated; rows cannot be sorted by it"));
    }
    sorting.push_back(format::SortingColumn{leaves[0], column.descending, column.nulls_first});
  }
  return sorting;
}

}  // namespace hindsight::parquet
