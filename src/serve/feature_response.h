// The JSON bodies the feature server answers with (docs/SERVING.md): a feature request's
// answer, an error, and the health check. Numbers print as the shortest text that reads
// back to the same value of their type (vector slots as float32); non-finite values as
// null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "features/feature_plan.h"
#include "serve/feature_request.h"
#include "serve/feature_service.h"

namespace hindsight::serve {

// REQUIRES: `served` holds one row per item of `request`, with defaults tracked.
std::string FeatureResponseJson(const features::FeaturePlan& plan, const FeatureRequest& request,
                                const ServedFeatures& served);
std::string ErrorJson(std::string_view message);
std::string HealthJson(const features::FeaturePlan& plan, uint64_t requests);

}  // namespace hindsight::serve
