// Descriptions of a Parquet file's metadata for `hindsight parquet meta`: the file (rows,
// row groups, writer, key-value metadata) and, per row group and column chunk, types,
// encodings, codec, sizes, value counts, statistics decoded to readable values, and which
// of dictionary page, page index and bloom filter are present.
#pragma once

#include <string>
#include <string_view>

#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema.h"

namespace hindsight::parquet {

// Aligned text for people. `file_name` heads the output.
std::string DescribeMetadataText(std::string_view file_name, const format::FileMetaData& metadata,
                                 const Schema& schema);

// One JSON object (pretty-printed) for machines; statistics values in their JSONL form.
std::string DescribeMetadataJson(std::string_view file_name, const format::FileMetaData& metadata,
                                 const Schema& schema);

}  // namespace hindsight::parquet
