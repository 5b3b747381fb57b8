// Records which attributes a command read (quality/usage_log.h). Recording never fails
// the command: a failure is one warning line on stderr.
#pragma once

#include <string>
#include <vector>

namespace hindsight::cli {

void RecordFeatureSetUsage(const std::string& store, const std::string& command,
                           const std::string& features_path);
void RecordAttributeUsage(const std::string& store, const std::string& command,
                          const std::string& source, const std::vector<std::string>& attributes);

}  // namespace hindsight::cli
