#include "parquet/encoding/delta_length_byte_array.h"

#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/encoding_error_internal.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "DELTA_LENGTH_BYTE_ARRAY";

// Lengths are decoded this many at a time, on the stack.
constexpr size_t kLengthChunk = 256;

}  // namespace

StatusOr<size_t> DecodeDeltaLengthByteArray(std::span<const uint8_t> data, size_t num_values,
                                            ByteArrayOutput out) {
  HS_ASSIGN_OR_RETURN(auto lengths, DeltaBinaryPackedDecoder<int32_t>::Make(data));
  if (lengths.total_values() != num_values) {
    return CorruptEncoding(kEncodingName, 0, "length stream holds ", lengths.total_values(),
                           " lengths, expected ", num_values);
  }
  std::vector<int64_t>& offsets = *out.offsets;
  const size_t first_offset = offsets.size();
  const int64_t heap_start = offsets[first_offset - 1];
  offsets.resize(first_offset + num_values);
  int64_t heap_end = heap_start;
  int32_t chunk[kLengthChunk];
  for (size_t done = 0; done < num_values;) {
    const size_t count = std::min(kLengthChunk, num_values - done);
    if (Status status = lengths.Decode(std::span<int32_t>(chunk, count)); !status.ok()) {
      offsets.resize(first_offset);
      return status;
    }
    for (size_t i = 0; i < count; ++i) {
      if (chunk[i] < 0) {
        offsets.resize(first_offset);
        return CorruptEncoding(kEncodingName, 0, "length of value ", done + i, " is negative (",
                               chunk[i], ")");
      }
      heap_end += chunk[i];
      offsets[first_offset + done + i] = heap_end;
    }
    done += count;
  }
  const size_t bytes_at = lengths.bytes_consumed();
  const uint64_t total = static_cast<uint64_t>(heap_end - heap_start);
  if (total > data.size() - bytes_at) {
    offsets.resize(first_offset);
    return CorruptEncoding(kEncodingName, bytes_at, "lengths add up to ", total, " bytes, only ",
                           data.size() - bytes_at, " remain");
  }
  out.heap->insert(out.heap->end(), data.begin() + bytes_at, data.begin() + bytes_at + total);
  return bytes_at + total;
}

void EncodeDeltaLengthByteArray(ByteArrayView values, std::vector<uint8_t>* out) {
  std::vector<int32_t> lengths(values.size());
  for (size_t i = 0; i < values.size(); ++i) lengths[i] = static_cast<int32_t>(values.length(i));
  EncodeDeltaBinaryPacked(std::span<const int32_t>(lengths), out);
  if (values.size() > 0) {
    out->insert(out->end(), values.heap.data() + values.offsets.front(),
                values.heap.data() + values.offsets.back());
  }
}

}  // namespace hindsight::parquet
