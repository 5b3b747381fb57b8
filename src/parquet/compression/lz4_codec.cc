#include <lz4.h>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet::codecs_internal {
namespace {

// The deprecated LZ4 codec wraps LZ4 blocks in Hadoop's framing: per block, the
// uncompressed then the compressed size as 4-byte big-endian integers, then the block.
constexpr size_t kHadoopBlockHeaderSize = 8;

uint32_t LoadBigEndian32(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

// Reads `in` as Hadoop-framed blocks filling exactly `out`; false if it is not that.
bool DecompressHadoopFrames(std::span<const uint8_t> in, std::span<uint8_t> out) {
  size_t in_pos = 0;
  size_t out_pos = 0;
  while (in.size() - in_pos >= kHadoopBlockHeaderSize) {
    const uint32_t block_out = LoadBigEndian32(in.data() + in_pos);
    const uint32_t block_in = LoadBigEndian32(in.data() + in_pos + 4);
    in_pos += kHadoopBlockHeaderSize;
    if (block_in > in.size() - in_pos || block_out > out.size() - out_pos) return false;
    const int produced =
        LZ4_decompress_safe(reinterpret_cast<const char*>(in.data() + in_pos),
                            reinterpret_cast<char*>(out.data() + out_pos),
                            static_cast<int>(block_in), static_cast<int>(block_out));
    if (produced < 0 || static_cast<uint32_t>(produced) != block_out) return false;
    in_pos += block_in;
    out_pos += block_out;
  }
  return in_pos == in.size() && out_pos == out.size();
}

}  // namespace

Status DecompressLz4Raw(std::span<const uint8_t> in, std::span<uint8_t> out) {
  const int produced = LZ4_decompress_safe(
      reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out.data()),
      static_cast<int>(in.size()), static_cast<int>(out.size()));
  if (produced < 0) {
    return CorruptCompressedData(
        "LZ4_RAW", StrCat("invalid LZ4 block or more than ", out.size(), " bytes of output"));
  }
  if (static_cast<size_t>(produced) != out.size()) {
    return SizeMismatch("LZ4_RAW", StrCat(produced), out.size());
  }
  return absl::OkStatus();
}

Status DecompressLz4Hadoop(std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (DecompressHadoopFrames(in, out)) return absl::OkStatus();
  // Some writers (older parquet-cpp) stored a bare LZ4 block under this codec; other
  // readers fall back the same way.
  Status raw = DecompressLz4Raw(in, out);
  if (raw.ok()) return raw;
  return CorruptCompressedData(
      "LZ4", StrCat("neither Hadoop-framed LZ4 nor a bare LZ4 block of ", out.size(), " bytes"));
}

size_t Lz4MaxCompressedSize(size_t input_size) {
  return static_cast<size_t>(LZ4_compressBound(static_cast<int>(input_size)));
}

StatusOr<size_t> CompressLz4Raw(std::span<const uint8_t> in, std::span<uint8_t> out) {
  const int written = LZ4_compress_default(
      reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out.data()),
      static_cast<int>(in.size()), static_cast<int>(out.size()));
  if (written <= 0) return absl::InternalError("LZ4_RAW compression failed");
  return static_cast<size_t>(written);
}

}  // namespace hindsight::parquet::codecs_internal
