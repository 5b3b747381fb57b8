// Page compression codecs (parquet-format Compression.md). A page body is handed to
// the codec library as is; the page header carries both sizes, so decompression
// writes into a buffer of exactly the declared size and any other size is an error
// (this is also the guard against decompression bombs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "util/status.h"

namespace hindsight::parquet {

// Asks each codec for its default level: ZSTD 3, GZIP 6 (zlib's), BROTLI 8 (Arrow's).
inline constexpr int kDefaultCompressionLevel = std::numeric_limits<int>::min();
// Page sizes are int32 fields of the page header.
inline constexpr size_t kMaxPageBytes = std::numeric_limits<int32_t>::max();

// Decompresses `in` into all of `out`, whose size is the page header's uncompressed
// size. Error if the data is corrupt, decompresses to another size, or the codec
// cannot be read (LZO). Reads GZIP and zlib streams, several GZIP members, and the
// deprecated LZ4 codec both Hadoop-framed and as a bare LZ4 block. Thread-safe.
[[nodiscard]] Status Decompress(format::CompressionCodec codec, std::span<const uint8_t> in,
                                std::span<uint8_t> out);

// Appends the compressed form of `in` to *out and returns its size. `level` is the
// codec's own scale (ignored by SNAPPY, LZ4_RAW and UNCOMPRESSED). Error for codecs
// this writer does not produce (LZO, the deprecated LZ4) and for invalid levels.
// Thread-safe.
[[nodiscard]] StatusOr<size_t> Compress(format::CompressionCodec codec, std::span<const uint8_t> in,
                                        std::vector<uint8_t>* out,
                                        int level = kDefaultCompressionLevel);

// The codec's name as parquet.thrift spells it ("ZSTD"), or "UNKNOWN".
std::string_view CodecName(format::CompressionCodec codec);

}  // namespace hindsight::parquet
