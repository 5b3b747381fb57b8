// Accuracy of the sketches over many trials against exact answers, merge laws, and
// decoding of corrupt bytes.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "quality/hll_sketch.h"
#include "quality/kll_sketch.h"

namespace hindsight::quality {
namespace {

// Root mean square of the relative errors of `estimates` against `truth`.
double RelativeRms(const std::vector<double>& estimates, double truth) {
  double sum = 0;
  for (double e : estimates) sum += (e / truth - 1) * (e / truth - 1);
  return std::sqrt(sum / static_cast<double>(estimates.size()));
}

TEST(HllSketchTest, SingleStreamErrorIsUnderBoundAtLgK12) {
  constexpr int kTrials = 300;
  constexpr int kDistinct = 200'000;
  std::vector<double> estimates;
  for (int trial = 0; trial < kTrials; ++trial) {
    HllSketch sketch;
    for (int64_t v = 0; v < kDistinct; ++v)
      sketch.UpdateHash(HashInt64(trial * 1'000'000'007LL + v));
    estimates.push_back(sketch.Estimate());
  }
  const double rms = RelativeRms(estimates, kDistinct);
  RecordProperty("hll_single_stream_rms", std::to_string(rms));
  EXPECT_LE(rms, 0.016);
}

TEST(HllSketchTest, MergedSketchErrorMatchesHllTheory) {
  // A day merged from 24 hour sketches with overlapping values.
  constexpr int kTrials = 200;
  std::vector<double> estimates;
  constexpr int kPerHour = 20'000;
  constexpr int kShift = 5'000;  // consecutive hours share 15k values
  const double truth = kShift * 23.0 + kPerHour;
  for (int trial = 0; trial < kTrials; ++trial) {
    HllSketch day;
    for (int hour = 0; hour < 24; ++hour) {
      HllSketch sketch;
      for (int v = 0; v < kPerHour; ++v) {
        sketch.UpdateHash(HashInt64(trial * 1'000'000'007LL + hour * kShift + v));
      }
      ASSERT_TRUE(day.Merge(sketch).ok());
    }
    estimates.push_back(day.Estimate());
  }
  double mean_abs = 0;
  for (double e : estimates) mean_abs += std::abs(e / truth - 1) / kTrials;
  const double rms = RelativeRms(estimates, truth);
  RecordProperty("hll_merged_rms", std::to_string(rms));
  // The register estimator's standard error is 1.04/sqrt(4096) = 1.625%; its mean
  // absolute error 1.3%.
  EXPECT_LE(mean_abs, 0.016);
  EXPECT_LE(rms, 0.0175);
}

TEST(HllSketchTest, SmallCountsAreNearlyExact) {
  for (int distinct : {0, 1, 10, 100, 1000}) {
    HllSketch sketch;
    for (int round = 0; round < 3; ++round) {
      for (int v = 0; v < distinct; ++v) sketch.UpdateHash(HashInt64(v));
    }
    EXPECT_NEAR(sketch.Estimate(), distinct, std::max(1.0, distinct * 0.02)) << distinct;
    HllSketch merged;
    ASSERT_TRUE(merged.Merge(sketch).ok());
    ASSERT_TRUE(merged.Merge(sketch).ok());
    EXPECT_NEAR(merged.Estimate(), distinct, std::max(1.0, distinct * 0.03)) << distinct;
  }
}

TEST(HllSketchTest, MergeEqualsSketchOfUnionWhateverTheGrouping) {
  HllSketch all, a, b, c;
  for (int v = 0; v < 30'000; ++v) {
    all.UpdateHash(HashInt64(v));
    (v % 3 == 0 ? a : v % 3 == 1 ? b : c).UpdateHash(HashInt64(v));
  }
  HllSketch left, right;
  ASSERT_TRUE(left.Merge(a).ok());
  ASSERT_TRUE(left.Merge(b).ok());
  ASSERT_TRUE(left.Merge(c).ok());
  ASSERT_TRUE(right.Merge(c).ok());
  ASSERT_TRUE(right.Merge(a).ok());
  ASSERT_TRUE(right.Merge(b).ok());
  EXPECT_TRUE(left == all);
  EXPECT_TRUE(right == all);
}

constexpr size_t kHllHeaderBytes = 22;

// The dense form of any sketch, as sketches of few values were stored before the sparse
// form existed: registers rebuilt from the sparse entries.
std::string DenseForm(const std::string& serialized) {
  std::string dense = serialized.substr(0, kHllHeaderBytes);
  if (!(dense[5] & 2)) return serialized;
  dense[5] = static_cast<char>(dense[5] & 1);
  std::string registers(4096, '\0');
  uint32_t count = 0;
  std::memcpy(&count, serialized.data() + kHllHeaderBytes, 4);
  for (uint32_t e = 0; e < count; ++e) {
    const char* entry = serialized.data() + kHllHeaderBytes + 4 + 3 * e;
    uint16_t index = 0;
    std::memcpy(&index, entry, 2);
    registers[index] = entry[2];
  }
  return dense + registers;
}

TEST(HllSketchTest, SerializedSketchReadsBackEqualSparseOrDense) {
  for (int values : {0, 1, 10, 300, 1000, 5000}) {
    for (bool merge : {false, true}) {
      HllSketch sketch;
      for (int v = 0; v < values; ++v) sketch.UpdateHash(HashBytes(std::to_string(v)));
      if (merge) {
        HllSketch merged;
        ASSERT_TRUE(merged.Merge(sketch).ok());
        sketch = merged;
      }
      const std::string bytes = sketch.Serialize();
      // Sparse while 3 bytes per non-zero register are fewer than 4096 dense bytes.
      if (values <= 1000) {
        EXPECT_LT(bytes.size(), kHllHeaderBytes + 4 + 3 * size_t(values) + 1) << values;
      } else {
        EXPECT_EQ(bytes.size(), kHllHeaderBytes + 4096) << values;
      }
      for (const std::string& form : {bytes, DenseForm(bytes)}) {
        auto back = HllSketch::Deserialize(form, "test");
        ASSERT_TRUE(back.ok()) << back.status();
        EXPECT_TRUE(*back == sketch) << values;
        EXPECT_EQ(back->Estimate(), sketch.Estimate()) << values;
        EXPECT_EQ(back->Serialize(), bytes) << values;
      }
    }
  }
}

// Sketches read back (sparse when small) merge exactly as the sketches written.
TEST(HllSketchTest, SketchesReadBackMergeLikeTheOriginalsInAnyOrder) {
  std::vector<HllSketch> originals(4);
  const int sizes[] = {3, 100, 5000, 0};
  for (size_t s = 0; s < originals.size(); ++s) {
    for (int v = 0; v < sizes[s]; ++v) {
      originals[s].UpdateHash(HashBytes(std::to_string(s) + "/" + std::to_string(v)));
    }
  }
  for (size_t a = 0; a < originals.size(); ++a) {
    for (size_t b = 0; b < originals.size(); ++b) {
      HllSketch want = originals[a];
      ASSERT_TRUE(want.Merge(originals[b]).ok());
      auto got = HllSketch::Deserialize(originals[a].Serialize(), "a");
      auto other = HllSketch::Deserialize(originals[b].Serialize(), "b");
      ASSERT_TRUE(got.ok() && other.ok());
      ASSERT_TRUE(got->Merge(*other).ok());
      EXPECT_TRUE(*got == want) << a << "+" << b;
      EXPECT_EQ(got->Estimate(), want.Estimate()) << a << "+" << b;
      EXPECT_EQ(got->Serialize(), want.Serialize()) << a << "+" << b;
      got->UpdateHash(HashBytes("one more"));  // a read-back sketch takes updates too
      want.UpdateHash(HashBytes("one more"));
      EXPECT_TRUE(*got == want) << a << "+" << b;
    }
  }
}

TEST(HllSketchTest, CorruptBytesAreRefusedWithTheirSource) {
  HllSketch dense;
  for (int v = 0; v < 5000; ++v) dense.UpdateHash(HashBytes(std::to_string(v)));
  std::string bytes = dense.Serialize();
  EXPECT_FALSE(HllSketch::Deserialize(bytes.substr(0, 100), "f.parquet").ok());
  bytes[30] = 99;
  auto bad = HllSketch::Deserialize(bytes, "f.parquet");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("f.parquet"), std::string::npos);
  EXPECT_FALSE(HllSketch::Deserialize("HLL1", "x").ok());

  HllSketch sparse;
  for (int v = 0; v < 3; ++v) sparse.UpdateHash(HashBytes(std::to_string(v)));
  const std::string good = sparse.Serialize();
  ASSERT_TRUE(HllSketch::Deserialize(good, "s").ok());
  auto refused = [&](std::string b) { return !HllSketch::Deserialize(b, "s").ok(); };
  EXPECT_TRUE(refused(good.substr(0, good.size() - 1)));  // truncated entry
  std::string more = good;
  more[kHllHeaderBytes] = 4;  // says 4 entries, holds 3
  EXPECT_TRUE(refused(more));
  std::string zero = good;
  zero[kHllHeaderBytes + 4 + 2] = 0;  // a listed register of value 0
  EXPECT_TRUE(refused(zero));
  std::string order = good;
  std::swap_ranges(order.begin() + kHllHeaderBytes + 4, order.begin() + kHllHeaderBytes + 7,
                   order.begin() + kHllHeaderBytes + 7);  // entries out of order
  EXPECT_TRUE(refused(order));
  std::string flags = good;
  flags[5] = 4;  // an unknown flag
  EXPECT_TRUE(refused(flags));
}

TEST(HllSketchTest, DifferentLgKRefusesToMerge) {
  HllSketch a(12), b(10);
  EXPECT_FALSE(a.Merge(b).ok());
}

// The rank error of every queried quantile over many trials: the 99th percentile of the
// absolute normalized rank errors is the sketch's error at 99% confidence.
TEST(KllSketchTest, RankErrorIsUnderBoundAtK200) {
  constexpr int kTrials = 200;
  constexpr int kN = 100'000;
  std::vector<double> errors;
  double worst = 0;
  std::mt19937_64 rng(7);
  std::vector<double> values(kN);
  for (int trial = 0; trial < kTrials; ++trial) {
    std::iota(values.begin(), values.end(), 0.0);
    std::shuffle(values.begin(), values.end(), rng);
    KllSketch sketch;
    for (double v : values) sketch.Update(v);
    for (int q = 1; q < 100; ++q) {
      const double estimate = sketch.Quantile(q / 100.0);
      // The true normalized rank of value v among 0..kN-1 is (v + 1) / kN.
      const double error = std::abs((estimate + 1) / kN - q / 100.0);
      errors.push_back(error);
      worst = std::max(worst, error);
    }
  }
  std::sort(errors.begin(), errors.end());
  const double p99 = errors[errors.size() * 99 / 100];
  RecordProperty("kll_rank_error_p99", std::to_string(p99));
  RecordProperty("kll_rank_error_max", std::to_string(worst));
  EXPECT_LE(p99, 0.017);
  EXPECT_LE(worst, 0.03);
}

TEST(KllSketchTest, MergedRankErrorIsUnderBound) {
  constexpr int kTrials = 100;
  constexpr int kN = 24 * 5'000;
  std::vector<double> errors;
  std::mt19937_64 rng(11);
  std::vector<double> values(kN);
  for (int trial = 0; trial < kTrials; ++trial) {
    std::iota(values.begin(), values.end(), 0.0);
    std::shuffle(values.begin(), values.end(), rng);
    KllSketch day;
    for (int hour = 0; hour < 24; ++hour) {
      KllSketch sketch;
      for (int i = hour * 5'000; i < (hour + 1) * 5'000; ++i) sketch.Update(values[i]);
      day.Merge(sketch);
    }
    ASSERT_EQ(day.count(), kN);
    for (int q = 1; q < 100; ++q) {
      errors.push_back(std::abs((day.Quantile(q / 100.0) + 1) / kN - q / 100.0));
    }
  }
  std::sort(errors.begin(), errors.end());
  EXPECT_LE(errors[errors.size() * 99 / 100], 0.017);
}

TEST(KllSketchTest, SmallInputsAreExact) {
  KllSketch sketch;
  for (int v = 100; v >= 1; --v) sketch.Update(v);
  EXPECT_EQ(sketch.count(), 100);
  EXPECT_EQ(sketch.min(), 1);
  EXPECT_EQ(sketch.max(), 100);
  EXPECT_EQ(sketch.Quantile(0.5), 50);
  EXPECT_DOUBLE_EQ(sketch.Rank(25), 0.25);
}

TEST(KllSketchTest, SameInputsGiveTheSameBytes) {
  KllSketch a, b;
  for (int v = 0; v < 50'000; ++v) {
    a.Update(v * 0.5);
    b.Update(v * 0.5);
  }
  EXPECT_EQ(a.Serialize(), b.Serialize());
}

TEST(KllSketchTest, SerializedSketchReadsBackEqual) {
  KllSketch sketch;
  for (int v = 0; v < 12'345; ++v) sketch.Update(std::sin(v));
  auto back = KllSketch::Deserialize(sketch.Serialize(), "t");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->Serialize(), sketch.Serialize());
  EXPECT_EQ(back->Quantile(0.9), sketch.Quantile(0.9));
}

TEST(KllSketchTest, CorruptBytesAreRefused) {
  KllSketch sketch;
  for (int v = 0; v < 1000; ++v) sketch.Update(v);
  const std::string bytes = sketch.Serialize();
  for (size_t cut : {size_t{3}, size_t{20}, bytes.size() - 1}) {
    EXPECT_FALSE(KllSketch::Deserialize(bytes.substr(0, cut), "t").ok()) << cut;
  }
  std::string wrong_n = bytes;
  wrong_n[7] ^= 1;
  EXPECT_FALSE(KllSketch::Deserialize(wrong_n, "t").ok());
}

TEST(KllSketchTest, NanIsIgnored) {
  KllSketch sketch;
  sketch.Update(std::nan(""));
  sketch.Update(1);
  EXPECT_EQ(sketch.count(), 1);
}

}  // namespace
}  // namespace hindsight::quality
