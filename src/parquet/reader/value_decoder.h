// Decoding of a page's values, per encoding, straight into the dense values Column of a
// leaf (LeafData::values: fixed-width values, or kBinary offsets + heap for BYTE_ARRAY,
// FIXED_LEN_BYTE_ARRAY and INT96, the latter kept as its 12 raw bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parquet/column.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// A column chunk's dictionary: `size` values in the layout of a dense values Column.
struct Dictionary {
  int64_t size = 0;
  std::vector<uint8_t> values;   // fixed-width values, or the byte heap
  std::vector<int64_t> offsets;  // kBinary: size + 1 offsets into `values`
};

// Decodes a dictionary page body (PLAIN or PLAIN_DICTIONARY, num_values values of the
// leaf's physical type). Error on a negative or impossible count or short data.
StatusOr<Dictionary> DecodeDictionaryPage(const LeafColumn& leaf,
                                          const format::DictionaryPageHeader& header,
                                          std::span<const uint8_t> body);

// An empty values Column for `leaf` (kBinary ones start with offsets {0}).
Column EmptyValues(const LeafColumn& leaf);

// Appends the `count` values that `data` holds in `encoding` to `out` (a Column made by
// EmptyValues). `dictionary` is needed for PLAIN_DICTIONARY / RLE_DICTIONARY and may be
// null otherwise. `scratch` holds dictionary indices between calls. Error if the encoding
// does not apply to the physical type, the data is short or corrupt, or an index is out of
// range; `out` is then unspecified.
[[nodiscard]] Status DecodeValues(const LeafColumn& leaf, format::Encoding encoding,
                                  std::span<const uint8_t> data, size_t count,
                                  const Dictionary* dictionary, Column* out,
                                  std::vector<uint32_t>* scratch);

}  // namespace hindsight::parquet
