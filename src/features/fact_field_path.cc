#include "features/fact_field_path.h"

#include <cstring>

#include "util/str_cat.h"

namespace hindsight::features {
namespace {

using google::protobuf::FieldDescriptor;

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };
// Varints are at most 10 bytes (64 bits in 7-bit groups).
constexpr int kMaxVarintBytes = 10;

bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t& value) {
  value = 0;
  for (int i = 0; i < kMaxVarintBytes && p < end; ++i) {
    const uint8_t byte = *p++;
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

Status Malformed(const uint8_t* begin, const uint8_t* at) {
  return absl::DataLossError(
      StrCat("malformed protobuf wire bytes at offset ", static_cast<int64_t>(at - begin)));
}

// One field occurrence: its number, wire type and payload.
struct WireField {
  int number = 0;
  WireType wire = kVarint;
  uint64_t varint = 0;            // kVarint; fixed values are read from `data`
  const uint8_t* data = nullptr;  // kFixed32/kFixed64/kLengthDelimited payload
  uint64_t length = 0;
};

// Reads the field at p and advances past it; false on malformed bytes (groups included:
// proto3 messages have none).
bool NextField(const uint8_t*& p, const uint8_t* end, WireField& field) {
  uint64_t tag = 0;
  if (!ReadVarint(p, end, tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) return false;
  field.number = static_cast<int>(tag >> 3);
  field.wire = static_cast<WireType>(tag & 7);
  switch (field.wire) {
    case kVarint:
      return ReadVarint(p, end, field.varint);
    case kFixed64:
    case kFixed32: {
      const uint64_t size = field.wire == kFixed64 ? 8 : 4;
      if (static_cast<uint64_t>(end - p) < size) return false;
      field.data = p;
      field.length = size;
      p += size;
      return true;
    }
    case kLengthDelimited:
      if (!ReadVarint(p, end, field.length) || field.length > static_cast<uint64_t>(end - p)) {
        return false;
      }
      field.data = p;
      p += field.length;
      return true;
    default:
      return false;
  }
}

ValueType ValueTypeOf(FieldDescriptor::Type type) {
  switch (type) {
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_DOUBLE:
      return ValueType::kNumber;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      return ValueType::kString;
    default:
      return ValueType::kInteger;
  }
}

WireType ExpectedWire(FieldDescriptor::Type type) {
  switch (type) {
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
      return kFixed64;
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
      return kFixed32;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_MESSAGE:
      return kLengthDelimited;
    default:
      return kVarint;
  }
}

uint64_t LoadFixed(const uint8_t* data, size_t size) {
  uint64_t value = 0;
  std::memcpy(&value, data, size);  // little endian, as on every supported machine
  return value;
}

// A scalar of `type` whose payload is a varint or fixed value, as an int64.
int64_t IntegerOf(FieldDescriptor::Type type, uint64_t bits) {
  switch (type) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_ENUM:
    case FieldDescriptor::TYPE_SFIXED32:
      return static_cast<int32_t>(static_cast<uint32_t>(bits));
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return static_cast<uint32_t>(bits);
    case FieldDescriptor::TYPE_SINT32: {
      const uint32_t zigzag = static_cast<uint32_t>(bits);
      return static_cast<int32_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
    }
    case FieldDescriptor::TYPE_SINT64:
      return static_cast<int64_t>((bits >> 1) ^ (~(bits & 1) + 1));
    case FieldDescriptor::TYPE_BOOL:
      return bits != 0 ? 1 : 0;
    default:  // int64, uint64 (bit pattern), fixed64, sfixed64
      return static_cast<int64_t>(bits);
  }
}

double NumberOf(FieldDescriptor::Type type, uint64_t bits) {
  if (type == FieldDescriptor::TYPE_FLOAT) {
    const uint32_t narrow = static_cast<uint32_t>(bits);
    float value = 0;
    std::memcpy(&value, &narrow, sizeof(value));
    return value;
  }
  double value = 0;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

// Appends the scalar of `type` held in `payload` bits (varint or fixed) or bytes.
void AppendScalar(FieldDescriptor::Type type, uint64_t bits, std::string_view bytes,
                  Values& values) {
  switch (ValueTypeOf(type)) {
    case ValueType::kNumber:
      values.numbers.push_back(NumberOf(type, bits));
      break;
    case ValueType::kString:
      values.strings.push_back(bytes);
      break;
    default:
      values.integers.push_back(IntegerOf(type, bits));
      break;
  }
}

void AppendDefault(FieldDescriptor::Type type, Values& values) {
  AppendScalar(type, 0, std::string_view(), values);
}

bool IsIntegerType(FieldDescriptor::Type type) {
  return ValueTypeOf(type) == ValueType::kInteger && type != FieldDescriptor::TYPE_MESSAGE &&
         type != FieldDescriptor::TYPE_GROUP;
}

}  // namespace

StatusOr<FactFieldPath> FactFieldPath::Resolve(const google::protobuf::Descriptor& message,
                                               const std::vector<std::string>& fields,
                                               const std::optional<std::string>& time_field,
                                               const std::string& where) {
  FactFieldPath path;
  const google::protobuf::Descriptor* current = &message;
  std::string walked = message.name();
  const google::protobuf::Descriptor* element_message = nullptr;
  if (fields.empty()) {
    return absl::InvalidArgumentError(StrCat(where, "the path names no field of ", walked));
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (current == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(where, walked, " is not a message: it has no field '", fields[i], "'"));
    }
    const FieldDescriptor* field = current->FindFieldByName(fields[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(where, "unknown field '", fields[i], "' in ", current->full_name()));
    }
    if (field->type() == FieldDescriptor::TYPE_GROUP || field->is_map()) {
      return absl::InvalidArgumentError(StrCat(where, "field '", fields[i], "' is a ",
                                               field->is_map() ? "map" : "group",
                                               ": not supported as a feature input"));
    }
    walked = StrCat(walked, ".", fields[i]);
    Step step{field->number(), field->type(), field->is_repeated()};
    if (step.repeated) {
      path.list_ = true;
      if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        path.element_depth_ = static_cast<int>(i);
        element_message = field->message_type();
      }
    }
    current = field->type() == FieldDescriptor::TYPE_MESSAGE ? field->message_type() : nullptr;
    path.steps_.push_back(step);
  }
  const Step& last = path.steps_.back();
  if (last.type == FieldDescriptor::TYPE_MESSAGE && !last.repeated) {
    return absl::InvalidArgumentError(
        StrCat(where, walked, " is a message: name one of its fields"));
  }
  path.type_ = ValueTypeOf(last.type);
  if (time_field) {
    if (element_message == nullptr) {
      return absl::InvalidArgumentError(StrCat(where, "time '", *time_field, "' needs a ",
                                               "repeated message on the path; ", walked,
                                               " has none"));
    }
    // The time must belong to the innermost repeated message, which must be the last one.
    for (size_t i = static_cast<size_t>(path.element_depth_) + 1; i < path.steps_.size(); ++i) {
      if (path.steps_[i].repeated) {
        return absl::InvalidArgumentError(StrCat(where, "time '", *time_field, "': ", walked,
                                                 " repeats below ", element_message->full_name()));
      }
    }
    const FieldDescriptor* time = element_message->FindFieldByName(*time_field);
    if (time == nullptr) {
      return absl::InvalidArgumentError(StrCat(where, "unknown time field '", *time_field, "' in ",
                                               element_message->full_name()));
    }
    if (time->is_repeated() || !IsIntegerType(time->type())) {
      return absl::InvalidArgumentError(StrCat(where, "time field '", *time_field, "' of ",
                                               element_message->full_name(),
                                               " must be a single integer (microseconds)"));
    }
    path.time_number_ = time->number();
    path.time_type_ = time->type();
  }
  return path;
}

