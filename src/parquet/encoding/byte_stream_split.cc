#include "parquet/encoding/byte_stream_split.h"

#include "parquet/encoding/encoding_error_internal.h"

namespace hindsight::parquet {
namespace {

constexpr std::string_view kEncodingName = "BYTE_STREAM_SPLIT";

// Width known at compile time for the numeric types, so the inner loops unroll.
template <size_t kWidth>
void Gather(const uint8_t* streams, size_t stream_length, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < kWidth; ++k) out[i * kWidth + k] = streams[k * stream_length + i];
  }
}

void GatherAnyWidth(const uint8_t* streams, size_t stream_length, size_t width, size_t count,
                    uint8_t* out) {
  for (size_t k = 0; k < width; ++k) {
    const uint8_t* stream = streams + k * stream_length;
    for (size_t i = 0; i < count; ++i) out[i * width + k] = stream[i];
  }
}

template <size_t kWidth>
void Scatter(const uint8_t* values, size_t count, uint8_t* streams) {
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < kWidth; ++k) streams[k * count + i] = values[i * kWidth + k];
  }
}

template <typename T>
Status DecodeTyped(std::span<const uint8_t> data, std::span<T> out) {
  return DecodeByteStreamSplit(
      data, sizeof(T),
      std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size_bytes()));
}

}  // namespace

Status DecodeByteStreamSplit(std::span<const uint8_t> data, size_t value_width,
                             std::span<uint8_t> out) {
  if (value_width == 0 || out.size() % value_width != 0) {
    return absl::InvalidArgumentError(StrCat("BYTE_STREAM_SPLIT output of ", out.size(),
                                             " bytes does not hold values of ", value_width,
                                             " bytes"));
  }
  if (data.size() % value_width != 0) {
    return CorruptEncoding(kEncodingName, 0, data.size(), " bytes do not split into ", value_width,
                           " streams");
  }
  const size_t stream_length = data.size() / value_width;
  const size_t count = out.size() / value_width;
  if (count > stream_length) {
    return CorruptEncoding(kEncodingName, 0, count, " values requested, the streams hold ",
                           stream_length);
  }
  switch (value_width) {
    case 4:
      Gather<4>(data.data(), stream_length, count, out.data());
      break;
    case 8:
      Gather<8>(data.data(), stream_length, count, out.data());
      break;
    default:
      GatherAnyWidth(data.data(), stream_length, value_width, count, out.data());
      break;
  }
  return absl::OkStatus();
}

Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<float> out) {
  return DecodeTyped(data, out);
}
Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<double> out) {
  return DecodeTyped(data, out);
}
Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<int32_t> out) {
  return DecodeTyped(data, out);
}
Status DecodeByteStreamSplit(std::span<const uint8_t> data, std::span<int64_t> out) {
  return DecodeTyped(data, out);
}

Status DecodeByteStreamSplitFixedLenByteArray(std::span<const uint8_t> data, size_t type_length,
                                              size_t num_values, ByteArrayOutput out) {
  if (type_length == 0) {
    return absl::InvalidArgumentError("FIXED_LEN_BYTE_ARRAY type_length must be positive");
  }
  if (num_values > data.size() / type_length) {
    return CorruptEncoding(kEncodingName, 0, num_values, " values of ", type_length,
                           " bytes requested, only ", data.size(), " bytes present");
  }
  std::vector<uint8_t>& heap = *out.heap;
  const size_t heap_start = heap.size();
  heap.resize(heap_start + num_values * type_length);
  const Status status = DecodeByteStreamSplit(
      data, type_length, std::span<uint8_t>(heap.data() + heap_start, num_values * type_length));
  if (!status.ok()) {
    heap.resize(heap_start);
    return status;
  }
  std::vector<int64_t>& offsets = *out.offsets;
  int64_t end = offsets.back();
  offsets.reserve(offsets.size() + num_values);
  for (size_t i = 0; i < num_values; ++i) {
    end += static_cast<int64_t>(type_length);
    offsets.push_back(end);
  }
  return absl::OkStatus();
}

void EncodeByteStreamSplit(std::span<const uint8_t> values, size_t value_width,
                           std::vector<uint8_t>* out) {
  const size_t count = values.size() / value_width;
  const size_t start = out->size();
  out->resize(start + values.size());
  uint8_t* streams = out->data() + start;
  switch (value_width) {
    case 4:
      Scatter<4>(values.data(), count, streams);
      break;
    case 8:
      Scatter<8>(values.data(), count, streams);
      break;
    default:
      for (size_t k = 0; k < value_width; ++k) {
        for (size_t i = 0; i < count; ++i) streams[k * count + i] = values[i * value_width + k];
      }
      break;
  }
}

}  // namespace hindsight::parquet
