// Schema evolution rules for registered fact types: values already logged must
// still parse. Adding messages or fields is allowed; removing or renaming a field,
// or changing its number, type or label, is refused.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>

#include "util/status.h"

namespace hindsight::store {

// Checks that `evolved` (nullptr if the message no longer exists) can read every
// value written with `registered`, including nested message fields. The error is
// one line naming `fact_type` and the field at fault.
[[nodiscard]] Status CheckFactTypeCompatible(const std::string& fact_type,
                                             const google::protobuf::Descriptor& registered,
                                             const google::protobuf::Descriptor* evolved);

}  // namespace hindsight::store
