#include "parquet/encoding/delta_byte_array.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/encoding_error_internal.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "DELTA_BYTE_ARRAY";

// Decodes a DELTA_BINARY_PACKED stream of exactly `count` non-negative INT32 values
// starting at data[start]; returns the offset just past it.
StatusOr<size_t> DecodeLengths(std::span<const uint8_t> data, size_t start, size_t count,
                               std::string_view what, std::vector<int32_t>* lengths) {
  auto decoder = DeltaBinaryPackedDecoder<int32_t>::Make(data.subspan(start));
  if (!decoder.ok()) {
    return CorruptEncoding(kEncodingName, start, what,
                           " stream: ", std::string(decoder.status().message()));
  }
  if (decoder->total_values() != count) {
    return CorruptEncoding(kEncodingName, start, what, " stream holds ", decoder->total_values(),
                           " values, expected ", count);
  }
  lengths->resize(count);
  if (Status status = decoder->Decode(std::span<int32_t>(*lengths)); !status.ok()) {
    return CorruptEncoding(kEncodingName, start, what, " stream: ", std::string(status.message()));
  }
  for (size_t i = 0; i < count; ++i) {
    if ((*lengths)[i] < 0) {
      return CorruptEncoding(kEncodingName, start, what, " of value ", i, " is negative (",
                             (*lengths)[i], ")");
    }
  }
  return start + decoder->bytes_consumed();
}

size_t SharedPrefixLength(std::string_view a, std::string_view b) {
  const size_t limit = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < limit && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

StatusOr<size_t> DecodeDeltaByteArray(std::span<const uint8_t> data, size_t num_values,
                                      ByteArrayOutput out) {
  std::vector<int32_t> prefixes;
  std::vector<int32_t> suffixes;
  HS_ASSIGN_OR_RETURN(const size_t suffix_lengths_at,
                      DecodeLengths(data, 0, num_values, "prefix length", &prefixes));
  HS_ASSIGN_OR_RETURN(
      const size_t suffix_bytes_at,
      DecodeLengths(data, suffix_lengths_at, num_values, "suffix length", &suffixes));
  // Validate everything before touching the output.
  uint64_t suffix_total = 0;
  uint64_t decoded_total = 0;
  int64_t previous_length = 0;
  for (size_t i = 0; i < num_values; ++i) {
    if (prefixes[i] > previous_length) {
      return CorruptEncoding(kEncodingName, 0, "value ", i, " shares a prefix of ", prefixes[i],
                             " bytes with a previous value of ", previous_length, " bytes");
    }
    suffix_total += static_cast<uint64_t>(suffixes[i]);
    previous_length = int64_t{prefixes[i]} + suffixes[i];
    decoded_total += static_cast<uint64_t>(previous_length);
  }
  if (suffix_total > data.size() - suffix_bytes_at) {
    return CorruptEncoding(kEncodingName, suffix_bytes_at, "suffixes add up to ", suffix_total,
                           " bytes, only ", data.size() - suffix_bytes_at, " remain");
  }
  if (decoded_total > kMaxDecodedByteArrayBytes) {
    return CorruptEncoding(kEncodingName, 0, "values would decode to ", decoded_total,
                           " bytes, more than the limit of ", kMaxDecodedByteArrayBytes);
  }
  std::vector<int64_t>& offsets = *out.offsets;
  std::vector<uint8_t>& heap = *out.heap;
  size_t heap_pos = heap.size();
  heap.resize(heap_pos + decoded_total);
  const size_t first_offset = offsets.size();
  offsets.resize(first_offset + num_values);
  const uint8_t* suffix = data.data() + suffix_bytes_at;
  size_t previous_start = heap_pos;
  for (size_t i = 0; i < num_values; ++i) {
    const size_t prefix = static_cast<size_t>(prefixes[i]);
    const size_t suffix_length = static_cast<size_t>(suffixes[i]);
    uint8_t* dest = heap.data() + heap_pos;
    if (prefix > 0) std::memcpy(dest, heap.data() + previous_start, prefix);
    if (suffix_length > 0) std::memcpy(dest + prefix, suffix, suffix_length);
    suffix += suffix_length;
    previous_start = heap_pos;
    heap_pos += prefix + suffix_length;
    offsets[first_offset + i] = static_cast<int64_t>(heap_pos);
  }
  return suffix_bytes_at + suffix_total;
}

void EncodeDeltaByteArray(ByteArrayView values, std::vector<uint8_t>* out) {
  const size_t count = values.size();
  std::vector<int32_t> prefixes(count);
  std::vector<int32_t> suffixes(count);
  std::string_view previous;
  for (size_t i = 0; i < count; ++i) {
    const std::string_view value = values[i];
    const size_t prefix = SharedPrefixLength(previous, value);
    prefixes[i] = static_cast<int32_t>(prefix);
    suffixes[i] = static_cast<int32_t>(value.size() - prefix);
    previous = value;
  }
  EncodeDeltaBinaryPacked(std::span<const int32_t>(prefixes), out);
  EncodeDeltaBinaryPacked(std::span<const int32_t>(suffixes), out);
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* value = values.data(i);
    out->insert(out->end(), value + prefixes[i], value + values.length(i));
  }
}

}  // namespace hindsight::parquet
