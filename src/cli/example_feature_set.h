// The text of examples/netflix/homepage_ranker.yaml, compiled in so `hindsight demo` can
// write it next to the store it builds.
#pragma once

#include <string_view>

namespace hindsight::cli {

std::string_view ExampleFeatureSetText();

}  // namespace hindsight::cli
