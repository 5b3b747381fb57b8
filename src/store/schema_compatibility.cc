#include "store/schema_compatibility.h"

#include <set>
#include <string_view>

#include "util/str_cat.h"

namespace hindsight::store {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Message and enum fields must also keep the same message or enum.
std::string TypeName(const FieldDescriptor& field) {
  if (field.message_type() != nullptr) return field.message_type()->full_name();
  if (field.enum_type() != nullptr) return field.enum_type()->full_name();
  return field.type_name();
}

std::string_view LabelName(const FieldDescriptor& field) {
  if (field.is_repeated()) return "repeated";
  if (field.is_required()) return "required";
  return field.has_presence() && !field.containing_oneof() ? "optional" : "singular";
}

Status Incompatible(const std::string& fact_type, std::string_view path, std::string_view what) {
  return absl::FailedPreconditionError(
      StrCat("incompatible change to fact type '", fact_type, "': field ", path, " ", what));
}

Status CheckMessage(const std::string& fact_type, const Descriptor& registered,
                    const Descriptor& evolved, const std::string& path,
                    std::set<std::string>& checked) {
  if (!checked.insert(registered.full_name()).second) return absl::OkStatus();
  for (int i = 0; i < registered.field_count(); ++i) {
    const FieldDescriptor& old_field = *registered.field(i);
    const std::string field_path = StrCat(path, ".", old_field.name());
    const FieldDescriptor* new_field = evolved.FindFieldByName(old_field.name());
    if (new_field == nullptr) return Incompatible(fact_type, field_path, "was removed or renamed");
    if (new_field->number() != old_field.number()) {
      return Incompatible(
          fact_type, field_path,
          StrCat("changed number ", old_field.number(), " -> ", new_field->number()));
    }
    if (new_field->type() != old_field.type() || TypeName(*new_field) != TypeName(old_field)) {
      return Incompatible(
          fact_type, field_path,
          StrCat("changed type ", TypeName(old_field), " -> ", TypeName(*new_field)));
    }
    if (LabelName(*new_field) != LabelName(old_field)) {
      return Incompatible(
          fact_type, field_path,
          StrCat("changed label ", LabelName(old_field), " -> ", LabelName(*new_field)));
    }
    if (old_field.message_type() != nullptr) {
      HS_RETURN_IF_ERROR(CheckMessage(fact_type, *old_field.message_type(),
                                      *new_field->message_type(), field_path, checked));
    }
  }
  return absl::OkStatus();
}

}  // namespace

Status CheckFactTypeCompatible(const std::string& fact_type, const Descriptor& registered,
                               const Descriptor* evolved) {
  if (evolved == nullptr) {
    return absl::FailedPreconditionError(StrCat("incompatible change to fact type '", fact_type,
                                                "': message ", registered.full_name(),
                                                " was removed or renamed"));
  }
  std::set<std::string> checked;
  return CheckMessage(fact_type, registered, *evolved, registered.name(), checked);
}

}  // namespace hindsight::store
