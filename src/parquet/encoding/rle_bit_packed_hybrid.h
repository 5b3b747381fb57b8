// RLE / bit-packing hybrid encoding (Encodings.md, RLE = 3) of repetition and
// definition levels, booleans and dictionary indices:
//   encoded-data := run*;  run := rle-run | bit-packed-run
//   rle-run        := ULEB128(count << 1)     value in ceil(bit_width / 8) bytes LE
//   bit-packed-run := ULEB128(groups << 1 | 1) groups * bit_width bytes (8 values/group)
// Data page v1 levels and RLE booleans carry a 4-byte LE length prefix in front of
// the encoded data; v2 levels and dictionary indices do not ("bare" form).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "util/status.h"

namespace hindsight::parquet {

inline constexpr int kMaxRleBitWidth = 32;
// The length prefix is an unsigned 32-bit little-endian byte count.
inline constexpr size_t kRleLengthPrefixSize = 4;
// Encodings.md: run lengths lie in [1, 2^31 - 1] so readers can hold them in an int32.
inline constexpr uint64_t kMaxRleRunValues = (uint64_t{1} << 31) - 1;

// Returns the encoded data of the length-prefixed form at the start of `data`. The
// whole form takes kRleLengthPrefixSize + result.size() bytes.
[[nodiscard]] StatusOr<std::span<const uint8_t>> SplitRleLengthPrefix(
    std::span<const uint8_t> data);

// Streaming decoder of the bare form. Decode may be called repeatedly; values continue
// where the previous call stopped. `data` is borrowed and must outlive the decoder.
class RleBitPackedDecoder {
 public:
  // Error if bit_width is outside [0, kMaxRleBitWidth].
  [[nodiscard]] static StatusOr<RleBitPackedDecoder> Make(std::span<const uint8_t> data,
                                                          int bit_width);

  // Decodes the next out.size() values. T is uint8_t (bit width <= 8), int16_t (<= 15)
  // or uint32_t. Error if the data ends first or is corrupt (out is then unspecified).
  template <typename T>
  [[nodiscard]] Status Decode(std::span<T> out);

  // Bytes of `data` consumed by the runs read so far.
  size_t bytes_consumed() const { return run_end_; }
  int bit_width() const { return bit_width_; }

 private:
  RleBitPackedDecoder(std::span<const uint8_t> data, int bit_width)
      : data_(data), bit_width_(bit_width) {}

  [[nodiscard]] Status ReadNextRun();
  void BufferNextGroup();

  std::span<const uint8_t> data_;
  int bit_width_;
  size_t run_end_ = 0;  // offset just past the current run
  bool run_is_packed_ = false;
  uint64_t run_values_left_ = 0;  // values of the current run not yet handed out
  uint32_t repeated_value_ = 0;
  size_t packed_pos_ = 0;   // offset of the next packed group not yet unpacked
  uint32_t group_[8] = {};  // an unpacked group partly handed out
  size_t group_next_ = 8;   // next value of group_ to hand out; 8 = none buffered
};

// Appends the bare encoding of `values` to *out, choosing repeated runs where they
// save space. T is uint8_t, int16_t or uint32_t. REQUIRES: bit_width in
// [0, 8 * sizeof(T)] and at most kMaxRleBitWidth; 0 <= values < 2^bit_width.
template <typename T>
void EncodeRleBitPacked(std::span<const T> values, int bit_width, std::vector<uint8_t>* out);

// As EncodeRleBitPacked, preceded by the 4-byte length prefix.
template <typename T>
void EncodeRleBitPackedLengthPrefixed(std::span<const T> values, int bit_width,
                                      std::vector<uint8_t>* out);

}  // namespace hindsight::parquet
