// Helpers shared by the Parquet metadata (de)serialisers: typed reading of one Thrift
// struct field with wire-type checks, required-field tracking, and the structs used by
// both file and page metadata (Statistics).
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "parquet/format/parquet_types.h"
#include "parquet/format/thrift_compact.h"
#include "util/status.h"
#include "util/str_cat.h"

namespace hindsight::parquet::format::serde_internal {

// Thrift enums are i32 on the wire; any i32 is kept (consumers reject unknown values).
template <typename T>
concept ThriftEnum = std::is_enum_v<T> && std::same_as<std::underlying_type_t<T>, int32_t>;

template <typename T>
concept ThriftScalar = std::same_as<T, bool> || std::same_as<T, int8_t> ||
    std::same_as<T, int16_t> || std::same_as<T, int32_t> || std::same_as<T, int64_t> ||
    std::same_as<T, std::string> || ThriftEnum<T>;

template <ThriftScalar T>
constexpr CompactType WireTypeOf() {
  if constexpr (std::same_as<T, bool>) {
    return CompactType::kBoolTrue;
  } else if constexpr (std::same_as<T, int8_t>) {
    return CompactType::kI8;
  } else if constexpr (std::same_as<T, int16_t>) {
    return CompactType::kI16;
  } else if constexpr (std::same_as<T, int64_t>) {
    return CompactType::kI64;
  } else if constexpr (std::same_as<T, std::string>) {
    return CompactType::kBinary;
  } else {
    return CompactType::kI32;  // int32_t and enums
  }
}

template <ThriftScalar T>
StatusOr<T> ReadScalar(CompactReader& reader) {
  if constexpr (std::same_as<T, bool>) {
    return reader.ReadBool();
  } else if constexpr (std::same_as<T, int8_t>) {
    return reader.ReadI8();
  } else if constexpr (std::same_as<T, int16_t>) {
    return reader.ReadI16();
  } else if constexpr (std::same_as<T, int32_t>) {
    return reader.ReadI32();
  } else if constexpr (std::same_as<T, int64_t>) {
    return reader.ReadI64();
  } else if constexpr (std::same_as<T, std::string>) {
    return reader.ReadBinary();
  } else {
    HS_ASSIGN_OR_RETURN(int32_t value, reader.ReadI32());
    return static_cast<T>(value);
  }
}

// True when a value of wire type `actual` may be read as `expected` (both bool nibbles
// mean bool).
bool WireTypesMatch(CompactType actual, CompactType expected);

// Like WireTypesMatch, for list elements: integer elements declared i16, i32 or i64 are
// all zigzag varints and are read as the expected width (range-checked), as Thrift's
// own readers do; some writers declare list<i16> for list<Encoding>.
bool ListElementTypesMatch(CompactType actual, CompactType expected);

// One field of a struct being read: its id, and typed reads. Like Thrift's generated
// readers, a field whose wire type differs from the expected one is skipped (ids reused
// by forks of the format exist in the wild); a skipped required field is then reported
// missing. Borrows the reader.
class ThriftField {
 public:
  ThriftField(CompactReader& reader, std::string_view struct_name, CompactFieldHeader header)
      : reader_(reader), struct_name_(struct_name), header_(header) {}

  int16_t id() const { return header_.id; }
  CompactReader& reader() { return reader_; }
  bool HasType(CompactType expected) const { return WireTypesMatch(header_.type, expected); }
  // Whether a typed read consumed the field (or MarkRead was called), as opposed to Skip.
  bool was_read() const { return was_read_; }
  void MarkRead() { was_read_ = true; }

  // Skips a field this code does not model.
  [[nodiscard]] Status Skip() { return reader_.Skip(header_.type); }

  template <ThriftScalar T>
  [[nodiscard]] Status ReadInto(std::string_view /*name*/, T& out) {
    if (!HasType(WireTypeOf<T>())) return Skip();
    HS_ASSIGN_OR_RETURN(out, ReadScalar<T>(reader_));
    MarkRead();
    return absl::OkStatus();
  }

  template <ThriftScalar T>
  [[nodiscard]] Status ReadInto(std::string_view name, std::optional<T>& out) {
    T value{};
    HS_RETURN_IF_ERROR(ReadInto(name, value));
    if (was_read_) out = std::move(value);
    return absl::OkStatus();
  }

  // list<scalar>; replaces `out`.
  template <ThriftScalar T>
  [[nodiscard]] Status ReadInto(std::string_view name, std::vector<T>& out) {
    return ReadList(name, out, WireTypeOf<T>(), [](CompactReader& r) { return ReadScalar<T>(r); });
  }

