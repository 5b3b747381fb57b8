#include "parquet/format/thrift_compact.h"

#include <bit>
#include <limits>

#include "util/str_cat.h"

namespace hindsight::parquet::format {
namespace {

// A ULEB128 varint carries 7 payload bits per byte.
constexpr int kMaxVarint64Bytes = 10;  // ceil(64 / 7)
constexpr int kMaxVarint32Bytes = 5;   // ceil(32 / 7)
constexpr uint8_t kVarintContinuation = 0x80;
constexpr uint8_t kVarintPayload = 0x7F;

// Field header byte: delta in the high nibble, type in the low nibble; a delta of 0
// means the field id follows as a zigzag varint.
constexpr int kMaxFieldIdDelta = 15;
// List header byte: size in the high nibble; 0xF means the size follows as a varint.
constexpr uint32_t kListSizeInVarint = 15;
constexpr uint8_t kLowNibble = 0x0F;
constexpr size_t kDoubleBytes = 8;
constexpr size_t kUuidBytes = 16;
constexpr uint8_t kLargestCompactType = static_cast<uint8_t>(CompactType::kUuid);

// Smallest encoding of one value of `type`, used to cap declared element counts.
size_t MinEncodedSize(CompactType type) {
  switch (type) {
    case CompactType::kDouble:
      return kDoubleBytes;
    case CompactType::kUuid:
      return kUuidBytes;
    default:
      return 1;
  }
}

}  // namespace

std::string_view CompactTypeName(CompactType type) {
  switch (type) {
    case CompactType::kStop:
      return "stop";
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return "bool";
    case CompactType::kI8:
      return "i8";
    case CompactType::kI16:
      return "i16";
    case CompactType::kI32:
      return "i32";
    case CompactType::kI64:
      return "i64";
    case CompactType::kDouble:
      return "double";
    case CompactType::kBinary:
      return "binary";
    case CompactType::kList:
      return "list";
    case CompactType::kSet:
      return "set";
    case CompactType::kMap:
      return "map";
    case CompactType::kStruct:
      return "struct";
    case CompactType::kUuid:
      return "uuid";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------
// CompactReader

CompactReader::CompactReader(std::span<const uint8_t> bytes, uint64_t base_offset)
    : bytes_(bytes), base_offset_(base_offset) {}

Status CompactReader::ErrorHere(std::string_view what) const {
  return absl::DataLossError(StrCat("Thrift compact: ", what, " at offset ", offset()));
}

StatusOr<uint8_t> CompactReader::ReadByte() {
  if (position_ >= bytes_.size()) return ErrorHere("unexpected end of data");
  return bytes_[position_++];
}

StatusOr<CompactType> CompactReader::ToCompactType(uint8_t nibble, size_t at) const {
  if (nibble > kLargestCompactType) {
    return absl::DataLossError(
        StrCat("Thrift compact: invalid wire type ", nibble, " at offset ", base_offset_ + at));
  }
  return static_cast<CompactType>(nibble);
}

Status CompactReader::EnterNesting() {
  if (depth_ >= kMaxCompactNestingDepth) {
    return ErrorHere(StrCat("nesting deeper than ", kMaxCompactNestingDepth));
  }
  ++depth_;
  return absl::OkStatus();
}

Status CompactReader::CheckElementCount(uint64_t count, CompactType type, size_t at) const {
  if (count > remaining() / MinEncodedSize(type)) {
    return absl::DataLossError(StrCat(
        "Thrift compact: container of ", count, " ", CompactTypeName(type), " elements at offset ",
        base_offset_ + at, " is longer than the ", remaining(), " bytes left"));
  }
  return absl::OkStatus();
}

StatusOr<uint64_t> CompactReader::ReadVarint64() {
  const size_t start = position_;
  uint64_t value = 0;
  for (int i = 0; i < kMaxVarint64Bytes; ++i) {
    HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
    const uint64_t payload = byte & kVarintPayload;
    if (i == kMaxVarint64Bytes - 1 && payload > 1) {
      position_ = start;
      return ErrorHere("varint overflows 64 bits");
    }
    value |= payload << (7 * i);
    if ((byte & kVarintContinuation) == 0) return value;
  }
  position_ = start;
  return ErrorHere(StrCat("varint longer than ", kMaxVarint64Bytes, " bytes"));
}

StatusOr<uint32_t> CompactReader::ReadVarint32() {
  const size_t start = position_;
  uint32_t value = 0;
  for (int i = 0; i < kMaxVarint32Bytes; ++i) {
    HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
    const uint32_t payload = byte & kVarintPayload;
    if (i == kMaxVarint32Bytes - 1 && payload > kLowNibble) {
      position_ = start;
      return ErrorHere("varint overflows 32 bits");
    }
    value |= payload << (7 * i);
    if ((byte & kVarintContinuation) == 0) return value;
  }
  position_ = start;
  return ErrorHere(StrCat("varint longer than ", kMaxVarint32Bytes, " bytes"));
}

Status CompactReader::ReadStructBegin() {
  HS_RETURN_IF_ERROR(EnterNesting());
  last_field_ids_.push_back(0);
  return absl::OkStatus();
}

void CompactReader::ReadStructEnd() {
  if (!last_field_ids_.empty()) last_field_ids_.pop_back();
  if (depth_ > 0) --depth_;
}

StatusOr<CompactFieldHeader> CompactReader::ReadFieldHeader() {
  pending_bool_ = PendingBool::kNone;
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
  if (byte == 0) return CompactFieldHeader{};
  HS_ASSIGN_OR_RETURN(CompactType type, ToCompactType(byte & kLowNibble, start));
  if (type == CompactType::kStop) {
    position_ = start;
    return ErrorHere(StrCat("STOP byte with field delta ", byte >> 4));
  }
  if (last_field_ids_.empty()) {
    position_ = start;
    return ErrorHere("field header outside a struct");
  }
  int16_t& last_id = last_field_ids_.back();
  int16_t id = 0;
  const int delta = byte >> 4;
  if (delta != 0) {
    const int32_t wide_id = int32_t{last_id} + delta;
    if (wide_id > std::numeric_limits<int16_t>::max()) {
      position_ = start;
      return ErrorHere("field id overflows i16");
    }
    id = static_cast<int16_t>(wide_id);
  } else {
    HS_ASSIGN_OR_RETURN(id, ReadI16());
  }
  last_id = id;
  if (type == CompactType::kBoolTrue) pending_bool_ = PendingBool::kTrue;
  if (type == CompactType::kBoolFalse) pending_bool_ = PendingBool::kFalse;
  return CompactFieldHeader{type, id};
}

StatusOr<bool> CompactReader::ReadBool() {
  if (pending_bool_ != PendingBool::kNone) {
    const bool value = pending_bool_ == PendingBool::kTrue;
    pending_bool_ = PendingBool::kNone;
    return value;
  }
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
  // Thrift writes 1 (true) and 2 (false); its readers take any byte but 1 as false.
  // 0 is accepted as false too, anything else is corruption.
  if (byte == static_cast<uint8_t>(CompactType::kBoolTrue)) return true;
  if (byte == static_cast<uint8_t>(CompactType::kBoolFalse) || byte == 0) return false;
  position_ = start;
  return ErrorHere(StrCat("invalid bool byte ", byte));
}

StatusOr<int8_t> CompactReader::ReadI8() {
  HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
  return static_cast<int8_t>(byte);
}

StatusOr<int16_t> CompactReader::ReadI16() {
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint32_t raw, ReadVarint32());
  const int64_t value = ZigzagDecode(raw);
  if (value < std::numeric_limits<int16_t>::min() || value > std::numeric_limits<int16_t>::max()) {
    position_ = start;
    return ErrorHere(StrCat("i16 value ", value, " out of range"));
  }
  return static_cast<int16_t>(value);
}

StatusOr<int32_t> CompactReader::ReadI32() {
  HS_ASSIGN_OR_RETURN(uint32_t raw, ReadVarint32());
  return static_cast<int32_t>(ZigzagDecode(raw));
}

StatusOr<int64_t> CompactReader::ReadI64() {
  HS_ASSIGN_OR_RETURN(uint64_t raw, ReadVarint64());
  return ZigzagDecode(raw);
}

StatusOr<double> CompactReader::ReadDouble() {
  if (remaining() < kDoubleBytes) return ErrorHere("double runs past the end of data");
  uint64_t bits = 0;
  for (size_t i = 0; i < kDoubleBytes; ++i) {
    bits |= uint64_t{bytes_[position_ + i]} << (8 * i);
  }
  position_ += kDoubleBytes;
  return std::bit_cast<double>(bits);
}

StatusOr<std::string> CompactReader::ReadBinary() {
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint32_t length, ReadVarint32());
  if (length > remaining()) {
    position_ = start;
    return ErrorHere(StrCat("binary of ", length, " bytes runs past the end of data (", remaining(),
                            " bytes left)"));
  }
  std::string value(reinterpret_cast<const char*>(bytes_.data() + position_), length);
  position_ += length;
  return value;
}

StatusOr<CompactListHeader> CompactReader::ReadListBegin() {
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint8_t byte, ReadByte());
  HS_ASSIGN_OR_RETURN(CompactType element_type, ToCompactType(byte & kLowNibble, start));
  uint32_t size = byte >> 4;
  if (size == kListSizeInVarint) {
    HS_ASSIGN_OR_RETURN(size, ReadVarint32());
  }
  if (element_type == CompactType::kStop && size > 0) {
    position_ = start;
    return ErrorHere("list of STOP elements");
  }
  HS_RETURN_IF_ERROR(CheckElementCount(size, element_type, start));
  HS_RETURN_IF_ERROR(EnterNesting());
  return CompactListHeader{element_type, size};
}

