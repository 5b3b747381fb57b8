#include "workload/record_json.h"

#include <charconv>

#include "util/time_format.h"

namespace hindsight::workload {
namespace {

void AppendInt(int64_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

void AppendIdArray(const std::vector<int64_t>& ids, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendInt(ids[i], out);
  }
  out->push_back(']');
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendRecordJson(const Record& r, std::string* out) {
  out->append("{\"record_id\":");
  AppendJsonString(r.record_id, out);
  out->append(",\"app\":");
  AppendJsonString(r.app, out);
  out->append(",\"ts\":");
  AppendJsonString(FormatTimeMicros(r.ts_us), out);

  out->append(",\"context\":{\"profile_id\":");
  AppendInt(r.profile_id, out);
  out->append(",\"country\":");
  AppendJsonString(r.country, out);
  out->append(",\"device\":");
  AppendJsonString(r.device, out);

  out->append("},\"facts\":{\"subscriber\":{");
  if (r.has_plan) {
    out->append("\"plan\":");
    AppendJsonString(r.plan, out);
    out->push_back(',');
  }
  out->append(r.kids ? "\"kids\":true" : "\"kids\":false");
  out->append(",\"country\":");
  AppendJsonString(r.country, out);
  out->append(",\"member_since_us\":");
  AppendInt(r.member_since_us, out);

  out->append("},\"viewing_history\":{\"events\":[");
  for (size_t i = 0; i < r.viewing_history.size(); ++i) {
    const ViewingEvent& e = r.viewing_history[i];
    out->append(i > 0 ? ",{\"video_id\":" : "{\"video_id\":");
    AppendInt(e.video_id, out);
    out->append(",\"ts_us\":");
    AppendInt(e.ts_us, out);
    out->append(",\"duration_s\":");
    AppendInt(e.duration_s, out);
    out->append(e.completed ? ",\"completed\":true}" : ",\"completed\":false}");
  }
  out->append("]},\"my_list\":{\"video_ids\":");
  AppendIdArray(r.my_list, out);

  out->append("},\"thumbs\":{\"thumbs\":[");
  for (size_t i = 0; i < r.thumbs.size(); ++i) {
    const Thumb& t = r.thumbs[i];
    out->append(i > 0 ? ",{\"video_id\":" : "{\"video_id\":");
    AppendInt(t.video_id, out);
    out->append(",\"rating\":");
    AppendInt(t.rating, out);
    out->append(",\"ts_us\":");
    AppendInt(t.ts_us, out);
    out->push_back('}');
  }
  out->append("]},\"impressions\":{\"video_ids\":");
  AppendIdArray(r.impressions, out);
  out->append(",\"since_us\":");
  AppendInt(r.impressions_since_us, out);

  out->append("}},\"items\":");
  AppendIdArray(r.items, out);
  out->append(",\"meta\":{\"model\":");
  AppendJsonString(r.model, out);
  out->append("}}");
}

}  // namespace hindsight::workload
