#include <brotli/decode.h>
#include <brotli/encode.h>

#include <memory>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet::codecs_internal {
namespace {

constexpr std::string_view kCodecName = "BROTLI";

struct DecoderDeleter {
  void operator()(BrotliDecoderState* state) const { BrotliDecoderDestroyInstance(state); }
};

}  // namespace

Status DecompressBrotli(std::span<const uint8_t> in, std::span<uint8_t> out) {
  std::unique_ptr<BrotliDecoderState, DecoderDeleter> decoder(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr));
  if (decoder == nullptr) return absl::ResourceExhaustedError("BROTLI: cannot create a decoder");
  size_t available_in = in.size();
  const uint8_t* next_in = in.data();
  size_t available_out = out.size();
  uint8_t* next_out = out.data();
  const BrotliDecoderResult result = BrotliDecoderDecompressStream(
      decoder.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
  const size_t consumed = in.size() - available_in;
  switch (result) {
    case BROTLI_DECODER_RESULT_SUCCESS:
      if (available_in != 0) {
        return CorruptCompressedData(
            kCodecName, StrCat("stream ends at input byte ", consumed, " of ", in.size()));
      }
      if (available_out != 0) {
        return SizeMismatch(kCodecName, StrCat(out.size() - available_out), out.size());
      }
      return absl::OkStatus();
    case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
      return SizeMismatch(kCodecName, StrCat("more than ", out.size()), out.size());
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
      return CorruptCompressedData(kCodecName,
                                   StrCat("stream ends early, after ", consumed, " input bytes"));
    default:
      return CorruptCompressedData(
          kCodecName, StrCat(BrotliDecoderErrorString(BrotliDecoderGetErrorCode(decoder.get())),
                             " near input byte ", consumed));
  }
}

size_t BrotliMaxCompressedSize(size_t input_size) {
  // 0 means the bound overflows; pages are capped far below that.
  return BrotliEncoderMaxCompressedSize(input_size);
}

StatusOr<size_t> CompressBrotli(std::span<const uint8_t> in, int level, std::span<uint8_t> out) {
  if (level < BROTLI_MIN_QUALITY || level > BROTLI_MAX_QUALITY) {
    return absl::InvalidArgumentError(StrCat("BROTLI quality ", level, " is outside [",
                                             BROTLI_MIN_QUALITY, ", ", BROTLI_MAX_QUALITY, "]"));
  }
  size_t written = out.size();
  if (!BrotliEncoderCompress(level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             in.data(), &written, out.data())) {
    return absl::InternalError("BROTLI compression failed");
  }
  return written;
}

}  // namespace hindsight::parquet::codecs_internal