void CompactReader::ReadListEnd() {
  if (depth_ > 0) --depth_;
}

StatusOr<CompactMapHeader> CompactReader::ReadMapBegin() {
  const size_t start = position_;
  HS_ASSIGN_OR_RETURN(uint32_t size, ReadVarint32());
  CompactMapHeader header;
  header.size = size;
  if (size > 0) {
    const size_t types_at = position_;
    HS_ASSIGN_OR_RETURN(uint8_t types, ReadByte());
    HS_ASSIGN_OR_RETURN(header.key_type, ToCompactType(types >> 4, types_at));
    HS_ASSIGN_OR_RETURN(header.value_type, ToCompactType(types & kLowNibble, types_at));
    if (header.key_type == CompactType::kStop || header.value_type == CompactType::kStop) {
      position_ = types_at;
      return ErrorHere("map of STOP keys or values");
    }
    // Each entry holds a key and a value; checking against the larger of the two
    // minimum sizes is enough to bound the count by the bytes left.
    const CompactType wider = MinEncodedSize(header.key_type) >= MinEncodedSize(header.value_type)
                                  ? header.key_type
                                  : header.value_type;
    HS_RETURN_IF_ERROR(CheckElementCount(size, wider, start));
  }
  HS_RETURN_IF_ERROR(EnterNesting());
  return header;
}

