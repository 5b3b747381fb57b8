// The feature values a server answered with, as the logged record keeps them (meta):
//
//   hindsight.served.layout   "name:KIND:SIZE,..." in feature order; KIND d (DOUBLE),
//                             i (INT64), v (LIST<FLOAT> of SIZE)
//   hindsight.served.values   base64 of, feature by feature and item by item, the
//                             values' bits little-endian: 8 bytes per d and i, 4 per v slot
//                             (feature-major, so a feature's repeated values compress)
//
// so parity compares bits, not printed numbers, and still reads a record served with a
// feature set that has since changed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "features/feature_computer.h"
#include "features/feature_plan.h"

namespace hindsight::serve {

inline constexpr std::string_view kServedLayoutKey = "hindsight.served.layout";
inline constexpr std::string_view kServedValuesKey = "hindsight.served.values";

// One feature's values over the items: rows × size bit patterns (doubles and int64 as
// 64 bits, floats as 32).
struct ServedFeature {
  std::string name;
  char kind = 'd';
  int size = 1;
  std::vector<uint64_t> bits;
};

std::string ServedLayout(const features::FeaturePlan& plan);
std::string EncodeServedValues(const features::FeaturePlan& plan,
                               const features::FeatureColumns& columns);
// DataLoss naming what is wrong when the two do not fit together or `rows` items.
[[nodiscard]] StatusOr<std::vector<ServedFeature>> DecodeServedValues(std::string_view layout,
                                                                      std::string_view values,
                                                                      int64_t rows);

}  // namespace hindsight::serve
