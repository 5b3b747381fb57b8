#include "world_reader.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace hindsight::workload_test {
namespace {

std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) return parts;
    begin = end + 1;
  }
}

template <typename T>
bool ParseNumber(const std::string& text, T* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool LoadJson(const std::string& path, nlohmann::json* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path;
    return false;
  }
  *out = nlohmann::json::parse(in, nullptr, false);
  if (out->is_discarded()) {
    *error = "invalid JSON in " + path;
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string FileDigest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  char text[40];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return text;
}

bool ParseRfc3339Micros(const std::string& text, int64_t* micros) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z') {
    return false;
  }
  int64_t y, mo, d, h, mi, s;
  if (!ParseNumber(text.substr(0, 4), &y) || !ParseNumber(text.substr(5, 2), &mo) ||
      !ParseNumber(text.substr(8, 2), &d) || !ParseNumber(text.substr(11, 2), &h) ||
      !ParseNumber(text.substr(14, 2), &mi) || !ParseNumber(text.substr(17, 2), &s)) {
    return false;
  }
  int64_t fraction = 0;
  if (text.size() > 20) {
    if (text[19] != '.') return false;
    std::string digits = text.substr(20, text.size() - 21);
    if (digits.empty() || digits.size() > 6) return false;
    if (!ParseNumber(digits, &fraction)) return false;
    for (size_t i = digits.size(); i < 6; ++i) fraction *= 10;
  }
  *micros = ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60'000'000 + s * 1'000'000 + fraction;
  return true;
}

const VideoVersionRow* WorldData::VersionAt(int64_t video_id, int64_t t_us) const {
  const auto it = versions.find(video_id);
  if (it == versions.end()) return nullptr;
  const VideoVersionRow* found = nullptr;
  for (const VideoVersionRow& version : it->second) {
    if (version.valid_from_us <= t_us) found = &version;
  }
  return found;
}

bool LoadWorld(const std::string& dir, WorldData* world, std::string* error) {
  world->dir = dir;
  if (!LoadJson(dir + "/world.json", &world->world, error)) return false;
  if (!LoadJson(dir + "/faults.json", &world->faults, error)) return false;

  const std::vector<std::string> play_lines = ReadLines(dir + "/plays.csv");
  if (play_lines.empty() || play_lines[0] != "profile_id,ts_us,video_id,duration_s,completed") {
    *error = "plays.csv: bad header";
    return false;
  }
  world->plays.reserve(play_lines.size());
  for (size_t i = 1; i < play_lines.size(); ++i) {
    const std::vector<std::string> f = SplitOn(play_lines[i], ',');
    PlayRow row;
    if (f.size() != 5 || !ParseNumber(f[0], &row.profile_id) || !ParseNumber(f[1], &row.ts_us) ||
        !ParseNumber(f[2], &row.video_id) || !ParseNumber(f[3], &row.duration_s) ||
        (f[4] != "true" && f[4] != "false")) {
      *error = "plays.csv line " + std::to_string(i + 1) + ": bad row '" + play_lines[i] + "'";
      return false;
    }
    row.completed = f[4] == "true";
    world->plays.push_back(row);
    world->plays_by_profile[row.profile_id].push_back(row);
  }

  const std::vector<std::string> video_lines = ReadLines(dir + "/videos.csv");
  if (video_lines.empty() ||
      video_lines[0] !=
          "video_id,valid_from_us,title,genres,length_s,maturity,release_date,embedding") {
    *error = "videos.csv: bad header";
    return false;
  }
  for (size_t i = 1; i < video_lines.size(); ++i) {
    const std::vector<std::string> f = SplitOn(video_lines[i], ',');
    VideoVersionRow row;
    bool ok = f.size() == 8 && ParseNumber(f[0], &row.video_id) &&
              ParseNumber(f[1], &row.valid_from_us) && ParseNumber(f[4], &row.length_s);
    if (ok) {
      row.title = f[2];
      for (const std::string& genre : SplitOn(f[3], '|')) row.genres.insert(genre);
      row.maturity = f[5];
      row.release_date = f[6];
      for (const std::string& value : SplitOn(f[7], ';')) {
        float x;
        ok = ok && ParseNumber(value, &x);
        row.embedding.push_back(x);
      }
    }
    if (!ok) {
      *error = "videos.csv line " + std::to_string(i + 1) + ": bad row";
      return false;
    }
    world->versions[row.video_id].push_back(row);
  }
  for (auto& [id, versions] : world->versions) {
    std::sort(versions.begin(), versions.end(),
              [](const VideoVersionRow& a, const VideoVersionRow& b) {
                return a.valid_from_us < b.valid_from_us;
              });
  }
  return true;
}

}  // namespace hindsight::workload_test