Status FactFieldPath::ReadTime(const uint8_t* begin, const uint8_t* end, int64_t& time) const {
  time = 0;
  const uint8_t* p = begin;
  WireField field;
  while (p < end) {
    const uint8_t* at = p;
    if (!NextField(p, end, field)) return Malformed(begin, at);
    if (field.number != time_number_) continue;
    if (field.wire == kVarint) {
      time = IntegerOf(time_type_, field.varint);
    } else if (field.wire == kFixed32 || field.wire == kFixed64) {
      time = IntegerOf(time_type_, LoadFixed(field.data, field.length));
    } else {
      return Malformed(begin, at);
    }
  }
  return absl::OkStatus();
}

Status FactFieldPath::Walk(const uint8_t* begin, const uint8_t* end, size_t depth,
                           int64_t element_time, Values& values,
                           std::vector<int64_t>* times) const {
  const Step& step = steps_[depth];
  const bool last = depth + 1 == steps_.size();
  const bool timed_here = timed() && static_cast<int>(depth) == element_depth_;
  auto emit_time = [&](int64_t time) {
    if (timed() && times != nullptr) times->push_back(time);
  };
  // The last occurrence of a non-repeated field (scalar value or message to descend).
  bool found = false;
  WireField kept;
  int64_t position = 0;
  const uint8_t* p = begin;
  WireField field;
  while (p < end) {
    const uint8_t* at = p;
    if (!NextField(p, end, field)) return Malformed(begin, at);
    if (field.number != step.number) continue;
    if (!step.repeated) {
      found = true;
      kept = field;
      continue;
    }
    const WireType expected = ExpectedWire(step.type);
    if (step.type == FieldDescriptor::TYPE_MESSAGE) {
      if (field.wire != kLengthDelimited) return Malformed(begin, at);
      int64_t time = element_time;
      if (timed_here) HS_RETURN_IF_ERROR(ReadTime(field.data, field.data + field.length, time));
      if (last) {
        values.integers.push_back(position++);
        emit_time(time);
      } else {
        HS_RETURN_IF_ERROR(
            Walk(field.data, field.data + field.length, depth + 1, time, values, times));
      }
    } else if (field.wire == kLengthDelimited && expected != kLengthDelimited) {
      // A packed run of scalars.
      const uint8_t* q = field.data;
      const uint8_t* run_end = field.data + field.length;
      while (q < run_end) {
        uint64_t bits = 0;
        if (expected == kVarint) {
          if (!ReadVarint(q, run_end, bits)) return Malformed(begin, q);
        } else {
          const size_t size = expected == kFixed64 ? 8 : 4;
          if (static_cast<size_t>(run_end - q) < size) return Malformed(begin, q);
          bits = LoadFixed(q, size);
          q += size;
        }
        AppendScalar(step.type, bits, {}, values);
        emit_time(element_time);
      }
    } else {
      if (field.wire != expected) return Malformed(begin, at);
      const uint64_t bits = field.wire == kVarint            ? field.varint
                            : field.wire == kLengthDelimited ? 0
                                                             : LoadFixed(field.data, field.length);
      AppendScalar(step.type, bits,
                   std::string_view(reinterpret_cast<const char*>(field.data),
                                    field.wire == kLengthDelimited ? field.length : 0),
                   values);
      emit_time(element_time);
    }
  }
  if (step.repeated) return absl::OkStatus();
  if (step.type == FieldDescriptor::TYPE_MESSAGE) {
    // Descend into the last occurrence, or an empty message (its fields read as defaults).
    const uint8_t* sub = found ? kept.data : end;
    const uint8_t* sub_end = found ? kept.data + kept.length : end;
    if (found && kept.wire != kLengthDelimited) return Malformed(begin, kept.data);
    return Walk(sub, sub_end, depth + 1, element_time, values, times);
  }
  if (!found) {
    AppendDefault(step.type, values);
  } else {
    const WireType expected = ExpectedWire(step.type);
    if (kept.wire != expected) return Malformed(begin, kept.data);
    const uint64_t bits = kept.wire == kVarint            ? kept.varint
                          : kept.wire == kLengthDelimited ? 0
                                                          : LoadFixed(kept.data, kept.length);
    AppendScalar(step.type, bits,
                 std::string_view(reinterpret_cast<const char*>(kept.data),
                                  kept.wire == kLengthDelimited ? kept.length : 0),
                 values);
  }
  emit_time(element_time);
  return absl::OkStatus();
}

Status FactFieldPath::Extract(std::string_view bytes, Values& values,
                              std::vector<int64_t>* times) const {
  values.type = type_;
  const auto* begin = reinterpret_cast<const uint8_t*>(bytes.data());
  return Walk(begin, begin + bytes.size(), 0, 0, values, times);
}

}  // namespace hindsight::features
