// Reading one column chunk (one leaf of one row group) into Dremel form (LeafData): page
// iteration over the chunk's byte range, dictionary, data pages v1/v2, and optionally
// only the rows of a RowRanges, skipping the pages the offset index shows to lie outside.
#pragma once

#include <cstdint>

#include "parquet/format/parquet_types.h"
#include "parquet/reader/chunk_buffers.h"
#include "parquet/reader/row_ranges.h"
#include "parquet/schema/leaf_data.h"
#include "parquet/schema/schema.h"
#include "util/file_io.h"
#include "util/status.h"

namespace hindsight::parquet {

// Which rows of the row group to return.
struct ChunkSelection {
  const RowRanges* rows = nullptr;  // null: every row
  // The chunk's offset index, if the file has one: pages outside `rows` are not read.
  const format::OffsetIndex* offset_index = nullptr;
};

struct ChunkReadStats {
  int64_t pages_read = 0;
  int64_t pages_skipped = 0;
  int64_t bytes_read = 0;
};

struct ColumnChunkData {
  LeafData data;
  ChunkReadStats stats;
};

// File offset where the chunk's pages start: the smallest of its dictionary and data page
// offsets that is valid (old writers store 0 for a dictionary page they do have, which
// then sits at data_page_offset).
int64_t ColumnChunkStart(const format::ColumnMetaData& meta);

// Reads `chunk` of a row group of `row_group_rows` rows as the data of `leaf`.
// REQUIRES: the chunk's footer passed format::ValidateFileMetaData. Errors name the page's
// file offset; callers add the file, row group and column. `buffers` (borrowed for the
// call, used by no other thread meanwhile) is the scratch to reuse; null: the call's own.
StatusOr<ColumnChunkData> ReadColumnChunk(const RandomAccessFile& file,
                                          const format::ColumnChunk& chunk, int64_t row_group_rows,
                                          const LeafColumn& leaf, const ChunkSelection& selection,
                                          bool verify_checksums, ChunkBuffers* buffers = nullptr);

}  // namespace hindsight::parquet
