#include "cli/usage_recording.h"

#include <iostream>

#include "features/feature_set.h"
#include "quality/usage_log.h"

namespace hindsight::cli {

void RecordAttributeUsage(const std::string& store, const std::string& command,
                          const std::string& source, const std::vector<std::string>& attributes) {
  const Status recorded = quality::RecordUsage(store, command, source, attributes);
  if (!recorded.ok())
    std::cerr << "hindsight: warning: usage not recorded: " << recorded.message() << "\n";
}

void RecordFeatureSetUsage(const std::string& store, const std::string& command,
                           const std::string& features_path) {
  StatusOr<features::FeatureSet> feature_set = features::LoadFeatureSet(features_path);
  if (!feature_set.ok()) {
    std::cerr << "hindsight: warning: usage not recorded: " << feature_set.status().message()
              << "\n";
    return;
  }
  RecordAttributeUsage(store, command, features_path, quality::FeatureSetAttributes(*feature_set));
}

}  // namespace hindsight::cli
