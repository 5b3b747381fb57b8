// Checks that in-memory Columns have the buffers column.h describes and the shape of the
// logical node they stand for, so that shredding never reads out of bounds.
#pragma once

#include <string_view>

#include "parquet/column.h"
#include "parquet/schema/logical_tree.h"
#include "util/status.h"

namespace hindsight::parquet {

// Checks `column` against `node` recursively: types, lengths, validity sizes, no nulls in
// required nodes, monotonic in-range offsets, child counts. `path` names it in errors.
[[nodiscard]] Status ValidateColumn(const LogicalNode& node, const Column& column,
                                    std::string_view path);

// Checks the buffers of a fixed-width or binary column: `values` holds length * width
// bytes, or `offsets` has length + 1 non-decreasing entries within `values`.
[[nodiscard]] Status ValidateFlatColumn(const Column& column, std::string_view path);

}  // namespace hindsight::parquet
