#include "workload/record_proto_encoder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "util/str_cat.h"

namespace hindsight::workload {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::io::CodedOutputStream;
using Field = RecordProtoEncoder::Field;

// Protobuf wire types (the low 3 bits of a tag).
constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireLengthDelimited = 2;
constexpr int kTagTypeBits = 3;

// Upper bounds of encoded sizes, for sizing a value before writing it.
constexpr size_t kMaxTagBytes = 5;      // field numbers < 2^29
constexpr size_t kMaxVarintBytes = 10;  // 64-bit varint (negative int32 is sign-extended)
constexpr size_t kMaxScalarFieldBytes = kMaxTagBytes + kMaxVarintBytes;
// A ViewingEvent or Thumb holds at most 4 scalar fields, so it is shorter than 128
// bytes and its length prefix is one byte: reserved before the message, filled after.
constexpr size_t kMaxSmallMessageBytes = 4 * kMaxScalarFieldBytes;
static_assert(kMaxSmallMessageBytes < 128, "small messages need a one-byte length prefix");
constexpr size_t kMaxSmallMessageFieldBytes = kMaxTagBytes + 1 + kMaxSmallMessageBytes;

// Writes wire format into a string sized to an upper bound, then trims it.
class WireWriter {
 public:
  WireWriter(std::string& out, size_t bound) : out_(out) {
    out_.resize(bound);
    begin_ = pos_ = reinterpret_cast<uint8_t*>(out_.data());
  }
  void Finish() { out_.resize(static_cast<size_t>(pos_ - begin_)); }

  // int64, bool (and int32 once sign-extended); zero is omitted without presence.
  void Varint(const Field& field, uint64_t value) {
    if (value == 0 && !field.has_presence) return;
    pos_ = CodedOutputStream::WriteVarint32ToArray(field.tag, pos_);
    pos_ = CodedOutputStream::WriteVarint64ToArray(value, pos_);
  }
  void Int32(const Field& field, int32_t value) {
    Varint(field, static_cast<uint64_t>(static_cast<int64_t>(value)));
  }
  void String(const Field& field, std::string_view value) {
    if (value.empty() && !field.has_presence) return;
    pos_ = CodedOutputStream::WriteVarint32ToArray(field.tag, pos_);
    pos_ = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(value.size()), pos_);
    std::memcpy(pos_, value.data(), value.size());
    pos_ += value.size();
  }
  // A repeated int64 field, packed or not as the schema says.
  void Int64List(const Field& field, const std::vector<int64_t>& values) {
    if (values.empty()) return;
    if (!field.packed) {
      for (int64_t value : values) {
        pos_ = CodedOutputStream::WriteVarint32ToArray(field.tag, pos_);
        pos_ = CodedOutputStream::WriteVarint64ToArray(static_cast<uint64_t>(value), pos_);
      }
      return;
    }
    size_t bytes = 0;
    for (int64_t value : values) bytes += CodedOutputStream::VarintSize64(value);
    pos_ = CodedOutputStream::WriteVarint32ToArray(field.tag, pos_);
    pos_ = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(bytes), pos_);
    for (int64_t value : values) {
      pos_ = CodedOutputStream::WriteVarint64ToArray(static_cast<uint64_t>(value), pos_);
    }
  }
  // Starts one element of a repeated message field whose messages are small; returns
  // the position of its length byte for EndSmallMessage.
  uint8_t* BeginSmallMessage(const Field& field) {
    pos_ = CodedOutputStream::WriteVarint32ToArray(field.tag, pos_);
    return pos_++;
  }
  void EndSmallMessage(uint8_t* length_byte) {
    *length_byte = static_cast<uint8_t>(pos_ - length_byte - 1);
  }

 private:
  std::string& out_;
  uint8_t* begin_;
  uint8_t* pos_;
};

std::string TypeText(const FieldDescriptor& field) {
  if (field.type() == FieldDescriptor::TYPE_MESSAGE) return field.message_type()->full_name();
  return field.type_name();
}

// Looks up fields of one store message, checking each against what the world writes.
class FieldResolver {
 public:
  FieldResolver(std::string_view fact_type, const Descriptor& message)
      : fact_type_(fact_type), message_(message) {}

  StatusOr<Field> Scalar(const std::string& name, FieldDescriptor::Type type) {
    HS_ASSIGN_OR_RETURN(const FieldDescriptor* field, Find(name, type, /*repeated=*/false));
    return Field{Tag(*field, kWireVarint, type), field->has_presence(), false};
  }
  StatusOr<Field> Int64List(const std::string& name) {
    HS_ASSIGN_OR_RETURN(const FieldDescriptor* field,
                        Find(name, FieldDescriptor::TYPE_INT64, /*repeated=*/true));
    return Field{field->number() * (1u << kTagTypeBits) |
                     (field->is_packed() ? kWireLengthDelimited : kWireVarint),
                 false, field->is_packed()};
  }
  // A repeated message field; `element` receives its message type.
  StatusOr<Field> MessageList(const std::string& name, const Descriptor** element) {
    HS_ASSIGN_OR_RETURN(const FieldDescriptor* field,
                        Find(name, FieldDescriptor::TYPE_MESSAGE, /*repeated=*/true));
    *element = field->message_type();
    return Field{field->number() * (1u << kTagTypeBits) | kWireLengthDelimited, false, false};
  }

