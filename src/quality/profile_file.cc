#include "quality/profile_file.h"

#include <filesystem>
#include <system_error>

#include "nlohmann/json.hpp"
#include "parquet/reader/file_reader.h"
#include "parquet/schema/field.h"
#include "parquet/schema/schema.h"
#include "parquet/writer/file_writer.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

using parquet::Column;
using parquet::ColumnType;
using parquet::Field;

constexpr const char* kColumnNames[] = {"hour_start_us", "slice", "attribute",
                                        "kind",          "count", "nulls",
                                        "empty",         "min",   "max",
                                        "mean",          "m2",    "distinct",
                                        "hll",           "kll",   "top_overflowed",
                                        "top_values"};
constexpr size_t kColumnCount = std::size(kColumnNames);

StatusOr<parquet::Schema> ProfileSchema() {
  return parquet::Schema::Make(
      {Field::Int64("hour_start_us"), Field::String("slice"), Field::String("attribute"),
       Field::String("kind"), Field::Int64("count"), Field::Int64("nulls"), Field::Int64("empty"),
       Field::Double("min"), Field::Double("max"), Field::Double("mean"), Field::Double("m2"),
       Field::Double("distinct"), Field::Binary("hll"), Field::Binary("kll"),
       Field::Bool("top_overflowed"), Field::String("top_values")});
}

void AppendBinary(Column& column, std::string_view value) {
  column.values.insert(column.values.end(), value.begin(), value.end());
  column.offsets.push_back(static_cast<int64_t>(column.values.size()));
  ++column.length;
}

}  // namespace

Status WriteProfileFile(const std::string& path, const HourlyProfiles& profiles) {
  std::vector<int64_t> hours, counts, nulls, empties;
  std::vector<double> mins, maxs, means, m2s, distincts;
  std::vector<uint8_t> overflowed;
  Column slices{.type = ColumnType::kBinary, .offsets = {0}};
  Column attributes = slices, kinds = slices, hlls = slices, klls = slices, tops = slices;
  for (const auto& [hour, set] : profiles) {
    for (const auto& [key, profile] : set.entries()) {
      hours.push_back(hour);
      AppendBinary(slices, key.slice);
      AppendBinary(attributes, key.attribute);
      AppendBinary(kinds, AttributeKindName(profile.kind));
      counts.push_back(profile.count);
      nulls.push_back(profile.nulls);
      empties.push_back(profile.empty);
      mins.push_back(profile.min);
      maxs.push_back(profile.max);
      means.push_back(profile.mean);
      m2s.push_back(profile.m2);
      distincts.push_back(profile.distinct.Estimate());
      AppendBinary(hlls,
                   profile.kind == AttributeKind::kCounter ? "" : profile.distinct.Serialize());
      AppendBinary(klls, profile.quantiles.is_empty() ? "" : profile.quantiles.Serialize());
      overflowed.push_back(profile.top_overflowed ? 1 : 0);
      nlohmann::json top = nlohmann::json::array();
      for (const auto& [value, count] : profile.top) top.push_back({value, count});
      AppendBinary(tops, top.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  parquet::RecordBatch batch;
  batch.num_rows = static_cast<int64_t>(hours.size());
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, hours));
  batch.columns.push_back(std::move(slices));
  batch.columns.push_back(std::move(attributes));
  batch.columns.push_back(std::move(kinds));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, counts));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, nulls));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kInt64, empties));
  for (const auto* values : {&mins, &maxs, &means, &m2s, &distincts}) {
    batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kDouble, *values));
  }
  batch.columns.push_back(std::move(hlls));
  batch.columns.push_back(std::move(klls));
  batch.columns.push_back(parquet::FixedWidthColumn(ColumnType::kBool, overflowed));
  batch.columns.push_back(std::move(tops));

  const std::filesystem::path target(path);
  std::error_code error;
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) {
    return absl::UnavailableError(
        StrCat("cannot create ", target.parent_path().string(), ": ", error.message()));
  }
  const std::string temporary = StrCat(path, ".tmp");
  HS_ASSIGN_OR_RETURN(parquet::Schema schema, ProfileSchema());
  parquet::WriterOptions options;
  options.codec = parquet::format::CompressionCodec::ZSTD;
  options.key_value_metadata.push_back({"hindsight.table", std::string(kProfileFileTable)});
  // Sketches are unique blobs: a dictionary would only add a copy on every read.
  options.columns["hll"].dictionary = false;
  options.columns["kll"].dictionary = false;
  HS_ASSIGN_OR_RETURN(auto writer,
                      parquet::ParquetFileWriter::Create(temporary, std::move(schema), options));
  HS_RETURN_IF_ERROR(writer->WriteBatch(batch));
  HS_RETURN_IF_ERROR(writer->Close());
  HS_RETURN_IF_ERROR(SyncPath(temporary));
  std::filesystem::rename(temporary, target, error);
  if (error)
    return absl::UnavailableError(StrCat("cannot rename ", temporary, ": ", error.message()));
  return SyncPath(target.parent_path().string());
}

