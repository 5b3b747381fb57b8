#include "world_checker.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

namespace hindsight::workload_test {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kWeekMicros = 7 * 24 * 3600 * int64_t{1'000'000};
constexpr size_t kHistoryCap = 200;
constexpr size_t kThumbsCap = 100;
constexpr size_t kMyListCap = 50;
constexpr size_t kImpressionsCap = 100;
const std::set<std::string> kPlans = {"basic", "standard", "premium", "ads"};
const std::set<std::string> kDevices = {"tv", "mobile", "web", "tablet"};
const std::set<std::string> kKidSafe = {"TV-Y", "TV-Y7", "TV-G", "TV-PG"};

struct ThumbValue {
  int64_t video_id;
  int64_t rating;
  int64_t ts_us;
  bool operator==(const ThumbValue&) const = default;
};

struct CandidateFeatures {
  int64_t video_id;
  double genre_overlap;
  double popularity;
};

struct ProfileTrack {
  int64_t profile_id = 0;
  bool seen = false;
  int plan_changes = 0;
  int64_t last_ts = 0;
  int64_t last_number = 0;
  std::string country;
  bool kids = false;
  int64_t member_since = 0;
  std::string plan;
  std::vector<ThumbValue> thumbs;
  std::vector<int64_t> my_list;
  std::vector<std::pair<int64_t, std::vector<int64_t>>> shown;  // earlier records' items
  std::set<int64_t> ever_shown;
  std::set<std::pair<int64_t, int64_t>> play_ends;  // (video_id, end ts) of all plays
  std::vector<CandidateFeatures> pending;           // last homepage record's candidates
  int64_t pending_ts = 0;
};

class Checker {
 public:
  explicit Checker(const WorldData& world) : world_(world) {
    start_ = world.world["start_us"].get<int64_t>();
    end_ = world.world["end_us"].get<int64_t>();
    warmup_start_ = world.world["warmup_start_us"].get<int64_t>();
    profiles_ = world.world["counts"]["profiles"].get<int64_t>();
  }

  CheckReport Run() {
    CheckPlays();
    CheckVideos();
    std::ifstream in(world_.dir + "/records.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      ++report_.lines;
      CheckLine(line);
    }
    for (auto& [id, track] : tracks_) Label(track, end_);
    const Json& counts = world_.world["counts"];
    Expect(counts["records"].get<int64_t>() == report_.homepage_records + report_.search_records,
           "world.json: records count differs from records.jsonl");
    Expect(counts["homepage_records"].get<int64_t>() == report_.homepage_records,
           "world.json: homepage_records differs");
    Expect(counts["search_records"].get<int64_t>() == report_.search_records,
           "world.json: search_records differs");
    Expect(counts["record_lines"].get<int64_t>() == report_.lines,
           "world.json: record_lines differs");
    auto& p = report_.predictive;
    if (p.played > 0) {
      p.played_genre_overlap /= p.played;
      p.played_popularity /= p.played;
    }
    if (p.unplayed > 0) {
      p.unplayed_genre_overlap /= p.unplayed;
      p.unplayed_popularity /= p.unplayed;
    }
    return std::move(report_);
  }

 private:
  void Problem(const std::string& what) {
    ++report_.problem_count;
    if (report_.problems.size() < kMaxProblems) report_.problems.push_back(what);
  }
  void Expect(bool ok, const std::string& what) {
    if (!ok) Problem(what);
  }

  uint32_t GenreMask(const std::set<std::string>& genres) {
    uint32_t mask = 0;
    for (const std::string& genre : genres) {
      auto [it, inserted] =
          genre_bits_.try_emplace(genre, static_cast<uint32_t>(genre_bits_.size()));
      mask |= 1u << it->second;
    }
    return mask;
  }