 private:
  static uint32_t Tag(const FieldDescriptor& field, uint32_t varint_wire,
                      FieldDescriptor::Type type) {
    const uint32_t wire = type == FieldDescriptor::TYPE_STRING ? kWireLengthDelimited : varint_wire;
    return static_cast<uint32_t>(field.number()) * (1u << kTagTypeBits) | wire;
  }

  StatusOr<const FieldDescriptor*> Find(const std::string& name, FieldDescriptor::Type type,
                                        bool repeated) {
    const FieldDescriptor* field = message_.FindFieldByName(name);
    const std::string_view expected = FieldDescriptor::TypeName(type);
    if (field == nullptr) {
      return absl::FailedPreconditionError(StrCat("the store's fact type '", fact_type_, "' (",
                                                  message_.full_name(), ") has no field '", name,
                                                  "', which the world writes"));
    }
    if (field->type() != type || field->is_repeated() != repeated || field->is_map()) {
      return absl::FailedPreconditionError(
          StrCat("the store's fact type '", fact_type_, "' (", message_.full_name(),
                 ") declares field '", name, "' as ", field->is_repeated() ? "repeated " : "",
                 TypeText(*field), "; the world writes ", repeated ? "repeated " : "", expected));
    }
    return field;
  }

  std::string_view fact_type_;
  const Descriptor& message_;
};

StatusOr<const Descriptor*> FactMessage(const store::FactSchemaRegistry& registry,
                                        std::string_view fact_type) {
  const Descriptor* message = registry.FindFactType(fact_type);
  if (message == nullptr) {
    return absl::FailedPreconditionError(
        StrCat("the store registers no fact type '", fact_type, "', which the world logs"));
  }
  return message;
}

}  // namespace

StatusOr<RecordProtoEncoder> RecordProtoEncoder::Create(const store::FactSchemaRegistry& registry) {
  using Type = FieldDescriptor::Type;
  RecordProtoEncoder encoder;
  {
    HS_ASSIGN_OR_RETURN(const Descriptor* message, FactMessage(registry, "subscriber"));
    FieldResolver fields("subscriber", *message);
    SubscriberFields& s = encoder.subscriber_;
    HS_ASSIGN_OR_RETURN(s.plan, fields.Scalar("plan", Type::TYPE_STRING));
    HS_ASSIGN_OR_RETURN(s.kids, fields.Scalar("kids", Type::TYPE_BOOL));
    HS_ASSIGN_OR_RETURN(s.country, fields.Scalar("country", Type::TYPE_STRING));
    HS_ASSIGN_OR_RETURN(s.member_since_us, fields.Scalar("member_since_us", Type::TYPE_INT64));
  }
  {
    HS_ASSIGN_OR_RETURN(const Descriptor* message, FactMessage(registry, "viewing_history"));
    ViewingEventFields& v = encoder.viewing_history_;
    const Descriptor* event = nullptr;
    HS_ASSIGN_OR_RETURN(v.events,
                        FieldResolver("viewing_history", *message).MessageList("events", &event));
    FieldResolver fields("viewing_history", *event);
    HS_ASSIGN_OR_RETURN(v.video_id, fields.Scalar("video_id", Type::TYPE_INT64));
    HS_ASSIGN_OR_RETURN(v.ts_us, fields.Scalar("ts_us", Type::TYPE_INT64));
    HS_ASSIGN_OR_RETURN(v.duration_s, fields.Scalar("duration_s", Type::TYPE_INT32));
    HS_ASSIGN_OR_RETURN(v.completed, fields.Scalar("completed", Type::TYPE_BOOL));
  }
  {
    HS_ASSIGN_OR_RETURN(const Descriptor* message, FactMessage(registry, "my_list"));
    HS_ASSIGN_OR_RETURN(encoder.my_list_.video_ids,
                        FieldResolver("my_list", *message).Int64List("video_ids"));
  }
  {
    HS_ASSIGN_OR_RETURN(const Descriptor* message, FactMessage(registry, "thumbs"));
    ThumbFields& t = encoder.thumbs_;
    const Descriptor* thumb = nullptr;
    HS_ASSIGN_OR_RETURN(t.thumbs, FieldResolver("thumbs", *message).MessageList("thumbs", &thumb));
    FieldResolver fields("thumbs", *thumb);
    HS_ASSIGN_OR_RETURN(t.video_id, fields.Scalar("video_id", Type::TYPE_INT64));
    HS_ASSIGN_OR_RETURN(t.rating, fields.Scalar("rating", Type::TYPE_INT32));
    HS_ASSIGN_OR_RETURN(t.ts_us, fields.Scalar("ts_us", Type::TYPE_INT64));
  }
  {
    HS_ASSIGN_OR_RETURN(const Descriptor* message, FactMessage(registry, "impressions"));
    FieldResolver fields("impressions", *message);
    HS_ASSIGN_OR_RETURN(encoder.impressions_.video_ids, fields.Int64List("video_ids"));
    HS_ASSIGN_OR_RETURN(encoder.impressions_.since_us, fields.Scalar("since_us", Type::TYPE_INT64));
  }
  return encoder;
}

