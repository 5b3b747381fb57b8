#include "serve/parity_check.h"

#include <unistd.h>

#include <bit>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "dims/dimension_table.h"
#include "features/feature_set.h"
#include "features/generator.h"
#include "labels/label_file.h"
#include "parquet/reader/file_reader.h"
#include "query/facts_table_reader.h"
#include "serve/served_values.h"
#include "store/store_layout.h"
#include "store/table/facts_row_decoder.h"
#include "store/table/facts_table_schema.h"
#include "util/str_cat.h"

namespace hindsight::serve {
namespace {

struct ServedRecord {
  Record record;
  std::string hash;
};

std::string MetaValue(const Record& record, std::string_view key) {
  auto it = record.meta().find(std::string(key));
  return it == record.meta().end() ? std::string() : it->second;
}

// True when row `row` of a MAP<STRING,STRING> column has key `key`.
bool MapHasKey(const parquet::Column& map, int64_t row, std::string_view key) {
  if (map.IsNull(row)) return false;
  for (int64_t i = map.ChildBegin(row); i < map.ChildEnd(row); ++i) {
    if (map.children[0].Binary(i) == key) return true;
  }
  return false;
}

// The served records of the snapshot in [from, to).
StatusOr<std::vector<Record>> ReadServedRecords(const query::FactsTableReader& table,
                                                const ParityOptions& options) {
  std::vector<Record> records;
  if (!table.snapshot()) return records;
  for (const store::DataFile& file : table.snapshot()->files) {
    if ((options.from_us && file.max_ts_us < *options.from_us) ||
        (options.to_us && file.min_ts_us >= *options.to_us)) {
      continue;
    }
    const std::string path = StrCat(store::FactsTableDir(table.store()), "/", file.path);
    HS_ASSIGN_OR_RETURN(std::unique_ptr<parquet::ParquetFileReader> reader,
                        parquet::ParquetFileReader::OpenPath(path));
    HS_ASSIGN_OR_RETURN(std::unique_ptr<store::FactsRowDecoder> decoder,
                        store::FactsRowDecoder::Make(reader->schema(), table.config().entity_key,
                                                     table.registry()));
    const auto& fields = reader->schema().logical_root().children;
    int meta = -1, ts = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == "meta") meta = static_cast<int>(i);
      if (fields[i].name == store::kTimeColumn) ts = static_cast<int>(i);
    }
    if (meta < 0 || ts < 0) continue;
    parquet::ReadOptions read;
    read.filter.push_back(parquet::ColumnRange{
        std::string(store::kTimeColumn),
        options.from_us ? std::optional<parquet::ScalarValue>(*options.from_us) : std::nullopt,
        options.to_us ? std::optional<parquet::ScalarValue>(*options.to_us - 1) : std::nullopt});
    for (int g = 0; g < reader->num_row_groups(); ++g) {
      HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, reader->ReadRowGroup(g, read));
      const auto times = batch.columns[static_cast<size_t>(ts)].Values<int64_t>();
      for (int64_t row = 0; row < batch.num_rows; ++row) {
        if ((options.from_us && times[row] < *options.from_us) ||
            (options.to_us && times[row] >= *options.to_us) ||
            !MapHasKey(batch.columns[static_cast<size_t>(meta)], row, kServedValuesKey)) {
          continue;
        }
        StatusOr<Record> record = decoder->Decode(batch, row);
        if (!record.ok()) {
          return Status(record.status().code(),
                        StrCat(path, ": row group ", g, ": ", record.status().message()));
        }
        records.push_back(std::move(*record));
      }
    }
  }
  return records;
}

std::string PrintBits(const ServedFeature& feature, size_t row) {
  const size_t size = static_cast<size_t>(feature.size);
  std::string out;
  if (feature.kind == 'v') out.push_back('[');
  for (size_t s = 0; s < size; ++s) {
    const uint64_t bits = feature.bits[row * size + s];
    if (s > 0) out.push_back(',');
    switch (feature.kind) {
      case 'd':
        out += StrCat(std::bit_cast<double>(bits));
        break;
      case 'i':
        out += StrCat(static_cast<int64_t>(bits));
        break;
      default:
        out += StrCat(std::bit_cast<float>(static_cast<uint32_t>(bits)));
    }
  }
  if (feature.kind == 'v') out.push_back(']');
  return out;
}

// The regenerated values of the output file, per feature (rows in file order), with the
// row numbers of each record.
struct Regenerated {
  std::vector<ServedFeature> features;
  std::map<std::string, std::vector<size_t>> rows_by_record;
};

