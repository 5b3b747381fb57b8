#include "quality/profile_set.h"

#include "util/str_cat.h"

namespace hindsight::quality {

AttributeProfile& ProfileSet::At(std::string_view slice, std::string_view attribute,
                                 AttributeKind kind) {
  ProfileKey key{std::string(slice), std::string(attribute)};
  auto it = entries_.find(key);
  if (it == entries_.end()) it = entries_.emplace(std::move(key), AttributeProfile(kind)).first;
  return it->second;
}

const AttributeProfile* ProfileSet::Find(std::string_view slice, std::string_view attribute) const {
  auto it = entries_.find(ProfileKey{std::string(slice), std::string(attribute)});
  return it == entries_.end() ? nullptr : &it->second;
}

void ProfileSet::Count(std::string_view slice, std::string_view counter, int64_t amount) {
  At(slice, counter, AttributeKind::kCounter).count += amount;
}

Status ProfileSet::Merge(const ProfileSet& other) {
  for (const auto& [key, profile] : other.entries_) {
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      entries_.emplace(key, profile);
    } else {
      HS_RETURN_IF_ERROR(it->second.Merge(profile, key.attribute));
    }
  }
  return absl::OkStatus();
}

std::string SliceName(std::string_view column, std::string_view value) {
  return StrCat(column, "=", value);
}

}  // namespace hindsight::quality
