#include "parquet/reader/level_decoder.h"

#include <algorithm>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "util/str_cat.h"

namespace hindsight::parquet {
namespace {

// Levels decoded per step: output grows with the data actually decoded, so a header
// claiming many levels over a few bytes fails before it costs memory.
constexpr size_t kLevelBatch = size_t{1} << 16;

Status CheckLevelRange(std::span<const int16_t> levels, int16_t max_level, size_t first_index) {
  int16_t highest = 0;
  for (const int16_t level : levels) highest = std::max(highest, level);
  if (highest <= max_level) return absl::OkStatus();
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] > max_level) {
      return absl::DataLossError(StrCat("level ", levels[i], " at level index ", first_index + i,
                                        " exceeds the maximum ", max_level));
    }
  }
  return absl::OkStatus();
}

Status DecodeRle(std::span<const uint8_t> data, int16_t max_level, size_t count,
                 std::vector<int16_t>* out) {
  HS_ASSIGN_OR_RETURN(
      RleBitPackedDecoder decoder,
      RleBitPackedDecoder::Make(data, BitWidthFor(static_cast<uint64_t>(max_level))));
  const size_t start = out->size();
  out->reserve(start + std::min(count, kLevelBatch));
  size_t done = 0;
  while (done < count) {
    const size_t batch = std::min(count - done, kLevelBatch);
    out->resize(start + done + batch);
    const std::span<int16_t> target(out->data() + start + done, batch);
    if (Status status = decoder.Decode(target); !status.ok()) {
      out->resize(start);
      return status;
    }
    if (Status status = CheckLevelRange(target, max_level, done); !status.ok()) {
      out->resize(start);
      return status;
    }
    done += batch;
  }
  return absl::OkStatus();
}

// The deprecated BIT_PACKED level encoding: ceil(count * width / 8) bytes, each value's
// bits from the most significant bit of the first byte on.
StatusOr<size_t> DecodeBitPackedMsbFirst(std::span<const uint8_t> data, int16_t max_level,
                                         size_t count, std::vector<int16_t>* out) {
  const int width = BitWidthFor(static_cast<uint64_t>(max_level));
  const uint64_t bytes = (uint64_t{count} * static_cast<uint64_t>(width) + 7) / 8;
  if (bytes > data.size()) {
    return absl::DataLossError(StrCat("BIT_PACKED levels need ", bytes, " bytes for ", count,
                                      " levels of ", width, " bits, only ", data.size(),
                                      " present"));
  }
  const size_t start = out->size();
  out->resize(start + count);
  int16_t* target = out->data() + start;
  uint64_t bit = 0;
  for (size_t i = 0; i < count; ++i) {
    int value = 0;
    for (int b = 0; b < width; ++b, ++bit) {
      value = (value << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
    }
    target[i] = static_cast<int16_t>(value);
  }
  if (Status status = CheckLevelRange({target, count}, max_level, 0); !status.ok()) {
    out->resize(start);
    return status;
  }
  return static_cast<size_t>(bytes);
}

}  // namespace

StatusOr<size_t> DecodeLevelsV1(format::Encoding encoding, std::span<const uint8_t> data,
                                int16_t max_level, size_t count, std::vector<int16_t>* out) {
  switch (encoding) {
    case format::Encoding::RLE: {
      HS_ASSIGN_OR_RETURN(std::span<const uint8_t> runs, SplitRleLengthPrefix(data));
      HS_RETURN_IF_ERROR(DecodeRle(runs, max_level, count, out));
      return kRleLengthPrefixSize + runs.size();
    }
    case format::Encoding::BIT_PACKED:
      return DecodeBitPackedMsbFirst(data, max_level, count, out);
    default:
      return absl::DataLossError(StrCat("unsupported level encoding ",
                                        static_cast<int32_t>(encoding),
                                        " (levels use RLE or BIT_PACKED)"));
  }
}

Status DecodeLevelsV2(std::span<const uint8_t> data, int16_t max_level, size_t count,
                      std::vector<int16_t>* out) {
  return DecodeRle(data, max_level, count, out);
}

}  // namespace hindsight::parquet
