// Decoding of repetition and definition levels from data pages. Data page v1 stores each
// level stream as RLE/bit-packed hybrid data behind a 4-byte length, or in the deprecated
// BIT_PACKED encoding (values packed from the most significant bit, no length); data page
// v2 stores bare RLE/bit-packed hybrid data whose byte length the page header gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "util/status.h"

namespace hindsight::parquet {

// Appends `count` levels of a stream whose levels lie in [0, max_level] to *out, reading
// the v1 form at the start of `data`; returns the bytes the stream took. Error if the
// data ends early, the encoding is neither RLE nor BIT_PACKED, or a level exceeds
// max_level. REQUIRES: max_level > 0.
[[nodiscard]] StatusOr<size_t> DecodeLevelsV1(format::Encoding encoding,
                                              std::span<const uint8_t> data, int16_t max_level,
                                              size_t count, std::vector<int16_t>* out);

// As DecodeLevelsV1 for the v2 form, which takes all of `data`.
[[nodiscard]] Status DecodeLevelsV2(std::span<const uint8_t> data, int16_t max_level, size_t count,
                                    std::vector<int16_t>* out);

}  // namespace hindsight::parquet
