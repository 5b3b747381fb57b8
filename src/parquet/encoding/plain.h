// PLAIN encoding (Encodings.md, PLAIN = 0): values back to back. INT32/INT64/FLOAT/
// DOUBLE little endian; BOOLEAN bit-packed LSB first; INT96 12 bytes; BYTE_ARRAY a
// 4-byte LE length then the bytes; FIXED_LEN_BYTE_ARRAY the bytes alone. Dictionary
// pages hold their dictionary in this encoding too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/encoding/byte_array.h"
#include "util/status.h"

namespace hindsight::parquet {

// Deprecated INT96 timestamps: 8 bytes of nanoseconds in the day, 4 of Julian day.
inline constexpr size_t kInt96Size = 12;
// BYTE_ARRAY values are preceded by their length as an unsigned 32-bit LE integer.
inline constexpr size_t kByteArrayLengthSize = 4;

// Decoders read out.size() (or num_values) values from the start of `data` and return
// the number of bytes they took. Error, naming the offset, if `data` is too short.
[[nodiscard]] StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<int32_t> out);
[[nodiscard]] StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<int64_t> out);
[[nodiscard]] StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<float> out);
[[nodiscard]] StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<double> out);
// Booleans land one byte each, 0 or 1 (Column's kBool layout).
[[nodiscard]] StatusOr<size_t> DecodePlainBoolean(std::span<const uint8_t> data,
                                                  std::span<uint8_t> out);
[[nodiscard]] StatusOr<size_t> DecodePlainByteArray(std::span<const uint8_t> data,
                                                    size_t num_values, ByteArrayOutput out);
// Also INT96 with type_length = kInt96Size. Error if type_length is 0.
[[nodiscard]] StatusOr<size_t> DecodePlainFixedLenByteArray(std::span<const uint8_t> data,
                                                            size_t type_length, size_t num_values,
                                                            ByteArrayOutput out);

// Encoders append to *out.
void EncodePlain(std::span<const int32_t> values, std::vector<uint8_t>* out);
void EncodePlain(std::span<const int64_t> values, std::vector<uint8_t>* out);
void EncodePlain(std::span<const float> values, std::vector<uint8_t>* out);
void EncodePlain(std::span<const double> values, std::vector<uint8_t>* out);
// REQUIRES: every value is 0 or 1.
void EncodePlainBoolean(std::span<const uint8_t> values, std::vector<uint8_t>* out);
// REQUIRES: every value is shorter than 2^32 bytes.
void EncodePlainByteArray(ByteArrayView values, std::vector<uint8_t>* out);
// Writes the bytes of each value; REQUIRES: all values have the column's type_length.
void EncodePlainFixedLenByteArray(ByteArrayView values, std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
