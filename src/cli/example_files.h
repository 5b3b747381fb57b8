// The example files of examples/netflix, compiled in so `hindsight demo` can write them
// next to the stores it builds.
#pragma once

#include <string_view>

namespace hindsight::cli {

std::string_view ExampleFeatureSetText();  // homepage_ranker.yaml
std::string_view ExampleAuditsText();      // audits.yaml

}  // namespace hindsight::cli
