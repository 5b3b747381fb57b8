#include "parquet/encoding/rle_bit_packed_hybrid.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/encoding_error_internal.h"
#include "parquet/encoding/wire_integers.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "RLE/bit-packed";

// Widest bit width whose values fit in T without changing sign.
template <typename T>
constexpr int MaxBitWidthFor() {
  return std::numeric_limits<T>::digits;
}

size_t RepeatedValueBytes(int bit_width) { return static_cast<size_t>(bit_width + 7) / 8; }

// Inside a bit-packed run, a repeated run is split out only when that saves bytes:
// its values cost run * bit_width / 8 bytes packed, against a repeated-run header and
// value plus a new bit-packed header afterwards (about 3 + value bytes).
size_t RunLengthWorthLeavingPackedRun(int bit_width) {
  if (bit_width == 0) return kBitPackGroupSize;
  const size_t break_even = 8 * (3 + RepeatedValueBytes(bit_width)) / bit_width + 1;
  return std::max(break_even, kBitPackGroupSize);
}

}  // namespace

StatusOr<std::span<const uint8_t>> SplitRleLengthPrefix(std::span<const uint8_t> data) {
  if (data.size() < kRleLengthPrefixSize) {
    return CorruptEncoding(kEncodingName, 0, "needs a ", kRleLengthPrefixSize,
                           "-byte length prefix, only ", data.size(), " bytes present");
  }
  const uint32_t length = LoadLittleEndian32(data.data());
  if (length > data.size() - kRleLengthPrefixSize) {
    return CorruptEncoding(kEncodingName, 0, "length prefix says ", length, " bytes, only ",
                           data.size() - kRleLengthPrefixSize, " follow");
  }
  return data.subspan(kRleLengthPrefixSize, length);
}

StatusOr<RleBitPackedDecoder> RleBitPackedDecoder::Make(std::span<const uint8_t> data,
                                                        int bit_width) {
  if (bit_width < 0 || bit_width > kMaxRleBitWidth) {
    return absl::InvalidArgumentError(
        StrCat("RLE/bit-packed bit width ", bit_width, " is outside [0, ", kMaxRleBitWidth, "]"));
  }
  return RleBitPackedDecoder(data, bit_width);
}

Status RleBitPackedDecoder::ReadNextRun() {
  size_t pos = run_end_;
  if (pos >= data_.size()) {
    return CorruptEncoding(kEncodingName, pos, "data ends before all values were read");
  }
  uint64_t header;
  if (!ReadUleb128(data_, &pos, &header)) {
    return CorruptEncoding(kEncodingName, run_end_, "truncated or overlong run header");
  }
  const uint64_t count = header >> 1;
  const size_t remaining = data_.size() - pos;
  if (header & 1) {
    if (count == 0 || count > kMaxRleRunValues / kBitPackGroupSize) {
      return CorruptEncoding(kEncodingName, run_end_, "bit-packed run of ", count,
                             " groups is outside [1, ", kMaxRleRunValues / kBitPackGroupSize, "]");
    }
    const uint64_t declared_bytes = count * static_cast<uint64_t>(bit_width_);
    run_is_packed_ = true;
    packed_pos_ = pos;
    group_next_ = kBitPackGroupSize;
    if (declared_bytes <= remaining) {
      run_values_left_ = count * kBitPackGroupSize;
      run_end_ = pos + declared_bytes;
    } else {
      // Some writers cut the final run short of its padding; the values that are
      // fully present stay readable, and asking for more is an error later.
      run_values_left_ = remaining * 8 / static_cast<size_t>(bit_width_);
      run_end_ = data_.size();
    }
    return absl::OkStatus();
  }
  if (count == 0 || count > kMaxRleRunValues) {
    return CorruptEncoding(kEncodingName, run_end_, "repeated run of ", count,
                           " values is outside [1, ", kMaxRleRunValues, "]");
  }
  const size_t value_bytes = RepeatedValueBytes(bit_width_);
  if (value_bytes > remaining) {
    return CorruptEncoding(kEncodingName, pos, "repeated run value needs ", value_bytes,
                           " bytes, only ", remaining, " remain");
  }
  uint32_t value = 0;
  std::memcpy(&value, data_.data() + pos, value_bytes);
  if (bit_width_ < 32 && (value >> bit_width_) != 0) {
    return CorruptEncoding(kEncodingName, pos, "repeated value ", value, " does not fit in ",
                           bit_width_, " bits");
  }
  run_is_packed_ = false;
  repeated_value_ = value;
  run_values_left_ = count;
  run_end_ = pos + value_bytes;
  return absl::OkStatus();
}