void CompactReader::ReadMapEnd() {
  if (depth_ > 0) --depth_;
}

Status CompactReader::Skip(CompactType type) {
  switch (type) {
    case CompactType::kStop:
      return ErrorHere("cannot skip a STOP");
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return ReadBool().status();
    case CompactType::kI8:
      return ReadI8().status();
    case CompactType::kI16:
      return ReadI16().status();
    case CompactType::kI32:
      return ReadI32().status();
    case CompactType::kI64:
      return ReadI64().status();
    case CompactType::kDouble:
      return ReadDouble().status();
    case CompactType::kBinary: {
      const size_t start = position_;
      HS_ASSIGN_OR_RETURN(uint32_t length, ReadVarint32());
      if (length > remaining()) {
        position_ = start;
        return ErrorHere(StrCat("binary of ", length, " bytes runs past the end of data"));
      }
      position_ += length;
      return absl::OkStatus();
    }
    case CompactType::kUuid:
      if (remaining() < kUuidBytes) return ErrorHere("uuid runs past the end of data");
      position_ += kUuidBytes;
      return absl::OkStatus();
    case CompactType::kList:
    case CompactType::kSet: {
      HS_ASSIGN_OR_RETURN(CompactListHeader header, ReadListBegin());
      for (uint32_t i = 0; i < header.size; ++i) {
        HS_RETURN_IF_ERROR(Skip(header.element_type));
      }
      ReadListEnd();
      return absl::OkStatus();
    }
    case CompactType::kMap: {
      HS_ASSIGN_OR_RETURN(CompactMapHeader header, ReadMapBegin());
      for (uint32_t i = 0; i < header.size; ++i) {
        HS_RETURN_IF_ERROR(Skip(header.key_type));
        HS_RETURN_IF_ERROR(Skip(header.value_type));
      }
      ReadMapEnd();
      return absl::OkStatus();
    }
    case CompactType::kStruct: {
      HS_RETURN_IF_ERROR(ReadStructBegin());
      while (true) {
        HS_ASSIGN_OR_RETURN(CompactFieldHeader field, ReadFieldHeader());
        if (field.type == CompactType::kStop) break;
        HS_RETURN_IF_ERROR(Skip(field.type));
      }
      ReadStructEnd();
      return absl::OkStatus();
    }
  }
  return ErrorHere(StrCat("cannot skip wire type ", static_cast<int>(type)));
}

