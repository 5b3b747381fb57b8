// DELTA_LENGTH_BYTE_ARRAY encoding (Encodings.md, = 6) of BYTE_ARRAY values: the
// lengths as one DELTA_BINARY_PACKED (INT32) stream, then all the bytes back to back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/encoding/byte_array.h"
#include "util/status.h"

namespace hindsight::parquet {

// Appends num_values byte arrays to `out` and returns the bytes of `data` they took.
// Error if the length stream does not hold exactly num_values lengths, a length is
// negative, or the bytes run past the end of `data`.
[[nodiscard]] StatusOr<size_t> DecodeDeltaLengthByteArray(std::span<const uint8_t> data,
                                                          size_t num_values, ByteArrayOutput out);

// Appends the encoding of `values` to *out. REQUIRES: every value is shorter than 2^31.
void EncodeDeltaLengthByteArray(ByteArrayView values, std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