void RleBitPackedDecoder::BufferNextGroup() {
  const size_t width = static_cast<size_t>(bit_width_);
  const size_t available = std::min(width, run_end_ - packed_pos_);
  uint8_t staged[kMaxRleBitWidth] = {};
  std::memcpy(staged, data_.data() + packed_pos_, available);
  UnpackBits(std::span<const uint8_t>(staged, width), bit_width_, std::span<uint32_t>(group_));
  packed_pos_ += available;
  group_next_ = 0;
}

template <typename T>
Status RleBitPackedDecoder::Decode(std::span<T> out) {
  if (bit_width_ > MaxBitWidthFor<T>()) {
    return absl::InvalidArgumentError(
        StrCat("RLE/bit-packed values of bit width ", bit_width_, " do not fit the output type"));
  }
  size_t done = 0;
  while (done < out.size()) {
    if (run_values_left_ == 0) HS_RETURN_IF_ERROR(ReadNextRun());
    const size_t wanted = out.size() - done;
    if (!run_is_packed_) {
      const size_t take = static_cast<size_t>(std::min<uint64_t>(wanted, run_values_left_));
      std::fill_n(out.data() + done, take, static_cast<T>(repeated_value_));
      done += take;
      run_values_left_ -= take;
      continue;
    }
    if (group_next_ < kBitPackGroupSize) {
      const size_t take =
          std::min<uint64_t>({wanted, kBitPackGroupSize - group_next_, run_values_left_});
      for (size_t i = 0; i < take; ++i) out[done + i] = static_cast<T>(group_[group_next_ + i]);
      group_next_ += take;
      done += take;
      run_values_left_ -= take;
      continue;
    }
    const size_t whole_groups = std::min<uint64_t>(wanted, run_values_left_) / kBitPackGroupSize;
    if (whole_groups > 0) {
      const size_t values = whole_groups * kBitPackGroupSize;
      UnpackBits(data_.subspan(packed_pos_), bit_width_, out.subspan(done, values));
      packed_pos_ += whole_groups * static_cast<size_t>(bit_width_);
      done += values;
      run_values_left_ -= values;
      continue;
    }
    BufferNextGroup();
  }
  return absl::OkStatus();
}

template Status RleBitPackedDecoder::Decode(std::span<uint8_t> out);
template Status RleBitPackedDecoder::Decode(std::span<int16_t> out);
template Status RleBitPackedDecoder::Decode(std::span<uint32_t> out);