void RecordProtoEncoder::EncodeSubscriber(const Record& r, std::string& out) const {
  const SubscriberFields& f = subscriber_;
  WireWriter writer(out, 4 * kMaxScalarFieldBytes + r.plan.size() + r.country.size());
  if (r.has_plan) writer.String(f.plan, r.plan);
  writer.Varint(f.kids, r.kids ? 1 : 0);
  writer.String(f.country, r.country);
  writer.Varint(f.member_since_us, static_cast<uint64_t>(r.member_since_us));
  writer.Finish();
}

void RecordProtoEncoder::EncodeViewingHistory(const Record& r, std::string& out) const {
  const ViewingEventFields& f = viewing_history_;
  WireWriter writer(out, r.viewing_history.size() * kMaxSmallMessageFieldBytes);
  for (const ViewingEvent& event : r.viewing_history) {
    uint8_t* length = writer.BeginSmallMessage(f.events);
    writer.Varint(f.video_id, static_cast<uint64_t>(event.video_id));
    writer.Varint(f.ts_us, static_cast<uint64_t>(event.ts_us));
    writer.Int32(f.duration_s, event.duration_s);
    writer.Varint(f.completed, event.completed ? 1 : 0);
    writer.EndSmallMessage(length);
  }
  writer.Finish();
}

void RecordProtoEncoder::EncodeMyList(const Record& r, std::string& out) const {
  WireWriter writer(out, (r.my_list.size() + 1) * kMaxScalarFieldBytes);
  writer.Int64List(my_list_.video_ids, r.my_list);
  writer.Finish();
}

void RecordProtoEncoder::EncodeThumbs(const Record& r, std::string& out) const {
  const ThumbFields& f = thumbs_;
  WireWriter writer(out, r.thumbs.size() * kMaxSmallMessageFieldBytes);
  for (const Thumb& thumb : r.thumbs) {
    uint8_t* length = writer.BeginSmallMessage(f.thumbs);
    writer.Varint(f.video_id, static_cast<uint64_t>(thumb.video_id));
    writer.Int32(f.rating, thumb.rating);
    writer.Varint(f.ts_us, static_cast<uint64_t>(thumb.ts_us));
    writer.EndSmallMessage(length);
  }
  writer.Finish();
}

void RecordProtoEncoder::EncodeImpressions(const Record& r, std::string& out) const {
  WireWriter writer(out, (r.impressions.size() + 2) * kMaxScalarFieldBytes);
  writer.Int64List(impressions_.video_ids, r.impressions);
  writer.Varint(impressions_.since_us, static_cast<uint64_t>(r.impressions_since_us));
  writer.Finish();
}

void RecordProtoEncoder::Encode(const Record& r, hindsight::Record& out) const {
  out.Clear();
  out.set_record_id(r.record_id);
  out.set_app(r.app);
  out.set_event_time_us(r.ts_us);
  ContextValue* country = out.add_context();
  country->set_key("country");
  country->set_string_value(r.country);
  ContextValue* device = out.add_context();
  device->set_key("device");
  device->set_string_value(r.device);
  ContextValue* profile = out.add_context();
  profile->set_key("profile_id");
  profile->set_int_value(r.profile_id);

  Fact* impressions = out.add_facts();
  impressions->set_type("impressions");
  EncodeImpressions(r, *impressions->mutable_value());
  Fact* my_list = out.add_facts();
  my_list->set_type("my_list");
  EncodeMyList(r, *my_list->mutable_value());
  Fact* subscriber = out.add_facts();
  subscriber->set_type("subscriber");
  EncodeSubscriber(r, *subscriber->mutable_value());
  Fact* thumbs = out.add_facts();
  thumbs->set_type("thumbs");
  EncodeThumbs(r, *thumbs->mutable_value());
  Fact* viewing_history = out.add_facts();
  viewing_history->set_type("viewing_history");
  EncodeViewingHistory(r, *viewing_history->mutable_value());

  out.mutable_items()->Reserve(static_cast<int>(r.items.size()));
  for (int64_t item : r.items) out.add_items(item);
  (*out.mutable_meta())["model"] = r.model;
}

}  // namespace hindsight::workload
