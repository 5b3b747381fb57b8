#include "parquet/text/metadata_printer.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "nlohmann/json.hpp"
#include "parquet/compression/codec.h"
#include "parquet/format/enum_names.h"
#include "parquet/schema/annotations.h"
#include "parquet/text/row_printer.h"
#include "util/str_cat.h"

namespace hindsight::parquet {

using format::EncodingName;
using format::PhysicalTypeName;
namespace {

using format::ColumnChunk;
using format::ColumnMetaData;
using format::FileMetaData;

// Statistics values longer than this are cut in the text form (JSON keeps them whole).
constexpr size_t kMaxTextValueLength = 40;

std::string JoinPath(const std::vector<std::string>& parts) {
  std::string path;
  for (const std::string& part : parts) {
    if (!path.empty()) path.push_back('.');
    path += part;
  }
  return path;
}

struct ChunkSummary {
  std::string path;
  std::string physical_type;
  std::string logical_type;
  std::vector<std::string> encodings;
  std::string codec;
  int64_t num_values = 0;
  int64_t compressed = 0;
  int64_t uncompressed = 0;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> min;  // JSON text of the value
  std::optional<std::string> max;
  bool dictionary_page = false;
  bool column_index = false;
  bool offset_index = false;
  bool bloom_filter = false;
  std::vector<format::KeyValue> key_value_metadata;
};

std::optional<std::string> StatisticsValue(const LeafColumn* leaf,
                                           const std::optional<std::string>& modern,
                                           const std::optional<std::string>& legacy) {
  const std::optional<std::string>& bytes = modern.has_value() ? modern : legacy;
  if (!bytes.has_value() || leaf == nullptr) return std::nullopt;
  return FormatStatisticsValue(*leaf, *bytes);
}

ChunkSummary Summarize(const ColumnChunk& chunk, const LeafColumn* leaf) {
  ChunkSummary summary;
  summary.column_index = chunk.column_index_offset.has_value();
  summary.offset_index = chunk.offset_index_offset.has_value();
  if (!chunk.meta_data.has_value()) return summary;
  const ColumnMetaData& meta = *chunk.meta_data;
  summary.path = JoinPath(meta.path_in_schema);
  summary.physical_type = PhysicalTypeName(meta.type);
  if (leaf != nullptr) summary.logical_type = AnnotationText(*leaf->node);
  for (const format::Encoding encoding : meta.encodings) {
    summary.encodings.push_back(EncodingName(encoding));
    summary.dictionary_page |= encoding == format::Encoding::PLAIN_DICTIONARY ||
                               encoding == format::Encoding::RLE_DICTIONARY;
  }
  summary.dictionary_page |= meta.dictionary_page_offset.value_or(0) > 0;
  summary.codec = std::string(CodecName(meta.codec));
  summary.num_values = meta.num_values;
  summary.compressed = meta.total_compressed_size;
  summary.uncompressed = meta.total_uncompressed_size;
  summary.bloom_filter = meta.bloom_filter_offset.has_value();
  summary.key_value_metadata = meta.key_value_metadata;
  if (meta.statistics.has_value()) {
    const format::Statistics& stats = *meta.statistics;
    summary.null_count = stats.null_count;
    summary.distinct_count = stats.distinct_count;
    summary.min = StatisticsValue(leaf, stats.min_value, stats.min);
    summary.max = StatisticsValue(leaf, stats.max_value, stats.max);
  }
  return summary;
}

const LeafColumn* LeafAt(const Schema& schema, size_t index) {
  return index < static_cast<size_t>(schema.num_leaves()) ? &schema.leaf(static_cast<int>(index))
                                                          : nullptr;
}

std::string Shorten(std::string text) {
  if (text.size() <= kMaxTextValueLength) return text;
  text.resize(kMaxTextValueLength - 3);
  return text + "...";
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out.append(separator);
    out += item;
  }
  return out;
}

// Rows of cells printed with each column padded to its widest cell.
std::string AlignedTable(const std::vector<std::vector<std::string>>& rows,
                         std::string_view indent) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line(indent);
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line.append(widths[c] - row[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

}  // namespace

std::string DescribeMetadataText(std::string_view file_name, const FileMetaData& metadata,
                                 const Schema& schema) {
  std::vector<std::vector<std::string>> file_rows = {
      {"file:", std::string(file_name)},
      {"rows:", StrCat(metadata.num_rows)},
      {"row groups:", StrCat(metadata.row_groups.size())},
      {"columns:", StrCat(schema.num_leaves())},
      {"created by:", metadata.created_by.value_or("")},
      {"format version:", StrCat(metadata.version)},
  };
  std::string out = AlignedTable(file_rows, "");
  if (!metadata.key_value_metadata.empty()) {
    out += "key-value metadata:\n";
    for (const format::KeyValue& entry : metadata.key_value_metadata) {
      out += StrCat("  ", entry.key, " = ", Shorten(entry.value.value_or("(null)")), "\n");
    }
  }
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const format::RowGroup& group = metadata.row_groups[g];
    out += StrCat("\nrow group ", g, ": ", group.num_rows, " rows, ", group.total_byte_size,
                  " bytes uncompressed");
    if (group.total_compressed_size.has_value()) {
      out += StrCat(", ", *group.total_compressed_size, " compressed");
    }
    out += "\n";
    std::vector<std::vector<std::string>> rows = {
        {"column", "type", "logical", "encodings", "codec", "values", "compressed", "uncompressed",
         "nulls", "min", "max", "dict", "page index", "bloom"}};
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const ChunkSummary s = Summarize(group.columns[c], LeafAt(schema, c));
      rows.push_back(
          {s.path, s.physical_type, s.logical_type.empty() ? "-" : s.logical_type,
           Join(s.encodings, ","), s.codec, StrCat(s.num_values), StrCat(s.compressed),
           StrCat(s.uncompressed), s.null_count ? StrCat(*s.null_count) : "-",
           s.min ? Shorten(*s.min) : "-", s.max ? Shorten(*s.max) : "-", YesNo(s.dictionary_page),
           s.column_index || s.offset_index
               ? StrCat(s.column_index ? "column" : "", s.column_index && s.offset_index ? "+" : "",
                        s.offset_index ? "offset" : "")
               : "no",
           YesNo(s.bloom_filter)});
      for (const format::KeyValue& entry : s.key_value_metadata) {
        rows.push_back({StrCat("  ", entry.key, " = ", Shorten(entry.value.value_or("(null)")))});
      }
    }
    out += AlignedTable(rows, "  ");
  }
  return out;
}

