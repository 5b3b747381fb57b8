#include "serve/feature_response.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

// The shortest text that reads back to the same value of its type (float stays float:
// vector slots are float32, and print as such).
template <typename T>
void AppendNumber(std::string& out, T value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", byte);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

std::string_view KindName(features::OutputShape::Kind kind) {
  switch (kind) {
    case features::OutputShape::Kind::kDouble:
      return "double";
    case features::OutputShape::Kind::kInt64:
      return "int64";
    case features::OutputShape::Kind::kFloatVector:
      return "vector";
  }
  return "double";
}

}  // namespace

std::string ErrorJson(std::string_view message) {
  std::string body = "{\"error\":";
  AppendJsonString(body, message);
  body += "}\n";
  return body;
}

std::string FeatureResponseJson(const features::FeaturePlan& plan, const FeatureRequest& request,
                                const ServedFeatures& served) {
  std::string out;
  out.reserve(256 + request.items.size() * plan.features().size() * 12);
  out += "{\"record_id\":";
  AppendJsonString(out, served.record_id);
  out += StrCat(",\"ts\":", served.ts_us, ",\"feature_set\":");
  AppendJsonString(out, plan.set().name);
  out += StrCat(",\"version\":", plan.set().version, ",\"features\":[");
  for (size_t f = 0; f < plan.features().size(); ++f) {
    const features::CompiledFeature& feature = plan.features()[f];
    if (f > 0) out.push_back(',');
    out += "{\"name\":";
    AppendJsonString(out, feature.name);
    out += StrCat(",\"type\":\"", KindName(feature.shape.kind), "\",\"size\":", feature.shape.size,
                  "}");
  }
  out += "],\"items\":[";
  for (size_t row = 0; row < request.items.size(); ++row) {
    if (row > 0) out.push_back(',');
    out += StrCat("{\"item\":", request.items[row], ",\"values\":[");
    for (size_t f = 0; f < plan.features().size(); ++f) {
      const features::FeatureColumns::Column& column = served.columns.columns[f];
      if (f > 0) out.push_back(',');
      switch (plan.features()[f].shape.kind) {
        case features::OutputShape::Kind::kDouble:
          AppendNumber(out, column.doubles[row]);
          break;
        case features::OutputShape::Kind::kInt64:
          out += StrCat(column.integers[row]);
          break;
        case features::OutputShape::Kind::kFloatVector: {
          const size_t size = static_cast<size_t>(plan.features()[f].shape.size);
          out.push_back('[');
          for (size_t s = 0; s < size; ++s) {
            if (s > 0) out.push_back(',');
            AppendNumber(out, column.floats[row * size + s]);
          }
          out.push_back(']');
          break;
        }
      }
    }
    out += "],\"defaults\":[";  // positions in "features" of those that took their default
    bool first = true;
    for (size_t f = 0; f < plan.features().size(); ++f) {
      if (served.columns.columns[f].defaulted[row] == 0) continue;
      if (!first) out.push_back(',');
      out += StrCat(f);
      first = false;
    }
    out += "]}";
  }
  out += "],\"facts\":[";
  for (size_t k = 0; k < served.facts_used.size(); ++k) {
    if (k > 0) out.push_back(',');
    AppendJsonString(out, served.facts_used[k]);
  }
  out += "],\"degraded\":[";
  for (size_t d = 0; d < served.degraded.size(); ++d) {
    if (d > 0) out.push_back(',');
    AppendJsonString(out, served.degraded[d]);
  }
  out += "]}\n";
  return out;
}

std::string HealthJson(const features::FeaturePlan& plan, uint64_t requests) {
  std::string body = "{\"status\":\"ok\",\"feature_set\":";
  AppendJsonString(body, plan.set().name);
  body += StrCat(",\"version\":", plan.set().version, ",\"hash\":\"", plan.set().content_hash,
                 "\",\"requests\":", requests, "}\n");
  return body;
}

}  // namespace hindsight::serve
