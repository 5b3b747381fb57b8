// Checks that values fit the logical type their leaf declares where the physical type
// is wider: INT(8|16, signed|unsigned) in an INT32, DECIMAL(precision) in an INT32 or
// INT64. Readers would otherwise truncate them or misread them silently.
#pragma once

#include "parquet/column.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// `values` are dense values of `leaf` (no validity). InvalidArgument naming the column,
// the value and its position among `values` for the first value out of range.
[[nodiscard]] Status CheckLogicalRange(const LeafColumn& leaf, const Column& values);

}  // namespace hindsight::parquet