std::string DescribeMetadataJson(std::string_view file_name, const FileMetaData& metadata,
                                 const Schema& schema) {
  using nlohmann::json;
  auto key_values = [](const std::vector<format::KeyValue>& entries) {
    json object = json::object();
    for (const format::KeyValue& entry : entries) {
      object[entry.key] = entry.value.has_value() ? json(*entry.value) : json(nullptr);
    }
    return object;
  };
  // Statistics values are JSONL text; embedded as JSON values (strings stay strings).
  auto value = [](const std::optional<std::string>& text) {
    if (!text.has_value()) return json(nullptr);
    return json::parse(*text, nullptr, false);
  };
  json out;
  out["file"] = std::string(file_name);
  out["num_rows"] = metadata.num_rows;
  out["created_by"] = metadata.created_by.has_value() ? json(*metadata.created_by) : json(nullptr);
  out["version"] = metadata.version;
  out["key_value_metadata"] = key_values(metadata.key_value_metadata);
  out["schema"] = schema.ToString();
  out["row_groups"] = json::array();
  for (const format::RowGroup& group : metadata.row_groups) {
    json group_json;
    group_json["num_rows"] = group.num_rows;
    group_json["total_byte_size"] = group.total_byte_size;
    group_json["columns"] = json::array();
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const ChunkSummary s = Summarize(group.columns[c], LeafAt(schema, c));
      json column;
      column["path"] = s.path;
      column["physical_type"] = s.physical_type;
      column["logical_type"] = s.logical_type.empty() ? json(nullptr) : json(s.logical_type);
      column["encodings"] = s.encodings;
      column["codec"] = s.codec;
      column["num_values"] = s.num_values;
      column["total_compressed_size"] = s.compressed;
      column["total_uncompressed_size"] = s.uncompressed;
      json stats;
      stats["null_count"] = s.null_count ? json(*s.null_count) : json(nullptr);
      stats["distinct_count"] = s.distinct_count ? json(*s.distinct_count) : json(nullptr);
      stats["min"] = value(s.min);
      stats["max"] = value(s.max);
      column["statistics"] = stats;
      column["dictionary_page"] = s.dictionary_page;
      column["column_index"] = s.column_index;
      column["offset_index"] = s.offset_index;
      column["bloom_filter"] = s.bloom_filter;
      if (!s.key_value_metadata.empty())
        column["key_value_metadata"] = key_values(s.key_value_metadata);
      group_json["columns"].push_back(std::move(column));
    }
    out["row_groups"].push_back(std::move(group_json));
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace hindsight::parquet
