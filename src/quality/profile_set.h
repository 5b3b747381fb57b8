// ProfileSet: the profiles of every attribute in every slice of some rows, keyed by
// (slice, attribute). Slice "" is all rows; "app=search" the rows whose app is
// "search" (ProfileOptions::slice_by names the columns that slice). Attributes are dotted
// paths through the facts table ("facts.subscriber.plan"); a list's attribute profiles its
// lengths, the values of a list of scalars are "<list>[]" ("items[]"), and the fields of a
// list of messages continue the path ("facts.viewing_history.events.video_id").
// Record-level counters start with '_' ("_records", "_duplicates", "_late", "_rejected").
#pragma once

#include <compare>
#include <map>
#include <string>
#include <string_view>

#include "quality/attribute_profile.h"
#include "util/status.h"

namespace hindsight::quality {

inline constexpr std::string_view kAllRows = "";
inline constexpr std::string_view kRecordsCounter = "_records";
inline constexpr std::string_view kDuplicatesCounter = "_duplicates";
inline constexpr std::string_view kLateCounter = "_late";
inline constexpr std::string_view kRejectedCounter = "_rejected";

struct ProfileKey {
  std::string slice;
  std::string attribute;
  auto operator<=>(const ProfileKey&) const = default;
};

class ProfileSet {
 public:
  // The profile of (slice, attribute), created empty of `kind` if missing.
  AttributeProfile& At(std::string_view slice, std::string_view attribute, AttributeKind kind);
  const AttributeProfile* Find(std::string_view slice, std::string_view attribute) const;

  // Adds `amount` to a record-level counter.
  void Count(std::string_view slice, std::string_view counter, int64_t amount);

  // Merges every profile of `other` into this set.
  [[nodiscard]] Status Merge(const ProfileSet& other);

  const std::map<ProfileKey, AttributeProfile>& entries() const { return entries_; }
  std::map<ProfileKey, AttributeProfile>& mutable_entries() { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::map<ProfileKey, AttributeProfile> entries_;
};

// The slice name of rows whose `column` is `value`.
std::string SliceName(std::string_view column, std::string_view value);

}  // namespace hindsight::quality
