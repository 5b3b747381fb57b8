#include "store/store_config.h"

#include <yaml-cpp/yaml.h>

#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

// Retention beyond this is surely a typo (about 100 years).
constexpr int kMaxRetentionDays = 36500;

Status ConfigError(const std::string& file_name, std::string_view key, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(file_name, ": ", key, ": ", what));
}

StatusOr<std::string> ReadString(const YAML::Node& root, const std::string& file_name,
                                 const char* key) {
  const YAML::Node node = root[key];
  if (!node) return ConfigError(file_name, key, "missing");
  if (!node.IsScalar() || node.Scalar().empty()) {
    return ConfigError(file_name, key, "expected a non-empty string");
  }
  return node.Scalar();
}

StatusOr<int> ReadInt(const YAML::Node& root, const std::string& file_name, const char* key,
                      int min, int max) {
  const YAML::Node node = root[key];
  if (!node) return ConfigError(file_name, key, "missing");
  int value = 0;
  if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) {
    return ConfigError(file_name, key, "expected an integer");
  }
  if (value < min || value > max) {
    return ConfigError(file_name, key,
                       StrCat(value, " is out of range (expected ", min, "..", max, ")"));
  }
  return value;
}

StatusOr<StoreConfig> ParseRoot(const YAML::Node& root, const std::string& file_name) {
  if (!root.IsMap()) return ConfigError(file_name, "(top level)", "expected a mapping");
  StoreConfig config;
  HS_ASSIGN_OR_RETURN(config.format_version,
                      ReadInt(root, file_name, "format_version", 1, 1 << 20));
  if (config.format_version > kStoreFormatVersion) {
    return ConfigError(file_name, "format_version",
                       StrCat(config.format_version, " is newer than this hindsight supports (",
                              kStoreFormatVersion, ")"));
  }
  HS_ASSIGN_OR_RETURN(config.entity_key, ReadString(root, file_name, "entity_key"));
  HS_ASSIGN_OR_RETURN(config.partitioning, ReadString(root, file_name, "partitioning"));
  if (config.partitioning != kPartitionByHour) {
    return ConfigError(file_name, "partitioning",
                       StrCat("unsupported '", config.partitioning, "' (expected 'hour')"));
  }
  HS_ASSIGN_OR_RETURN(config.retention_days,
                      ReadInt(root, file_name, "retention_days", 1, kMaxRetentionDays));
  HS_ASSIGN_OR_RETURN(config.snapshot_retention_days,
                      ReadInt(root, file_name, "snapshot_retention_days", 0, kMaxRetentionDays));
  // Optional: stores created before ingest existed lack it.
  if (root["dedupe_window_minutes"]) {
    HS_ASSIGN_OR_RETURN(
        config.dedupe_window_minutes,
        ReadInt(root, file_name, "dedupe_window_minutes", 0, kMaxRetentionDays * 24 * 60));
  }
  const YAML::Node fact_types = root["fact_types"];
  if (!fact_types) return ConfigError(file_name, "fact_types", "missing");
  if (!fact_types.IsMap()) {
    return ConfigError(file_name, "fact_types", "expected a mapping of name: message");
  }
  for (const auto& entry : fact_types) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar() || entry.second.Scalar().empty()) {
      return ConfigError(file_name, "fact_types",
                         "each entry must map a fact type name to a message full name");
    }
    config.fact_types[entry.first.Scalar()] = entry.second.Scalar();
  }
  return config;
}

}  // namespace

std::string StoreConfigToYaml(const StoreConfig& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "format_version" << YAML::Value << config.format_version;
  out << YAML::Key << "entity_key" << YAML::Value << config.entity_key;
  out << YAML::Key << "partitioning" << YAML::Value << config.partitioning;
  out << YAML::Key << "retention_days" << YAML::Value << config.retention_days;
  out << YAML::Key << "snapshot_retention_days" << YAML::Value << config.snapshot_retention_days;
  out << YAML::Key << "dedupe_window_minutes" << YAML::Value << config.dedupe_window_minutes;
  out << YAML::Key << "fact_types" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, message] : config.fact_types) {
    out << YAML::Key << name << YAML::Value << message;
  }
  out << YAML::EndMap << YAML::EndMap;
  return StrCat("# Hindsight store config (SYSTEM.md section 6).\n", out.c_str(), "\n");
}

StatusOr<StoreConfig> ParseStoreConfig(std::string_view yaml, const std::string& file_name) {
  // yaml-cpp reports errors by exception; they end here.
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    return ParseRoot(root, file_name);
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        StrCat(file_name, ":", error.mark.line + 1, ":", error.mark.column + 1, ": ", error.msg));
  }
}

StatusOr<StoreConfig> ReadStoreConfig(const std::string& store) {
  const std::string path = ConfigPath(store);
  HS_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseStoreConfig(text, path);
}

Status WriteStoreConfig(const std::string& store, const StoreConfig& config) {
  return WriteFileAtomically(ConfigPath(store), StoreConfigToYaml(config));
}

}  // namespace hindsight::store
