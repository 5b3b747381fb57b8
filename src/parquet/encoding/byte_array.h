// Byte-array values in Column's kBinary layout (src/parquet/column.h): value i is
// heap[offsets[i], offsets[i + 1]). Encoders read a ByteArrayView; decoders append to
// a ByteArrayOutput, so decoded pages land straight in a Column's buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hindsight::parquet {

// Front coding and dictionaries let a small page expand without bound (every value
// may repeat a long prefix or dictionary entry); one decode call that would produce
// more bytes than this is refused. Real pages decode to a few MiB.
inline constexpr uint64_t kMaxDecodedByteArrayBytes = uint64_t{1} << 30;

// Read-only view of `offsets.size() - 1` byte arrays. REQUIRES: offsets non-empty,
// non-decreasing, and offsets.back() <= heap.size().
struct ByteArrayView {
  std::span<const int64_t> offsets;
  std::span<const uint8_t> heap;

  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  size_t length(size_t i) const { return static_cast<size_t>(offsets[i + 1] - offsets[i]); }
  const uint8_t* data(size_t i) const { return heap.data() + offsets[i]; }
  std::string_view operator[](size_t i) const {
    return {reinterpret_cast<const char*>(data(i)), length(i)};
  }
};

// Where decoders append byte arrays: both vectors are borrowed for the call.
// REQUIRES: offsets non-empty and offsets->back() == heap->size() (a fresh output is
// offsets = {0}, heap = {}). On error a decoder leaves both vectors as they were.
struct ByteArrayOutput {
  std::vector<int64_t>* offsets;
  std::vector<uint8_t>* heap;
};

inline ByteArrayView ViewOf(const std::vector<int64_t>& offsets, const std::vector<uint8_t>& heap) {
  return {offsets, heap};
}

}  // namespace hindsight::parquet
