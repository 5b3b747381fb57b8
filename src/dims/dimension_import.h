// `hindsight dim import`: a Parquet file of versions (key, valid_from, attributes) becomes
// the new current version of a store's dimension, STORE/tables/dims/NAME/dim-NNNNNN.parquet
// (earlier files are kept: outputs that name them stay reproducible). The rows are
// checked — key and valid-from integers without nulls, no key with two versions valid
// from the same time, attribute types a dimension holds — before anything is renamed into
// place: a refused import leaves the store as it was.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hindsight::dims {

struct ImportRequest {
  std::string store;
  std::string name;
  std::string file;
  std::string key_column;
  std::string valid_from_column;
};

struct ImportSummary {
  std::string written;  // the new dimension file
  int64_t versions = 0;
  int64_t keys = 0;
  int attributes = 0;
};

[[nodiscard]] StatusOr<ImportSummary> ImportDimension(const ImportRequest& request);

}  // namespace hindsight::dims
