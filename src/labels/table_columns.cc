#include "labels/table_columns.h"

#include <charconv>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_split.h"
#include "parquet/reader/file_reader.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::labels {
namespace {

using parquet::Column;
using parquet::ColumnType;

// Times a label or event may carry: 2000-01-01 .. 2200-01-01 (µs).
constexpr int64_t kMinTimeUs = 946684800000000;
constexpr int64_t kMaxTimeUs = 7258118400000000;

bool ParseInteger(std::string_view text, int64_t& value) {
  if (text == "true") return value = 1, true;
  if (text == "false") return value = 0, true;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) return true;
  double number = 0;
  auto [dend, derror] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (derror != std::errc() || dend != text.data() + text.size() ||
      number != static_cast<int64_t>(number)) {
    return false;
  }
  value = static_cast<int64_t>(number);
  return true;
}

Status CheckTime(const std::string& where, const std::string& column, int64_t time) {
  if (time < kMinTimeUs || time >= kMaxTimeUs) {
    return absl::InvalidArgumentError(StrCat(where, ": ", column, " ", FormatTimeMicros(time),
                                             " is outside 2000-01-01 .. 2200-01-01"));
  }
  return absl::OkStatus();
}

StatusOr<TableColumns> ReadCsv(const std::string& path,
                               const std::vector<ColumnRequest>& requests) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(StrCat(path, ": cannot open"));
  TableColumns table;
  table.integers.resize(requests.size());
  table.strings.resize(requests.size());
  table.present.assign(requests.size(), false);
  std::string line;
  // Lines may end in CRLF (spreadsheets, Python's csv module).
  auto strip_cr = [](std::string& text) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
  };
  if (!std::getline(in, line)) return absl::InvalidArgumentError(StrCat(path, ": empty file"));
  strip_cr(line);
  std::vector<std::string> header = absl::StrSplit(line, ',');
  std::vector<int> positions(requests.size(), -1);
  for (size_t r = 0; r < requests.size(); ++r) {
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == requests[r].name) positions[r] = static_cast<int>(c);
    }
    table.present[r] = positions[r] >= 0;
    if (!table.present[r] && requests[r].required) {
      return absl::InvalidArgumentError(StrCat(path, ": no column '", requests[r].name, "'"));
    }
  }
  int64_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    strip_cr(line);
    if (line.empty()) continue;
    std::vector<std::string_view> fields;
    for (size_t begin = 0;;) {
      const size_t comma = line.find(',', begin);
      fields.push_back(std::string_view(line).substr(begin, comma - begin));
      if (comma == std::string::npos) break;
      begin = comma + 1;
    }
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(StrCat(path, ":", number, ": ", fields.size(),
                                               " fields, the header has ", header.size()));
    }
    const std::string where = StrCat(path, ":", number);
    for (size_t r = 0; r < requests.size(); ++r) {
      if (positions[r] < 0) continue;
      const std::string_view text = fields[static_cast<size_t>(positions[r])];
      const ColumnRequest& request = requests[r];
      if (text.empty()) {
        return absl::InvalidArgumentError(StrCat(where, ": ", request.name, " is empty"));
      }
      if (request.kind == ColumnKind::kString) {
        table.strings[r].emplace_back(text);
        continue;
      }
      int64_t value = 0;
      if (request.kind == ColumnKind::kTime) {
        StatusOr<int64_t> time = ParseTimeMicros(text);
        if (!time.ok()) {
          return absl::InvalidArgumentError(
              StrCat(where, ": ", request.name, " '", text, "': ", time.status().message()));
        }
        value = *time;
        HS_RETURN_IF_ERROR(CheckTime(where, request.name, value));
      } else if (!ParseInteger(text, value)) {
        return absl::InvalidArgumentError(
            StrCat(where, ": ", request.name, " '", text, "' is not an integer"));
      }
      table.integers[r].push_back(value);
    }
    ++table.rows;
  }
  return table;
}

