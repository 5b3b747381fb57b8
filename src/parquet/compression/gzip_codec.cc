#include <zlib.h>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet::codecs_internal {
namespace {

constexpr std::string_view kCodecName = "GZIP";

// zlib window bits: 15 is the largest window; +16 writes GZIP framing (RFC 1952),
// +32 reads either GZIP or zlib framing, detected from the header.
constexpr int kWindowBits = 15;
constexpr int kWriteGzip = 16;
constexpr int kDetectGzipOrZlib = 32;
constexpr int kMemLevel = 8;  // zlib's default

// Owns an inflate or deflate stream.
class ZStream {
 public:
  ZStream() = default;
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
  ~ZStream() {
    if (inflating_) inflateEnd(&stream_);
    if (deflating_) deflateEnd(&stream_);
  }

  [[nodiscard]] Status StartInflate() {
    if (inflateInit2(&stream_, kWindowBits + kDetectGzipOrZlib) != Z_OK) {
      return absl::ResourceExhaustedError("GZIP: cannot initialise zlib inflate");
    }
    inflating_ = true;
    return absl::OkStatus();
  }
  [[nodiscard]] Status StartDeflate(int level) {
    if (deflateInit2(&stream_, level, Z_DEFLATED, kWindowBits + kWriteGzip, kMemLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      return absl::InvalidArgumentError(StrCat("GZIP: cannot start deflate at level ", level));
    }
    deflating_ = true;
    return absl::OkStatus();
  }
  z_stream* get() { return &stream_; }

 private:
  z_stream stream_{};
  bool inflating_ = false;
  bool deflating_ = false;
};

}  // namespace

Status DecompressGzip(std::span<const uint8_t> in, std::span<uint8_t> out) {
  ZStream holder;
  HS_RETURN_IF_ERROR(holder.StartInflate());
  z_stream* stream = holder.get();
  stream->next_in = const_cast<Bytef*>(in.data());
  stream->avail_in = static_cast<uInt>(in.size());
  stream->next_out = out.data();
  stream->avail_out = static_cast<uInt>(out.size());
  // Once `out` is full, one spare byte tells whether the stream holds more.
  uint8_t spare;
  bool using_spare = false;
  while (true) {
    if (stream->avail_out == 0 && !using_spare) {
      stream->next_out = &spare;
      stream->avail_out = 1;
      using_spare = true;
    }
    const int result = inflate(stream, Z_NO_FLUSH);
    if (using_spare && stream->avail_out == 0) {
      return SizeMismatch(kCodecName, StrCat("more than ", out.size()), out.size());
    }
    const size_t consumed = in.size() - stream->avail_in;
    if (result == Z_STREAM_END) {
      if (stream->avail_in == 0) break;
      // Another GZIP member follows (Compression.md asks readers to accept several).
      if (inflateReset(stream) != Z_OK) {
        return CorruptCompressedData(kCodecName, StrCat("cannot restart at input byte ", consumed));
      }
      continue;
    }
    if (result == Z_OK) continue;
    if (result == Z_BUF_ERROR && stream->avail_in == 0) {
      return CorruptCompressedData(kCodecName,
                                   StrCat("stream ends early, after ", consumed, " input bytes"));
    }
    return CorruptCompressedData(
        kCodecName, StrCat(stream->msg != nullptr ? stream->msg : "invalid deflate data",
                           " near input byte ", consumed));
  }
  const size_t produced = using_spare ? out.size() : out.size() - stream->avail_out;
  if (produced != out.size()) return SizeMismatch(kCodecName, StrCat(produced), out.size());
  return absl::OkStatus();
}

size_t GzipMaxCompressedSize(size_t input_size) {
  // deflateBound for a GZIP stream: zlib's bound plus the 18-byte GZIP wrapper,
  // computed without a stream so callers can size buffers first.
  return compressBound(static_cast<uLong>(input_size)) + 18;
}

StatusOr<size_t> CompressGzip(std::span<const uint8_t> in, int level, std::span<uint8_t> out) {
  ZStream holder;
  HS_RETURN_IF_ERROR(holder.StartDeflate(level));
  z_stream* stream = holder.get();
  stream->next_in = const_cast<Bytef*>(in.data());
  stream->avail_in = static_cast<uInt>(in.size());
  stream->next_out = out.data();
  stream->avail_out = static_cast<uInt>(out.size());
  const int result = deflate(stream, Z_FINISH);
  if (result != Z_STREAM_END) {
    return absl::InternalError(StrCat("GZIP: deflate did not finish (zlib code ", result, ")"));
  }
  return static_cast<size_t>(stream->total_out);
}

}  // namespace hindsight::parquet::codecs_internal
