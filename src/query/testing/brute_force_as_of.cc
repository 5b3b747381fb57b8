#include "query/testing/brute_force_as_of.h"

#include "parquet/reader/file_reader.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "store/table/facts_row_decoder.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::query::testing {
namespace {

bool IsEntity(const Record& record, const std::string& entity_key, int64_t entity) {
  for (const ContextValue& value : record.context()) {
    if (value.key() == entity_key) {
      return value.value_case() == ContextValue::kIntValue && value.int_value() == entity;
    }
  }
  return false;
}

bool Holds(const Record& record, const std::string& fact_type) {
  for (const Fact& fact : record.facts()) {
    if (fact.type() == fact_type) return true;
  }
  return false;
}

}  // namespace

StatusOr<BruteForceAsOf> BruteForceAsOf::Load(const std::string& store_dir, int64_t snapshot_id) {
  HS_ASSIGN_OR_RETURN(store::OpenedStore opened, store::OpenStore(store_dir));
  HS_ASSIGN_OR_RETURN(store::Snapshot snapshot, store::ReadSnapshot(store_dir, snapshot_id));
  BruteForceAsOf oracle;
  oracle.snapshot_id_ = snapshot_id;
  oracle.entity_key_ = opened.config.entity_key;
  for (const store::DataFile& file : snapshot.files) {
    const std::string path = StrCat(store::FactsTableDir(store_dir), "/", file.path);
    HS_ASSIGN_OR_RETURN(auto reader, parquet::ParquetFileReader::OpenPath(path));
    HS_ASSIGN_OR_RETURN(parquet::RecordBatch rows, reader->ReadAll(parquet::ReadOptions{}));
    HS_ASSIGN_OR_RETURN(
        auto decoder,
        store::FactsRowDecoder::Make(reader->schema(), opened.config.entity_key, *opened.registry));
    for (int64_t row = 0; row < rows.num_rows; ++row) {
      HS_ASSIGN_OR_RETURN(Record record, decoder->Decode(rows, row));
      oracle.records_.push_back(std::move(record));
    }
  }
  return oracle;
}

AsOfAnswer BruteForceAsOf::Lookup(int64_t entity, int64_t as_of_us,
                                  const std::vector<std::string>& fact_types) const {
  AsOfAnswer answer;
  answer.entity = entity;
  answer.as_of_us = as_of_us;
  answer.snapshot_id = snapshot_id_;
  for (const std::string& type : fact_types) {
    const Record* best = nullptr;
    for (const Record& record : records_) {
      if (!IsEntity(record, entity_key_, entity) || record.event_time_us() > as_of_us ||
          !Holds(record, type)) {
        continue;
      }
      if (best == nullptr || record.event_time_us() > best->event_time_us() ||
          (record.event_time_us() == best->event_time_us() &&
           record.record_id() > best->record_id())) {
        best = &record;
      }
    }
    AsOfFact& fact = answer.facts.emplace_back();
    fact.fact_type = type;
    if (best == nullptr) continue;
    Record only = *best;
    only.clear_facts();
    only.clear_items();
    only.clear_meta();
    for (const Fact& value : best->facts()) {
      if (value.type() == type) *only.add_facts() = value;
    }
    fact.record = std::move(only);
  }
  return answer;
}

}  // namespace hindsight::query::testing