// ---------------------------------------------------------------------------
// CompactWriter

void CompactWriter::WriteStructBegin() { last_field_ids_.push_back(0); }

void CompactWriter::WriteStructEnd() {
  out_.push_back(static_cast<char>(CompactType::kStop));
  if (!last_field_ids_.empty()) last_field_ids_.pop_back();
}

void CompactWriter::WriteFieldHeader(CompactType type, int16_t id) {
  if (last_field_ids_.empty()) last_field_ids_.push_back(0);
  int16_t& last_id = last_field_ids_.back();
  const int32_t delta = int32_t{id} - last_id;
  const uint8_t type_nibble = static_cast<uint8_t>(type);
  if (delta > 0 && delta <= kMaxFieldIdDelta) {
    out_.push_back(static_cast<char>((delta << 4) | type_nibble));
  } else {
    out_.push_back(static_cast<char>(type_nibble));
    WriteI16(id);
  }
  last_id = id;
}

void CompactWriter::WriteBoolField(int16_t id, bool value) {
  WriteFieldHeader(value ? CompactType::kBoolTrue : CompactType::kBoolFalse, id);
}

void CompactWriter::WriteI8Field(int16_t id, int8_t value) {
  WriteFieldHeader(CompactType::kI8, id);
  WriteI8(value);
}

void CompactWriter::WriteI16Field(int16_t id, int16_t value) {
  WriteFieldHeader(CompactType::kI16, id);
  WriteI16(value);
}

void CompactWriter::WriteI32Field(int16_t id, int32_t value) {
  WriteFieldHeader(CompactType::kI32, id);
  WriteI32(value);
}

void CompactWriter::WriteI64Field(int16_t id, int64_t value) {
  WriteFieldHeader(CompactType::kI64, id);
  WriteI64(value);
}

void CompactWriter::WriteBinaryField(int16_t id, std::string_view value) {
  WriteFieldHeader(CompactType::kBinary, id);
  WriteBinary(value);
}

void CompactWriter::WriteBool(bool value) {
  out_.push_back(static_cast<char>(value ? CompactType::kBoolTrue : CompactType::kBoolFalse));
}

void CompactWriter::WriteI8(int8_t value) { out_.push_back(static_cast<char>(value)); }

void CompactWriter::WriteI16(int16_t value) { WriteVarint(ZigzagEncode(value)); }

void CompactWriter::WriteI32(int32_t value) {
  // 32-bit zigzag: the result fits 32 bits, so its varint is at most 5 bytes.
  WriteVarint(static_cast<uint32_t>(ZigzagEncode(value)));
}

void CompactWriter::WriteI64(int64_t value) { WriteVarint(ZigzagEncode(value)); }

void CompactWriter::WriteDouble(double value) {
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  for (size_t i = 0; i < kDoubleBytes; ++i) out_.push_back(static_cast<char>(bits >> (8 * i)));
}

void CompactWriter::WriteBinary(std::string_view value) {
  WriteVarint(value.size());
  out_.append(value);
}

void CompactWriter::WriteListBegin(CompactType element_type, uint32_t size) {
  const uint8_t type_nibble = static_cast<uint8_t>(element_type);
  if (size < kListSizeInVarint) {
    out_.push_back(static_cast<char>((size << 4) | type_nibble));
  } else {
    out_.push_back(static_cast<char>((kListSizeInVarint << 4) | type_nibble));
    WriteVarint(size);
  }
}

void CompactWriter::WriteMapBegin(CompactType key_type, CompactType value_type, uint32_t size) {
  WriteVarint(size);
  if (size > 0) {
    out_.push_back(static_cast<char>((static_cast<uint8_t>(key_type) << 4) |
                                     static_cast<uint8_t>(value_type)));
  }
}

void CompactWriter::WriteVarint(uint64_t value) {
  while (value >= kVarintContinuation) {
    out_.push_back(static_cast<char>((value & kVarintPayload) | kVarintContinuation));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

}  // namespace hindsight::parquet::format
