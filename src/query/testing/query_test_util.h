// Small helpers shared by the tests of src/query and tests/query.
#pragma once

#include <string>
#include <string_view>

#include "query/facts_table_reader.h"

namespace hindsight::query::testing {

// A path unique to this process and `name` under the temp directory; removed if present.
std::string FreshTestPath(std::string_view name);

// Describes how `actual` differs from `expected` (fact types, found or not, whole records
// compared field by field); empty when they are the same answer.
std::string AnswerDifference(const AsOfAnswer& actual, const AsOfAnswer& expected);

}  // namespace hindsight::query::testing
