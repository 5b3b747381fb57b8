// libFuzzer target: the value decoders and decompressors on arbitrary bytes. The
// first two bytes choose the decoder, value count and bit width; the rest is the
// encoded data. Decoders must return an error or values, never crash or overread.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/compression/codec.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_byte_array.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"

namespace {

using namespace hindsight::parquet;
using hindsight::PermitUncheckedError;

// Caps decoded values per input, as the page reader caps values per page.
constexpr size_t kMaxValues = 1 << 16;

template <typename T>
void DecodeDelta(std::span<const uint8_t> data, size_t count) {
  auto decoder = DeltaBinaryPackedDecoder<T>::Make(data);
  if (!decoder.ok()) return;
  std::vector<T> out(count);
  PermitUncheckedError(decoder->Decode(std::span<T>(out)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t selector = data[0];
  const size_t count = (static_cast<size_t>(data[1]) * 257) % kMaxValues;
  const std::span<const uint8_t> payload(data + 2, size - 2);
  std::vector<int64_t> offsets = {0};
  std::vector<uint8_t> heap;
  switch (selector % 12) {
    case 0: {
      auto decoder = RleBitPackedDecoder::Make(payload, (selector >> 4) * 2 + 1);
      if (decoder.ok()) {
        std::vector<uint32_t> out(count);
        PermitUncheckedError(decoder->Decode(std::span<uint32_t>(out)));
      }
      break;
    }
    case 1:
      DecodeDelta<int32_t>(payload, count);
      break;
    case 2:
      DecodeDelta<int64_t>(payload, count);
      break;
    case 3:
      PermitUncheckedError(DecodePlainByteArray(payload, count, {&offsets, &heap}).status());
      break;
    case 4:
      PermitUncheckedError(DecodeDeltaByteArray(payload, count, {&offsets, &heap}).status());
      break;
    case 5:
      PermitUncheckedError(DecodeDeltaLengthByteArray(payload, count, {&offsets, &heap}).status());
      break;
    case 6: {
      std::vector<double> out(count);
      PermitUncheckedError(DecodeByteStreamSplit(payload, std::span<double>(out)));
      break;
    }
    case 7: {
      std::vector<uint8_t> out(count);
      PermitUncheckedError(DecodePlainBoolean(payload, std::span<uint8_t>(out)).status());
      break;
    }
    default: {
      static constexpr format::CompressionCodec kCodecs[] = {
          format::CompressionCodec::SNAPPY, format::CompressionCodec::GZIP,
          format::CompressionCodec::ZSTD, format::CompressionCodec::LZ4_RAW};
      std::vector<uint8_t> out(count * 4);
      PermitUncheckedError(Decompress(kCodecs[selector % 12 - 8], payload, out));
      break;
    }
  }
  return 0;
}
