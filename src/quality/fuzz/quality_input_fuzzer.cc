// libFuzzer target: the bytes data quality reads back from disk or takes from users —
// HLL and KLL sketches (profile files) and audit rule files. The first byte picks the
// parser; none may crash or hang, and an accepted sketch must survive serializing,
// merging and querying.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "quality/audit_rule.h"
#include "quality/hll_sketch.h"
#include "quality/kll_sketch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hindsight::quality;
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto sketch = HllSketch::Deserialize(input, "fuzz");
      if (!sketch.ok()) return 0;
      const double estimate = sketch->Estimate();
      if (std::isnan(estimate) || estimate < 0) std::abort();
      auto again = HllSketch::Deserialize(sketch->Serialize(), "fuzz");
      if (!again.ok() || !(*again == *sketch) || again->Serialize() != sketch->Serialize()) {
        std::abort();
      }
      HllSketch merged(sketch->lg_k());
      if (!merged.Merge(*sketch).ok()) std::abort();
      break;
    }
    case 1: {
      auto sketch = KllSketch::Deserialize(input, "fuzz");
      if (!sketch.ok()) return 0;
      if (sketch->count() > 0) {
        (void)sketch->Quantile(0.5);
        (void)sketch->Rank(0);
      }
      auto again = KllSketch::Deserialize(sketch->Serialize(), "fuzz");
      if (!again.ok() || again->count() != sketch->count()) std::abort();
      if (sketch->k() <= 4096) {
        KllSketch merged(sketch->k());
        merged.Merge(*sketch);
        if (merged.count() != sketch->count()) std::abort();
      }
      break;
    }
    case 2: {
      auto rules = ParseAuditRulesText(std::string(input), "fuzz.yaml", {"app"});
      if (rules.ok() && rules->rules.empty()) std::abort();
      break;
    }
  }
  return 0;
}
