// One pair of functions per codec library, behind the dispatch in codec.cc. Each
// decompressor fills all of `out` or fails; each compressor writes at most
// `out.size()` bytes (at least the bound its *MaxCompressedSize gives) and returns
// how many. REQUIRES: sizes up to kMaxPageBytes, non-null pointers (use a dummy byte
// for empty spans).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::parquet::codecs_internal {

[[nodiscard]] Status DecompressSnappy(std::span<const uint8_t> in, std::span<uint8_t> out);
size_t SnappyMaxCompressedSize(size_t input_size);
[[nodiscard]] StatusOr<size_t> CompressSnappy(std::span<const uint8_t> in, std::span<uint8_t> out);

[[nodiscard]] Status DecompressGzip(std::span<const uint8_t> in, std::span<uint8_t> out);
size_t GzipMaxCompressedSize(size_t input_size);
[[nodiscard]] StatusOr<size_t> CompressGzip(std::span<const uint8_t> in, int level,
                                            std::span<uint8_t> out);

[[nodiscard]] Status DecompressZstd(std::span<const uint8_t> in, std::span<uint8_t> out);
size_t ZstdMaxCompressedSize(size_t input_size);
[[nodiscard]] StatusOr<size_t> CompressZstd(std::span<const uint8_t> in, int level,
                                            std::span<uint8_t> out);

[[nodiscard]] Status DecompressLz4Raw(std::span<const uint8_t> in, std::span<uint8_t> out);
[[nodiscard]] Status DecompressLz4Hadoop(std::span<const uint8_t> in, std::span<uint8_t> out);
size_t Lz4MaxCompressedSize(size_t input_size);
[[nodiscard]] StatusOr<size_t> CompressLz4Raw(std::span<const uint8_t> in, std::span<uint8_t> out);

[[nodiscard]] Status DecompressBrotli(std::span<const uint8_t> in, std::span<uint8_t> out);
size_t BrotliMaxCompressedSize(size_t input_size);
[[nodiscard]] StatusOr<size_t> CompressBrotli(std::span<const uint8_t> in, int level,
                                              std::span<uint8_t> out);

// Errors shared by the codecs.
inline Status CorruptCompressedData(std::string_view codec, std::string_view detail) {
  return absl::DataLossError(StrCat(codec, " page data is corrupt: ", detail));
}
inline Status SizeMismatch(std::string_view codec, std::string_view actual, size_t declared) {
  return absl::DataLossError(
      StrCat(codec, " page decompresses to ", actual, " bytes, the page header says ", declared));
}

}  // namespace hindsight::parquet::codecs_internal
