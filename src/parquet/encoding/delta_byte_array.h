// DELTA_BYTE_ARRAY encoding (Encodings.md, = 7), front coding of BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY values: the length of the prefix each value shares with the
// previous one as a DELTA_BINARY_PACKED (INT32) stream, then the remaining suffixes
// as DELTA_LENGTH_BYTE_ARRAY.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/encoding/byte_array.h"
#include "util/status.h"

namespace hindsight::parquet {

// Appends num_values byte arrays to `out` and returns the bytes of `data` they took.
// Error if a stream does not hold num_values entries, a prefix is longer than the
// previous value, a length is negative, the data is truncated, or the values would
// exceed kMaxDecodedByteArrayBytes.
[[nodiscard]] StatusOr<size_t> DecodeDeltaByteArray(std::span<const uint8_t> data,
                                                    size_t num_values, ByteArrayOutput out);

// Appends the encoding of `values` to *out. REQUIRES: every value is shorter than 2^31.
void EncodeDeltaByteArray(ByteArrayView values, std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
