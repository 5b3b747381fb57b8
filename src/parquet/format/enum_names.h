// Names of Parquet enum values as parquet.thrift spells them, for messages and
// `hindsight parquet meta`; values the spec does not define print as "UNKNOWN(n)".
#pragma once

#include <string>

#include "parquet/format/parquet_types.h"

namespace hindsight::parquet::format {

std::string EncodingName(Encoding encoding);
std::string PhysicalTypeName(Type type);

}  // namespace hindsight::parquet::format
