#include "features/feature_set.h"

#include <xxhash.h>

#include <cstdio>
#include <set>

#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"
#include "yaml-cpp/yaml.h"

namespace hindsight::features {
namespace {

constexpr const char* kCommonKeys[] = {"name",   "encoder", "input", "inputs", "time",
                                       "window", "via",     "item",  "default"};
constexpr const char* kTopLevelKeys[] = {"name", "version", "entity", "item", "facts", "features"};
// Column names the output already uses for the label columns.
constexpr const char* kLabelColumns[] = {"record_id", "ts", "label"};

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

bool IsIdentifier(const std::string& text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::string path) : path_(std::move(path)) {}

  Status Error(const YAML::Node& node, const std::string& message) const {
    return absl::InvalidArgumentError(StrCat(path_, ":", LineOf(node), ": ", message));
  }

  StatusOr<std::string> Scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) return Error(node, StrCat(what, " must be a single value"));
    return node.Scalar();
  }

  StatusOr<std::string> Name(const YAML::Node& node, const std::string& what) const {
    HS_ASSIGN_OR_RETURN(std::string text, Scalar(node, what));
    if (!IsIdentifier(text)) {
      return Error(node, StrCat(what, " '", text, "' must match [a-z][a-z0-9_]*"));
    }
    return text;
  }

  StatusOr<int64_t> Duration(const YAML::Node& node, const std::string& what) const {
    HS_ASSIGN_OR_RETURN(std::string text, Scalar(node, what));
    StatusOr<int64_t> micros = ParseDurationMicros(text);
    if (!micros.ok()) return Error(node, StrCat(what, ": ", micros.status().message()));
    if (*micros <= 0) return Error(node, StrCat(what, " must be positive"));
    return *micros;
  }

  StatusOr<double> Number(const YAML::Node& node, const std::string& what) const {
    HS_ASSIGN_OR_RETURN(std::string text, Scalar(node, what));
    double value = 0;
    if (!YAML::convert<double>::decode(node, value)) {
      return Error(node, StrCat(what, " '", text, "' is not a number"));
    }
    return value;
  }

  StatusOr<FeatureSpec> Feature(const YAML::Node& node) const {
    FeatureSpec spec;
    spec.line = LineOf(node);
    if (!node.IsMap()) return Error(node, "a feature must be a mapping");
    spec.node = std::make_shared<const YAML::Node>(node);
    if (!node["name"]) return Error(node, "feature without a name");
    HS_ASSIGN_OR_RETURN(spec.name, Name(node["name"], "feature name"));
    const std::string what = StrCat("feature ", spec.name);
    if (!node["encoder"]) return Error(node, StrCat(what, " has no encoder"));
    HS_ASSIGN_OR_RETURN(spec.encoder, Scalar(node["encoder"], StrCat(what, ": encoder")));
    if (node["input"] && node["inputs"]) {
      return Error(node, StrCat(what, " has both input and inputs"));
    }
    if (node["input"]) {
      HS_ASSIGN_OR_RETURN(std::string input, Scalar(node["input"], StrCat(what, ": input")));
      spec.inputs.push_back(input);
    }
    if (node["inputs"]) {
      const YAML::Node& inputs = node["inputs"];
      if (!inputs.IsSequence() || inputs.size() == 0) {
        return Error(inputs, StrCat(what, ": inputs must be a non-empty list"));
      }
      for (const YAML::Node& input : inputs) {
        HS_ASSIGN_OR_RETURN(std::string path, Scalar(input, StrCat(what, ": inputs")));
        spec.inputs.push_back(path);
      }
    }
    if (node["time"]) {
      HS_ASSIGN_OR_RETURN(std::string time, Scalar(node["time"], StrCat(what, ": time")));
      spec.time = time;
    }
    if (node["window"]) {
      if (!spec.time) return Error(node["window"], StrCat(what, ": window needs time"));
      HS_ASSIGN_OR_RETURN(spec.window_us, Duration(node["window"], StrCat(what, ": window")));
    }
    if (node["via"]) {
      HS_ASSIGN_OR_RETURN(std::string via, Scalar(node["via"], StrCat(what, ": via")));
      spec.via = via;
    }
    if (node["item"]) {
      HS_ASSIGN_OR_RETURN(std::string item, Scalar(node["item"], StrCat(what, ": item")));
      ItemSpec item_spec;
      if (item == "true") {
        item_spec.is_id = true;
      } else if (item.find('.') != std::string::npos) {
        item_spec.attribute = item;
      } else {
        return Error(node["item"],
                     StrCat(what, ": item must be true or DIM.ATTRIBUTE, not '", item, "'"));
      }
      spec.item = item_spec;
    }
    spec.default_value = {0.0};
    if (node["default"]) {
      const YAML::Node& value = node["default"];
      spec.default_value.clear();
      if (value.IsSequence()) {
        for (const YAML::Node& slot : value) {
          HS_ASSIGN_OR_RETURN(double number, Number(slot, StrCat(what, ": default")));
          spec.default_value.push_back(number);
        }
        if (spec.default_value.empty()) {
          return Error(value, StrCat(what, ": default must not be an empty list"));
        }
      } else {
        HS_ASSIGN_OR_RETURN(double number, Number(value, StrCat(what, ": default")));
        spec.default_value.push_back(number);
      }
    }
    return spec;
  }

  StatusOr<FeatureSet> Parse(const YAML::Node& root) const {
    if (!root.IsMap()) return Error(root, "a feature set must be a YAML mapping");
    for (const auto& entry : root) {
      const std::string key = entry.first.Scalar();
      bool known = false;
      for (const char* top : kTopLevelKeys) known = known || key == top;
      if (!known) {
        return Error(entry.first, StrCat("unknown key '", key,
                                         "' (expected name, version, entity, item, facts, "
                                         "features)"));
      }
    }
    for (const char* required : {"name", "version", "entity", "item", "features"}) {
      if (!root[required]) return Error(root, StrCat("missing key '", required, "'"));
    }
    FeatureSet set;
    set.path = path_;
    HS_ASSIGN_OR_RETURN(set.name, Name(root["name"], "name"));
    HS_ASSIGN_OR_RETURN(std::string version, Scalar(root["version"], "version"));
    int64_t parsed_version = 0;
    if (!YAML::convert<int64_t>::decode(root["version"], parsed_version) || parsed_version <= 0) {
      return Error(root["version"], StrCat("version '", version, "' must be a positive integer"));
    }
    set.version = parsed_version;
    HS_ASSIGN_OR_RETURN(set.entity, Scalar(root["entity"], "entity"));
    HS_ASSIGN_OR_RETURN(set.item, Scalar(root["item"], "item"));
    if (root["facts"]) {
      const YAML::Node& facts = root["facts"];
      if (!facts.IsMap()) return Error(facts, "facts must map fact types to options");
      for (const auto& entry : facts) {
        const std::string type = entry.first.Scalar();
        FactTypeOptions options;
        if (!entry.second.IsMap()) {
          return Error(entry.second, StrCat("facts.", type, " must be a mapping"));
        }
        for (const auto& option : entry.second) {
          const std::string key = option.first.Scalar();
          if (key == "max_age") {
            HS_ASSIGN_OR_RETURN(options.max_age_us,
                                Duration(option.second, StrCat("facts.", type, ".max_age")));
          } else if (key == "fetch") {
            HS_ASSIGN_OR_RETURN(options.fetch,
                                Fetcher(option.second, StrCat("facts.", type, ".fetch")));
          } else {
            return Error(option.first, StrCat("facts.", type, ": unknown option '", key,
                                              "' (expected max_age, fetch)"));
          }
        }
        set.facts[type] = options;
      }
    }
    const YAML::Node& features = root["features"];
    if (!features.IsSequence() || features.size() == 0) {
      return Error(features, "features must be a non-empty list");
    }
    std::set<std::string> names;
    for (const YAML::Node& node : features) {
      HS_ASSIGN_OR_RETURN(FeatureSpec spec, Feature(node));
      bool clashes = spec.name == set.entity || spec.name == set.item;
      for (const char* column : kLabelColumns) clashes = clashes || spec.name == column;
      if (clashes) {
        return Error(node, StrCat("feature name '", spec.name, "' is a label column"));
      }
      if (!names.insert(spec.name).second) {
        return Error(node, StrCat("feature '", spec.name, "' is declared twice"));
      }
      set.features.push_back(std::move(spec));
    }
    return set;
  }

  // facts.TYPE.fetch: {url: http://HOST[:PORT]/PATH, timeout: DURATION, retries: N}.
  StatusOr<FetcherSpec> Fetcher(const YAML::Node& node, const std::string& what) const {
    if (!node.IsMap()) return Error(node, StrCat(what, " must be a mapping with url"));
    FetcherSpec spec;
    spec.line = node.Mark().line + 1;
    for (const auto& option : node) {
      const std::string key = option.first.Scalar();
      if (key == "url") {
        HS_ASSIGN_OR_RETURN(spec.url, Scalar(option.second, StrCat(what, ".url")));
        if (spec.url.rfind("http://", 0) != 0 || spec.url.size() <= 7) {
          return Error(option.second,
                       StrCat(what, ".url '", spec.url, "' must be http://HOST[:PORT]/PATH"));
        }
      } else if (key == "timeout") {
        HS_ASSIGN_OR_RETURN(spec.timeout_us, Duration(option.second, StrCat(what, ".timeout")));
        if (spec.timeout_us > 60 * int64_t{1000000}) {
          return Error(option.second, StrCat(what, ".timeout must be at most 60s"));
        }
      } else if (key == "retries") {
        if (!YAML::convert<int>::decode(option.second, spec.retries) || spec.retries < 0 ||
            spec.retries > 5) {
          return Error(option.second, StrCat(what, ".retries must be an integer in 0..5"));
        }
      } else {
        return Error(option.first,
                     StrCat(what, ": unknown option '", key, "' (expected url, timeout, retries)"));
      }
    }
    if (spec.url.empty()) return Error(node, StrCat(what, " needs a url"));
    return spec;
  }

 private:
  std::string path_;
};

}  // namespace

std::string FeatureSet::Where(int line) const { return StrCat(path, ":", line, ": "); }

bool IsCommonFeatureKey(const std::string& key) {
  for (const char* common : kCommonKeys) {
    if (key == common) return true;
  }
  return false;
}

StatusOr<FeatureSet> ParseFeatureSet(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        StrCat(path, ":", e.mark.line + 1, ": not valid YAML: ", e.msg));
  }
  StatusOr<FeatureSet> set;
  try {
    set = Parser(path).Parse(root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat(path, ":", e.mark.line + 1, ": ", e.msg));
  }
  if (!set.ok()) return set.status();
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016llx",
                static_cast<unsigned long long>(XXH64(text.data(), text.size(), 0)));
  set->content_hash = hash;
  return set;
}

StatusOr<FeatureSet> LoadFeatureSet(const std::string& path) {
  StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        StrCat(path, ": cannot read the feature set: ", text.status().message()));
  }
  return ParseFeatureSet(*text, path);
}

}  // namespace hindsight::features
