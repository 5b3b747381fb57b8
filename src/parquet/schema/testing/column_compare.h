// Comparing Columns in tests by their logical content, with an explanation of the first
// difference; and restricting a batch to a projected schema. Test-only.
#pragma once

#include <string>

#include "parquet/column.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"

namespace hindsight::parquet::test_util {

// True when both hold the same values: same types, lengths and nulls, equal values
// (floating point bitwise), equal list/map contents. Slots under a null are not compared
// (their content is unspecified), and empty validity equals all-valid validity. Otherwise
// false with `*diff` (if not null) naming the first difference, e.g. "[3].1[0]: 5 != 6".
bool ColumnsEqual(const Column& expected, const Column& actual, std::string* diff);

// ColumnsEqual over row counts and every column.
bool BatchesEqual(const RecordBatch& expected, const RecordBatch& actual, std::string* diff);

// `batch` (rows of `schema`) restricted to the fields kept in `projected`, a projection
// of `schema`: what assembling the projected leaves must give. REQUIRES: valid columns.
RecordBatch ProjectBatch(const Schema& schema, const Schema& projected, const RecordBatch& batch);

}  // namespace hindsight::parquet::test_util
