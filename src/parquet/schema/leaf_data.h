// LeafData: what one leaf column holds for a run of rows, in Dremel form: levels and the
// dense non-null values. The currency between record shredding/assembly and column pages.
#pragma once

#include <cstdint>
#include <vector>

#include "parquet/column.h"

namespace hindsight::parquet {

struct LeafData {
  std::vector<int16_t> def_levels;  // empty when the leaf's max_def_level == 0
  std::vector<int16_t> rep_levels;  // empty when the leaf's max_rep_level == 0
  // The leaf's ColumnType without validity: one slot per level whose def == max_def, in
  // order (one per row when the leaf has no levels at all).
  Column values;
};

}  // namespace hindsight::parquet
