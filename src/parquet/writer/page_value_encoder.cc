#include "parquet/writer/page_value_encoder.h"

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
namespace {

using format::Encoding;
using format::EncodingName;
using format::Type;

bool EncodingFits(Type type, Encoding encoding) {
  switch (encoding) {
    case Encoding::PLAIN:
      return true;
    case Encoding::RLE:
      return type == Type::BOOLEAN;
    case Encoding::RLE_DICTIONARY:
      return type != Type::BOOLEAN;
    case Encoding::DELTA_BINARY_PACKED:
      return type == Type::INT32 || type == Type::INT64;
    case Encoding::BYTE_STREAM_SPLIT:
      return type == Type::INT32 || type == Type::INT64 || type == Type::FLOAT ||
             type == Type::DOUBLE || type == Type::FIXED_LEN_BYTE_ARRAY;
    case Encoding::DELTA_LENGTH_BYTE_ARRAY:
      return type == Type::BYTE_ARRAY;
    case Encoding::DELTA_BYTE_ARRAY:
      return type == Type::BYTE_ARRAY || type == Type::FIXED_LEN_BYTE_ARRAY;
    default:
      return false;
  }
}

template <typename T>
std::span<const T> TypedValues(const Column& values) {
  return values.Values<T>();
}

ByteArrayView BinaryValues(const Column& values) { return ViewOf(values.offsets, values.values); }

template <typename T>
std::unique_ptr<DictionaryBuilder<T>> NewDictionary(const LeafColumn& leaf, Type type,
                                                    size_t max_bytes) {
  if (leaf.physical_type != type) return nullptr;
  return std::make_unique<DictionaryBuilder<T>>(max_bytes);
}

}  // namespace

Status CheckPageEncoding(const LeafColumn& leaf, format::Encoding encoding) {
  if (EncodingFits(leaf.physical_type, encoding)) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("column '", leaf.dotted_path,
                                           "': ", EncodingName(encoding),
                                           " cannot encode its physical type"));
}

PageValueEncoder::PageValueEncoder(const LeafColumn& leaf, format::Encoding encoding,
                                   size_t max_dictionary_bytes)
    : leaf_(leaf), encoding_(encoding), max_dictionary_bytes_(max_dictionary_bytes) {
  Reset();
}

void PageValueEncoder::Reset() {
  dictionary_full_ = false;
  dictionary_used_ = false;
  if (encoding_ != Encoding::RLE_DICTIONARY) return;
  const size_t limit = max_dictionary_bytes_;
  int32_dictionary_ = NewDictionary<int32_t>(leaf_, Type::INT32, limit);
  int64_dictionary_ = NewDictionary<int64_t>(leaf_, Type::INT64, limit);
  float_dictionary_ = NewDictionary<float>(leaf_, Type::FLOAT, limit);
  double_dictionary_ = NewDictionary<double>(leaf_, Type::DOUBLE, limit);
  if (leaf_.column_type == ColumnType::kBinary) {
    byte_array_dictionary_ = std::make_unique<ByteArrayDictionaryBuilder>(limit);
  }
}

bool PageValueEncoder::MapToDictionary(const Column& values) {
  const auto count = static_cast<size_t>(values.length);
  if (indices_.size() < count) indices_.resize(count);
  const std::span<uint32_t> indices(indices_.data(), count);
  size_t mapped = 0;
  switch (leaf_.column_type) {
    case ColumnType::kInt32:
      mapped = int32_dictionary_->Map(TypedValues<int32_t>(values), indices);
      break;
    case ColumnType::kInt64:
      mapped = int64_dictionary_->Map(TypedValues<int64_t>(values), indices);
      break;
    case ColumnType::kFloat:
      mapped = float_dictionary_->Map(TypedValues<float>(values), indices);
      break;
    case ColumnType::kDouble:
      mapped = double_dictionary_->Map(TypedValues<double>(values), indices);
      break;
    case ColumnType::kBinary:
      mapped = byte_array_dictionary_->Map(BinaryValues(values), indices);
      break;
    default:
      return false;
  }
  return mapped == count;
}

