// Encodes the values of a column chunk's data pages. With RLE_DICTIONARY, pages hold
// dictionary indices (Encodings.md: bit width byte, then RLE/bit-packed hybrid) while the
// chunk's dictionary stays under its byte limit; the page that would pass the limit and
// every later page of the chunk are written PLAIN, as parquet-mr and Arrow do. Other
// encodings apply to every page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "parquet/column.h"
#include "parquet/encoding/dictionary_builder.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

// OK when `encoding` can encode the data pages of `leaf`; else InvalidArgument naming
// the column and the encoding.
[[nodiscard]] Status CheckPageEncoding(const LeafColumn& leaf, format::Encoding encoding);

class PageValueEncoder {
 public:
  // REQUIRES: CheckPageEncoding(leaf, encoding) is OK. `leaf` is borrowed.
  PageValueEncoder(const LeafColumn& leaf, format::Encoding encoding, size_t max_dictionary_bytes);
  PageValueEncoder(const PageValueEncoder&) = delete;
  PageValueEncoder& operator=(const PageValueEncoder&) = delete;

  // Appends the encoding of every slot of `values` (a page's dense values, of the leaf's
  // ColumnType, no validity) to *out and returns the encoding used.
  format::Encoding Encode(const Column& values, std::vector<uint8_t>* out);

  // True when some page since the last Reset holds dictionary indices; the chunk then
  // needs the dictionary page that EncodeDictionary writes (PLAIN, dictionary_size() values).
  bool dictionary_used() const { return dictionary_used_; }
  size_t dictionary_size() const;
  void EncodeDictionary(std::vector<uint8_t>* out) const;

  // Starts a new column chunk: an empty dictionary, and dictionary encoding again.
  void Reset();

 private:
  void EncodeFixed(format::Encoding encoding, const Column& values, std::vector<uint8_t>* out);
  // Maps all values into the dictionary; false when it would pass its limit.
  bool MapToDictionary(const Column& values);

  const LeafColumn& leaf_;
  format::Encoding encoding_;
  size_t max_dictionary_bytes_;
  bool dictionary_full_ = false;
  bool dictionary_used_ = false;
  std::unique_ptr<DictionaryBuilder<int32_t>> int32_dictionary_;
  std::unique_ptr<DictionaryBuilder<int64_t>> int64_dictionary_;
  std::unique_ptr<DictionaryBuilder<float>> float_dictionary_;
  std::unique_ptr<DictionaryBuilder<double>> double_dictionary_;
  std::unique_ptr<ByteArrayDictionaryBuilder> byte_array_dictionary_;
  std::vector<uint32_t> indices_;
};

}  // namespace hindsight::parquet
