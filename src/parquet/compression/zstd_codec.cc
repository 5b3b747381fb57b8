#include <zstd.h>
#include <zstd_errors.h>

#include <memory>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet::codecs_internal {
namespace {

constexpr std::string_view kCodecName = "ZSTD";

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};
struct CCtxDeleter {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};

// Contexts are reused per thread: creating one costs more than a small page.
ZSTD_DCtx* ThreadDecompressionContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> context(ZSTD_createDCtx());
  return context.get();
}
ZSTD_CCtx* ThreadCompressionContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> context(ZSTD_createCCtx());
  return context.get();
}

}  // namespace

Status DecompressZstd(std::span<const uint8_t> in, std::span<uint8_t> out) {
  ZSTD_DCtx* context = ThreadDecompressionContext();
  if (context == nullptr) return absl::ResourceExhaustedError("ZSTD: cannot create a context");
  const size_t result = ZSTD_decompressDCtx(context, out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(result)) {
    if (ZSTD_getErrorCode(result) == ZSTD_error_dstSize_tooSmall) {
      return SizeMismatch(kCodecName, StrCat("more than ", out.size()), out.size());
    }
    return CorruptCompressedData(kCodecName, ZSTD_getErrorName(result));
  }
  if (result != out.size()) return SizeMismatch(kCodecName, StrCat(result), out.size());
  return absl::OkStatus();
}

size_t ZstdMaxCompressedSize(size_t input_size) { return ZSTD_compressBound(input_size); }

StatusOr<size_t> CompressZstd(std::span<const uint8_t> in, int level, std::span<uint8_t> out) {
  if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
    return absl::InvalidArgumentError(StrCat("ZSTD level ", level, " is outside [",
                                             ZSTD_minCLevel(), ", ", ZSTD_maxCLevel(), "]"));
  }
  ZSTD_CCtx* context = ThreadCompressionContext();
  if (context == nullptr) return absl::ResourceExhaustedError("ZSTD: cannot create a context");
  const size_t result =
      ZSTD_compressCCtx(context, out.data(), out.size(), in.data(), in.size(), level);
  if (ZSTD_isError(result)) {
    return absl::InternalError(StrCat("ZSTD compression failed: ", ZSTD_getErrorName(result)));
  }
  return result;
}

}  // namespace hindsight::parquet::codecs_internal
