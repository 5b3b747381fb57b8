// Reading a column chunk's split-block bloom filter (BloomFilter.md: a Thrift
// BloomFilterHeader, then the bitset) and hashing probe values the way writers hash them.
#pragma once

#include <cstdint>
#include <optional>

#include "parquet/bloom/split_block_bloom_filter.h"
#include "parquet/format/parquet_types.h"
#include "parquet/reader/read_options.h"
#include "parquet/schema/schema.h"
#include "util/file_io.h"
#include "util/status.h"

namespace hindsight::parquet {

// Bytes fetched to parse a bloom filter header when the writer did not store
// bloom_filter_length: the header is four small fields, ~15 bytes in practice.
inline constexpr uint64_t kBloomFilterHeaderReadSize = 256;

struct BloomFilterRead {
  std::optional<SplitBlockBloomFilter> filter;  // nullopt: the chunk has none
  int64_t bytes_read = 0;
};

// Reads the bloom filter of a chunk described by `meta`. Errors name the file offset:
// a header that does not parse, an algorithm, hash or compression other than the spec's
// one, or a bitset that is not a whole number of blocks within the file.
StatusOr<BloomFilterRead> ReadBloomFilter(const RandomAccessFile& file,
                                          const format::ColumnMetaData& meta);

// The hash a writer inserted for `value` in `leaf`'s bloom filter, or nullopt when the
// column cannot hold the value (an integer outside INT32 for an INT32 leaf). Error for
// leaf types or value kinds a filter cannot be probed with.
StatusOr<std::optional<uint64_t>> BloomHashFor(const LeafColumn& leaf, const ScalarValue& value);

}  // namespace hindsight::parquet
