// The encoder interface: the one public header a custom encoder needs. An encoder turns
// the values a feature reads (facts of a record, the label's item, dimension attributes)
// into one feature value. It is a pure function of its inputs — no clock, no
// randomness, no I/O — so the offline generator and the online server, which link the
// same library, compute the same bits (docs/FEATURES.md).
//
//   class Doubled : public Encoder {
//    public:
//     OutputShape shape() const override { return OutputShape::Double(); }
//     bool Encode(const EncodeInput& in, FeatureValue& out) const override {
//       if (in.inputs[0]->empty()) return false;   // the default applies
//       out.number = 2 * in.inputs[0]->Number(0);
//       return true;
//     }
//   };
//   EncoderRegistry::Global().Register("doubled", [](const EncoderConfig& config)
//       -> StatusOr<std::unique_ptr<Encoder>> { ... check config ...; return
//       std::make_unique<Doubled>(); });
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hindsight::features {

// What one input value is. Integers include enums and booleans (0/1); numbers are
// float/double fields; floats are elements of vector dimension attributes.
enum class ValueType : uint8_t { kInteger, kNumber, kFloat, kString };

std::string_view ValueTypeName(ValueType type);

// The values of one input for one label row. A scalar input holds at most one value, a
// list input one per element. Values reached through a list-valued dimension attribute
// (`via: videos.genres`) come in groups, one per input element: group g is
// [group_begin(g), group_end(g)). Storage belongs to the caller; encoders only read.
struct Values {
  ValueType type = ValueType::kInteger;
  std::vector<int64_t> integers;          // kInteger
  std::vector<double> numbers;            // kNumber
  std::vector<float> floats;              // kFloat
  std::vector<std::string_view> strings;  // kString
  std::vector<uint32_t> group_ends;       // empty: every value is its own element

  size_t size() const;
  bool empty() const { return size() == 0; }
  size_t groups() const { return group_ends.empty() ? size() : group_ends.size(); }
  size_t group_begin(size_t g) const;
  size_t group_end(size_t g) const;
  // Value i as a double. REQUIRES: type is not kString.
  double Number(size_t i) const;
  void Clear();
};

// How an input was declared and what it resolved to (for checks in the factory).
struct InputInfo {
  std::string path;  // as written in the YAML
  ValueType type = ValueType::kInteger;
  bool list = false;     // a repeated field on the path, or mapped through `via`
  bool grouped = false;  // values come in groups (a list-valued `via` attribute)
};

// The parameters of one feature beyond the common keys. Each accessor marks its key as
// read; keys no one read are refused after the factory returns. Errors name the
// feature and the YAML line.
class EncoderParams {
 public:
  virtual ~EncoderParams() = default;
  virtual bool Has(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<double> Number(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<int64_t> Integer(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<bool> Bool(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<std::string> String(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<std::vector<double>> NumberList(std::string_view key) const = 0;
  [[nodiscard]] virtual StatusOr<std::vector<std::string>> StringList(
      std::string_view key) const = 0;
  // "feature NAME (FILE:LINE): " — the prefix of every error about this feature.
  virtual std::string Where() const = 0;
};

struct EncoderConfig {
  std::string feature;               // the feature's name
  std::string encoder;               // the encoder's registered name
  std::vector<InputInfo> inputs;     // `input` (one) or `inputs`, in order; may be empty
  std::optional<InputInfo> item;     // `item`: the label's item id or an item attribute
  bool item_is_id = false;           // `item: true`
  std::optional<int64_t> window_us;  // `window` (then `time` was given too)
  bool timed = false;                // `time` was given
  const EncoderParams* params = nullptr;
};

// What an encoder writes: a double, an integer, or a float vector of fixed size.
struct OutputShape {
  enum class Kind : uint8_t { kDouble, kInt64, kFloatVector };
  Kind kind = Kind::kDouble;
  int size = 1;  // kFloatVector: the vector's length

  static OutputShape Double() { return {Kind::kDouble, 1}; }
  static OutputShape Int64() { return {Kind::kInt64, 1}; }
  static OutputShape FloatVector(int size) { return {Kind::kFloatVector, size}; }
};

struct FeatureValue {
  double number = 0;          // kDouble
  int64_t integer = 0;        // kInt64
  std::vector<float> vector;  // kFloatVector (resized by the caller to shape().size)
};

struct EncodeInput {
  int64_t as_of_us = 0;                                // the label's time t
  const std::vector<const Values*>* inputs = nullptr;  // in EncoderConfig::inputs order
  const Values* item = nullptr;                        // nullptr unless the feature has `item`
};

// Encode is called concurrently from many threads: it must not mutate the encoder.
class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual OutputShape shape() const = 0;
  // Writes the feature for one label row into `out`; false when there is nothing to
  // compute (the feature's default is written instead).
  virtual bool Encode(const EncodeInput& in, FeatureValue& out) const = 0;
};

// Builds an encoder from a feature's declaration; InvalidArgument (prefixed with
// params->Where()) when the inputs or parameters do not fit.
using EncoderFactory = std::function<StatusOr<std::unique_ptr<Encoder>>(const EncoderConfig&)>;

// Encoders by name. Global() starts with the built-ins (docs/FEATURES.md).
class EncoderRegistry {
 public:
  static EncoderRegistry& Global();
  // AlreadyExists when `name` is taken; InvalidArgument unless name is [a-z][a-z0-9_]*.
  [[nodiscard]] Status Register(const std::string& name, EncoderFactory factory);
  // NotFound naming the known encoders.
  [[nodiscard]] StatusOr<std::unique_ptr<Encoder>> Create(const EncoderConfig& config) const;
  std::vector<std::string> Names() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, EncoderFactory> factories_;
};

}  // namespace hindsight::features