StatusOr<Regenerated> ReadRegenerated(const std::string& path, const features::FeatureSet& set) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<parquet::ParquetFileReader> reader,
                      parquet::ParquetFileReader::OpenPath(path));
  HS_ASSIGN_OR_RETURN(parquet::RecordBatch batch, reader->ReadAll({}));
  const auto& fields = reader->schema().logical_root().children;
  Regenerated out;
  std::map<std::string, size_t> column_of;
  for (size_t i = 0; i < fields.size(); ++i) column_of[fields[i].name] = i;
  const parquet::Column& ids = batch.columns[column_of.at("record_id")];
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    out.rows_by_record[std::string(ids.Binary(row))].push_back(static_cast<size_t>(row));
  }
  for (const features::FeatureSpec& spec : set.features) {
    auto it = column_of.find(spec.name);
    if (it == column_of.end()) {
      return absl::InternalError(StrCat(path, ": no column ", spec.name));
    }
    const parquet::Column& column = batch.columns[it->second];
    ServedFeature feature;
    feature.name = spec.name;
    switch (column.type) {
      case parquet::ColumnType::kDouble:
        feature.kind = 'd';
        for (double value : column.Values<double>())
          feature.bits.push_back(std::bit_cast<uint64_t>(value));
        break;
      case parquet::ColumnType::kInt64:
        feature.kind = 'i';
        for (int64_t value : column.Values<int64_t>())
          feature.bits.push_back(static_cast<uint64_t>(value));
        break;
      default: {
        feature.kind = 'v';
        feature.size =
            batch.num_rows > 0 ? static_cast<int>(column.ChildEnd(0) - column.ChildBegin(0)) : 1;
        for (float value : column.children[0].Values<float>()) {
          feature.bits.push_back(std::bit_cast<uint32_t>(value));
        }
      }
    }
    out.features.push_back(std::move(feature));
  }
  return out;
}

}  // namespace

int64_t ParityReport::differences() const {
  int64_t total = 0;
  for (const FeatureParity& feature : features) total += feature.different + feature.missing;
  return total;
}

