// EncoderParams over a feature's YAML mapping: what an encoder factory reads of its
// parameters, and which keys no one read (refused: they are most likely typos).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "features/encoder.h"
#include "features/feature_set.h"

namespace hindsight::features {

class YamlEncoderParams : public EncoderParams {
 public:
  YamlEncoderParams(const FeatureSet& set, const FeatureSpec& spec);

  bool Has(std::string_view key) const override;
  StatusOr<double> Number(std::string_view key) const override;
  StatusOr<int64_t> Integer(std::string_view key) const override;
  StatusOr<bool> Bool(std::string_view key) const override;
  StatusOr<std::string> String(std::string_view key) const override;
  StatusOr<std::vector<double>> NumberList(std::string_view key) const override;
  StatusOr<std::vector<std::string>> StringList(std::string_view key) const override;
  std::string Where() const override;

  // InvalidArgument naming the first key that is neither common nor read, with its line.
  [[nodiscard]] Status CheckAllRead() const;

 private:
  StatusOr<std::string> ScalarText(std::string_view key) const;
  StatusOr<std::vector<std::string>> ListTexts(std::string_view key) const;
  Status Bad(std::string_view key, const std::string& problem) const;

  std::string path_;
  int line_;                    // the feature's line
  std::string feature_prefix_;  // "feature NAME: "
  std::shared_ptr<const YAML::Node> node_;
  mutable std::set<std::string, std::less<>> read_;
};

}  // namespace hindsight::features