  // A nested struct read by `read_struct(CompactReader&) -> StatusOr<T>`.
  template <typename T, typename ReadStructFn>
  [[nodiscard]] Status ReadStructInto(std::string_view /*name*/, T& out, ReadStructFn read_struct) {
    if (!HasType(CompactType::kStruct)) return Skip();
    HS_ASSIGN_OR_RETURN(out, read_struct(reader_));
    MarkRead();
    return absl::OkStatus();
  }

  // list<struct>, each element read by `read_struct`; replaces `out`.
  template <typename T, typename ReadStructFn>
  [[nodiscard]] Status ReadStructListInto(std::string_view name, std::vector<T>& out,
                                          ReadStructFn read_struct) {
    return ReadList(name, out, CompactType::kStruct, read_struct);
  }

 private:
  // Elements are appended one by one (never reserved from the declared size), so memory
  // grows only with bytes actually decoded. A list of the wrong element type is an error:
  // skipping it would hide corruption, and reading it would misparse.
  template <typename T, typename ReadElementFn>
  [[nodiscard]] Status ReadList(std::string_view name, std::vector<T>& out,
                                CompactType element_type, ReadElementFn read_element) {
    if (!HasType(CompactType::kList)) return Skip();
    const uint64_t list_offset = reader_.offset();
    HS_ASSIGN_OR_RETURN(CompactListHeader header, reader_.ReadListBegin());
    if (header.size > 0 && !ListElementTypesMatch(header.element_type, element_type)) {
      return absl::DataLossError(StrCat(struct_name_, ".", name, " (field ", header_.id,
                                        ") is a list of ", CompactTypeName(header.element_type),
                                        ", expected ", CompactTypeName(element_type),
                                        ", at offset ", list_offset));
    }
    out.clear();
    for (uint32_t i = 0; i < header.size; ++i) {
      HS_ASSIGN_OR_RETURN(T element, read_element(reader_));
      out.push_back(std::move(element));
    }
    reader_.ReadListEnd();
    MarkRead();
    return absl::OkStatus();
  }

  CompactReader& reader_;
  std::string_view struct_name_;
  CompactFieldHeader header_;
  bool was_read_ = false;
};

struct RequiredField {
  int16_t id;
  std::string_view name;
};

// Reads one struct: calls `on_field(ThriftField&) -> Status` for each field, then
// checks that every field in `required` was read.
template <typename OnFieldFn>
[[nodiscard]] Status ReadStruct(CompactReader& reader, std::string_view struct_name,
                                std::initializer_list<RequiredField> required, OnFieldFn on_field) {
  const uint64_t struct_offset = reader.offset();
  HS_RETURN_IF_ERROR(reader.ReadStructBegin());
  uint64_t seen_ids = 0;  // bit i: field id i was read (ids 0..63)
  constexpr int16_t kTrackedIds = 64;
  while (true) {
    HS_ASSIGN_OR_RETURN(CompactFieldHeader header, reader.ReadFieldHeader());
    if (header.type == CompactType::kStop) break;
    ThriftField field(reader, struct_name, header);
    HS_RETURN_IF_ERROR(on_field(field));
    if (field.was_read() && header.id >= 0 && header.id < kTrackedIds) {
      seen_ids |= uint64_t{1} << header.id;
    }
  }
  reader.ReadStructEnd();
  for (const RequiredField& field : required) {
    if ((seen_ids & (uint64_t{1} << field.id)) == 0) {
      return absl::DataLossError(StrCat(struct_name, ".", field.name, " (required field ", field.id,
                                        ") is missing from the struct at offset ", struct_offset));
    }
  }
  return absl::OkStatus();
}

// Reads a Thrift union whose members this code treats as markers (their contents are
// skipped) and returns the id of the member that is set, or nullopt for an empty union.
// More than one member is an error.
StatusOr<std::optional<int16_t>> ReadUnionMemberId(CompactReader& reader,
                                                   std::string_view union_name);

// Writes a union whose member `member_id` is an empty struct, or an empty union.
void WriteMarkerUnion(CompactWriter& writer, std::optional<int16_t> member_id);

StatusOr<Statistics> ReadStatistics(CompactReader& reader);
void WriteStatistics(CompactWriter& writer, const Statistics& statistics);

template <ThriftEnum E>
void WriteEnumField(CompactWriter& writer, int16_t id, E value) {
  writer.WriteI32Field(id, static_cast<int32_t>(value));
}

// Writes list<i64>.
void WriteI64List(CompactWriter& writer, int16_t id, const std::vector<int64_t>& values);

}  // namespace hindsight::parquet::format::serde_internal