StatusOr<HourlyProfiles> ReadProfileFile(const std::string& path) {
  HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
  const auto& fields = reader->schema().logical_root().children;
  auto malformed = [&](std::string_view why) {
    return absl::DataLossError(StrCat(path, ": not a profile file (", why, ")"));
  };
  if (fields.size() != kColumnCount) return malformed("wrong column count");
  for (size_t c = 0; c < kColumnCount; ++c) {
    if (fields[c].name != kColumnNames[c])
      return malformed(StrCat("column ", c, " is ", fields[c].name));
  }
  parquet::ReadOptions read_options;
  read_options.verify_checksums = true;
  HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, reader->ReadAll(read_options));
  const auto& col = batch.columns;
  const auto hours = col[0].Values<int64_t>();
  const auto counts = col[4].Values<int64_t>();
  const auto nulls = col[5].Values<int64_t>();
  const auto empties = col[6].Values<int64_t>();
  const auto mins = col[7].Values<double>();
  const auto maxs = col[8].Values<double>();
  const auto means = col[9].Values<double>();
  const auto m2s = col[10].Values<double>();
  HourlyProfiles out;
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    const std::string where = StrCat(path, " row ", row);
    const auto kind = ParseAttributeKind(col[3].Binary(row));
    if (!kind.has_value())
      return malformed(StrCat("row ", row, " has kind '", col[3].Binary(row), "'"));
    AttributeProfile& profile = out[hours[row]].At(col[1].Binary(row), col[2].Binary(row), *kind);
    profile.count = counts[row];
    profile.nulls = nulls[row];
    profile.empty = empties[row];
    profile.min = mins[row];
    profile.max = maxs[row];
    profile.mean = means[row];
    profile.m2 = m2s[row];
    if (!col[12].Binary(row).empty()) {
      HS_ASSIGN_OR_RETURN(profile.distinct, HllSketch::Deserialize(col[12].Binary(row), where));
    }
    if (!col[13].Binary(row).empty()) {
      HS_ASSIGN_OR_RETURN(profile.quantiles, KllSketch::Deserialize(col[13].Binary(row), where));
    }
    profile.top_overflowed = col[14].values[row] != 0;
    const auto top = nlohmann::json::parse(col[15].Binary(row), nullptr, false);
    if (!top.is_array()) return malformed(StrCat("row ", row, " top_values is not a JSON array"));
    for (const auto& entry : top) {
      if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() ||
          !entry[1].is_number_integer()) {
        return malformed(StrCat("row ", row, " top_values entry is not [value, count]"));
      }
      profile.top.push_back({entry[0].get<std::string>(), entry[1].get<int64_t>()});
    }
  }
  return out;
}

}  // namespace hindsight::quality