  void CheckPlays() {
    int64_t before_start = 0;
    for (size_t i = 0; i < world_.plays.size(); ++i) {
      const PlayRow& play = world_.plays[i];
      const std::string where = "plays.csv row " + std::to_string(i + 2);
      if (i > 0) {
        const PlayRow& prev = world_.plays[i - 1];
        Expect(prev.ts_us < play.ts_us ||
                   (prev.ts_us == play.ts_us && prev.profile_id < play.profile_id),
               where + ": not sorted by (ts_us, profile_id)");
      }
      Expect(play.ts_us >= warmup_start_ && play.ts_us < end_, where + ": outside warm-up..end");
      before_start += play.ts_us < start_;
      Expect(play.profile_id >= 1 && play.profile_id <= profiles_, where + ": unknown profile");
      const VideoVersionRow* version = world_.VersionAt(play.video_id, play.ts_us);
      Expect(version != nullptr, where + ": video unknown or not released at play time");
      if (version != nullptr) {
        Expect(play.duration_s >= 1 && play.duration_s <= version->length_s,
               where + ": bad duration");
        Expect(!play.completed || play.duration_s == version->length_s,
               where + ": completed play shorter than the video");
      }
      ProfileTrack& track = tracks_[play.profile_id];
      track.profile_id = play.profile_id;
      track.play_ends.insert({play.video_id, play.ts_us + play.duration_s * int64_t{1'000'000}});
    }
    for (const auto& [profile, plays] : world_.plays_by_profile) {
      for (size_t i = 1; i < plays.size(); ++i) {
        Expect(plays[i].ts_us >= plays[i - 1].ts_us + plays[i - 1].duration_s * int64_t{1'000'000},
               "plays of profile " + std::to_string(profile) + " overlap");
      }
    }
    const Json& counts = world_.world["counts"];
    Expect(counts["plays"].get<int64_t>() == static_cast<int64_t>(world_.plays.size()),
           "world.json: plays count differs from plays.csv");
    Expect(counts["plays_before_start"].get<int64_t>() == before_start,
           "world.json: plays_before_start differs");
  }

  void CheckVideos() {
    int64_t versions = 0;
    for (const auto& [id, rows] : world_.versions) {
      versions += static_cast<int64_t>(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        Expect(!rows[i].genres.empty() && rows[i].embedding.size() == 16 && rows[i].length_s > 0,
               "videos.csv: bad version of video " + std::to_string(id));
        if (i > 0) {
          Expect(rows[i].valid_from_us > rows[i - 1].valid_from_us &&
                     rows[i].valid_from_us >= start_ && rows[i].valid_from_us < end_,
                 "videos.csv: version of video " + std::to_string(id) + " outside the world");
          Expect(rows[i].title != rows[i - 1].title || rows[i].genres != rows[i - 1].genres ||
                     rows[i].maturity != rows[i - 1].maturity,
                 "videos.csv: version of video " + std::to_string(id) + " changes nothing");
        }
      }
    }
    const Json& counts = world_.world["counts"];
    Expect(counts["videos"].get<int64_t>() == static_cast<int64_t>(world_.versions.size()),
           "world.json: videos count differs");
    Expect(counts["video_versions"].get<int64_t>() == versions,
           "world.json: versions count differs");
  }

  // Labels the pending candidates of `track` with the plays in (pending_ts, until).
  void Label(ProfileTrack& track, int64_t until) {
    if (track.pending.empty()) return;
    std::set<int64_t> played;
    for (const PlayRow& play : PlaysOf(track.profile_id)) {
      if (play.ts_us > track.pending_ts && play.ts_us < until) played.insert(play.video_id);
    }
    auto& p = report_.predictive;
    for (const CandidateFeatures& c : track.pending) {
      if (played.count(c.video_id)) {
        ++p.played;
        p.played_genre_overlap += c.genre_overlap;
        p.played_popularity += c.popularity;
      } else {
        ++p.unplayed;
        p.unplayed_genre_overlap += c.genre_overlap;
        p.unplayed_popularity += c.popularity;
      }
    }
    track.pending.clear();
  }

  const std::vector<PlayRow>& PlaysOf(int64_t profile) const {
    static const std::vector<PlayRow> kNone;
    const auto it = world_.plays_by_profile.find(profile);
    return it == world_.plays_by_profile.end() ? kNone : it->second;
  }

  void AdvancePopularity(int64_t t) {
    while (popularity_cursor_ < world_.plays.size() && world_.plays[popularity_cursor_].ts_us < t) {
      ++popularity_[world_.plays[popularity_cursor_].video_id];
      ++popularity_cursor_;
    }
  }

