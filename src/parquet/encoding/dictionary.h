// Dictionary encoding (Encodings.md, PLAIN_DICTIONARY = 2 / RLE_DICTIONARY = 8), read
// side. The dictionary page holds the distinct values PLAIN-encoded (decode it with
// plain.h); each data page holds one byte of index bit width, then the indices in the
// bare RLE/bit-packed hybrid form. Values are rebuilt by gathering indices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/encoding/byte_array.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "util/status.h"

namespace hindsight::parquet {

// The index bit width in front of the indices of a data page.
inline constexpr size_t kDictionaryBitWidthSize = 1;

// Reads the bit width byte of a data page's values and returns a decoder of the
// indices that follow. `data` is borrowed. Error if the width exceeds 32.
[[nodiscard]] StatusOr<RleBitPackedDecoder> MakeDictionaryIndexDecoder(
    std::span<const uint8_t> data);

// Decodes out.size() indices from a data page's values.
[[nodiscard]] Status DecodeDictionaryIndices(std::span<const uint8_t> data,
                                             std::span<uint32_t> out);

// Appends a data page's values: the bit width needed for dictionary_size entries,
// then `indices`. REQUIRES: every index < dictionary_size.
void EncodeDictionaryIndices(std::span<const uint32_t> indices, size_t dictionary_size,
                             std::vector<uint8_t>* out);

// Writes dictionary[indices[i]] to out[i]. REQUIRES: out.size() == indices.size().
// Error, naming the position, if an index is not below dictionary.size().
[[nodiscard]] Status GatherDictionary(std::span<const uint8_t> dictionary,
                                      std::span<const uint32_t> indices, std::span<uint8_t> out);
[[nodiscard]] Status GatherDictionary(std::span<const int32_t> dictionary,
                                      std::span<const uint32_t> indices, std::span<int32_t> out);
[[nodiscard]] Status GatherDictionary(std::span<const int64_t> dictionary,
                                      std::span<const uint32_t> indices, std::span<int64_t> out);
[[nodiscard]] Status GatherDictionary(std::span<const float> dictionary,
                                      std::span<const uint32_t> indices, std::span<float> out);
[[nodiscard]] Status GatherDictionary(std::span<const double> dictionary,
                                      std::span<const uint32_t> indices, std::span<double> out);

// Appends dictionary[indices[i]] for each i to `out` (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY
// and INT96 dictionaries). Also an error if the result would exceed
// kMaxDecodedByteArrayBytes.
[[nodiscard]] Status GatherDictionary(ByteArrayView dictionary, std::span<const uint32_t> indices,
                                      ByteArrayOutput out);

}  // namespace hindsight::parquet
