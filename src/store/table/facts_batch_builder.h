// Shreds records (hindsight::Record, facts as serialized messages) into a RecordBatch of
// the facts table's schema (facts_table_schema.h), one row per record, in append order.
#pragma once

#include <cstdint>
#include <memory>

#include "hindsight/record.pb.h"
#include "parquet/schema/record_batch.h"
#include "store/fact_schema_registry.h"
#include "store/table/facts_table_schema.h"
#include "util/status.h"

namespace hindsight::store {

// How fact values become columns: straight from their wire bytes where the fast path
// takes them (fact_wire_shredder.h), else by parsing them into messages; or always by
// parsing (the reference the fast path is tested against).
enum class FactShredding { kWireFormatFirst, kParsedMessagesOnly };

// Not thread-safe. `schema` and `registry` are borrowed and must outlive the builder.
class FactsBatchBuilder {
 public:
  FactsBatchBuilder(const FactsTableSchema& schema, const FactSchemaRegistry& registry,
                    FactShredding shredding = FactShredding::kWireFormatFirst);
  ~FactsBatchBuilder();
  FactsBatchBuilder(const FactsBatchBuilder&) = delete;
  FactsBatchBuilder& operator=(const FactsBatchBuilder&) = delete;

  // Appends `record` as one row. InvalidArgument, with the batch unchanged, when the
  // entity key is missing or not an integer, a context key is not a column of the schema
  // or has another type, a fact type is not registered, or a fact value does not parse
  // as its message. The message names the record id and the field at fault.
  [[nodiscard]] Status Append(const Record& record);

  int64_t num_rows() const;
  // The rows appended since the last Finish; the builder starts empty again.
  parquet::RecordBatch Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hindsight::store
