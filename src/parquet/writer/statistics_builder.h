// Min/max statistics of a leaf's values in the order parquet.thrift's TYPE_ORDER gives
// them: signed integers signed, UINT_* unsigned, FLOAT/DOUBLE by value ignoring NaN
// (a zero minimum is written -0.0, a zero maximum +0.0), BOOLEAN false < true,
// BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY unsigned lexicographic except DECIMAL, which is
// signed big-endian two's complement. INT96 has no defined order. Bounds are stored
// PLAIN-encoded (byte arrays without their length prefix).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parquet/column.h"
#include "parquet/format/parquet_types.h"
#include "parquet/schema/schema.h"

namespace hindsight::parquet {

enum class ValueOrder : uint8_t {
  kNone,  // no statistics order (INT96)
  kBoolean,
  kSignedInt32,
  kUnsignedInt32,
  kSignedInt64,
  kUnsignedInt64,
  kFloat,
  kDouble,
  kUnsignedBytes,
  kSignedDecimalBytes,
};

ValueOrder ValueOrderFor(const LeafColumn& leaf);

// Compares two PLAIN-encoded bounds in `order`: < 0, 0 or > 0. REQUIRES: order != kNone
// and both values well-formed for it.
int CompareBounds(ValueOrder order, std::string_view a, std::string_view b);

struct MinMax {
  std::string min;
  std::string max;
};

// Bounds of values [begin, end) of `values` (a LeafData's dense values); nullopt when
// there is no value with an order (none at all, all NaN, or order kNone).
std::optional<MinMax> ComputeMinMax(ValueOrder order, const Column& values, int64_t begin,
                                    int64_t end);

// Lower bound of `value` at most max_bytes long: a prefix.
std::string TruncateLowerBound(std::string_view value, size_t max_bytes);
// Upper bound of `value` at most max_bytes long: a prefix whose last byte is incremented
// (0xFF bytes dropped), or nullopt when the prefix is all 0xFF.
std::optional<std::string> TruncateUpperBound(std::string_view value, size_t max_bytes);

// Chunk statistics accumulated from its pages.
class StatisticsBuilder {
 public:
  explicit StatisticsBuilder(ValueOrder order) : order_(order) {}

  void AddPage(const std::optional<MinMax>& bounds, int64_t null_count);
  void Reset();

  // null_count always; min_value/max_value when known (byte arrays longer than
  // max_bytes truncated and marked inexact); the deprecated min/max as well for the
  // signed orders of BOOLEAN, INT32, INT64, FLOAT and DOUBLE, as Arrow writes them.
  format::Statistics Build(size_t max_bytes) const;

 private:
  ValueOrder order_;
  std::optional<MinMax> bounds_;
  int64_t null_count_ = 0;
};

}  // namespace hindsight::parquet
