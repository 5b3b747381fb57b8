#include <snappy.h>

#include "parquet/compression/codecs_internal.h"

namespace hindsight::parquet::codecs_internal {
namespace {

constexpr std::string_view kCodecName = "SNAPPY";

const char* AsChars(const uint8_t* bytes) { return reinterpret_cast<const char*>(bytes); }

}  // namespace

Status DecompressSnappy(std::span<const uint8_t> in, std::span<uint8_t> out) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(AsChars(in.data()), in.size(), &length)) {
    return CorruptCompressedData(kCodecName, "bad uncompressed length preamble");
  }
  if (length != out.size()) return SizeMismatch(kCodecName, StrCat(length), out.size());
  if (!snappy::RawUncompress(AsChars(in.data()), in.size(), reinterpret_cast<char*>(out.data()))) {
    return CorruptCompressedData(kCodecName, "invalid snappy block");
  }
  return absl::OkStatus();
}

size_t SnappyMaxCompressedSize(size_t input_size) {
  return snappy::MaxCompressedLength(input_size);
}

StatusOr<size_t> CompressSnappy(std::span<const uint8_t> in, std::span<uint8_t> out) {
  size_t written = 0;
  snappy::RawCompress(AsChars(in.data()), in.size(), reinterpret_cast<char*>(out.data()), &written);
  return written;
}

}  // namespace hindsight::parquet::codecs_internal
