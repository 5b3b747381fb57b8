// The dashboard's static files, compiled into the binary (cmake/embed_files.cmake), so
// `hindsight dashboard` needs nothing beside it and fetches nothing from a CDN.
#pragma once

#include <string_view>
#include <vector>

namespace hindsight::cli {

struct DashboardAsset {
  std::string_view url;  // "/index.html"
  std::string_view content_type;
  std::string_view bytes;
};

const std::vector<DashboardAsset>& DashboardAssets();

}  // namespace hindsight::cli
