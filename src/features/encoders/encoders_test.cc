// The built-in encoders through the registry, on hand-computed answers; their factories'
// refusals; the hash's published FNV-1a test vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "features/encoder.h"
#include "features/encoders/value_text.h"

namespace hindsight::features {
namespace {

// Parameters from a map: numbers, strings and lists as text.
class MapParams : public EncoderParams {
 public:
  explicit MapParams(std::map<std::string, std::vector<std::string>, std::less<>> values)
      : values_(std::move(values)) {}
  bool Has(std::string_view key) const override { return values_.count(key) > 0; }
  StatusOr<double> Number(std::string_view key) const override {
    HS_ASSIGN_OR_RETURN(std::string text, String(key));
    return std::stod(text);
  }
  StatusOr<int64_t> Integer(std::string_view key) const override {
    HS_ASSIGN_OR_RETURN(std::string text, String(key));
    return std::stoll(text);
  }
  StatusOr<bool> Bool(std::string_view key) const override {
    HS_ASSIGN_OR_RETURN(std::string text, String(key));
    return text == "true";
  }
  StatusOr<std::string> String(std::string_view key) const override {
    auto it = values_.find(key);
    if (it == values_.end())
      return absl::InvalidArgumentError(StrCat(std::string(key), " missing"));
    return it->second.at(0);
  }
  StatusOr<std::vector<double>> NumberList(std::string_view key) const override {
    std::vector<double> out;
    for (const std::string& text : values_.at(std::string(key))) out.push_back(std::stod(text));
    return out;
  }
  StatusOr<std::vector<std::string>> StringList(std::string_view key) const override {
    return values_.at(std::string(key));
  }
  std::string Where() const override { return "f.yaml:3: feature x: "; }

