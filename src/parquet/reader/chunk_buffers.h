// Buffers that a decoding thread reuses from one column chunk to the next, so that a scan
// does not allocate (and fault in) fresh memory for every chunk's bytes and pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace hindsight::parquet {

// An uninitialised byte buffer that grows and never shrinks. Not thread-safe.
class ReusableBuffer {
 public:
  // `size` bytes of unspecified content, valid until the next call of Get.
  std::span<uint8_t> Get(size_t size) {
    if (size > capacity_) {
      // Not value-initialised: every byte is overwritten before it is read.
      data_.reset(new uint8_t[size]);
      capacity_ = size;
    }
    return {data_.get(), size};
  }

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t capacity_ = 0;
};

// The scratch of reading column chunks; one per thread, reused chunk after chunk.
struct ChunkBuffers {
  ReusableBuffer stored;        // a chunk's (or a page run's) bytes as in the file
  ReusableBuffer decompressed;  // page bodies after decompression
  std::vector<uint32_t> dictionary_indices;
  // Level vectors of row groups already assembled, for the next chunks' levels.
  std::vector<std::vector<int16_t>> spare_levels;

  // An empty level vector: the spare one that best fits `wanted` entries (the smallest
  // holding them, else the largest), or a new one when there is no spare.
  std::vector<int16_t> TakeLevels(size_t wanted) {
    if (spare_levels.empty()) return {};
    size_t best = 0;
    for (size_t i = 1; i < spare_levels.size(); ++i) {
      const size_t capacity = spare_levels[i].capacity();
      const size_t best_capacity = spare_levels[best].capacity();
      const bool fits = capacity >= wanted;
      const bool best_fits = best_capacity >= wanted;
      if (fits ? (!best_fits || capacity < best_capacity)
               : (!best_fits && capacity > best_capacity)) {
        best = i;
      }
    }
    std::vector<int16_t> levels = std::move(spare_levels[best]);
    spare_levels.erase(spare_levels.begin() + static_cast<std::ptrdiff_t>(best));
    levels.clear();
    return levels;
  }
  // Keeps `levels`' memory for TakeLevels.
  void GiveLevels(std::vector<int16_t>&& levels) {
    if (levels.capacity() > 0) spare_levels.push_back(std::move(levels));
  }
};

}  // namespace hindsight::parquet
