#include "parquet/encoding/plain.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/encoding_error_internal.h"
#include "parquet/encoding/wire_integers.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "PLAIN";

template <typename T>
StatusOr<size_t> DecodeFixedWidth(std::span<const uint8_t> data, std::span<T> out) {
  const size_t count = out.size();
  if (count > data.size() / sizeof(T)) {
    return CorruptEncoding(kEncodingName, 0, count, " values of ", sizeof(T), " bytes need ",
                           count * sizeof(T), " bytes, only ", data.size(), " present");
  }
  const size_t bytes = count * sizeof(T);
  if (bytes > 0) std::memcpy(out.data(), data.data(), bytes);
  return bytes;
}

template <typename T>
void EncodeFixedWidth(std::span<const T> values, std::vector<uint8_t>* out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(values.data());
  out->insert(out->end(), bytes, bytes + values.size_bytes());
}

}  // namespace

StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<int32_t> out) {
  return DecodeFixedWidth(data, out);
}
StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<int64_t> out) {
  return DecodeFixedWidth(data, out);
}
StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<float> out) {
  return DecodeFixedWidth(data, out);
}
StatusOr<size_t> DecodePlain(std::span<const uint8_t> data, std::span<double> out) {
  return DecodeFixedWidth(data, out);
}

StatusOr<size_t> DecodePlainBoolean(std::span<const uint8_t> data, std::span<uint8_t> out) {
  const size_t count = out.size();
  const size_t bytes = (count + 7) / 8;
  if (bytes > data.size()) {
    return CorruptEncoding(kEncodingName, 0, count, " booleans need ", bytes, " bytes, only ",
                           data.size(), " present");
  }
  const size_t whole = count / kBitPackGroupSize * kBitPackGroupSize;
  UnpackBits(data, 1, out.first(whole));
  if (whole < count) {
    uint8_t last_group[kBitPackGroupSize];
    UnpackBits(data.subspan(whole / 8, 1), 1, std::span<uint8_t>(last_group));
    std::copy_n(last_group, count - whole, out.data() + whole);
  }
  return bytes;
}

StatusOr<size_t> DecodePlainByteArray(std::span<const uint8_t> data, size_t num_values,
                                      ByteArrayOutput out) {
  if (num_values > data.size() / kByteArrayLengthSize) {
    return CorruptEncoding(kEncodingName, 0, num_values, " byte arrays need at least ",
                           num_values * kByteArrayLengthSize, " bytes, only ", data.size(),
                           " present");
  }
  // First pass: validate the lengths and compute the offsets, so the heap grows once.
  std::vector<int64_t>& offsets = *out.offsets;
  const size_t first_offset = offsets.size();
  offsets.resize(first_offset + num_values);
  int64_t heap_end = offsets[first_offset - 1];
  size_t pos = 0;
  for (size_t i = 0; i < num_values; ++i) {
    if (data.size() - pos < kByteArrayLengthSize) {
      offsets.resize(first_offset);
      return CorruptEncoding(kEncodingName, pos, "byte array ", i, " of ", num_values,
                             " has a truncated length");
    }
    const uint32_t length = LoadLittleEndian32(data.data() + pos);
    pos += kByteArrayLengthSize;
    if (length > data.size() - pos) {
      offsets.resize(first_offset);
      return CorruptEncoding(kEncodingName, pos - kByteArrayLengthSize, "byte array ", i,
                             " of length ", length, " runs past the end (", data.size() - pos,
                             " bytes remain)");
    }
    pos += length;
    heap_end += length;
    offsets[first_offset + i] = heap_end;
  }
  std::vector<uint8_t>& heap = *out.heap;
  size_t heap_pos = heap.size();
  heap.resize(static_cast<size_t>(heap_end));
  pos = 0;
  for (size_t i = 0; i < num_values; ++i) {
    const uint32_t length = LoadLittleEndian32(data.data() + pos);
    pos += kByteArrayLengthSize;
    if (length > 0) std::memcpy(heap.data() + heap_pos, data.data() + pos, length);
    pos += length;
    heap_pos += length;
  }
  return pos;
}

StatusOr<size_t> DecodePlainFixedLenByteArray(std::span<const uint8_t> data, size_t type_length,
                                              size_t num_values, ByteArrayOutput out) {
  if (type_length == 0) {
    return absl::InvalidArgumentError("FIXED_LEN_BYTE_ARRAY type_length must be positive");
  }
  if (num_values > data.size() / type_length) {
    return CorruptEncoding(kEncodingName, 0, num_values, " values of ", type_length, " bytes need ",
                           num_values * type_length, " bytes, only ", data.size(), " present");
  }
  const size_t bytes = num_values * type_length;
  std::vector<int64_t>& offsets = *out.offsets;
  const size_t first_offset = offsets.size();
  offsets.resize(first_offset + num_values);
  int64_t heap_end = offsets[first_offset - 1];
  for (size_t i = 0; i < num_values; ++i) {
    heap_end += static_cast<int64_t>(type_length);
    offsets[first_offset + i] = heap_end;
  }
  out.heap->insert(out.heap->end(), data.begin(), data.begin() + bytes);
  return bytes;
}

void EncodePlain(std::span<const int32_t> values, std::vector<uint8_t>* out) {
  EncodeFixedWidth(values, out);
}
void EncodePlain(std::span<const int64_t> values, std::vector<uint8_t>* out) {
  EncodeFixedWidth(values, out);
}
void EncodePlain(std::span<const float> values, std::vector<uint8_t>* out) {
  EncodeFixedWidth(values, out);
}
void EncodePlain(std::span<const double> values, std::vector<uint8_t>* out) {
  EncodeFixedWidth(values, out);
}

void EncodePlainBoolean(std::span<const uint8_t> values, std::vector<uint8_t>* out) {
  const size_t count = values.size();
  const size_t start = out->size();
  out->resize(start + (count + 7) / 8);
  std::span<uint8_t> packed(out->data() + start, (count + 7) / 8);
  const size_t whole = count / kBitPackGroupSize * kBitPackGroupSize;
  PackBits(values.first(whole), 1, packed);
  if (whole < count) {
    uint8_t last_group[kBitPackGroupSize] = {};
    std::copy(values.begin() + whole, values.end(), last_group);
    PackBits(std::span<const uint8_t>(last_group), 1, packed.subspan(whole / 8));
  }
}

void EncodePlainByteArray(ByteArrayView values, std::vector<uint8_t>* out) {
  const size_t count = values.size();
  const size_t payload = values.offsets.empty()
                             ? 0
                             : static_cast<size_t>(values.offsets.back() - values.offsets.front());
  size_t pos = out->size();
  out->resize(pos + count * kByteArrayLengthSize + payload);
  uint8_t* dest = out->data();
  for (size_t i = 0; i < count; ++i) {
    const uint32_t length = static_cast<uint32_t>(values.length(i));
    std::memcpy(dest + pos, &length, sizeof(length));
    pos += kByteArrayLengthSize;
    if (length > 0) std::memcpy(dest + pos, values.data(i), length);
    pos += length;
  }
}

void EncodePlainFixedLenByteArray(ByteArrayView values, std::vector<uint8_t>* out) {
  if (values.size() == 0) return;
  const uint8_t* begin = values.heap.data() + values.offsets.front();
  out->insert(out->end(), begin, values.heap.data() + values.offsets.back());
}

}  // namespace hindsight::parquet