namespace {

template <typename T>
void AppendRepeatedRun(T value, uint64_t count, int bit_width, std::vector<uint8_t>* out) {
  const uint32_t bits = static_cast<uint32_t>(static_cast<std::make_unsigned_t<T>>(value));
  const size_t value_bytes = RepeatedValueBytes(bit_width);
  while (count > 0) {
    const uint64_t run = std::min(count, kMaxRleRunValues);
    AppendUleb128(run << 1, out);
    uint8_t bytes[sizeof(uint32_t)];
    std::memcpy(bytes, &bits, sizeof(bits));
    out->insert(out->end(), bytes, bytes + value_bytes);
    count -= run;
  }
}

// Appends values as one bit-packed run; a final partial group is padded with zeros.
template <typename T>
void AppendPackedRun(std::span<const T> values, int bit_width, std::vector<uint8_t>* out) {
  const size_t groups = (values.size() + kBitPackGroupSize - 1) / kBitPackGroupSize;
  AppendUleb128((static_cast<uint64_t>(groups) << 1) | 1, out);
  const size_t width = static_cast<size_t>(bit_width);
  const size_t start = out->size();
  out->resize(start + groups * width);
  std::span<uint8_t> packed(out->data() + start, groups * width);
  const size_t whole = values.size() / kBitPackGroupSize * kBitPackGroupSize;
  PackBits(values.first(whole), bit_width, packed);
  if (whole < values.size()) {
    T last_group[kBitPackGroupSize] = {};
    std::copy(values.begin() + whole, values.end(), last_group);
    PackBits(std::span<const T>(last_group), bit_width, packed.subspan(whole / 8 * width));
  }
}

}  // namespace

template <typename T>
void EncodeRleBitPacked(std::span<const T> values, int bit_width, std::vector<uint8_t>* out) {
  // Bit-packed runs must hold a multiple of 8 values except at the very end, so a
  // pending packed run grows 8 values at a time; at each group boundary a long enough
  // repeated run ends it.
  constexpr size_t kMaxPackedValues = kMaxRleRunValues / kBitPackGroupSize * kBitPackGroupSize;
  constexpr size_t kNoPackedRun = std::numeric_limits<size_t>::max();
  const size_t n = values.size();
  const size_t leave_packed_at = RunLengthWorthLeavingPackedRun(bit_width);
  size_t packed_start = kNoPackedRun;
  size_t i = 0;
  while (i < n) {
    const T value = values[i];
    size_t run = 1;
    while (i + run < n && values[i + run] == value) ++run;
    const bool in_packed_run = packed_start != kNoPackedRun;
    const bool repeat =
        in_packed_run ? run >= leave_packed_at : (run >= kBitPackGroupSize || i + run == n);
    if (repeat) {
      if (in_packed_run) {
        AppendPackedRun(values.subspan(packed_start, i - packed_start), bit_width, out);
        packed_start = kNoPackedRun;
      }
      AppendRepeatedRun(value, run, bit_width, out);
      i += run;
      continue;
    }
    if (!in_packed_run) packed_start = i;
    i = std::min(i + kBitPackGroupSize, n);
    if (i - packed_start == kMaxPackedValues) {
      AppendPackedRun(values.subspan(packed_start, i - packed_start), bit_width, out);
      packed_start = kNoPackedRun;
    }
  }
  if (packed_start != kNoPackedRun) {
    AppendPackedRun(values.subspan(packed_start, n - packed_start), bit_width, out);
  }
}

template <typename T>
void EncodeRleBitPackedLengthPrefixed(std::span<const T> values, int bit_width,
                                      std::vector<uint8_t>* out) {
  const size_t prefix_at = out->size();
  out->resize(prefix_at + kRleLengthPrefixSize);
  EncodeRleBitPacked(values, bit_width, out);
  const uint32_t length = static_cast<uint32_t>(out->size() - prefix_at - kRleLengthPrefixSize);
  std::memcpy(out->data() + prefix_at, &length, sizeof(length));
}

template void EncodeRleBitPacked(std::span<const uint8_t>, int, std::vector<uint8_t>*);
template void EncodeRleBitPacked(std::span<const int16_t>, int, std::vector<uint8_t>*);
template void EncodeRleBitPacked(std::span<const uint32_t>, int, std::vector<uint8_t>*);
template void EncodeRleBitPackedLengthPrefixed(std::span<const uint8_t>, int,
                                               std::vector<uint8_t>*);
template void EncodeRleBitPackedLengthPrefixed(std::span<const int16_t>, int,
                                               std::vector<uint8_t>*);
template void EncodeRleBitPackedLengthPrefixed(std::span<const uint32_t>, int,
                                               std::vector<uint8_t>*);

}  // namespace hindsight::parquet
