// Writer side of dictionary encoding: maps each distinct value to an index, in order
// of first appearance, until the dictionary page (the PLAIN encoding of the distinct
// values) would pass a byte limit; the writer then falls back to PLAIN (Encodings.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "parquet/encoding/byte_array.h"

namespace hindsight::parquet {

// parquet-mr and Arrow cap dictionary pages at 1 MiB by default.
inline constexpr size_t kDefaultMaxDictionaryBytes = size_t{1} << 20;

// T is int32_t, int64_t, float or double. Floating-point values are told apart by
// their bits, so -0.0, 0.0 and each NaN payload keep their own entry.
template <typename T>
class DictionaryBuilder {
 public:
  explicit DictionaryBuilder(size_t max_dictionary_bytes = kDefaultMaxDictionaryBytes)
      : max_dictionary_bytes_(max_dictionary_bytes) {}

  // Writes the index of values[i] to indices[i], adding values not seen before, and
  // returns how many values it mapped: fewer than values.size() when the next new
  // value would push dictionary_bytes() past the limit. REQUIRES: indices.size() >=
  // values.size().
  size_t Map(std::span<const T> values, std::span<uint32_t> indices);

  size_t size() const { return values_.size(); }
  // Size of the dictionary page's PLAIN encoding.
  size_t dictionary_bytes() const { return values_.size() * sizeof(T); }
  std::span<const T> values() const { return values_; }

 private:
  using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;

  size_t max_dictionary_bytes_;
  absl::flat_hash_map<Bits, uint32_t> index_of_;
  std::vector<T> values_;
};

// Dictionary of BYTE_ARRAY values (also usable for FIXED_LEN_BYTE_ARRAY, whose
// dictionary_bytes() then over-counts by 4 bytes per entry).
class ByteArrayDictionaryBuilder {
 public:
  explicit ByteArrayDictionaryBuilder(size_t max_dictionary_bytes = kDefaultMaxDictionaryBytes);

  // As DictionaryBuilder::Map.
  size_t Map(ByteArrayView values, std::span<uint32_t> indices);

  size_t size() const { return entries_->offsets.size() - 1; }
  // Size of the dictionary page's PLAIN encoding: a 4-byte length plus the bytes of each entry.
  size_t dictionary_bytes() const { return dictionary_bytes_; }
  // The entries in index order; valid until the next Map.
  ByteArrayView values() const { return ViewOf(entries_->offsets, entries_->heap); }

 private:
  struct Entries {
    std::vector<int64_t> offsets{0};
    std::vector<uint8_t> heap;
    std::string_view operator[](uint32_t index) const;
  };
  // The set stores indices; lookups by value resolve them through the entries.
  struct EntryHash {
    using is_transparent = void;
    const Entries* entries;
    size_t operator()(uint32_t index) const;
    size_t operator()(std::string_view value) const;
  };
  struct EntryEq {
    using is_transparent = void;
    const Entries* entries;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, std::string_view b) const { return (*entries)[a] == b; }
    bool operator()(std::string_view a, uint32_t b) const { return a == (*entries)[b]; }
  };

  size_t max_dictionary_bytes_;
  size_t dictionary_bytes_ = 0;
  std::unique_ptr<Entries> entries_;  // stable address for the hash functors
  absl::flat_hash_set<uint32_t, EntryHash, EntryEq> index_set_;
};

}  // namespace hindsight::parquet
