#include "parquet/reader/value_decoder.h"

#include <algorithm>
#include <string>

#include "parquet/encoding/byte_array.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_byte_array.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "parquet/format/enum_names.h"
#include "util/str_cat.h"

namespace hindsight::parquet {

using format::EncodingName;
namespace {

using format::Encoding;
using format::Type;

// Values decoded per step by the encodings that can expand (dictionary indices, RLE
// booleans, deltas): output grows with what the data really holds, and the index
// scratch stays small.
constexpr size_t kValueBatch = size_t{1} << 16;

Status Unsupported(const LeafColumn& leaf, Encoding encoding) {
  return absl::DataLossError(StrCat("encoding ", EncodingName(encoding),
                                    " does not apply to physical type ",
                                    static_cast<int32_t>(leaf.physical_type)));
}

size_t FlbaWidth(const LeafColumn& leaf) {
  return leaf.physical_type == Type::INT96 ? kInt96Size : static_cast<size_t>(leaf.type_length);
}

// Grows a fixed-width column by `count` values and returns the new tail.
template <typename T>
std::span<T> Extend(Column* out, size_t count) {
  const size_t start = static_cast<size_t>(out->length);
  out->values.resize((start + count) * sizeof(T));
  out->length = static_cast<int64_t>(start + count);
  return {reinterpret_cast<T*>(out->values.data()) + start, count};
}

template <typename T>
void Shrink(Column* out, size_t length) {
  out->values.resize(length * sizeof(T));
  out->length = static_cast<int64_t>(length);
}

ByteArrayOutput BinaryOutput(Column* out) { return {&out->offsets, &out->values}; }

// Sets the length of a kBinary column after a decoder appended offsets.
void SyncBinaryLength(Column* out) { out->length = static_cast<int64_t>(out->offsets.size()) - 1; }

template <typename T>
Status DecodePlainFixed(std::span<const uint8_t> data, size_t count, Column* out) {
  if (count > data.size() / sizeof(T)) {
    return absl::DataLossError(
        StrCat("PLAIN data holds ", data.size() / sizeof(T), " values, the page needs ", count));
  }
  const std::span<T> target = Extend<T>(out, count);
  return DecodePlain(data, target).status();
}

template <typename T>
Status DecodeByteStreamSplitFixed(std::span<const uint8_t> data, size_t count, Column* out) {
  if (count > data.size() / sizeof(T)) {
    return absl::DataLossError(StrCat("BYTE_STREAM_SPLIT data holds ", data.size() / sizeof(T),
                                      " values, the page needs ", count));
  }
  return DecodeByteStreamSplit(data, Extend<T>(out, count));
}

template <typename T>
Status DecodeDelta(std::span<const uint8_t> data, size_t count, Column* out) {
  HS_ASSIGN_OR_RETURN(DeltaBinaryPackedDecoder<T> decoder, DeltaBinaryPackedDecoder<T>::Make(data));
  const size_t start = static_cast<size_t>(out->length);
  for (size_t done = 0; done < count;) {
    const size_t batch = std::min(count - done, kValueBatch);
    if (Status status = decoder.Decode(Extend<T>(out, batch)); !status.ok()) {
      Shrink<T>(out, start);
      return status;
    }
    done += batch;
  }
  return absl::OkStatus();
}

// Dictionary indices of a data page, gathered batch by batch into the fixed-width tail.
template <typename T>
Status GatherFixed(std::span<const uint8_t> data, size_t count, const Dictionary& dictionary,
                   Column* out, std::vector<uint32_t>* scratch) {
  HS_ASSIGN_OR_RETURN(RleBitPackedDecoder indices, MakeDictionaryIndexDecoder(data));
  const std::span<const T> entries(reinterpret_cast<const T*>(dictionary.values.data()),
                                   static_cast<size_t>(dictionary.size));
  scratch->resize(std::min(count, kValueBatch));
  for (size_t done = 0; done < count;) {
    const size_t batch = std::min(count - done, kValueBatch);
    const std::span<uint32_t> index_batch(scratch->data(), batch);
    HS_RETURN_IF_ERROR(indices.Decode(index_batch));
    HS_RETURN_IF_ERROR(GatherDictionary(entries, index_batch, Extend<T>(out, batch)));
    done += batch;
  }
  return absl::OkStatus();
}

Status GatherBinary(std::span<const uint8_t> data, size_t count, const Dictionary& dictionary,
                    Column* out, std::vector<uint32_t>* scratch) {
  HS_ASSIGN_OR_RETURN(RleBitPackedDecoder indices, MakeDictionaryIndexDecoder(data));
  const ByteArrayView entries = ViewOf(dictionary.offsets, dictionary.values);
  const size_t heap_start = out->values.size();
  scratch->resize(std::min(count, kValueBatch));
  for (size_t done = 0; done < count;) {
    const size_t batch = std::min(count - done, kValueBatch);
    const std::span<uint32_t> index_batch(scratch->data(), batch);
    HS_RETURN_IF_ERROR(indices.Decode(index_batch));
    HS_RETURN_IF_ERROR(GatherDictionary(entries, index_batch, BinaryOutput(out)));
    SyncBinaryLength(out);
    if (out->values.size() - heap_start > kMaxDecodedByteArrayBytes) {
      return absl::DataLossError(StrCat("dictionary-encoded byte arrays of one page decode to ",
                                        "more than ", kMaxDecodedByteArrayBytes, " bytes"));
    }
    done += batch;
  }
  return absl::OkStatus();
}

Status DecodeRleBooleans(std::span<const uint8_t> data, size_t count, Column* out) {
  HS_ASSIGN_OR_RETURN(std::span<const uint8_t> runs, SplitRleLengthPrefix(data));
  HS_ASSIGN_OR_RETURN(RleBitPackedDecoder decoder, RleBitPackedDecoder::Make(runs, 1));
  const size_t start = static_cast<size_t>(out->length);
  for (size_t done = 0; done < count;) {
    const size_t batch = std::min(count - done, kValueBatch);
    if (Status status = decoder.Decode(Extend<uint8_t>(out, batch)); !status.ok()) {
      Shrink<uint8_t>(out, start);
      return status;
    }
    done += batch;
  }
  return absl::OkStatus();
}

Status DecodeDictionaryIndexed(const LeafColumn& leaf, std::span<const uint8_t> data, size_t count,
                               const Dictionary* dictionary, Column* out,
                               std::vector<uint32_t>* scratch) {
  if (dictionary == nullptr) {
    return absl::DataLossError("dictionary-encoded data page but the chunk has no dictionary page");
  }
  switch (leaf.physical_type) {
    case Type::BOOLEAN:
      return GatherFixed<uint8_t>(data, count, *dictionary, out, scratch);
    case Type::INT32:
      return GatherFixed<int32_t>(data, count, *dictionary, out, scratch);
    case Type::INT64:
      return GatherFixed<int64_t>(data, count, *dictionary, out, scratch);
    case Type::FLOAT:
      return GatherFixed<float>(data, count, *dictionary, out, scratch);
    case Type::DOUBLE:
      return GatherFixed<double>(data, count, *dictionary, out, scratch);
    default:
      return GatherBinary(data, count, *dictionary, out, scratch);
  }
}

Status DecodePlainValues(const LeafColumn& leaf, std::span<const uint8_t> data, size_t count,
                         Column* out) {
  switch (leaf.physical_type) {
    case Type::BOOLEAN: {
      if (count > data.size() * 8) {
        return absl::DataLossError(
            StrCat("PLAIN booleans: ", data.size(), " bytes hold fewer than ", count, " values"));
      }
      return DecodePlainBoolean(data, Extend<uint8_t>(out, count)).status();
    }
    case Type::INT32:
      return DecodePlainFixed<int32_t>(data, count, out);
    case Type::INT64:
      return DecodePlainFixed<int64_t>(data, count, out);
    case Type::FLOAT:
      return DecodePlainFixed<float>(data, count, out);
    case Type::DOUBLE:
      return DecodePlainFixed<double>(data, count, out);
    case Type::BYTE_ARRAY: {
      HS_RETURN_IF_ERROR(DecodePlainByteArray(data, count, BinaryOutput(out)).status());
      SyncBinaryLength(out);
      return absl::OkStatus();
    }
    case Type::INT96:
    case Type::FIXED_LEN_BYTE_ARRAY: {
      HS_RETURN_IF_ERROR(
          DecodePlainFixedLenByteArray(data, FlbaWidth(leaf), count, BinaryOutput(out)).status());
      SyncBinaryLength(out);
      return absl::OkStatus();
    }
  }
  return Unsupported(leaf, Encoding::PLAIN);
}

// DELTA_BYTE_ARRAY of a FIXED_LEN_BYTE_ARRAY leaf must rebuild values of its width.
Status CheckFixedLengths(const LeafColumn& leaf, const Column& out, size_t first) {
  const int64_t width = static_cast<int64_t>(FlbaWidth(leaf));
  for (size_t i = first; i + 1 < out.offsets.size(); ++i) {
    if (out.offsets[i + 1] - out.offsets[i] != width) {
      return absl::DataLossError(StrCat("DELTA_BYTE_ARRAY value ", i - first, " has ",
                                        out.offsets[i + 1] - out.offsets[i],
                                        " bytes, the column's fixed length is ", width));
    }
  }
  return absl::OkStatus();
}

}  // namespace

Column EmptyValues(const LeafColumn& leaf) {
  Column column;
  column.type = leaf.column_type;
  if (column.type == ColumnType::kBinary) column.offsets.push_back(0);
  return column;
}

StatusOr<Dictionary> DecodeDictionaryPage(const LeafColumn& leaf,
                                          const format::DictionaryPageHeader& header,
                                          std::span<const uint8_t> body) {
  if (header.encoding != Encoding::PLAIN && header.encoding != Encoding::PLAIN_DICTIONARY) {
    return absl::DataLossError(StrCat("dictionary page encoding ", EncodingName(header.encoding),
                                      " is not PLAIN or PLAIN_DICTIONARY"));
  }
  if (header.num_values < 0) {
    return absl::DataLossError(
        StrCat("dictionary page declares a negative number of values (", header.num_values, ")"));
  }
  const size_t count = static_cast<size_t>(header.num_values);
  // Every PLAIN value takes at least one bit (booleans) or one byte (the others have a
  // width or a 4-byte length), which bounds what a header can make us allocate.
  const size_t least_bits = leaf.physical_type == Type::BOOLEAN ? 1 : 8;
  if (count > body.size() * 8 / least_bits) {
    return absl::DataLossError(
        StrCat("dictionary page declares ", count, " values in ", body.size(), " bytes"));
  }
  Column decoded = EmptyValues(leaf);
  HS_RETURN_IF_ERROR(DecodePlainValues(leaf, body, count, &decoded));
  Dictionary dictionary;
  dictionary.size = decoded.length;
  dictionary.values = std::move(decoded.values);
  dictionary.offsets = std::move(decoded.offsets);
  return dictionary;
}

Status DecodeValues(const LeafColumn& leaf, Encoding encoding, std::span<const uint8_t> data,
                    size_t count, const Dictionary* dictionary, Column* out,
                    std::vector<uint32_t>* scratch) {
  const Type type = leaf.physical_type;
  switch (encoding) {
    case Encoding::PLAIN:
      return DecodePlainValues(leaf, data, count, out);
    case Encoding::PLAIN_DICTIONARY:
    case Encoding::RLE_DICTIONARY:
      return DecodeDictionaryIndexed(leaf, data, count, dictionary, out, scratch);
    case Encoding::RLE:
      if (type != Type::BOOLEAN) return Unsupported(leaf, encoding);
      return DecodeRleBooleans(data, count, out);
    case Encoding::DELTA_BINARY_PACKED:
      if (type == Type::INT32) return DecodeDelta<int32_t>(data, count, out);
      if (type == Type::INT64) return DecodeDelta<int64_t>(data, count, out);
      return Unsupported(leaf, encoding);
    case Encoding::DELTA_LENGTH_BYTE_ARRAY:
      if (type != Type::BYTE_ARRAY) return Unsupported(leaf, encoding);
      HS_RETURN_IF_ERROR(DecodeDeltaLengthByteArray(data, count, BinaryOutput(out)).status());
      SyncBinaryLength(out);
      return absl::OkStatus();
    case Encoding::DELTA_BYTE_ARRAY: {
      if (type != Type::BYTE_ARRAY && type != Type::FIXED_LEN_BYTE_ARRAY) {
        return Unsupported(leaf, encoding);
      }
      const size_t first = out->offsets.size() - 1;
      HS_RETURN_IF_ERROR(DecodeDeltaByteArray(data, count, BinaryOutput(out)).status());
      SyncBinaryLength(out);
      if (type == Type::FIXED_LEN_BYTE_ARRAY) return CheckFixedLengths(leaf, *out, first);
      return absl::OkStatus();
    }
    case Encoding::BYTE_STREAM_SPLIT:
      switch (type) {
        case Type::INT32:
          return DecodeByteStreamSplitFixed<int32_t>(data, count, out);
        case Type::INT64:
          return DecodeByteStreamSplitFixed<int64_t>(data, count, out);
        case Type::FLOAT:
          return DecodeByteStreamSplitFixed<float>(data, count, out);
        case Type::DOUBLE:
          return DecodeByteStreamSplitFixed<double>(data, count, out);
        case Type::FIXED_LEN_BYTE_ARRAY:
          HS_RETURN_IF_ERROR(DecodeByteStreamSplitFixedLenByteArray(data, FlbaWidth(leaf), count,
                                                                    BinaryOutput(out)));
          SyncBinaryLength(out);
          return absl::OkStatus();
        default:
          return Unsupported(leaf, encoding);
      }
    case Encoding::BIT_PACKED:
      break;
  }
  return absl::DataLossError(StrCat("unsupported value encoding ", EncodingName(encoding)));
}

}  // namespace hindsight::parquet
