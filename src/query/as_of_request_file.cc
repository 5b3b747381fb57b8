#include "query/as_of_request_file.h"

#include <charconv>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

std::string_view Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

bool ParseInt64(std::string_view text, int64_t& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

// The first field of a line, for header detection.
std::string_view FirstField(std::string_view line) { return Trim(line.substr(0, line.find(','))); }

}  // namespace

StatusOr<AsOfPoint> ParseAsOfPoint(std::string_view line) {
  const size_t comma = line.find(',');
  if (comma == std::string_view::npos) {
    return absl::InvalidArgumentError("expected `entity,as_of`");
  }
  const std::string_view entity = Trim(line.substr(0, comma));
  const std::string_view as_of = Trim(line.substr(comma + 1));
  if (as_of.find(',') != std::string_view::npos) {
    return absl::InvalidArgumentError("expected two fields, `entity,as_of`");
  }
  AsOfPoint point;
  if (!ParseInt64(entity, point.entity)) {
    return absl::InvalidArgumentError(StrCat("entity '", entity, "' is not an int64"));
  }
  StatusOr<int64_t> time = ParseTimeMicros(as_of);
  if (!time.ok()) {
    return absl::InvalidArgumentError(
        StrCat("as_of '", as_of, "': ", std::string(time.status().message())));
  }
  point.as_of_us = *time;
  return point;
}

AsOfRequestFileReader::AsOfRequestFileReader(std::FILE* file, std::string name)
    : lines_(file, name, kMaxRequestLineBytes), name_(std::move(name)) {}

StatusOr<std::vector<AsOfPoint>> AsOfRequestFileReader::Next(size_t max) {
  std::vector<AsOfPoint> points;
  while (points.size() < max) {
    HS_ASSIGN_OR_RETURN(std::optional<store::InputLine> line, lines_.Next());
    if (!line.has_value()) break;
    if (Trim(line->text).empty()) continue;
    const std::string where = StrCat(name_, ":", line->number, ": ");
    if (line->too_long) {
      return absl::InvalidArgumentError(
          StrCat(where, "longer than ", kMaxRequestLineBytes, " bytes; expected `entity,as_of`"));
    }
    int64_t ignored;
    if (header_possible_ && !ParseInt64(FirstField(line->text), ignored)) {
      header_possible_ = false;
      continue;
    }
    header_possible_ = false;
    StatusOr<AsOfPoint> point = ParseAsOfPoint(line->text);
    if (!point.ok()) {
      return absl::InvalidArgumentError(StrCat(where, std::string(point.status().message())));
    }
    points.push_back(*point);
  }
  return points;
}

}  // namespace hindsight::query
