// DELTA_BINARY_PACKED encoding (Encodings.md, = 5) of INT32 and INT64 values:
//   header := ULEB128 block size, ULEB128 miniblocks per block, ULEB128 total value
//             count, zigzag ULEB128 first value
//   block  := zigzag ULEB128 min delta, one bit-width byte per miniblock, then each
//             miniblock's (delta - min delta) values bit-packed at its width
// Deltas wrap around in two's complement, so any sequence round-trips.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "util/status.h"

namespace hindsight::parquet {

// What this writer emits, as parquet-mr and Arrow do: 128-value blocks of 4 miniblocks.
inline constexpr uint64_t kDeltaBlockSize = 128;
inline constexpr uint64_t kDeltaMiniblocksPerBlock = 4;
// Reader limits. The spec asks for blocks of a multiple of 128 values and miniblocks
// of a multiple of 32; readers accept any miniblock of a multiple of 8 values (the
// spec's own examples use 8). Counts past an int32 cannot come from one page.
inline constexpr uint64_t kMaxDeltaBlockSize = uint64_t{1} << 31;
inline constexpr uint64_t kMaxDeltaValues = (uint64_t{1} << 31) - 1;

// Streaming decoder; T is int32_t or int64_t. `data` is borrowed and must outlive it.
template <typename T>
class DeltaBinaryPackedDecoder {
 public:
  // Reads and validates the header at the start of `data`.
  [[nodiscard]] static StatusOr<DeltaBinaryPackedDecoder> Make(std::span<const uint8_t> data);

  // The value count the header declares, and how many of them are not yet decoded.
  uint64_t total_values() const { return total_values_; }
  uint64_t values_left() const { return values_left_; }

  // Decodes the next out.size() values. Error if fewer are left or the data is corrupt.
  [[nodiscard]] Status Decode(std::span<T> out);

  // Bytes of `data` taken by what was decoded so far; once every value is decoded,
  // the length of the whole stream.
  size_t bytes_consumed() const { return pos_; }

 private:
  using Unsigned = std::make_unsigned_t<T>;
  static constexpr size_t kGroup = 8;

  explicit DeltaBinaryPackedDecoder(std::span<const uint8_t> data) : data_(data) {}

  [[nodiscard]] Status ReadBlockHeader();
  [[nodiscard]] Status StartMiniblock();
  void AccumulateDeltas(const Unsigned* deltas, size_t count, T* out);
  // Unpacks deltas of the current miniblock's width; wider than T is truncated (wraps).
  void UnpackDeltas(std::span<const uint8_t> packed, std::span<Unsigned> deltas) const;

  std::span<const uint8_t> data_;
  size_t pos_ = 0;  // next unread byte: the next block or miniblock
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t values_left_ = 0;
  bool first_value_pending_ = true;
  Unsigned last_value_ = 0;
  Unsigned min_delta_ = 0;
  size_t bit_widths_pos_ = 0;    // offset of the current block's bit widths
  uint64_t next_miniblock_ = 0;  // index in the block; == miniblocks: read a block
  bool in_block_ = false;
  int bit_width_ = 0;                   // of the current miniblock
  uint64_t miniblock_values_left_ = 0;  // deltas of the miniblock not yet handed out
  size_t packed_pos_ = 0;               // next packed group of the current miniblock
  size_t miniblock_end_ = 0;
  Unsigned group_[kGroup] = {};  // an unpacked group partly handed out
  size_t group_next_ = kGroup;
};

// Appends the encoding of `values` to *out with kDeltaBlockSize-value blocks of
// kDeltaMiniblocksPerBlock miniblocks. T is int32_t or int64_t.
template <typename T>
void EncodeDeltaBinaryPacked(std::span<const T> values, std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
