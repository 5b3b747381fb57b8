// Turns WriterOptions into what each leaf column's writer needs: the per-path
// overrides applied to the leaves they name, checked against the leaves' types, and
// the sorting columns as leaf indices.
#pragma once

#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/column_chunk_writer.h"
#include "parquet/writer/writer_options.h"
#include "util/status.h"

namespace hindsight::parquet {

// One ColumnChunkOptions per leaf of `schema`, in leaf order. InvalidArgument for
// unknown paths, encodings or bloom filters a leaf's type cannot have, and limits
// that are not positive.
[[nodiscard]] StatusOr<std::vector<ColumnChunkOptions>> ResolveColumnOptions(
    const Schema& schema, const WriterOptions& options);

// RowGroup.sorting_columns for options.sorting_columns. InvalidArgument unless each
// names exactly one leaf, and that leaf is not repeated.
[[nodiscard]] StatusOr<std::vector<format::SortingColumn>> ResolveSortingColumns(
    const Schema& schema, const WriterOptions& options);

}  // namespace hindsight::parquet