StatusOr<TableColumns> ReadParquet(const std::string& path,
                                   const std::vector<ColumnRequest>& requests) {
  StatusOr<std::unique_ptr<parquet::ParquetFileReader>> reader =
      parquet::ParquetFileReader::OpenPath(path);
  if (!reader.ok()) return absl::InvalidArgumentError(std::string(reader.status().message()));
  const auto& fields = (*reader)->schema().logical_root().children;
  TableColumns table;
  table.integers.resize(requests.size());
  table.strings.resize(requests.size());
  table.present.assign(requests.size(), false);
  parquet::ReadOptions options;
  // A projection returns its columns in schema order, whatever order they are asked in.
  std::vector<int> positions(requests.size(), -1);
  for (const auto& field : fields) {
    for (size_t r = 0; r < requests.size(); ++r) {
      if (field.name != requests[r].name || table.present[r]) continue;
      const bool is_string = field.column_type == ColumnType::kBinary;
      const bool is_number =
          field.column_type == ColumnType::kInt32 || field.column_type == ColumnType::kInt64 ||
          field.column_type == ColumnType::kBool || field.column_type == ColumnType::kDouble;
      if (field.kind != parquet::LogicalKind::kPrimitive ||
          (requests[r].kind == ColumnKind::kString ? !is_string : !is_number)) {
        return absl::InvalidArgumentError(
            StrCat(path, ": column ", field.name, " must be ",
                   requests[r].kind == ColumnKind::kString ? "a string" : "an integer"));
      }
      positions[r] = static_cast<int>(options.columns.size());
      options.columns.push_back(field.name);
      table.present[r] = true;
    }
  }
  for (size_t r = 0; r < requests.size(); ++r) {
    if (!table.present[r] && requests[r].required) {
      return absl::InvalidArgumentError(StrCat(path, ": no column '", requests[r].name, "'"));
    }
  }
  StatusOr<parquet::RecordBatch> batch = (*reader)->ReadAll(options);
  if (!batch.ok()) return absl::InvalidArgumentError(std::string(batch.status().message()));
  table.rows = static_cast<size_t>(batch->num_rows);
  for (size_t r = 0; r < requests.size(); ++r) {
    if (positions[r] < 0) continue;
    const Column& column = batch->columns[static_cast<size_t>(positions[r])];
    const ColumnRequest& request = requests[r];
    for (int64_t row = 0; row < batch->num_rows; ++row) {
      const std::string where = StrCat(path, ": row ", row + 1);
      if (column.IsNull(row)) {
        return absl::InvalidArgumentError(StrCat(where, ": ", request.name, " is null"));
      }
      if (request.kind == ColumnKind::kString) {
        table.strings[r].emplace_back(column.Binary(row));
        continue;
      }
      int64_t value = 0;
      switch (column.type) {
        case ColumnType::kInt32:
          value = column.Values<int32_t>()[row];
          break;
        case ColumnType::kBool:
          value = column.Values<uint8_t>()[row];
          break;
        case ColumnType::kDouble: {
          const double number = column.Values<double>()[row];
          if (number != static_cast<double>(static_cast<int64_t>(number))) {
            return absl::InvalidArgumentError(
                StrCat(where, ": ", request.name, " ", number, " is not an integer"));
          }
          value = static_cast<int64_t>(number);
          break;
        }
        default:
          value = column.Values<int64_t>()[row];
      }
      if (request.kind == ColumnKind::kTime)
        HS_RETURN_IF_ERROR(CheckTime(where, request.name, value));
      table.integers[r].push_back(value);
    }
  }
  return table;
}

}  // namespace

StatusOr<TableColumns> ReadTableColumns(const std::string& path,
                                        const std::vector<ColumnRequest>& requests) {
  char magic[4] = {};
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return absl::InvalidArgumentError(StrCat(path, ": cannot open"));
  const size_t got = std::fread(magic, 1, sizeof(magic), file);
  std::fclose(file);
  if (got == 4 && std::string_view(magic, 4) == "PAR1") return ReadParquet(path, requests);
  return ReadCsv(path, requests);
}

}  // namespace hindsight::labels
