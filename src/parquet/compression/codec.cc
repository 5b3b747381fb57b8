#include "parquet/compression/codec.h"

#include <cstring>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
namespace ci = codecs_internal;

// Defaults: ZSTD's own, zlib's, and Arrow's for BROTLI (11 is far slower for little gain).
constexpr int kZstdDefaultLevel = 3;
constexpr int kGzipDefaultLevel = 6;
constexpr int kBrotliDefaultQuality = 8;

int LevelOr(int level, int default_level) {
  return level == kDefaultCompressionLevel ? default_level : level;
}

// Libraries want non-null pointers even for empty buffers.
uint8_t no_bytes[1];
std::span<const uint8_t> NonNull(std::span<const uint8_t> bytes) {
  return bytes.data() != nullptr ? bytes : std::span<const uint8_t>(no_bytes, 0);
}
std::span<uint8_t> NonNull(std::span<uint8_t> bytes) {
  return bytes.data() != nullptr ? bytes : std::span<uint8_t>(no_bytes, 0);
}

}  // namespace

std::string_view CodecName(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      return "UNCOMPRESSED";
    case CompressionCodec::SNAPPY:
      return "SNAPPY";
    case CompressionCodec::GZIP:
      return "GZIP";
    case CompressionCodec::LZO:
      return "LZO";
    case CompressionCodec::BROTLI:
      return "BROTLI";
    case CompressionCodec::LZ4:
      return "LZ4";
    case CompressionCodec::ZSTD:
      return "ZSTD";
    case CompressionCodec::LZ4_RAW:
      return "LZ4_RAW";
  }
  return "UNKNOWN";
}

Status Decompress(CompressionCodec codec, std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (in.size() > kMaxPageBytes || out.size() > kMaxPageBytes) {
    return absl::InvalidArgumentError(StrCat(CodecName(codec), " page of ", in.size(), " -> ",
                                             out.size(), " bytes exceeds ", kMaxPageBytes));
  }
  // An empty page body is empty whatever the codec (some writers compress nothing
  // to nothing, which is not a valid stream for most codecs).
  if (in.empty() && out.empty()) return absl::OkStatus();
  in = NonNull(in);
  out = NonNull(out);
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      if (in.size() != out.size()) {
        return ci::SizeMismatch("UNCOMPRESSED", StrCat(in.size()), out.size());
      }
      std::memcpy(out.data(), in.data(), in.size());
      return absl::OkStatus();
    case CompressionCodec::SNAPPY:
      return ci::DecompressSnappy(in, out);
    case CompressionCodec::GZIP:
      return ci::DecompressGzip(in, out);
    case CompressionCodec::ZSTD:
      return ci::DecompressZstd(in, out);
    case CompressionCodec::LZ4_RAW:
      return ci::DecompressLz4Raw(in, out);
    case CompressionCodec::LZ4:
      return ci::DecompressLz4Hadoop(in, out);
    case CompressionCodec::BROTLI:
      return ci::DecompressBrotli(in, out);
    case CompressionCodec::LZO:
      return absl::UnimplementedError("LZO-compressed pages are not supported");
  }
  return absl::InvalidArgumentError(
      StrCat("unknown compression codec ", static_cast<int32_t>(codec)));
}

StatusOr<size_t> Compress(CompressionCodec codec, std::span<const uint8_t> in,
                          std::vector<uint8_t>* out, int level) {
  if (in.size() > kMaxPageBytes) {
    return absl::InvalidArgumentError(
        StrCat(CodecName(codec), " page of ", in.size(), " bytes exceeds ", kMaxPageBytes));
  }
  in = NonNull(in);
  size_t bound;
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      bound = in.size();
      break;
    case CompressionCodec::SNAPPY:
      bound = ci::SnappyMaxCompressedSize(in.size());
      break;
    case CompressionCodec::GZIP:
      bound = ci::GzipMaxCompressedSize(in.size());
      break;
    case CompressionCodec::ZSTD:
      bound = ci::ZstdMaxCompressedSize(in.size());
      break;
    case CompressionCodec::LZ4_RAW:
      bound = ci::Lz4MaxCompressedSize(in.size());
      break;
    case CompressionCodec::BROTLI:
      bound = ci::BrotliMaxCompressedSize(in.size());
      break;
    case CompressionCodec::LZ4:
      return absl::InvalidArgumentError("the deprecated LZ4 codec is read-only; write LZ4_RAW");
    case CompressionCodec::LZO:
      return absl::UnimplementedError("LZO compression is not supported");
    default:
      return absl::InvalidArgumentError(
          StrCat("unknown compression codec ", static_cast<int32_t>(codec)));
  }
  const size_t start = out->size();
  out->resize(start + bound + 1);  // + 1: a non-empty target even for empty input
  const std::span<uint8_t> target(out->data() + start, bound + 1);
  StatusOr<size_t> written;
  switch (codec) {
    case CompressionCodec::SNAPPY:
      written = ci::CompressSnappy(in, target);
      break;
    case CompressionCodec::GZIP:
      written = ci::CompressGzip(in, LevelOr(level, kGzipDefaultLevel), target);
      break;
    case CompressionCodec::ZSTD:
      written = ci::CompressZstd(in, LevelOr(level, kZstdDefaultLevel), target);
      break;
    case CompressionCodec::LZ4_RAW:
      written = ci::CompressLz4Raw(in, target);
      break;
    case CompressionCodec::BROTLI:
      written = ci::CompressBrotli(in, LevelOr(level, kBrotliDefaultQuality), target);
      break;
    default:
      std::memcpy(target.data(), in.data(), in.size());
      written = in.size();
      break;
  }
  out->resize(written.ok() ? start + *written : start);
  return written;
}

}  // namespace hindsight::parquet
