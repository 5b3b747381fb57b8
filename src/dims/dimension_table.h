// DimensionTable: one version of a dimension (context-independent data such as the
// world's videos: STORE/tables/dims/NAME/dim-NNNNNN.parquet, docs/DIMENSIONS.md) in
// memory, columnar, with an index for as-of reads: per key, the version with the
// greatest valid_from <= t. Immutable after Load; shared read-only by every thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/schema/record_batch.h"
#include "util/status.h"

namespace hindsight::dims {

enum class DimensionType : uint8_t {
  kInt64,   // INT32, INT64 (DATE as days, TIMESTAMP as its unit)
  kDouble,  // FLOAT, DOUBLE
  kBool,
  kString,  // BYTE_ARRAY
  kInt64List,
  kDoubleList,
  kFloatList,
  kStringList,
};
std::string_view DimensionTypeName(DimensionType type);

// Reading the Parquet metadata keys the import writes.
inline constexpr std::string_view kKeyColumnMetadata = "hindsight.dim.key";
inline constexpr std::string_view kValidFromMetadata = "hindsight.dim.valid_from";
inline constexpr std::string_view kSourceMetadata = "hindsight.dim.source";

class DimensionTable {
 public:
  // The current version of dimension `name` of `store`. NotFound naming the dimension
  // (and the ones that exist); InvalidArgument when its file cannot be read.
  [[nodiscard]] static StatusOr<std::shared_ptr<const DimensionTable>> Load(
      const std::string& store, const std::string& name);
  // A dimension file read directly (tests, import checks).
  [[nodiscard]] static StatusOr<std::shared_ptr<const DimensionTable>> LoadFile(
      const std::string& path, const std::string& name);

  const std::string& name() const { return name_; }
  const std::string& source_file() const { return source_file_; }
  const std::string& key_column() const { return key_column_; }
  const std::string& valid_from_column() const { return valid_from_column_; }
  int attributes() const { return static_cast<int>(attributes_.size()); }
  const std::string& attribute_name(int attribute) const { return attributes_[attribute].name; }
  std::optional<int> AttributeIndex(std::string_view column) const;
  DimensionType attribute_type(int attribute) const { return attributes_[attribute].type; }

  // The row of `key`'s version valid at `as_of_us`, or -1 (no version yet, unknown key).
  int64_t FindVersion(int64_t key, int64_t as_of_us) const;

  bool IsNull(int attribute, int64_t row) const;
  int64_t Int64(int attribute, int64_t row) const;
  double Double(int attribute, int64_t row) const;
  bool Bool(int attribute, int64_t row) const;
  std::string_view String(int attribute, int64_t row) const;
  std::span<const int64_t> Int64List(int attribute, int64_t row) const;
  std::span<const double> DoubleList(int attribute, int64_t row) const;
  std::span<const float> FloatList(int attribute, int64_t row) const;
  std::span<const std::string_view> StringList(int attribute, int64_t row) const;

  int64_t versions() const { return static_cast<int64_t>(valid_from_.size()); }
  int64_t keys() const { return static_cast<int64_t>(keys_.size()); }

 private:
  struct Attribute {
    std::string name;
    DimensionType type = DimensionType::kInt64;
    int column = -1;  // in batch_
    // Widened copies where the stored type differs (INT32 → int64, FLOAT → double), and
    // string views of list elements.
    std::vector<int64_t> integers;
    std::vector<double> doubles;
    std::vector<std::string_view> strings;
  };

  DimensionTable() = default;
  [[nodiscard]] Status Index(const std::string& where);

  std::string name_;
  std::string source_file_;
  std::string key_column_;
  std::string valid_from_column_;
  parquet::RecordBatch batch_;
  int key_index_ = -1;  // columns of batch_
  int valid_from_index_ = -1;
  std::vector<Attribute> attributes_;
  // Versions sorted by (key, valid_from): keys_[k] owns order_[starts_[k], starts_[k+1]).
  std::vector<int64_t> keys_;
  std::vector<int64_t> starts_;
  std::vector<int64_t> order_;       // row numbers
  std::vector<int64_t> valid_from_;  // valid_from of order_[i]
};

// The dimensions of `store`, by name (empty when none).
[[nodiscard]] StatusOr<std::vector<std::string>> ListDimensions(const std::string& store);
// The current file of dimension `name` (the highest dim-NNNNNN.parquet); NotFound if none.
[[nodiscard]] StatusOr<std::string> CurrentDimensionFile(const std::string& store,
                                                         const std::string& name);

}  // namespace hindsight::dims
