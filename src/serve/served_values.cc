#include "serve/served_values.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "absl/strings/escaping.h"
#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

char KindOf(const features::OutputShape& shape) {
  switch (shape.kind) {
    case features::OutputShape::Kind::kDouble:
      return 'd';
    case features::OutputShape::Kind::kInt64:
      return 'i';
    case features::OutputShape::Kind::kFloatVector:
      return 'v';
  }
  return 'd';
}

uint64_t GetLittleEndian(std::string_view in, size_t offset, int bytes) {
  uint64_t bits = 0;
  for (int b = 0; b < bytes; ++b) {
    bits |= uint64_t{static_cast<uint8_t>(in[offset + static_cast<size_t>(b)])} << (8 * b);
  }
  return bits;
}

}  // namespace

std::string ServedLayout(const features::FeaturePlan& plan) {
  std::string layout;
  for (const features::CompiledFeature& feature : plan.features()) {
    if (!layout.empty()) layout.push_back(',');
    layout += StrCat(feature.name, ":", KindOf(feature.shape), ":", feature.shape.size);
  }
  return layout;
}

std::string EncodeServedValues(const features::FeaturePlan& plan,
                               const features::FeatureColumns& columns) {
  static_assert(std::endian::native == std::endian::little, "values are stored little-endian");
  std::string raw;
  for (size_t f = 0; f < plan.features().size(); ++f) {
    const features::FeatureColumns::Column& column = columns.columns[f];
    switch (plan.features()[f].shape.kind) {
      case features::OutputShape::Kind::kDouble:
        raw.append(reinterpret_cast<const char*>(column.doubles.data()), 8 * column.doubles.size());
        break;
      case features::OutputShape::Kind::kInt64:
        raw.append(reinterpret_cast<const char*>(column.integers.data()),
                   8 * column.integers.size());
        break;
      case features::OutputShape::Kind::kFloatVector:
        raw.append(reinterpret_cast<const char*>(column.floats.data()), 4 * column.floats.size());
        break;
    }
  }
  return absl::Base64Escape(absl::string_view(raw.data(), raw.size()));
}

StatusOr<std::vector<ServedFeature>> DecodeServedValues(std::string_view layout,
                                                        std::string_view values, int64_t rows) {
  std::vector<ServedFeature> features;
  size_t row_bytes = 0;
  while (!layout.empty()) {
    const size_t comma = layout.find(',');
    const std::string_view entry = layout.substr(0, comma);
    layout = comma == std::string_view::npos ? std::string_view() : layout.substr(comma + 1);
    const size_t first = entry.find(':');
    const size_t second = first == std::string_view::npos ? first : entry.find(':', first + 1);
    ServedFeature feature;
    if (second == std::string_view::npos || second != first + 2) {
      return absl::DataLossError(StrCat(kServedLayoutKey, ": bad entry '", entry, "'"));
    }
    feature.name = std::string(entry.substr(0, first));
    feature.kind = entry[first + 1];
    const std::string_view size = entry.substr(second + 1);
    auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), feature.size);
    if (error != std::errc() || end != size.data() + size.size() || feature.size < 1 ||
        feature.size > 1 << 20 || (feature.kind != 'v' && feature.size != 1) ||
        (feature.kind != 'd' && feature.kind != 'i' && feature.kind != 'v')) {
      return absl::DataLossError(StrCat(kServedLayoutKey, ": bad entry '", entry, "'"));
    }
    row_bytes += static_cast<size_t>(feature.size) * (feature.kind == 'v' ? 4 : 8);
    features.push_back(std::move(feature));
  }
  std::string raw;
  if (!absl::Base64Unescape(absl::string_view(values.data(), values.size()), &raw)) {
    return absl::DataLossError(StrCat(kServedValuesKey, ": not base64"));
  }
  if (rows < 0 || raw.size() != row_bytes * static_cast<size_t>(rows)) {
    return absl::DataLossError(StrCat(kServedValuesKey, ": ", raw.size(), " bytes, expected ",
                                      row_bytes * static_cast<size_t>(std::max<int64_t>(rows, 0)),
                                      " for ", rows, " items"));
  }
  size_t offset = 0;
  for (ServedFeature& feature : features) {
    const int width = feature.kind == 'v' ? 4 : 8;
    const int64_t values = rows * feature.size;
    feature.bits.reserve(static_cast<size_t>(values));
    for (int64_t v = 0; v < values; ++v) {
      feature.bits.push_back(GetLittleEndian(raw, offset, width));
      offset += static_cast<size_t>(width);
    }
  }
  return features;
}

}  // namespace hindsight::serve