size_t PageValueEncoder::dictionary_size() const {
  if (int32_dictionary_) return int32_dictionary_->size();
  if (int64_dictionary_) return int64_dictionary_->size();
  if (float_dictionary_) return float_dictionary_->size();
  if (double_dictionary_) return double_dictionary_->size();
  if (byte_array_dictionary_) return byte_array_dictionary_->size();
  return 0;
}

void PageValueEncoder::EncodeDictionary(std::vector<uint8_t>* out) const {
  if (int32_dictionary_) {
    EncodePlain(int32_dictionary_->values(), out);
  } else if (int64_dictionary_) {
    EncodePlain(int64_dictionary_->values(), out);
  } else if (float_dictionary_) {
    EncodePlain(float_dictionary_->values(), out);
  } else if (double_dictionary_) {
    EncodePlain(double_dictionary_->values(), out);
  } else if (byte_array_dictionary_) {
    if (leaf_.physical_type == Type::BYTE_ARRAY) {
      EncodePlainByteArray(byte_array_dictionary_->values(), out);
    } else {
      EncodePlainFixedLenByteArray(byte_array_dictionary_->values(), out);
    }
  }
}

format::Encoding PageValueEncoder::Encode(const Column& values, std::vector<uint8_t>* out) {
  if (encoding_ == Encoding::RLE_DICTIONARY && !dictionary_full_) {
    if (MapToDictionary(values)) {
      dictionary_used_ = true;
      EncodeDictionaryIndices(std::span<const uint32_t>(indices_.data(), values.length),
                              dictionary_size(), out);
      return Encoding::RLE_DICTIONARY;
    }
    dictionary_full_ = true;
  }
  const Encoding encoding = encoding_ == Encoding::RLE_DICTIONARY ? Encoding::PLAIN : encoding_;
  EncodeFixed(encoding, values, out);
  return encoding;
}

void PageValueEncoder::EncodeFixed(format::Encoding encoding, const Column& values,
                                   std::vector<uint8_t>* out) {
  const ColumnType type = leaf_.column_type;
  switch (encoding) {
    case Encoding::RLE:
      EncodeRleBitPackedLengthPrefixed(TypedValues<uint8_t>(values), 1, out);
      return;
    case Encoding::DELTA_BINARY_PACKED:
      if (type == ColumnType::kInt32) {
        EncodeDeltaBinaryPacked(TypedValues<int32_t>(values), out);
      } else {
        EncodeDeltaBinaryPacked(TypedValues<int64_t>(values), out);
      }
      return;
    case Encoding::BYTE_STREAM_SPLIT:
      if (type == ColumnType::kBinary) {
        const auto width = static_cast<size_t>(leaf_.type_length);
        EncodeByteStreamSplit(std::span<const uint8_t>(values.values.data(), values.length * width),
                              width, out);
      } else {
        const size_t width = FixedWidth(type);
        EncodeByteStreamSplit(std::span<const uint8_t>(values.values.data(), values.length * width),
                              width, out);
      }
      return;
    case Encoding::DELTA_LENGTH_BYTE_ARRAY:
      EncodeDeltaLengthByteArray(BinaryValues(values), out);
      return;
    case Encoding::DELTA_BYTE_ARRAY:
      EncodeDeltaByteArray(BinaryValues(values), out);
      return;
    default:
      break;
  }
  switch (type) {
    case ColumnType::kBool:
      EncodePlainBoolean(TypedValues<uint8_t>(values), out);
      break;
    case ColumnType::kInt32:
      EncodePlain(TypedValues<int32_t>(values), out);
      break;
    case ColumnType::kInt64:
      EncodePlain(TypedValues<int64_t>(values), out);
      break;
    case ColumnType::kFloat:
      EncodePlain(TypedValues<float>(values), out);
      break;
    case ColumnType::kDouble:
      EncodePlain(TypedValues<double>(values), out);
      break;
    case ColumnType::kBinary:
      if (leaf_.physical_type == Type::BYTE_ARRAY) {
        EncodePlainByteArray(BinaryValues(values), out);
      } else {
        EncodePlainFixedLenByteArray(BinaryValues(values), out);
      }
      break;
    default:
      break;
  }
}

}  // namespace hindsight::parquet
