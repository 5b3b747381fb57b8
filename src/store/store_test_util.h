// Test helpers for src/store: scratch directories and the example schema.
#pragma once

#include <string>
#include <string_view>

namespace hindsight::store {

// An empty directory unique to this process and `name` (removed first if present).
std::string FreshTestDir(std::string_view name);
void WriteTextFile(const std::string& path, std::string_view contents);
std::string ReadTextFile(const std::string& path);
// examples/netflix/facts.proto of the source tree (HINDSIGHT_SOURCE_DIR).
std::string NetflixProtoPath();

}  // namespace hindsight::store
