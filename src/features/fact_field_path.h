// A feature input's path into a fact type's message (`viewing_history.events.duration_s`),
// resolved once against the registered descriptor, and the reading of its values straight
// from a fact's protobuf wire bytes — no message objects, so extraction costs about what
// scanning the bytes does. Online and offline both hold facts as wire bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/encoder.h"
#include "google/protobuf/descriptor.h"
#include "util/status.h"

namespace hindsight::features {

class FactFieldPath {
 public:
  // Resolves `fields` (the path after the fact type) in `message`. With `time_field`, the
  // time of each element: a field of the innermost repeated message on the path, of an
  // integer type. InvalidArgument (prefixed by `where`) naming the unknown field, a path
  // that ends on a non-repeated message, a time without a repeated message, a time that
  // is not an integer.
  [[nodiscard]] static StatusOr<FactFieldPath> Resolve(const google::protobuf::Descriptor& message,
                                                       const std::vector<std::string>& fields,
                                                       const std::optional<std::string>& time_field,
                                                       const std::string& where);

  // Integers (also enums, bools, and the positions of a path ending on a repeated
  // message), numbers (float, double) or strings (string, bytes).
  ValueType type() const { return type_; }
  // A repeated field lies on the path: one value per element, else exactly one value.
  bool list() const { return list_; }
  bool timed() const { return time_number_ != 0; }

  // Appends the values of the fact whose wire bytes are `bytes` to `values` (strings view
  // into `bytes`) and, when timed, each value's element time to `times`. Proto3 rules:
  // an absent scalar reads as its default, the last occurrence of a scalar wins.
  // DataLoss on malformed wire bytes.
  [[nodiscard]] Status Extract(std::string_view bytes, Values& values,
                               std::vector<int64_t>* times) const;

 private:
  struct Step {
    int number = 0;
    google::protobuf::FieldDescriptor::Type type{};
    bool repeated = false;
  };

  Status Walk(const uint8_t* begin, const uint8_t* end, size_t depth, int64_t element_time,
              Values& values, std::vector<int64_t>* times) const;
  Status ReadTime(const uint8_t* begin, const uint8_t* end, int64_t& time) const;

  std::vector<Step> steps_;
  ValueType type_ = ValueType::kInteger;
  bool list_ = false;
  int element_depth_ = -1;  // the step whose elements carry the time
  int time_number_ = 0;
  google::protobuf::FieldDescriptor::Type time_type_{};
};

}  // namespace hindsight::features
