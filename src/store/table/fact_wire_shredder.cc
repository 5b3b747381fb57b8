#include "store/table/fact_wire_shredder.h"

#include <cstdint>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "store/table/facts_columns_internal.h"

namespace hindsight::store {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using parquet::Column;

namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// Field numbers up to this are looked up in a vector (messages rarely number higher).
constexpr int kMaxDirectFieldNumber = 1024;

// Varints are at most 10 bytes (64 bits in 7-bit groups).
constexpr int kMaxVarintBytes = 10;

bool ReadVarint(const char*& p, const char* end, uint64_t& value) {
  value = 0;
  for (int i = 0; i < kMaxVarintBytes && p < end; ++i) {
    const uint8_t byte = static_cast<uint8_t>(*p++);
    value |= uint64_t{byte & 0x7fu} << (7 * i);
    if ((byte & 0x80u) == 0) return true;
  }
  return false;
}

// Tags and lengths as the protobuf parser reads them: at most 5 bytes, a tag within
// 32 bits and a length below 2 GiB. Anything longer is refused here so that the parser
// (the reference) decides, instead of the scan accepting what the parser rejects.
constexpr int kMaxTagOrLengthBytes = 5;

bool ReadTag(const char*& p, const char* end, uint64_t& tag) {
  const char* start = p;
  return ReadVarint(p, end, tag) && p - start <= kMaxTagOrLengthBytes && tag <= UINT32_MAX;
}

bool ReadLength(const char*& p, const char* end, uint64_t& length) {
  const char* start = p;
  return ReadVarint(p, end, length) && p - start <= kMaxTagOrLengthBytes &&
         length <= static_cast<uint64_t>(end - p);
}

bool ReadFixed(const char*& p, const char* end, int bytes, uint64_t& value) {
  if (end - p < bytes) return false;
  value = 0;
  std::memcpy(&value, p, bytes);  // little-endian hosts only (as the whole codec)
  p += bytes;
  return true;
}

// Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
bool IsValidUtf8(const char* data, size_t size) {
  const auto* p = reinterpret_cast<const uint8_t*>(data);
  const uint8_t* end = p + size;
  while (p < end) {
    const uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int length = 0;
    uint32_t code = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3f);
    }
    if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
        (length == 4 && (code < 0x10000 || code > 0x10ffff))) {
      return false;
    }
    p += length;
  }
  return true;
}

WireType ScalarWireType(const FieldDescriptor& field) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_DOUBLE:
      return kFixed64;
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_FLOAT:
      return kFixed32;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return kLengthDelimited;
    default:
      return kVarint;
  }
}

}  // namespace

struct FactWireShredder::Plan {
  struct Field {
    const FieldDescriptor* descriptor = nullptr;
    WireType wire = kVarint;
    bool repeated = false;
    bool presence = false;
    bool string = false;  // TYPE_STRING: UTF-8 checked
    bool bytes_like = false;
    int oneof = -1;
    const Plan* message = nullptr;  // message-valued fields
  };
  std::vector<Field> fields;  // in declaration order = the struct Column's children
  // Field number -> index in `fields` (-1: unknown); field numbers above
  // kMaxDirectFieldNumber go through the hash map.
  std::vector<int> index_by_number;
  absl::flat_hash_map<int, int> index_of_large_number;

  int IndexOf(uint64_t number) const {
    if (number < index_by_number.size()) return index_by_number[number];
    auto it = index_of_large_number.find(static_cast<int>(number));
    return it == index_of_large_number.end() ? -1 : it->second;
  }
  std::vector<std::vector<int>> oneof_members;
  bool supported = true;  // false: every value of this message takes the slow path
  std::vector<std::unique_ptr<Plan>> children;

  explicit Plan(const Descriptor& message) {
    if (message.file()->syntax() != google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
      supported = false;
    }
    oneof_members.resize(message.oneof_decl_count());
    for (int i = 0; i < message.field_count(); ++i) {
      const FieldDescriptor& d = *message.field(i);
      Field field;
      field.descriptor = &d;
      field.wire = ScalarWireType(d);
      field.repeated = d.is_repeated();
      field.presence = d.has_presence();
      field.string = d.type() == FieldDescriptor::TYPE_STRING;
      field.bytes_like =
          d.type() == FieldDescriptor::TYPE_STRING || d.type() == FieldDescriptor::TYPE_BYTES;
      if (d.is_map() || d.type() == FieldDescriptor::TYPE_GROUP) supported = false;
      if (d.containing_oneof() != nullptr) {
        field.oneof = d.containing_oneof()->index();
        oneof_members[field.oneof].push_back(i);
      }
      if (d.type() == FieldDescriptor::TYPE_MESSAGE && !d.is_map()) {
        children.push_back(std::make_unique<Plan>(*d.message_type()));
        field.message = children.back().get();
        if (!field.message->supported) supported = false;
      }
      if (d.number() <= kMaxDirectFieldNumber) {
        if (index_by_number.size() <= static_cast<size_t>(d.number())) {
          index_by_number.resize(d.number() + 1, -1);
        }
        index_by_number[d.number()] = i;
      } else {
        index_of_large_number[d.number()] = i;
      }
      fields.push_back(field);
    }
  }
};

