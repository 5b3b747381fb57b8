// BYTE_STREAM_SPLIT encoding (Encodings.md, = 9) of FLOAT, DOUBLE, INT32, INT64 and
// FIXED_LEN_BYTE_ARRAY: for values of K bytes, K streams of N bytes, stream k holding
// byte k of every value. There is no header: the streams fill the page's value bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/encoding/byte_array.h"
#include "util/status.h"

namespace hindsight::parquet {

// Decodes the first out.size() / value_width values of the streams in `data` into
// `out` (values back to back, value_width bytes each). The stream length is
// data.size() / value_width. Error if value_width is 0, does not divide data.size()
// or out.size(), or fewer values are present than requested.
[[nodiscard]] Status DecodeByteStreamSplit(std::span<const uint8_t> data, size_t value_width,
                                           std::span<uint8_t> out);

// Typed forms for FLOAT, DOUBLE, INT32 and INT64.
[[nodiscard]] Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<float> out);
[[nodiscard]] Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<double> out);
[[nodiscard]] Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<int32_t> out);
[[nodiscard]] Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<int64_t> out);

// FIXED_LEN_BYTE_ARRAY form: appends num_values values of type_length bytes to `out`.
[[nodiscard]] Status DecodeByteStreamSplitFixedLenByteArray(std::span<const uint8_t> data,
                                                            size_t type_length, size_t num_values,
                                                            ByteArrayOutput out);

// Appends the streams of `values` (value_width bytes each, back to back) to *out.
// REQUIRES: value_width > 0 and divides values.size().
void EncodeByteStreamSplit(std::span<const uint8_t> values, size_t value_width,
                           std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
