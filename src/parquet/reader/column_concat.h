// Concatenating Columns of the same logical shape, to join the rows of row groups read
// separately into one RecordBatch.
#pragma once

#include <vector>

#include "parquet/column.h"
#include "parquet/schema/record_batch.h"

namespace hindsight::parquet {

// Appends the slots of `tail` to `head`. REQUIRES: both are valid Columns (column.h) of
// the same type tree.
void AppendColumn(Column& head, Column&& tail);

// Appends the rows of `tail` to `head`. REQUIRES: both hold rows of the same schema.
void AppendBatch(RecordBatch& head, RecordBatch&& tail);

// The rows of all `parts` in order, buffers sized once for the total (each part is
// released once copied). REQUIRES: the parts hold rows of the same schema.
RecordBatch ConcatBatches(std::vector<RecordBatch> parts);

}  // namespace hindsight::parquet