 private:
  static std::string StrCat(std::string a, std::string b) { return a + b; }
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

StatusOr<std::unique_ptr<Encoder>> Make(const std::string& name, std::vector<InputInfo> inputs,
                                        const MapParams& params, bool windowed = false,
                                        std::optional<InputInfo> item = std::nullopt) {
  EncoderConfig config;
  config.feature = "x";
  config.encoder = name;
  config.inputs = std::move(inputs);
  config.params = &params;
  config.timed = windowed;
  if (windowed) config.window_us = 1;
  config.item = item;
  config.item_is_id = item && item->path == "id";
  return EncoderRegistry::Global().Create(config);
}

Values Integers(std::vector<int64_t> values) {
  Values v;
  v.type = ValueType::kInteger;
  v.integers = std::move(values);
  return v;
}

std::optional<double> EncodeNumber(const Encoder& encoder, std::vector<const Values*> inputs,
                                   const Values* item = nullptr, int64_t t = 0) {
  EncodeInput in;
  in.as_of_us = t;
  in.inputs = &inputs;
  in.item = item;
  FeatureValue out;
  out.vector.assign(static_cast<size_t>(encoder.shape().size), 0.0f);
  if (!encoder.Encode(in, out)) return std::nullopt;
  return encoder.shape().kind == OutputShape::Kind::kInt64 ? static_cast<double>(out.integer)
                                                           : out.number;
}

const InputInfo kScalarInt{"a.b", ValueType::kInteger, false, false};
const InputInfo kListInt{"a.c", ValueType::kInteger, true, false};

TEST(EncodersTest, FnvMatchesPublishedVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(EncodersTest, NumericEncodersComputeAndFallBack) {
  const Values x = Integers({-3}), none = Integers({});
  auto clip = Make("clip", {kScalarInt}, MapParams({{"min", {"-1"}}, {"max", {"5"}}}));
  ASSERT_TRUE(clip.ok()) << clip.status();
  EXPECT_EQ(EncodeNumber(**clip, {&x}), -1.0);
  EXPECT_EQ(EncodeNumber(**clip, {&none}), std::nullopt);
  auto log1p = Make("log1p", {kScalarInt}, MapParams({}));
  EXPECT_EQ(EncodeNumber(**log1p, {&x}), std::nullopt);  // log1p(-3) is undefined
  auto buckets = Make("bucketize", {kScalarInt}, MapParams({{"boundaries", {"-5", "-3", "0"}}}));
  EXPECT_EQ(EncodeNumber(**buckets, {&x}), 2.0);  // -5 and -3 are <= -3
  auto z = Make("standardize", {kScalarInt}, MapParams({{"mean", {"1"}}, {"std", {"2"}}}));
  EXPECT_EQ(EncodeNumber(**z, {&x}), -2.0);
}

TEST(EncodersTest, WindowSetAndHashEncoders) {
  const Values times = Integers({10, 40, 25}), empty = Integers({});
  auto recency = Make("recency", {kListInt}, MapParams({{"unit", {"seconds"}}}));
  ASSERT_TRUE(recency.ok()) << recency.status();
  EXPECT_EQ(EncodeNumber(**recency, {&times}, nullptr, 2'000'040), 2.0);
  EXPECT_EQ(EncodeNumber(**recency, {&empty}, nullptr, 50), std::nullopt);
  auto sum = Make("window_sum", {kListInt}, MapParams({{"scale", {"0.5"}}}), true);
  EXPECT_EQ(EncodeNumber(**sum, {&times}), 37.5);
  auto mean = Make("window_mean", {kListInt}, MapParams({}), true);
  EXPECT_EQ(EncodeNumber(**mean, {&empty}), std::nullopt);
  const Values item = Integers({25});
  auto contains = Make("contains", {kListInt}, MapParams({}), false,
                       InputInfo{"id", ValueType::kInteger, false, false});
  ASSERT_TRUE(contains.ok()) << contains.status();
  EXPECT_EQ(EncodeNumber(**contains, {&times}, &item), 1.0);
  Values a = Integers({1, 2, 2, 3}), b = Integers({2, 3, 4, 5});
  auto jaccard = Make("overlap", {kListInt}, MapParams({{"measure", {"jaccard"}}}), false,
                      InputInfo{"v.g", ValueType::kInteger, true, true});
  EXPECT_EQ(EncodeNumber(**jaccard, {&a}, &b), 2.0 / 5.0);
  Values plan;
  plan.type = ValueType::kString;
  plan.strings = {"foobar"};
  auto hash = Make("hash", {InputInfo{"s.p", ValueType::kString, false, false}},
                   MapParams({{"buckets", {"1000"}}}));
  EXPECT_EQ(EncodeNumber(**hash, {&plan}), static_cast<double>(0x85944171f73967e8ULL % 1000));
}

TEST(EncodersTest, FactoriesRefuseWhatDoesNotFit) {
  auto error = [](StatusOr<std::unique_ptr<Encoder>> made) {
    return made.ok() ? std::string("ok") : std::string(made.status().message());
  };
  EXPECT_EQ(error(Make("identity", {kListInt}, MapParams({}))),
            "f.yaml:3: feature x: identity needs a scalar input; a.c is a list");
  EXPECT_EQ(error(Make("window_count", {kListInt}, MapParams({}))),
            "f.yaml:3: feature x: window_count needs time and window");
  EXPECT_EQ(error(Make("standardize", {kScalarInt}, MapParams({{"mean", {"0"}}, {"std", {"0"}}}))),
            "f.yaml:3: feature x: standardize: std must be positive");
  EXPECT_EQ(error(Make("hash", {kScalarInt}, MapParams({{"buckets", {"0"}}}))),
            "f.yaml:3: feature x: buckets must be at least 1");
  EXPECT_EQ(error(Make("onehot", {kScalarInt}, MapParams({{"vocabulary", {"1", "x"}}}))),
            "f.yaml:3: feature x: vocabulary: 'x' is not an integer (a.b holds integers)");
  EXPECT_EQ(error(Make("cosine", {kListInt}, MapParams({}))),
            "f.yaml:3: feature x: cosine needs float vectors (a LIST<FLOAT> dimension attribute) "
            "as input (use via); a.c is not one");
  EXPECT_NE(
      error(Make("nope", {kScalarInt}, MapParams({}))).find("unknown encoder 'nope' (known: "),
      std::string::npos);
  EncoderRegistry registry;
  EXPECT_FALSE(registry.Register("Bad", nullptr).ok());
  EXPECT_TRUE(registry
                  .Register("mine",
                            [](const EncoderConfig&) -> StatusOr<std::unique_ptr<Encoder>> {
                              return absl::InternalError("unused");
                            })
                  .ok());
  EXPECT_EQ(registry.Register("mine", nullptr).code(), absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace hindsight::features
