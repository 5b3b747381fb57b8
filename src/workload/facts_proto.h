// The text of examples/netflix/facts.proto, compiled in so `hindsight workload` can
// write it next to the world it generates.
#pragma once

#include <string_view>

namespace hindsight::workload {

std::string_view FactsProtoText();

// Fact type names in records, in the order records list them.
inline constexpr std::string_view kFactTypes[] = {"subscriber", "viewing_history", "my_list",
                                                  "thumbs", "impressions"};

}  // namespace hindsight::workload
