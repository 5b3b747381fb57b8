// Decoding of one data page (v1 or v2) of a leaf column: its repetition and definition
// levels and its non-null values, appended to the leaf's LeafData.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parquet/reader/page_reader.h"
#include "parquet/reader/value_decoder.h"
#include "parquet/schema/leaf_data.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// Most values (level entries) one data page may declare. Writers cut pages at ~1 MiB or
// 20k rows; a page of nulls or empty lists can hold more, but 2^27 is far beyond any
// writer's default. It bounds what one hostile header can make the reader decode.
inline constexpr int64_t kMaxPageValues = int64_t{1} << 27;

// What one data page added to a LeafData.
struct DecodedPage {
  size_t entries = 0;  // level entries (values, for a leaf without levels)
  size_t values = 0;   // non-null values
  int64_t rows = 0;    // entries that start a row (repetition level 0)
};

// Appends the levels and values of `page` (a DATA_PAGE or DATA_PAGE_V2 of `leaf`) to
// *out. `dictionary` is the chunk's dictionary or null; `scratch` is reused between
// calls. Error if a level or value stream is short or corrupt, a level is out of range,
// or the page declares more than kMaxPageValues values. *out is unspecified on error.
StatusOr<DecodedPage> DecodeDataPage(const LeafColumn& leaf, const Page& page,
                                     const Dictionary* dictionary, LeafData* out,
                                     std::vector<uint32_t>* scratch);

}  // namespace hindsight::parquet