  void CheckLine(const std::string& line);

  const WorldData& world_;
  int64_t start_ = 0, end_ = 0, warmup_start_ = 0, profiles_ = 0;
  CheckReport report_;
  std::unordered_map<int64_t, ProfileTrack> tracks_;
  std::set<std::string> record_ids_;
  int64_t last_ts_ = 0;
  int64_t last_profile_ = 0;
  std::map<std::string, uint32_t> genre_bits_;
  size_t popularity_cursor_ = 0;
  std::unordered_map<int64_t, int64_t> popularity_;
};

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

void Checker::CheckLine(const std::string& line) {
  const std::string where = "records.jsonl line " + std::to_string(report_.lines);
  const Json r = Json::parse(line, nullptr, false);
  if (r.is_discarded() || !r.is_object()) return Problem(where + ": not a JSON object");
  using Keys_ = std::vector<std::string>;
  if (Keys(r) != Keys_{"record_id", "app", "ts", "context", "facts", "items", "meta"}) {
    return Problem(where + ": record keys differ");
  }
  const Json& context = r["context"];
  const Json& facts = r["facts"];
  if (Keys(context) != Keys_{"profile_id", "country", "device"} ||
      Keys(facts) != Keys_{"subscriber", "viewing_history", "my_list", "thumbs", "impressions"} ||
      Keys(facts["subscriber"]) != Keys_{"plan", "kids", "country", "member_since_us"} ||
      Keys(facts["viewing_history"]) != Keys_{"events"} ||
      Keys(facts["my_list"]) != Keys_{"video_ids"} || Keys(facts["thumbs"]) != Keys_{"thumbs"} ||
      Keys(facts["impressions"]) != Keys_{"video_ids", "since_us"} ||
      Keys(r["meta"]) != Keys_{"model"}) {
    return Problem(where + ": nested keys differ");
  }
  const std::string record_id = r["record_id"].get<std::string>();
  const std::string app = r["app"].get<std::string>();
  const int64_t profile = context["profile_id"].get<int64_t>();
  int64_t t = 0;
  if (!ParseRfc3339Micros(r["ts"].get<std::string>(), &t)) return Problem(where + ": bad ts");
  const std::string at = where + " (" + record_id + ")";

  // Identity and order.
  Expect(record_ids_.insert(record_id).second, at + ": duplicate record_id");
  Expect(app == "homepage" || app == "search", at + ": unknown app");
  const std::string prefix = (app == "homepage" ? "h-" : "s-") + std::to_string(profile) + "-";
  Expect(record_id.rfind(prefix, 0) == 0, at + ": record_id does not name app and profile");
  Expect(t >= start_ && t < end_, at + ": ts outside the world");
  Expect(t > last_ts_ || (t == last_ts_ && profile > last_profile_),
         at + ": out of (ts, profile) order");
  last_ts_ = t;
  last_profile_ = profile;
  Expect(profile >= 1 && profile <= profiles_, at + ": unknown profile");
  ProfileTrack& track = tracks_[profile];
  track.profile_id = profile;
  const int64_t number =
      std::stoll(record_id.substr(prefix.size() < record_id.size() ? prefix.size() : 0));
  Expect(number == track.last_number + 1,
         at + ": record numbers of the profile are not consecutive");
  track.last_number = number;
  ++(app == "homepage" ? report_.homepage_records : report_.search_records);

  // Context and subscriber.
  const std::string country = context["country"].get<std::string>();
  Expect(country.size() == 2, at + ": bad country");
  Expect(kDevices.count(context["device"].get<std::string>()) == 1, at + ": bad device");
  const Json& subscriber = facts["subscriber"];
  const std::string plan = subscriber["plan"].get<std::string>();
  const bool kids = subscriber["kids"].get<bool>();
  const int64_t member_since = subscriber["member_since_us"].get<int64_t>();
  Expect(kPlans.count(plan) == 1, at + ": bad plan");
  Expect(subscriber["country"].get<std::string>() == country,
         at + ": subscriber country differs from context");
  Expect(member_since < warmup_start_, at + ": member since after warm-up start");
  if (track.seen) {
    Expect(track.country == country && track.kids == kids && track.member_since == member_since,
           at + ": country, kids or member_since changed");
    if (track.plan != plan) {
      ++report_.plan_changes;
      Expect(++track.plan_changes == 1, at + ": plan changed more than once");
    }
  }

  // Viewing history: exactly the profile's plays before t, most recent first, <= 200.
  const std::vector<PlayRow>& plays = PlaysOf(profile);
  const size_t before = static_cast<size_t>(
      std::lower_bound(plays.begin(), plays.end(), t,
                       [](const PlayRow& p, int64_t ts) { return p.ts_us < ts; }) -
      plays.begin());
  const Json& events = facts["viewing_history"]["events"];
  const size_t expected_count = std::min(before, kHistoryCap);
  report_.full_histories += expected_count == kHistoryCap;
  if (events.size() != expected_count) {
    Problem(at + ": viewing_history has " + std::to_string(events.size()) +
            " events, plays before t: " + std::to_string(expected_count));
  } else {
    for (size_t i = 0; i < expected_count; ++i) {
      const PlayRow& play = plays[before - 1 - i];
      const Json& e = events[i];
      if (Keys(e) != Keys_{"video_id", "ts_us", "duration_s", "completed"} ||
          e["video_id"].get<int64_t>() != play.video_id ||
          e["ts_us"].get<int64_t>() != play.ts_us ||
          e["duration_s"].get<int64_t>() != play.duration_s ||
          e["completed"].get<bool>() != play.completed) {
        Problem(at + ": viewing_history event " + std::to_string(i) + " differs from plays.csv");
        break;
      }
    }
  }

  // Thumbs: each from a play that ended before t; older thumbs only disappear past the cap.
  std::vector<ThumbValue> thumbs;
  std::set<int64_t> thumbed;
  for (const Json& thumb : facts["thumbs"]["thumbs"]) {
    if (Keys(thumb) != Keys_{"video_id", "rating", "ts_us"}) {
      Problem(at + ": thumb keys differ");
      break;
    }
    thumbs.push_back({thumb["video_id"].get<int64_t>(), thumb["rating"].get<int64_t>(),
                      thumb["ts_us"].get<int64_t>()});
  }
  Expect(thumbs.size() <= kThumbsCap, at + ": too many thumbs");
  for (size_t i = 0; i < thumbs.size(); ++i) {
    const ThumbValue& th = thumbs[i];
    Expect(th.rating == 1 || th.rating == -1, at + ": rating not +1/-1");
    Expect(th.ts_us < t, at + ": thumb from the future");
    Expect(track.play_ends.count({th.video_id, th.ts_us}) == 1,
           at + ": thumb does not match the end of a play of the video");
    Expect(thumbed.insert(th.video_id).second, at + ": video rated twice");
    Expect(i == 0 || thumbs[i - 1].ts_us > th.ts_us, at + ": thumbs not most recent first");
  }
  if (track.seen) {
    std::vector<ThumbValue> older;
    for (const ThumbValue& th : thumbs) {
      if (th.ts_us < track.last_ts) older.push_back(th);
    }
    const bool prefix_ok = older.size() <= track.thumbs.size() &&
                           std::equal(older.begin(), older.end(), track.thumbs.begin());
    Expect(prefix_ok && (thumbs.size() == kThumbsCap || older.size() == track.thumbs.size()),
           at + ": thumbs changed other than by new ratings (and the cap)");
  }
  report_.nonempty_thumbs += !thumbs.empty();

  // My List: new additions first, then the previous list minus videos completed since.
  std::vector<int64_t> my_list;
  for (const Json& id : facts["my_list"]["video_ids"]) my_list.push_back(id.get<int64_t>());
  Expect(my_list.size() <= kMyListCap, at + ": my_list too long");
  Expect(std::set<int64_t>(my_list.begin(), my_list.end()).size() == my_list.size(),
         at + ": my_list has duplicates");
  if (track.seen) {
    std::set<int64_t> completed_since;
    for (const PlayRow& play : plays) {
      const int64_t end = play.ts_us + play.duration_s * int64_t{1'000'000};
      if (play.completed && end >= track.last_ts && end < t) completed_since.insert(play.video_id);
    }
    std::vector<int64_t> kept;
    for (int64_t id : track.my_list) {
      if (!completed_since.count(id)) {
        kept.push_back(id);
      } else {
        ++report_.my_list_removals;
      }
    }
    const std::set<int64_t> previous(track.my_list.begin(), track.my_list.end());
    size_t added = 0;
    while (added < my_list.size() && !previous.count(my_list[added])) {
      Expect(track.ever_shown.count(my_list[added]) == 1,
             at + ": my_list gained a video never shown");
      ++added;
    }
    Expect(std::vector<int64_t>(my_list.begin() + static_cast<ptrdiff_t>(added), my_list.end()) ==
               kept,
           at + ": my_list changed other than by additions and completed plays");
  }
  report_.nonempty_my_list += !my_list.empty();

  // Impressions: distinct items of this profile's earlier records in the last 7 days.
  const int64_t since = t - kWeekMicros;
  Expect(facts["impressions"]["since_us"].get<int64_t>() == since,
         at + ": impressions since_us is not t - 7d");
  std::vector<int64_t> expected_impressions;
  std::set<int64_t> seen_items;
  for (auto it = track.shown.rbegin();
       it != track.shown.rend() && expected_impressions.size() < kImpressionsCap; ++it) {
    if (it->first < since) break;
    for (int64_t id : it->second) {
      if (expected_impressions.size() >= kImpressionsCap) break;
      if (seen_items.insert(id).second) expected_impressions.push_back(id);
    }
  }
  std::vector<int64_t> impressions;
  for (const Json& id : facts["impressions"]["video_ids"]) impressions.push_back(id.get<int64_t>());
  Expect(impressions == expected_impressions,
         at + ": impressions differ from earlier records' items");
  report_.nonempty_impressions += !impressions.empty();

  // Items: distinct, known, released at t, kid-safe for kids.
  std::vector<int64_t> items;
  for (const Json& id : r["items"]) items.push_back(id.get<int64_t>());
  const size_t low = app == "homepage" ? 20 : 8;
  const size_t high = app == "homepage" ? 40 : 16;
  Expect(items.size() >= low && items.size() <= high, at + ": item count out of range");
  Expect(std::set<int64_t>(items.begin(), items.end()).size() == items.size(),
         at + ": duplicate items");
  const std::string model = r["meta"]["model"].get<std::string>();
  Expect(app == "homepage" ? (model == "ranker_v3" || model == "ranker_v4") : model == "search_v2",
         at + ": unexpected model");

  // Features for the predictive check (homepage candidates only).
  AdvancePopularity(t);
  Label(track, t);
  std::vector<uint32_t> history_masks;
  for (const Json& e : events) {
    const VideoVersionRow* v = world_.VersionAt(e["video_id"].get<int64_t>(), t);
    history_masks.push_back(v ? GenreMask(v->genres) : 0);
  }
  for (int64_t id : items) {
    const VideoVersionRow* version = world_.VersionAt(id, t);
    if (version == nullptr) {
      Problem(at + ": item " + std::to_string(id) + " unknown or not released at t");
      continue;
    }
    Expect(!kids || kKidSafe.count(version->maturity) == 1,
           at + ": kids profile shown a mature video");
    if (app != "homepage") continue;
    const uint32_t mask = GenreMask(version->genres);
    int64_t overlap = 0;
    for (uint32_t m : history_masks) overlap += (m & mask) != 0;
    const auto pop = popularity_.find(id);
    track.pending.push_back(
        {id, history_masks.empty() ? 0.0 : double(overlap) / history_masks.size(),
         std::log1p(pop == popularity_.end() ? 0.0 : static_cast<double>(pop->second))});
  }
  track.pending_ts = t;

  track.seen = true;
  track.last_ts = t;
  track.country = country;
  track.kids = kids;
  track.member_since = member_since;
  track.plan = plan;
  track.thumbs = std::move(thumbs);
  track.my_list = std::move(my_list);
  while (!track.shown.empty() && track.shown.front().first < since)
    track.shown.erase(track.shown.begin());
  track.shown.push_back({t, items});
  track.ever_shown.insert(items.begin(), items.end());
}

}  // namespace

CheckReport CheckWorld(const WorldData& world) { return Checker(world).Run(); }

}  // namespace hindsight::workload_test
