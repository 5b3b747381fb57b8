// Thrift compact protocol (the encoding of all Parquet metadata), as specified in
// apache/thrift doc/specs/thrift-compact-protocol.md:
//   - integers: i16/i32/i64 are zigzag-encoded ULEB128 varints; i8 is one raw byte;
//   - double: 8 bytes little-endian IEEE 754;
//   - binary/string: varint length, then the bytes;
//   - field header: one byte `delta << 4 | type` when the id is 1..15 above the previous
//     field id of the same struct, else `type` followed by the id as a zigzag varint;
//     a bool field carries its value in the type nibble (1 true, 2 false), no payload;
//   - list/set header: one byte `size << 4 | element_type` for size < 15, else
//     `0xF0 | element_type` followed by the size as a varint;
//   - map header: varint size, then (if size > 0) one byte `key_type << 4 | value_type`;
//   - struct: its fields, then a STOP byte (0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace hindsight::parquet::format {

// Wire type nibble of the compact protocol.
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,  // also the element type of list<bool>
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,  // 16 raw bytes
};

// Human-readable wire type name for error messages ("i32", "struct", ...).
std::string_view CompactTypeName(CompactType type);

// Struct/list/map nesting allowed before input is rejected: Parquet metadata nests at
// most ~6 deep, so this only stops hostile input from exhausting the stack.
inline constexpr int kMaxCompactNestingDepth = 64;

struct CompactFieldHeader {
  CompactType type = CompactType::kStop;  // kStop ends the struct; id is then 0
  int16_t id = 0;
};

struct CompactListHeader {
  CompactType element_type = CompactType::kStop;
  uint32_t size = 0;  // never more than the elements the remaining bytes can hold
};

struct CompactMapHeader {
  CompactType key_type = CompactType::kStop;
  CompactType value_type = CompactType::kStop;
  uint32_t size = 0;
};

// Reads the compact protocol from a byte span. Every read is bounds-checked; errors
// (DataLoss) name the offset, counted from `base_offset` (e.g. the span's position in
// its file). The span must outlive the reader. Not thread-safe.
class CompactReader {
 public:
  explicit CompactReader(std::span<const uint8_t> bytes, uint64_t base_offset = 0);

  // Position of the next unread byte, relative to the span / absolute (base_offset + ...).
  size_t position() const { return position_; }
  uint64_t offset() const { return base_offset_ + position_; }
  size_t remaining() const { return bytes_.size() - position_; }

  // Struct nesting: ReadStructBegin before the first field header of a struct (also of
  // the outermost one), ReadStructEnd after its STOP.
  [[nodiscard]] Status ReadStructBegin();
  void ReadStructEnd();
  StatusOr<CompactFieldHeader> ReadFieldHeader();

  // Value of a bool field right after its header, or of a list<bool> element.
  StatusOr<bool> ReadBool();
  StatusOr<int8_t> ReadI8();
  StatusOr<int16_t> ReadI16();
  StatusOr<int32_t> ReadI32();
  StatusOr<int64_t> ReadI64();
  StatusOr<double> ReadDouble();
  StatusOr<std::string> ReadBinary();
  // List and set headers share one encoding. Each of `size` elements follows; no end
  // marker. Lists count toward the nesting depth until ReadListEnd.
  StatusOr<CompactListHeader> ReadListBegin();
  void ReadListEnd();
  StatusOr<CompactMapHeader> ReadMapBegin();
  void ReadMapEnd();

  // Skips one value of wire type `type` (a whole struct, list, ... with everything
  // nested in it); used for fields this reader does not know.
  [[nodiscard]] Status Skip(CompactType type);

  // Varint primitives, exposed for tests: ULEB128 of at most 10 / 5 bytes whose value
  // fits 64 / 32 bits (longer or overflowing encodings are rejected).
  StatusOr<uint64_t> ReadVarint64();
  StatusOr<uint32_t> ReadVarint32();

  // Builds the DataLoss error "<what> at offset N" for the current position.
  Status ErrorHere(std::string_view what) const;

 private:
  // A bool field's value arrives in its header; it is held here for ReadBool.
  enum class PendingBool : uint8_t { kNone, kTrue, kFalse };

  StatusOr<uint8_t> ReadByte();
  StatusOr<CompactType> ToCompactType(uint8_t nibble, size_t at) const;
  [[nodiscard]] Status EnterNesting();
  // Caps a declared element count by what the remaining bytes can hold.
  [[nodiscard]] Status CheckElementCount(uint64_t count, CompactType type, size_t at) const;

  std::span<const uint8_t> bytes_;
  uint64_t base_offset_;
  size_t position_ = 0;
  int depth_ = 0;
  std::vector<int16_t> last_field_ids_;  // one per open struct
  PendingBool pending_bool_ = PendingBool::kNone;
};

// Writes the compact protocol into a growing byte string. Callers pair Begin/End calls;
// field ids within a struct are written in the order given (ascending ids are the
// compact form). Not thread-safe.
class CompactWriter {
 public:
  void WriteStructBegin();
  void WriteStructEnd();  // writes STOP
  // For a field of any type but bool; the value follows.
  void WriteFieldHeader(CompactType type, int16_t id);
  // Bool fields carry their value in the header.
  void WriteBoolField(int16_t id, bool value);
  void WriteI8Field(int16_t id, int8_t value);
  void WriteI16Field(int16_t id, int16_t value);
  void WriteI32Field(int16_t id, int32_t value);
  void WriteI64Field(int16_t id, int64_t value);
  void WriteBinaryField(int16_t id, std::string_view value);

  void WriteBool(bool value);  // list<bool> element
  void WriteI8(int8_t value);
  void WriteI16(int16_t value);
  void WriteI32(int32_t value);
  void WriteI64(int64_t value);
  void WriteDouble(double value);
  void WriteBinary(std::string_view value);
  void WriteListBegin(CompactType element_type, uint32_t size);
  void WriteMapBegin(CompactType key_type, CompactType value_type, uint32_t size);
  void WriteVarint(uint64_t value);

  const std::string& bytes() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
  std::vector<int16_t> last_field_ids_;  // one per open struct
};

// Zigzag mapping of signed to unsigned integers: 0,-1,1,-2,... -> 0,1,2,3,...
constexpr uint64_t ZigzagEncode(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
constexpr int64_t ZigzagDecode(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace hindsight::parquet::format
