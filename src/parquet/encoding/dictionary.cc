#include "parquet/encoding/dictionary.h"

#include <algorithm>
#include <cstring>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/encoding_error_internal.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "RLE_DICTIONARY";

// Checks all indices in one branch-free pass (cheap next to the gather), then names
// the first bad one.
Status CheckIndices(std::span<const uint32_t> indices, size_t dictionary_size) {
  uint32_t max_index = 0;
  for (const uint32_t index : indices) max_index = std::max(max_index, index);
  if (indices.empty() || max_index < dictionary_size) return absl::OkStatus();
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= dictionary_size) {
      return absl::DataLossError(StrCat("dictionary index ", indices[i], " at position ", i,
                                        " is out of range for a dictionary of ", dictionary_size,
                                        " values"));
    }
  }
  return absl::OkStatus();
}

template <typename T>
Status GatherFixedWidth(std::span<const T> dictionary, std::span<const uint32_t> indices,
                        std::span<T> out) {
  HS_RETURN_IF_ERROR(CheckIndices(indices, dictionary.size()));
  const T* values = dictionary.data();
  for (size_t i = 0; i < indices.size(); ++i) out[i] = values[indices[i]];
  return absl::OkStatus();
}

}  // namespace

StatusOr<RleBitPackedDecoder> MakeDictionaryIndexDecoder(std::span<const uint8_t> data) {
  if (data.size() < kDictionaryBitWidthSize) {
    return CorruptEncoding(kEncodingName, 0, "missing the index bit width byte");
  }
  const int bit_width = data[0];
  if (bit_width > kMaxRleBitWidth) {
    return CorruptEncoding(kEncodingName, 0, "index bit width ", bit_width, " exceeds ",
                           kMaxRleBitWidth);
  }
  return RleBitPackedDecoder::Make(data.subspan(kDictionaryBitWidthSize), bit_width);
}

Status DecodeDictionaryIndices(std::span<const uint8_t> data, std::span<uint32_t> out) {
  HS_ASSIGN_OR_RETURN(RleBitPackedDecoder decoder, MakeDictionaryIndexDecoder(data));
  return decoder.Decode(out);
}

void EncodeDictionaryIndices(std::span<const uint32_t> indices, size_t dictionary_size,
                             std::vector<uint8_t>* out) {
  const int bit_width = dictionary_size <= 1 ? 0 : BitWidthFor(dictionary_size - 1);
  out->push_back(static_cast<uint8_t>(bit_width));
  EncodeRleBitPacked(indices, bit_width, out);
}

Status GatherDictionary(std::span<const uint8_t> dictionary, std::span<const uint32_t> indices,
                        std::span<uint8_t> out) {
  return GatherFixedWidth(dictionary, indices, out);
}
Status GatherDictionary(std::span<const int32_t> dictionary, std::span<const uint32_t> indices,
                        std::span<int32_t> out) {
  return GatherFixedWidth(dictionary, indices, out);
}
Status GatherDictionary(std::span<const int64_t> dictionary, std::span<const uint32_t> indices,
                        std::span<int64_t> out) {
  return GatherFixedWidth(dictionary, indices, out);
}
Status GatherDictionary(std::span<const float> dictionary, std::span<const uint32_t> indices,
                        std::span<float> out) {
  return GatherFixedWidth(dictionary, indices, out);
}
Status GatherDictionary(std::span<const double> dictionary, std::span<const uint32_t> indices,
                        std::span<double> out) {
  return GatherFixedWidth(dictionary, indices, out);
}

Status GatherDictionary(ByteArrayView dictionary, std::span<const uint32_t> indices,
                        ByteArrayOutput out) {
  HS_RETURN_IF_ERROR(CheckIndices(indices, dictionary.size()));
  uint64_t total = 0;
  for (const uint32_t index : indices) total += dictionary.length(index);
  if (total > kMaxDecodedByteArrayBytes) {
    return absl::DataLossError(StrCat("dictionary indices would decode to ", total,
                                      " bytes, more than the limit of ",
                                      kMaxDecodedByteArrayBytes));
  }
  std::vector<int64_t>& offsets = *out.offsets;
  std::vector<uint8_t>& heap = *out.heap;
  const size_t first_offset = offsets.size();
  offsets.resize(first_offset + indices.size());
  size_t heap_pos = heap.size();
  heap.resize(heap_pos + total);
  for (size_t i = 0; i < indices.size(); ++i) {
    const uint32_t index = indices[i];
    const size_t length = dictionary.length(index);
    if (length > 0) std::memcpy(heap.data() + heap_pos, dictionary.data(index), length);
    heap_pos += length;
    offsets[first_offset + i] = static_cast<int64_t>(heap_pos);
  }
  return absl::OkStatus();
}

}  // namespace hindsight::parquet
