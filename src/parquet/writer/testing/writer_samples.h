// Test-only helpers for the writer's tests and the interop sample writer: a schema with
// every type the writer supports, values made valid for their logical types, and
// writing / reading files in one call. (hindsight_parquet_writer_testing)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/writer_options.h"
#include "util/status.h"

namespace hindsight::parquet::test_util {

// Every physical type and supported logical type (STRING, ENUM, DATE, TIMESTAMP(MICROS,
// UTC), INT(8..64, signed/unsigned), DECIMAL on INT32/INT64/FIXED_LEN_BYTE_ARRAY),
// required and optional, inside structs, lists and maps nested three levels deep.
Schema AllTypesSchema();

// Rewrites values in place so each fits its leaf's logical type as readers expect:
// narrow INTs in range, DECIMALs within their precision, DATEs and TIMESTAMPs within
// +-10^5 days of 1970 (what every peer can print). Other values are kept.
void FitValuesToLogicalTypes(const Schema& schema, RecordBatch& batch);

// RandomColumns + FitValuesToLogicalTypes.
RecordBatch RandomValidRows(const Schema& schema, int64_t num_rows, uint64_t seed);

// Writes `batches` to `path` with one ParquetFileWriter and returns its footer.
StatusOr<format::FileMetaData> WriteParquetFile(const std::string& path, const Schema& schema,
                                                const std::vector<RecordBatch>& batches,
                                                const WriterOptions& options);

}  // namespace hindsight::parquet::test_util
