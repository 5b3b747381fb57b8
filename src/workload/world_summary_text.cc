#include "workload/world_summary_text.h"

#include <algorithm>
#include <cstdio>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

// Lists in the sample record show at most this many entries.
constexpr size_t kShownEntries = 4;
constexpr int kLabelWidth = 13;

void Line(std::string_view label, std::string_view value, std::string* out) {
  out->append(label);
  out->append(static_cast<size_t>(kLabelWidth) > label.size() ? kLabelWidth - label.size() : 1,
              ' ');
  out->append(value);
  out->push_back('\n');
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string text;
  for (size_t i = 0; i < ids.size() && i < kShownEntries; ++i) {
    text += StrCat(i > 0 ? ", " : "", ids[i]);
  }
  if (ids.size() > kShownEntries) text += ", ...";
  return text;
}

}  // namespace

std::string WithThousands(int64_t value) {
  std::string digits = StrCat(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

std::string HumanBytes(int64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000.0 && unit < 4) {
    value /= 1000.0;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return buffer;
}

std::string DescribeWorld(const WorldFilesSummary& s, const std::string& dir) {
  const WorldOptions& w = s.world;
  std::string out;
  Line("world", StrCat(ParametersOf(w.scale).name, ", seed ", w.seed, ", in ", dir), &out);
  Line("time range",
       StrCat(FormatTimeMicros(w.start_us), " .. ", FormatTimeMicros(w.EndMicros()), " (",
              w.EffectiveDays(), " days; plays from ", FormatTimeMicros(w.WarmUpStartMicros()),
              ", ", kWarmUpDays, " days of warm-up)"),
       &out);
  Line("profiles",
       StrCat(WithThousands(s.profiles), " (", WithThousands(s.kids_profiles), " kids)"), &out);
  Line("videos",
       StrCat(WithThousands(s.videos), " (", WithThousands(s.video_versions), " versions)"), &out);
  Line("records",
       StrCat(WithThousands(s.counts.records), " (homepage ",
              WithThousands(s.counts.homepage_records), ", search ",
              WithThousands(s.counts.search_records), "); ", WithThousands(s.record_lines),
              " lines after faults"),
       &out);
  Line("plays",
       StrCat(WithThousands(s.counts.plays), " (", WithThousands(s.counts.plays_before_start),
              " during warm-up)"),
       &out);
  if (s.faults.empty()) {
    Line("faults", "none", &out);
  } else {
    for (size_t i = 0; i < s.faults.size(); ++i) {
      const FaultOutcome& f = s.faults[i];
      Line(i == 0 ? "faults" : "",
           StrCat(f.spec.text, ": ", WithThousands(f.rows_affected), " rows affected, ",
                  FormatTimeMicros(f.window.from_us), " .. ", FormatTimeMicros(f.window.to_us)),
           &out);
    }
  }
  if (s.records_in_store) {
    Line("store",
         StrCat(s.store.path, ": ", WithThousands(s.store.records_logged), " records logged (",
                HumanBytes(s.store.log_bytes), " of log), ",
                WithThousands(s.store.lines_quarantined), " lines quarantined"),
         &out);
    if (!s.store.quarantine_path.empty()) Line("quarantine", s.store.quarantine_path, &out);
  }
  bool first = true;
  if (!s.records_written && !s.records_in_store) {
    Line("files",
         StrCat("records.jsonl  not written (about ", HumanBytes(s.records_jsonl_bytes), ")"),
         &out);
    first = false;
  }
  for (const auto& [name, bytes] : s.files) {
    std::string padded = name;
    padded.resize(std::max<size_t>(padded.size() + 2, 16), ' ');
    Line(first ? "files" : "", padded + HumanBytes(bytes), &out);
    first = false;
  }
  return out;
}

std::string DescribeSampleRecord(const Record& r) {
  std::string out;
  Line("record_id", StrCat(r.record_id, " (", r.app, ", ", FormatTimeMicros(r.ts_us), ")"), &out);
  Line("context",
       StrCat("profile_id ", r.profile_id, ", country ", r.country, ", device ", r.device), &out);
  Line("subscriber",
       StrCat("plan ", r.has_plan ? r.plan : "(missing)", ", kids ", r.kids, ", member since ",
              FormatTimeMicros(r.member_since_us).substr(0, 10)),
       &out);
  std::string history = StrCat(r.viewing_history.size(), " plays, latest first");
  for (size_t i = 0; i < r.viewing_history.size() && i < kShownEntries; ++i) {
    const ViewingEvent& e = r.viewing_history[i];
    history += StrCat(i > 0 ? ", " : ": ", e.video_id, " (", e.duration_s, " s",
                      e.completed ? ", completed)" : ")");
  }
  if (r.viewing_history.size() > kShownEntries) history += ", ...";
  Line("history", history, &out);
  Line("my_list",
       StrCat(r.my_list.size(), " videos", r.my_list.empty() ? "" : ": ", IdList(r.my_list)), &out);
  std::string thumbs = StrCat(r.thumbs.size(), " ratings");
  for (size_t i = 0; i < r.thumbs.size() && i < kShownEntries; ++i) {
    thumbs +=
        StrCat(i > 0 ? ", " : ": ", r.thumbs[i].video_id, r.thumbs[i].rating > 0 ? " +1" : " -1");
  }
  if (r.thumbs.size() > kShownEntries) thumbs += ", ...";
  Line("thumbs", thumbs, &out);
  Line("impressions",
       StrCat(r.impressions.size(), " videos since ", FormatTimeMicros(r.impressions_since_us),
              r.impressions.empty() ? "" : ": ", IdList(r.impressions)),
       &out);
  Line("items", StrCat(r.items.size(), " candidates: ", IdList(r.items)), &out);
  Line("meta", StrCat("model ", r.model), &out);
  return out;
}

}  // namespace hindsight::workload
