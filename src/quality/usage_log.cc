#include "quality/usage_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "nlohmann/json.hpp"
#include "parquet/reader/file_reader.h"
#include "store/store_layout.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

constexpr std::string_view kUsageFile = "usage.jsonl";
// Columns every run reads to find and order records.
constexpr std::string_view kKeyColumns[] = {"ts", "record_id"};

// Attribute names of a file's leaves (the naming of profiles), by leaf index.
void NameLeaves(const parquet::LogicalNode& node, const std::string& path,
                std::vector<std::string>& names) {
  switch (node.kind) {
    case parquet::LogicalKind::kPrimitive:
      if (node.leaf_index >= 0) {
        if (names.size() <= static_cast<size_t>(node.leaf_index)) names.resize(node.leaf_index + 1);
        names[node.leaf_index] = path;
      }
      return;
    case parquet::LogicalKind::kStruct:
      for (const auto& child : node.children) {
        NameLeaves(child, path.empty() ? child.name : StrCat(path, ".", child.name), names);
      }
      return;
    case parquet::LogicalKind::kList:
      if (!node.children.empty()) {
        const bool messages = node.children[0].kind == parquet::LogicalKind::kStruct;
        NameLeaves(node.children[0], messages ? path : StrCat(path, "[]"), names);
      }
      return;
    case parquet::LogicalKind::kMap:
      if (node.children.size() == 2) {
        NameLeaves(node.children[0], StrCat(path, ".key"), names);
        NameLeaves(node.children[1], StrCat(path, ".value"), names);
      }
      return;
  }
}

}  // namespace

Status RecordUsage(const std::string& store, const std::string& command, const std::string& source,
                   const std::vector<std::string>& attributes) {
  const std::string dir = store::UsageDir(store);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::UnavailableError(StrCat("cannot create ", dir, ": ", error.message()));
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string line = StrCat(
      nlohmann::json(
          {{"at", now}, {"command", command}, {"source", source}, {"attributes", attributes}})
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      "\n");
  const std::string path = StrCat(dir, "/", kUsageFile);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return absl::UnavailableError(StrCat("cannot open ", path));
  const ssize_t written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    return absl::UnavailableError(StrCat("cannot append to ", path));
  return absl::OkStatus();
}

std::vector<std::string> FeatureSetAttributes(const features::FeatureSet& feature_set) {
  std::set<std::string> out;
  auto fact_path = [](const std::string& input) {
    if (input.rfind("context.", 0) == 0) return input.substr(std::string("context.").size());
    return StrCat("facts.", input);
  };
  for (const auto& feature : feature_set.features) {
    for (const std::string& input : feature.inputs) {
      const std::string path = fact_path(input);
      out.insert(path);
      // A time field is read from the same list's elements as the input.
      if (feature.time.has_value() && input.rfind("context.", 0) != 0) {
        out.insert(StrCat(path, ".", *feature.time));
      }
    }
  }
  out.insert(feature_set.entity);
  return {out.begin(), out.end()};
}

bool ReadCovers(const std::string& path, const std::string& attribute) {
  if (path == attribute || attribute == path + "[]") return true;
  if (path.size() > 2 && path.ends_with(".*")) {
    const std::string prefix = path.substr(0, path.size() - 2);
    return attribute == prefix || attribute.rfind(prefix + ".", 0) == 0 ||
           attribute == prefix + "[]";
  }
  // Reading a field inside a list reads the list (its lengths) too.
  return path.rfind(attribute + ".", 0) == 0;
}

StatusOr<UsageReport> BuildUsageReport(const std::string& store) {
  UsageReport report;
  std::map<std::string, AttributeUsage> by_name;
  std::string entity;  // the table's first column (facts_table_schema.h), read by every run
  HS_ASSIGN_OR_RETURN(const auto latest, store::ReadLatestSnapshot(store));
  if (latest.has_value()) {
    for (const store::DataFile& file : latest->files) {
      HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(
                                           StrCat(store::FactsTableDir(store), "/", file.path)));
      std::vector<std::string> names;
      NameLeaves(reader->schema().logical_root(), "", names);
      if (!names.empty()) entity = names[0];
      for (const auto& row_group : reader->metadata().row_groups) {
        for (size_t leaf = 0; leaf < row_group.columns.size() && leaf < names.size(); ++leaf) {
          const auto& meta = row_group.columns[leaf].meta_data;
          if (!meta.has_value()) continue;
          AttributeUsage& usage = by_name[names[leaf]];
          usage.attribute = names[leaf];
          usage.bytes += meta->total_compressed_size;
          report.total_bytes += meta->total_compressed_size;
        }
      }
    }
  }
  const std::string path = StrCat(store::UsageDir(store), "/", kUsageFile);
  std::ifstream in(path);
  std::string line;
  int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_object() || !json.contains("attributes") || !json["attributes"].is_array()) {
      return absl::DataLossError(StrCat(path, ":", line_number, ": not a usage record"));
    }
    ++report.runs;
    const int64_t at = json.value("at", int64_t{0});
    const std::string command = json.value("command", std::string("?"));
    std::vector<std::string> paths;
    for (const auto& a : json["attributes"]) {
      if (a.is_string()) paths.push_back(a.get<std::string>());
    }
    for (std::string_view key : kKeyColumns) paths.emplace_back(key);
    if (!entity.empty()) paths.push_back(entity);
    for (auto& entry : by_name) {
      const std::string& name = entry.first;
      AttributeUsage& usage = entry.second;
      if (std::none_of(paths.begin(), paths.end(),
                       [&](const std::string& p) { return ReadCovers(p, name); })) {
        continue;
      }
      ++usage.reads;
      usage.last_read_us = std::max(usage.last_read_us, at);
      if (std::find(usage.commands.begin(), usage.commands.end(), command) ==
          usage.commands.end()) {
        usage.commands.push_back(command);
      }
    }
  }
  for (auto& [name, usage] : by_name) report.attributes.push_back(std::move(usage));
  std::sort(report.attributes.begin(), report.attributes.end(),
            [](const AttributeUsage& a, const AttributeUsage& b) {
              return a.bytes != b.bytes ? a.bytes > b.bytes : a.attribute < b.attribute;
            });
  return report;
}

}  // namespace hindsight::quality