void FactWireShredder::WireScan::Add(int32_t slot_index, const Value& value) {
  const int32_t at = static_cast<int32_t>(values.size());
  values.push_back(value);
  Slot& slot = slots[slot_index];
  if (slot.tail >= 0) {
    values[slot.tail].next = at;
  } else {
    slot.head = at;
  }
  slot.tail = at;
  ++slot.count;
}

namespace {

using Plan = FactWireShredder::Plan;
using WireScan = FactWireShredder::WireScan;

// Scans one message; returns its node or -1 (the caller rolls the scan back).
int32_t ScanMessage(const Plan& plan, const char* p, const char* end, WireScan& scan) {
  if (!plan.supported) return -1;
  const int32_t node = static_cast<int32_t>(scan.node_slots.size());
  const int32_t base = static_cast<int32_t>(scan.slots.size());
  scan.node_slots.push_back(base);
  scan.slots.resize(scan.slots.size() + plan.fields.size());
  while (p < end) {
    uint64_t tag = 0;
    if (!ReadTag(p, end, tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) return -1;
    const auto wire = static_cast<uint32_t>(tag & 7);
    const int index = plan.IndexOf(tag >> 3);
    if (index < 0) {
      // An unknown field: skipped, as a parsed message keeps it out of every column.
      uint64_t skip = 0;
      switch (wire) {
        case kVarint:
          if (!ReadVarint(p, end, skip)) return -1;
          break;
        case kFixed64:
          if (!ReadFixed(p, end, 8, skip)) return -1;
          break;
        case kFixed32:
          if (!ReadFixed(p, end, 4, skip)) return -1;
          break;
        case kLengthDelimited:
          if (!ReadLength(p, end, skip)) return -1;
          p += skip;
          break;
        default:
          return -1;  // groups and invalid wire types
      }
      continue;
    }
    const Plan::Field& field = plan.fields[index];
    const int32_t slot = base + index;
    if (field.oneof >= 0) {
      // Two members of one oneof: the last wins in a parsed message; leave it to that path.
      for (int member : plan.oneof_members[field.oneof]) {
        if (member != index && scan.slots[base + member].count > 0) return -1;
      }
    }
    WireScan::Value value;
    if (field.wire == kLengthDelimited) {
      uint64_t length = 0;
      if (wire != kLengthDelimited || !ReadLength(p, end, length)) return -1;
      const char* start = p;
      p += length;
      if (field.message != nullptr) {
        // A singular message given twice is merged by a parser: the slow path does that.
        if (!field.repeated && scan.slots[slot].count > 0) return -1;
        value.message = ScanMessage(*field.message, start, p, scan);
        if (value.message < 0) return -1;
      } else {
        if (field.string && !IsValidUtf8(start, length)) return -1;
        value.data = start;
        value.size = static_cast<uint32_t>(length);
      }
      scan.Add(slot, value);
      continue;
    }
    auto read_one = [&](const char*& q, const char* limit, uint64_t& bits) {
      switch (field.wire) {
        case kFixed64:
          return ReadFixed(q, limit, 8, bits);
        case kFixed32:
          return ReadFixed(q, limit, 4, bits);
        default:
          return ReadVarint(q, limit, bits);
      }
    };
    if (wire == field.wire) {
      if (!read_one(p, end, value.bits)) return -1;
      scan.Add(slot, value);
    } else if (wire == kLengthDelimited && field.repeated) {
      uint64_t length = 0;
      if (!ReadLength(p, end, length)) return -1;
      const char* packed_end = p + length;
      while (p < packed_end) {
        WireScan::Value element;
        if (!read_one(p, packed_end, element.bits)) return -1;
        scan.Add(slot, element);
      }
    } else {
      return -1;  // a wire type the schema does not expect: a parser keeps it as unknown
    }
  }
  return node;
}

void AppendMessageNode(const Plan& plan, const WireScan& scan, int32_t node, Column& column);

void AppendValue(const Plan::Field& field, const WireScan& scan, const WireScan::Value& value,
                 Column& column) {
  using internal::PushBytes;
  using internal::PushFixed;
  const FieldDescriptor& d = *field.descriptor;
  const uint64_t bits = value.bits;
  switch (d.type()) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SFIXED32:
      PushFixed<int32_t>(column, static_cast<int32_t>(static_cast<uint32_t>(bits)));
      break;
    case FieldDescriptor::TYPE_SINT32: {
      const auto n = static_cast<uint32_t>(bits);
      PushFixed<int32_t>(column, static_cast<int32_t>((n >> 1) ^ (~(n & 1) + 1)));
      break;
    }
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      PushFixed<uint32_t>(column, static_cast<uint32_t>(bits));
      break;
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SFIXED64:
      PushFixed<int64_t>(column, static_cast<int64_t>(bits));
      break;
    case FieldDescriptor::TYPE_SINT64:
      PushFixed<int64_t>(column, static_cast<int64_t>((bits >> 1) ^ (~(bits & 1) + 1)));
      break;
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      PushFixed<uint64_t>(column, bits);
      break;
    case FieldDescriptor::TYPE_FLOAT: {
      const auto raw = static_cast<uint32_t>(bits);
      float f;
      std::memcpy(&f, &raw, sizeof(f));
      PushFixed<float>(column, f);
      break;
    }
    case FieldDescriptor::TYPE_DOUBLE: {
      double f;
      std::memcpy(&f, &bits, sizeof(f));
      PushFixed<double>(column, f);
      break;
    }
    case FieldDescriptor::TYPE_BOOL:
      PushFixed<uint8_t>(column, bits != 0 ? 1 : 0);
      break;
    case FieldDescriptor::TYPE_ENUM:
      PushBytes(column, internal::EnumText(*d.enum_type(),
                                           static_cast<int32_t>(static_cast<uint32_t>(bits))));
      break;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      PushBytes(column, std::string_view(value.data, value.size));
      break;
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      AppendMessageNode(*field.message, scan, value.message, column);
      return;  // ends its own slot
  }
  internal::EndSlot(column, true);
}

// The value an implicit-presence field reads as when the wire does not carry it.
void AppendDefault(const Plan::Field& field, Column& column) {
  const FieldDescriptor& d = *field.descriptor;
  if (d.type() == FieldDescriptor::TYPE_ENUM) {
    internal::PushBytes(column, internal::EnumText(*d.enum_type(), 0));
    internal::EndSlot(column, true);
  } else {
    internal::AppendPlaceholder(column);  // zero, false or ""
  }
}

void AppendMessageNode(const Plan& plan, const WireScan& scan, int32_t node, Column& column) {
  const int32_t base = scan.node_slots[node];
  for (size_t i = 0; i < plan.fields.size(); ++i) {
    const Plan::Field& field = plan.fields[i];
    const WireScan::Slot& slot = scan.slots[base + i];
    Column& child = column.children[i];
    if (field.repeated) {
      for (int32_t v = slot.head; v >= 0; v = scan.values[v].next) {
        AppendValue(field, scan, scan.values[v], child.children[0]);
      }
      child.offsets.push_back(child.children[0].length);
      internal::EndSlot(child, true);
    } else if (slot.count > 0) {
      AppendValue(field, scan, scan.values[slot.tail], child);  // the last one wins
    } else if (field.presence) {
      internal::AppendNull(child);
    } else {
      AppendDefault(field, child);
    }
  }
  internal::EndSlot(column, true);
}

}  // namespace

FactWireShredder::FactWireShredder(const Descriptor& message)
    : plan_(std::make_unique<Plan>(message)) {}

FactWireShredder::~FactWireShredder() = default;

std::unique_ptr<FactWireShredder::WireScan> FactWireShredder::NewScan() {
  return std::make_unique<WireScan>();
}

void FactWireShredder::ClearScan(WireScan& scan) {
  scan.values.clear();
  scan.slots.clear();
  scan.node_slots.clear();
}

int FactWireShredder::Scan(std::string_view bytes, WireScan& scan) const {
  const size_t values = scan.values.size();
  const size_t slots = scan.slots.size();
  const size_t nodes = scan.node_slots.size();
  const int32_t node = ScanMessage(*plan_, bytes.data(), bytes.data() + bytes.size(), scan);
  if (node < 0) {
    scan.values.resize(values);
    scan.slots.resize(slots);
    scan.node_slots.resize(nodes);
  }
  return node;
}

void FactWireShredder::Append(const WireScan& scan, int handle, Column& element) const {
  AppendMessageNode(*plan_, scan, handle, element);
}

}  // namespace hindsight::store
