// Writes one data file of the facts table: the rows of one event hour, sorted by
// (entity, ts, record_id), under STORE/tables/facts/<PartitionPath(hour)>/, with the
// table's layout: ZSTD, statistics, page index on every column, a bloom filter on the
// entity column (point lookups skip files without the entity), the sort order recorded
// in the footer, and pages small enough that a lookup reads little besides its entity.
#pragma once

#include <string>

#include "parquet/schema/record_batch.h"
#include "parquet/writer/writer_options.h"
#include "store/table/facts_table_schema.h"
#include "store/table/snapshot.h"
#include "util/status.h"

namespace hindsight::store {

// False-positive rate of the per-file entity bloom filter: a lookup of an absent entity
// reads a file's rows 1% of the time.
inline constexpr double kEntityBloomFalsePositiveRate = 0.01;
// Page size of the facts table's columns: smaller than Parquet's usual 1 MiB so that a
// point lookup decodes few rows of other entities.
inline constexpr int64_t kFactsDataPageBytes = int64_t{256} << 10;
inline constexpr int64_t kFactsMaxPageRows = 4096;

// The WriterOptions every facts file is written with.
parquet::WriterOptions FactsFileWriterOptions(const FactsTableSchema& schema, int threads);

// A data file name unique to the commit that writes it: part-<snapshot id>-<sequence>.parquet.
std::string DataFileName(int64_t snapshot_id, int sequence);

// Whether WriteFactsFile also writes the file's profile (ProfileFilePath).
enum class FileProfile { kWrite, kSkip };

// Writes `rows` (REQUIRES: every row's ts inside the hour starting at `hour_start_us`,
// sorted by entity, ts, record_id; at least one row) as `file_name` in the hour's
// partition directory, fsyncs the file and the directories it created, records its
// CRC32C, profiles the rows into STORE/quality (unless kSkip), and describes the file.
StatusOr<DataFile> WriteFactsFile(const std::string& store, const FactsTableSchema& schema,
                                  int64_t hour_start_us, const std::string& file_name,
                                  const parquet::RecordBatch& rows, int threads,
                                  FileProfile profile = FileProfile::kWrite);

}  // namespace hindsight::store