StatusOr<ParityReport> CheckParity(const ParityOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  HS_ASSIGN_OR_RETURN(features::FeatureSet set, features::LoadFeatureSet(options.features_path));
  HS_ASSIGN_OR_RETURN(std::unique_ptr<query::FactsTableReader> table,
                      query::FactsTableReader::Open(options.store));
  ParityReport report;
  report.feature_set = set.name;
  report.feature_set_hash = set.content_hash;
  for (const features::FeatureSpec& spec : set.features) report.features.push_back({spec.name});

  HS_ASSIGN_OR_RETURN(std::vector<Record> all, ReadServedRecords(*table, options));
  std::vector<Record> served;
  std::set<std::string> hashes;
  for (Record& record : all) {
    if (MetaValue(record, "hindsight.served.feature_set") != set.name) {
      ++report.other_feature_sets;
      continue;
    }
    hashes.insert(MetaValue(record, "hindsight.served.feature_set.hash"));
    served.push_back(std::move(record));
  }
  report.served_hashes.assign(hashes.begin(), hashes.end());
  report.records = static_cast<int64_t>(served.size());
  if (served.empty()) {
    report.notes.push_back(StrCat("no served records of feature set ", set.name,
                                  " in the facts table",
                                  options.from_us || options.to_us ? " in that range" : "",
                                  ": nothing to compare (served records are in STORE/log until "
                                  "hindsight ingest)"));
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }

  labels::LabelRows labels;
  labels.entity_column = set.entity;
  labels.item_column = set.item;
  labels.has_record_id = true;
  for (const Record& record : served) {
    int64_t entity = 0;
    for (const ContextValue& value : record.context()) {
      if (value.key() == table->config().entity_key) entity = value.int_value();
    }
    for (int64_t item : record.items()) {
      labels.record_id.push_back(record.record_id());
      labels.entity.push_back(entity);
      labels.ts_us.push_back(record.event_time_us());
      labels.item.push_back(item);
      labels.label.push_back(0);
    }
  }
  report.rows = static_cast<int64_t>(labels.size());

  namespace fs = std::filesystem;
  fs::path scratch = options.scratch_dir;
  bool remove_scratch = false;
  if (scratch.empty()) {
    scratch = fs::temp_directory_path() /
              StrCat("hindsight-parity-", ::getpid(), "-",
                     std::chrono::steady_clock::now().time_since_epoch().count());
    remove_scratch = true;
  }
  std::error_code error;
  fs::create_directories(scratch, error);
  if (error) return absl::InvalidArgumentError(StrCat(scratch.string(), ": ", error.message()));
  struct Cleanup {
    fs::path dir;
    bool active;
    ~Cleanup() {
      std::error_code ignored;
      if (active) fs::remove_all(dir, ignored);
    }
  } cleanup{scratch, remove_scratch};

  const std::string labels_path = (scratch / "served_labels.parquet").string();
  const std::string out_path = (scratch / "regenerated.parquet").string();
  HS_RETURN_IF_ERROR(labels::WriteLabelFile(labels_path, labels));
  features::GenerateOptions generate;
  generate.store = options.store;
  generate.labels_path = labels_path;
  generate.features_path = options.features_path;
  generate.out_path = out_path;
  generate.threads = options.threads;
  generate.mode = features::GenerateMode::kExact;
  HS_ASSIGN_OR_RETURN(features::GenerateSummary summary, features::Generate(generate));
  if (summary.reads.records_not_found > 0) {
    report.notes.push_back(
        StrCat(summary.reads.records_not_found, " served records were not found by the generator"));
  }
  std::map<std::string, std::string> dimension_files;
  for (const std::string& name : summary.dimensions) {
    HS_ASSIGN_OR_RETURN(std::string path, dims::CurrentDimensionFile(options.store, name));
    dimension_files[name] = fs::path(path).filename().string();
  }
  HS_ASSIGN_OR_RETURN(Regenerated regenerated, ReadRegenerated(out_path, set));

  std::set<std::string> dimension_notes;
  for (const Record& record : served) {
    for (const auto& [name, file] : dimension_files) {
      const std::string used = MetaValue(record, StrCat("hindsight.dimension.", name));
      if (!used.empty() && used != file) {
        dimension_notes.insert(
            StrCat("dimension ", name, " was served from ", used, ", regenerated from ", file));
      }
    }
    const auto rows_it = regenerated.rows_by_record.find(record.record_id());
    const std::vector<size_t> no_rows;
    const std::vector<size_t>& rows =
        rows_it == regenerated.rows_by_record.end() ? no_rows : rows_it->second;
    const int64_t items = record.items_size();
    if (static_cast<int64_t>(rows.size()) != items) {
      return absl::InternalError(StrCat("record ", record.record_id(), ": ", items,
                                        " items served, ", rows.size(), " rows regenerated"));
    }
    StatusOr<std::vector<ServedFeature>> values = DecodeServedValues(
        MetaValue(record, kServedLayoutKey), MetaValue(record, kServedValuesKey), items);
    if (!values.ok()) {
      return Status(values.status().code(),
                    StrCat("record ", record.record_id(), ": ", values.status().message()));
    }
    for (size_t f = 0; f < regenerated.features.size(); ++f) {
      const ServedFeature& now = regenerated.features[f];
      FeatureParity& parity = report.features[f];
      const ServedFeature* then = nullptr;
      for (const ServedFeature& candidate : *values) {
        if (candidate.name == now.name) then = &candidate;
      }
      if (then == nullptr) {
        parity.missing += items;
        continue;
      }
      const bool same_shape = then->kind == now.kind && then->size == now.size;
      const size_t size = static_cast<size_t>(now.size);
      for (int64_t i = 0; i < items; ++i) {
        const size_t row = rows[static_cast<size_t>(i)];
        bool equal = same_shape;
        for (size_t s = 0; equal && s < size; ++s) {
          equal = then->bits[static_cast<size_t>(i) * size + s] == now.bits[row * size + s];
        }
        if (equal) {
          ++parity.equal;
          continue;
        }
        ++parity.different;
        if (report.examples.size() < options.max_examples) {
          report.examples.push_back({record.record_id(), record.items(static_cast<int>(i)),
                                     now.name, PrintBits(*then, static_cast<size_t>(i)),
                                     PrintBits(now, row)});
        }
      }
    }
  }
  if (report.served_hashes.size() != 1 || report.served_hashes[0] != report.feature_set_hash) {
    for (const std::string& hash : report.served_hashes) {
      if (hash != report.feature_set_hash) {
        report.notes.push_back(StrCat("some records were served with feature set hash ", hash,
                                      "; the file checked now hashes to ",
                                      report.feature_set_hash));
      }
    }
  }
  report.notes.insert(report.notes.end(), dimension_notes.begin(), dimension_notes.end());
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace hindsight::serve
