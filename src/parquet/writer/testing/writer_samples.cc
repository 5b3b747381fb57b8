#include "parquet/writer/testing/writer_samples.h"

#include <cstring>
#include <optional>

#include "parquet/schema/annotations.h"
#include "parquet/schema/testing/random_columns.h"
#include "parquet/writer/file_writer.h"

namespace hindsight::parquet::test_util {
namespace {

using format::LogicalType;

// Days either side of 1970-01-01 that dates and timestamps are kept within.
constexpr int64_t kMaxAbsDays = 100000;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

int64_t PowerOfTen(int32_t exponent) {
  int64_t power = 1;
  for (int32_t i = 0; i < exponent; ++i) power *= 10;
  return power;
}

// Maps `value` into [-limit, limit] (or [min, max]) keeping it spread out.
int64_t Wrap(int64_t value, int64_t min, int64_t max) {
  const uint64_t span = static_cast<uint64_t>(max - min) + 1;
  return min + static_cast<int64_t>(static_cast<uint64_t>(value) % span);
}

template <typename T>
void WrapValues(Column& column, int64_t min, int64_t max) {
  for (T& value : column.MutableValues<T>()) {
    value = static_cast<T>(Wrap(static_cast<int64_t>(value), min, max));
  }
}

void FitPrimitive(const SchemaNode& node, Column& column) {
  const std::optional<LogicalType> logical = EffectiveLogicalType(node);
  if (!logical) return;
  const bool int32 = column.type == ColumnType::kInt32;
  switch (logical->kind) {
    case LogicalType::Kind::INTEGER:
      if (int32 && logical->bit_width < 32) {
        const int bits = logical->bit_width;
        if (logical->is_signed) {
          WrapValues<int32_t>(column, -(int64_t{1} << (bits - 1)), (int64_t{1} << (bits - 1)) - 1);
        } else {
          WrapValues<int32_t>(column, 0, (int64_t{1} << bits) - 1);
        }
      }
      break;
    case LogicalType::Kind::DATE:
      WrapValues<int32_t>(column, -kMaxAbsDays, kMaxAbsDays);
      break;
    case LogicalType::Kind::TIMESTAMP:
      WrapValues<int64_t>(column, -kMaxAbsDays * kMicrosPerDay, kMaxAbsDays * kMicrosPerDay);
      break;
    case LogicalType::Kind::DECIMAL: {
      if (column.type == ColumnType::kBinary) {
        // Sign-extend the top three bytes: |value| < 2^(8 * (width - 3)) < 10^precision.
        for (int64_t i = 0; i < column.length; ++i) {
          const int64_t begin = column.offsets[i];
          const int64_t width = column.offsets[i + 1] - begin;
          if (width < 4) continue;
          uint8_t* bytes = column.values.data() + begin;
          const uint8_t sign = (bytes[3] & 0x80) != 0 ? 0xFF : 0x00;
          bytes[0] = bytes[1] = bytes[2] = sign;
        }
        break;
      }
      const int64_t limit = PowerOfTen(logical->decimal_precision) - 1;
      if (int32) {
        WrapValues<int32_t>(column, -limit, limit);
      } else {
        WrapValues<int64_t>(column, -limit, limit);
      }
      break;
    }
    default:
      break;
  }
}

void FitColumn(const LogicalNode& node, Column& column) {
  if (node.kind == LogicalKind::kPrimitive) {
    FitPrimitive(*node.node, column);
    return;
  }
  for (size_t i = 0; i < node.children.size() && i < column.children.size(); ++i) {
    FitColumn(node.children[i], column.children[i]);
  }
}

}  // namespace

Schema AllTypesSchema() {
  std::vector<Field> fields;
  fields.push_back(Field::Bool("flag"));
  fields.push_back(Field::Optional(Field::Int32("i32")));
  fields.push_back(Field::Int64("i64"));
  fields.push_back(Field::Int("i8", 8, true));
  fields.push_back(Field::Optional(Field::Int("u8", 8, false)));
  fields.push_back(Field::Int("i16", 16, true));
  fields.push_back(Field::Int("u16", 16, false));
  fields.push_back(Field::Optional(Field::Int("u32", 32, false)));
  fields.push_back(Field::Int("u64", 64, false));
  fields.push_back(Field::Float("f32"));
  fields.push_back(Field::Optional(Field::Double("f64")));
  fields.push_back(Field::Optional(Field::String("name")));
  fields.push_back(Field::Enum("kind"));
  fields.push_back(Field::Optional(Field::Binary("blob")));
  fields.push_back(Field::FixedLenBinary("fixed", 6));
  fields.push_back(Field::Optional(Field::Date("day")));
  fields.push_back(Field::Timestamp("ts"));
  fields.push_back(Field::Decimal("price", 9, 2));
  fields.push_back(Field::Optional(Field::Decimal("amount", 18, 4)));
  fields.push_back(Field::Optional(Field::Decimal("big", 30, 6)));
  fields.push_back(Field::Optional(Field::List("tags", Field::Optional(Field::String("element")))));
  std::vector<Field> visit_fields;
  visit_fields.push_back(Field::Optional(Field::Double("score")));
  visit_fields.push_back(
      Field::Map("attrs", Field::String("key"), Field::Optional(Field::Int32("value"))));
  visit_fields.push_back(Field::List("times", Field::Timestamp("element")));
  std::vector<Field> session_fields;
  session_fields.push_back(Field::Int64("id"));
  session_fields.push_back(Field::Optional(
      Field::List("visits", Field::Optional(Field::Struct("visit", std::move(visit_fields))))));
  fields.push_back(Field::Optional(Field::Struct("session", std::move(session_fields))));
  fields.push_back(
      Field::Optional(Field::Map("counts", Field::String("key"),
                                 Field::Optional(Field::List("value", Field::Int64("element"))))));
  return std::move(Schema::Make(std::move(fields))).value();
}

void FitValuesToLogicalTypes(const Schema& schema, RecordBatch& batch) {
  const std::vector<LogicalNode>& fields = schema.logical_root().children;
  for (size_t i = 0; i < fields.size() && i < batch.columns.size(); ++i) {
    FitColumn(fields[i], batch.columns[i]);
  }
}

RecordBatch RandomValidRows(const Schema& schema, int64_t num_rows, uint64_t seed) {
  RecordBatch batch = RandomColumns(schema, num_rows, seed);
  FitValuesToLogicalTypes(schema, batch);
  return batch;
}

StatusOr<format::FileMetaData> WriteParquetFile(const std::string& path, const Schema& schema,
                                                const std::vector<RecordBatch>& batches,
                                                const WriterOptions& options) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<ParquetFileWriter> writer,
                      ParquetFileWriter::Create(path, schema, options));
  for (const RecordBatch& batch : batches) HS_RETURN_IF_ERROR(writer->WriteBatch(batch));
  HS_RETURN_IF_ERROR(writer->Close());
  return writer->metadata();
}

}  // namespace hindsight::parquet::test_util
