// contains and overlap: membership of the item, and the overlap of two sets of values.
#include <algorithm>

#include "features/encoders/builtin_encoders.h"
#include "features/encoders/encoder_checks.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

class ContainsEncoder : public Encoder {
 public:
  OutputShape shape() const override { return OutputShape::Double(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& values = *(*in.inputs)[0];
    const int64_t item = in.item->integers[0];
    out.number =
        std::find(values.integers.begin(), values.integers.end(), item) != values.integers.end()
            ? 1.0
            : 0.0;
    return true;
  }
};

enum class Measure { kItemFraction, kJaccard, kCount };

// Sorted distinct values of `values` (strings or integers or numbers) in `out`.
template <typename T>
void DistinctSorted(const std::vector<T>& values, std::vector<T>& out) {
  out.assign(values.begin(), values.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

template <typename T>
size_t IntersectionSize(const std::vector<T>& a, const std::vector<T>& b) {
  size_t count = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++count;
      ++i;
      ++j;
    }
  }
  return count;
}

class OverlapEncoder : public Encoder {
 public:
  explicit OverlapEncoder(Measure measure) : measure_(measure) {}
  OutputShape shape() const override { return OutputShape::Double(); }
  bool Encode(const EncodeInput& in, FeatureValue& out) const override {
    const Values& a = *(*in.inputs)[0];
    const Values& b = *in.item;
    size_t a_size = 0, b_size = 0, common = 0;
    if (b.type == ValueType::kString) {
      thread_local std::vector<std::string_view> sa, sb;
      DistinctSorted(a.strings, sa);
      DistinctSorted(b.strings, sb);
      a_size = sa.size(), b_size = sb.size(), common = IntersectionSize(sa, sb);
    } else if (b.type == ValueType::kInteger) {
      thread_local std::vector<int64_t> ia, ib;
      DistinctSorted(a.integers, ia);
      DistinctSorted(b.integers, ib);
      a_size = ia.size(), b_size = ib.size(), common = IntersectionSize(ia, ib);
    } else {
      thread_local std::vector<double> da, db;
      thread_local std::vector<double> na, nb;
      na.clear(), nb.clear();
      for (size_t i = 0; i < a.size(); ++i) na.push_back(a.Number(i));
      for (size_t i = 0; i < b.size(); ++i) nb.push_back(b.Number(i));
      DistinctSorted(na, da);
      DistinctSorted(nb, db);
      a_size = da.size(), b_size = db.size(), common = IntersectionSize(da, db);
    }
    if (b_size == 0) return false;
    switch (measure_) {
      case Measure::kItemFraction:
        out.number = static_cast<double>(common) / static_cast<double>(b_size);
        break;
      case Measure::kJaccard:
        out.number = static_cast<double>(common) / static_cast<double>(a_size + b_size - common);
        break;
      case Measure::kCount:
        out.number = static_cast<double>(common);
        break;
    }
    return true;
  }

 private:
  Measure measure_;
};

}  // namespace

void RegisterSetEncoders(EncoderRegistry& registry) {
  (void)registry.Register(
      "contains", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(NeedOneInput(config));
        if (!config.item_is_id) return ConfigError(config, "contains needs item: true");
        if (config.inputs[0].type != ValueType::kInteger) {
          return ConfigError(config, StrCat("contains compares item ids; ", config.inputs[0].path,
                                            " holds ", ValueTypeName(config.inputs[0].type), "s"));
        }
        return std::unique_ptr<Encoder>(new ContainsEncoder());
      });
  (void)registry.Register(
      "overlap", [](const EncoderConfig& config) -> StatusOr<std::unique_ptr<Encoder>> {
        HS_RETURN_IF_ERROR(NeedOneInput(config));
        if (!config.item) return ConfigError(config, "overlap needs item");
        const ValueType a = config.inputs[0].type, b = config.item->type;
        if ((a == ValueType::kString) != (b == ValueType::kString)) {
          return ConfigError(
              config, StrCat("overlap compares values of one kind; ", config.inputs[0].path,
                             " holds ", ValueTypeName(a), "s, the item ", ValueTypeName(b), "s"));
        }
        std::string name = "item_fraction";
        if (config.params->Has("measure")) {
          HS_ASSIGN_OR_RETURN(name, config.params->String("measure"));
        }
        Measure measure = Measure::kItemFraction;
        if (name == "jaccard") {
          measure = Measure::kJaccard;
        } else if (name == "count") {
          measure = Measure::kCount;
        } else if (name != "item_fraction") {
          return ConfigError(
              config, StrCat("measure '", name, "' must be item_fraction, jaccard or count"));
        }
        return std::unique_ptr<Encoder>(new OverlapEncoder(measure));
      });
}

}  // namespace hindsight::features
