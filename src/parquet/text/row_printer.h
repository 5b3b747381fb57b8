// RowPrinter: rows of a RecordBatch as JSON Lines or CSV text, values shown by their
// logical type (docs/PARQUET.md, "Text output"):
//   JSONL  one object per row, fields in schema order; lists as arrays, structs as
//          objects, maps as [{"key":..,"value":..}]; integers as exact numbers; floating
//          point shortest round-trip, NaN/Infinity/-Infinity as strings; STRING/ENUM/JSON
//          as strings, other binary as base64; DATE "YYYY-MM-DD"; TIMESTAMP and INT96 as
//          RFC 3339 UTC with 6 fractional digits (9 for nanoseconds); TIME "HH:MM:SS.ffffff";
//          DECIMAL as an exact string; UUID canonical; FLOAT16 as a number.
//   CSV    a header of the top-level names, then one line per row (RFC 4180 quoting);
//          null is an empty cell, the empty string "", nested values their JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"
#include "util/status.h"

namespace hindsight::parquet {

enum class TextFormat { kJsonl, kCsv };

class RowPrinter {
 public:
  // A printer of rows of `schema` (the schema the batches were read with).
  static RowPrinter Make(const Schema& schema, TextFormat format);

  // CSV: the header line; JSONL: nothing.
  void AppendHeader(std::string& out) const;

  // Rows [begin, end) of `batch`, each ending with '\n'. REQUIRES: the batch holds rows
  // of the printer's schema and 0 <= begin <= end <= batch.num_rows.
  void AppendRows(const RecordBatch& batch, int64_t begin, int64_t end, std::string& out) const;

  // How a primitive's values are shown (public for the value printers in row_printer.cc).
  enum class ValueKind : uint8_t {
    kNull,
    kBool,
    kInt32,
    kUInt32,
    kInt64,
    kUInt64,
    kFloat,
    kDouble,
    kString,
    kBase64,
    kDate,
    kTimeMillis,
    kTimeMicros,
    kTimeNanos,
    kTimestampMillis,
    kTimestampMicros,
    kTimestampNanos,
    kInt96Timestamp,
    kDecimal32,
    kDecimal64,
    kDecimalBytes,
    kUuid,
    kFloat16,
  };

  struct Node {
    LogicalKind kind = LogicalKind::kPrimitive;
    ValueKind value = ValueKind::kNull;
    int32_t scale = 0;     // DECIMAL
    std::string json_key;  // "\"name\":" as written in front of the field's value
    std::vector<Node> children;
  };

 private:
  RowPrinter(std::vector<Node> fields, std::vector<std::string> names, TextFormat format)
      : fields_(std::move(fields)), names_(std::move(names)), format_(format) {}

  std::vector<Node> fields_;
  std::vector<std::string> names_;
  TextFormat format_;
};

// A statistics or page index value of `leaf` (its PLAIN bytes; byte arrays without the
// length prefix) as RowPrinter shows values in JSON, or nullopt when the bytes do not
// have the type's size.
std::optional<std::string> FormatStatisticsValue(const LeafColumn& leaf, std::string_view bytes);

}  // namespace hindsight::parquet
