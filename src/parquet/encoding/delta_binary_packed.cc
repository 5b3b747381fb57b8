#include "parquet/encoding/delta_binary_packed.h"

#include <algorithm>
#include <cstring>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/encoding_error_internal.h"
#include "parquet/encoding/wire_integers.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "DELTA_BINARY_PACKED";

// Deltas are unpacked and summed this many at a time, on the stack.
constexpr size_t kUnpackChunk = 128;
// Widest miniblock: 64-bit deltas (INT64, or INT32 deltas that need 33 bits).
constexpr int kMaxDeltaBitWidth = 64;

}  // namespace

template <typename T>
StatusOr<DeltaBinaryPackedDecoder<T>> DeltaBinaryPackedDecoder<T>::Make(
    std::span<const uint8_t> data) {
  DeltaBinaryPackedDecoder decoder(data);
  size_t pos = 0;
  uint64_t block_size, miniblocks, total;
  if (!ReadUleb128(data, &pos, &block_size)) {
    return CorruptEncoding(kEncodingName, pos, "truncated or overlong block size");
  }
  if (block_size == 0 || block_size % kGroup != 0 || block_size > kMaxDeltaBlockSize) {
    return CorruptEncoding(kEncodingName, 0, "block size ", block_size,
                           " is not a positive multiple of 8 up to ", kMaxDeltaBlockSize);
  }
  const size_t miniblocks_at = pos;
  if (!ReadUleb128(data, &pos, &miniblocks)) {
    return CorruptEncoding(kEncodingName, miniblocks_at, "truncated or overlong miniblock count");
  }
  if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % kGroup != 0) {
    return CorruptEncoding(kEncodingName, miniblocks_at, "block of ", block_size,
                           " values cannot hold ", miniblocks,
                           " miniblocks of a multiple of 8 values");
  }
  const size_t total_at = pos;
  if (!ReadUleb128(data, &pos, &total)) {
    return CorruptEncoding(kEncodingName, total_at, "truncated or overlong value count");
  }
  if (total > kMaxDeltaValues) {
    return CorruptEncoding(kEncodingName, total_at, "value count ", total, " exceeds ",
                           kMaxDeltaValues);
  }
  const size_t first_at = pos;
  uint64_t first = 0;
  if (!ReadUleb128(data, &pos, &first) && total > 0) {
    return CorruptEncoding(kEncodingName, first_at, "truncated or overlong first value");
  }
  decoder.pos_ = pos;
  decoder.miniblocks_per_block_ = miniblocks;
  decoder.values_per_miniblock_ = block_size / miniblocks;
  decoder.total_values_ = total;
  decoder.values_left_ = total;
  decoder.last_value_ = static_cast<Unsigned>(ZigZagDecode(first));
  return decoder;
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::ReadBlockHeader() {
  const size_t block_at = pos_;
  uint64_t min_delta;
  if (!ReadUleb128(data_, &pos_, &min_delta)) {
    return CorruptEncoding(kEncodingName, block_at, "truncated or overlong block min delta");
  }
  min_delta_ = static_cast<Unsigned>(ZigZagDecode(min_delta));
  if (miniblocks_per_block_ > data_.size() - pos_) {
    return CorruptEncoding(kEncodingName, pos_, "block needs ", miniblocks_per_block_,
                           " miniblock bit widths, only ", data_.size() - pos_, " bytes remain");
  }
  bit_widths_pos_ = pos_;
  pos_ += miniblocks_per_block_;
  next_miniblock_ = 0;
  in_block_ = true;
  return absl::OkStatus();
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::StartMiniblock() {
  if (!in_block_ || next_miniblock_ == miniblocks_per_block_) HS_RETURN_IF_ERROR(ReadBlockHeader());
  const size_t width_at = bit_widths_pos_ + next_miniblock_;
  const int width = data_[width_at];
  // Deltas of INT32 values may need 33 bits (writers such as DuckDB's emit them);
  // arithmetic wraps around as the spec says, so any width up to 64 is decodable.
  if (width > kMaxDeltaBitWidth) {
    return CorruptEncoding(kEncodingName, width_at, "miniblock bit width ", width, " exceeds ",
                           kMaxDeltaBitWidth, " bits");
  }
  ++next_miniblock_;
  // Values past the total are padding: they are never handed out.
  const uint64_t needed = std::min(values_per_miniblock_, values_left_);
  const uint64_t full_bytes = values_per_miniblock_ / kGroup * static_cast<uint64_t>(width);
  const size_t remaining = data_.size() - pos_;
  if (full_bytes <= remaining) {
    miniblock_end_ = pos_ + full_bytes;
  } else {
    // A final miniblock cut short of its padding is still readable for the values
    // it does hold.
    const uint64_t needed_bytes = (needed * static_cast<uint64_t>(width) + 7) / 8;
    if (needed_bytes > remaining) {
      return CorruptEncoding(kEncodingName, pos_, "miniblock of ", needed, " values at ", width,
                             " bits needs ", needed_bytes, " bytes, only ", remaining, " remain");
    }
    miniblock_end_ = data_.size();
  }
  bit_width_ = width;
  packed_pos_ = pos_;
  pos_ = miniblock_end_;
  miniblock_values_left_ = needed;
  group_next_ = kGroup;
  return absl::OkStatus();
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::AccumulateDeltas(const Unsigned* deltas, size_t count, T* out) {
  Unsigned value = last_value_;
  const Unsigned min_delta = min_delta_;
  for (size_t i = 0; i < count; ++i) {
    value += min_delta + deltas[i];
    out[i] = static_cast<T>(value);
  }
  last_value_ = value;
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::UnpackDeltas(std::span<const uint8_t> packed,
                                               std::span<Unsigned> deltas) const {
  if constexpr (sizeof(T) < sizeof(uint64_t)) {
    if (bit_width_ > static_cast<int>(8 * sizeof(T))) {
      uint64_t wide[kUnpackChunk];
      UnpackBits(packed, bit_width_, std::span<uint64_t>(wide, deltas.size()));
      for (size_t i = 0; i < deltas.size(); ++i) deltas[i] = static_cast<Unsigned>(wide[i]);
      return;
    }
  }
  UnpackBits(packed, bit_width_, deltas);
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::Decode(std::span<T> out) {
  if (out.size() > values_left_) {
    return CorruptEncoding(kEncodingName, pos_, out.size(), " values requested, the header left ",
                           values_left_);
  }
  size_t done = 0;
  if (first_value_pending_ && !out.empty()) {
    out[0] = static_cast<T>(last_value_);
    first_value_pending_ = false;
    --values_left_;
    done = 1;
  }
  while (done < out.size()) {
    if (miniblock_values_left_ == 0) HS_RETURN_IF_ERROR(StartMiniblock());
    const size_t wanted = std::min<uint64_t>(out.size() - done, miniblock_values_left_);
    size_t taken;
    if (group_next_ < kGroup) {
      taken = std::min(wanted, kGroup - group_next_);
      AccumulateDeltas(group_ + group_next_, taken, out.data() + done);
      group_next_ += taken;
    } else {
      const size_t current_width = static_cast<size_t>(bit_width_);
      const size_t whole_groups_present =
          current_width == 0 ? wanted / kGroup : (miniblock_end_ - packed_pos_) / current_width;
      const size_t groups =
          std::min({wanted / kGroup, whole_groups_present, kUnpackChunk / kGroup});
      if (groups > 0) {
        Unsigned deltas[kUnpackChunk];
        taken = groups * kGroup;
        UnpackDeltas(data_.subspan(packed_pos_), std::span<Unsigned>(deltas, taken));
        packed_pos_ += groups * current_width;
        AccumulateDeltas(deltas, taken, out.data() + done);
      } else {
        uint8_t staged[kMaxDeltaBitWidth] = {};
        const size_t available = std::min(current_width, miniblock_end_ - packed_pos_);
        std::memcpy(staged, data_.data() + packed_pos_, available);
        UnpackDeltas(std::span<const uint8_t>(staged, current_width), std::span<Unsigned>(group_));
        packed_pos_ += available;
        group_next_ = 0;
        continue;
      }
    }
    done += taken;
    miniblock_values_left_ -= taken;
    values_left_ -= taken;
  }
  return absl::OkStatus();
}

template class DeltaBinaryPackedDecoder<int32_t>;
template class DeltaBinaryPackedDecoder<int64_t>;

template <typename T>
void EncodeDeltaBinaryPacked(std::span<const T> values, std::vector<uint8_t>* out) {
  using Unsigned = std::make_unsigned_t<T>;
  constexpr size_t kMiniblockValues = kDeltaBlockSize / kDeltaMiniblocksPerBlock;
  AppendUleb128(kDeltaBlockSize, out);
  AppendUleb128(kDeltaMiniblocksPerBlock, out);
  AppendUleb128(values.size(), out);
  AppendUleb128(ZigZagEncode(values.empty() ? 0 : values[0]), out);
  Unsigned deltas[kDeltaBlockSize];
  for (size_t block_start = 1; block_start < values.size(); block_start += kDeltaBlockSize) {
    const size_t count = std::min<size_t>(kDeltaBlockSize, values.size() - block_start);
    T min_delta = static_cast<T>(static_cast<Unsigned>(values[block_start]) -
                                 static_cast<Unsigned>(values[block_start - 1]));
    for (size_t i = 0; i < count; ++i) {
      const size_t at = block_start + i;
      deltas[i] = static_cast<Unsigned>(values[at]) - static_cast<Unsigned>(values[at - 1]);
      min_delta = std::min(min_delta, static_cast<T>(deltas[i]));
    }
    uint8_t widths[kDeltaMiniblocksPerBlock] = {};
    const size_t used_miniblocks = (count + kMiniblockValues - 1) / kMiniblockValues;
    std::fill(deltas + count, deltas + used_miniblocks * kMiniblockValues,
              static_cast<Unsigned>(min_delta));
    for (size_t m = 0; m < used_miniblocks; ++m) {
      Unsigned max_relative = 0;
      for (size_t i = m * kMiniblockValues; i < (m + 1) * kMiniblockValues; ++i) {
        deltas[i] -= static_cast<Unsigned>(min_delta);
        max_relative = std::max(max_relative, deltas[i]);
      }
      widths[m] = static_cast<uint8_t>(BitWidthFor(max_relative));
    }
    AppendUleb128(ZigZagEncode(min_delta), out);
    out->insert(out->end(), widths, widths + kDeltaMiniblocksPerBlock);
    for (size_t m = 0; m < used_miniblocks; ++m) {
      const size_t bytes = kMiniblockValues / 8 * widths[m];
      const size_t start = out->size();
      out->resize(start + bytes);
      PackBits(std::span<const Unsigned>(deltas + m * kMiniblockValues, kMiniblockValues),
               widths[m], std::span<uint8_t>(out->data() + start, bytes));
    }
  }
}

template void EncodeDeltaBinaryPacked(std::span<const int32_t>, std::vector<uint8_t>*);
template void EncodeDeltaBinaryPacked(std::span<const int64_t>, std::vector<uint8_t>*);

}  // namespace hindsight::parquet
