#include "quality/swimlane_diff.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "parquet/reader/file_reader.h"
#include "quality/column_numbers_internal.h"
#include "quality/distribution_tests.h"
#include "quality/row_fingerprints.h"
#include "store/store_layout.h"
#include "store/table/snapshot.h"
#include "util/str_cat.h"

namespace hindsight::quality {
namespace {

// The key columns of a feature output (SYSTEM.md §5); every other column is a feature.
constexpr std::string_view kFeatureKeyColumns[] = {"profile_id", "ts", "video_id", "label",
                                                   "record_id"};

// Rows of one side: their fingerprints and keys, file by file.
struct Side {
  std::vector<RowFingerprints> files;
  absl::flat_hash_map<std::string, std::pair<int, int64_t>> rows;  // key -> (file, row)
  std::vector<std::string> keys_in_order;
};

struct LoadedFile {
  std::unique_ptr<parquet::ParquetFileReader> reader;
  parquet::RecordBatch batch;
};

StatusOr<LoadedFile> Load(const std::string& path) {
  LoadedFile loaded;
  HS_ASSIGN_OR_RETURN(loaded.reader, parquet::ParquetFileReader::OpenPath(path));
  parquet::ReadOptions options;
  options.verify_checksums = true;
  HS_ASSIGN_OR_RETURN(loaded.batch, loaded.reader->ReadAll(options));
  return loaded;
}

int ColumnIndex(const parquet::Schema& schema, std::string_view name) {
  const auto& fields = schema.logical_root().children;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// Adds a file's rows to `side`, keyed by `key_of(row)`.
template <typename KeyOf>
Status AddFile(const LoadedFile& file, KeyOf&& key_of, Side& side) {
  HS_ASSIGN_OR_RETURN(RowFingerprints fingerprints,
                      FingerprintRows(file.reader->schema(), file.batch));
  const int index = static_cast<int>(side.files.size());
  side.files.push_back(std::move(fingerprints));
  for (int64_t row = 0; row < file.batch.num_rows; ++row) {
    std::string key = key_of(row);
    // Repeated keys (rows that share every key column) are told apart by occurrence.
    for (int n = 2; side.rows.contains(key); ++n) key = StrCat(key_of(row), " #", n);
    side.rows.emplace(key, std::pair{index, row});
    side.keys_in_order.push_back(std::move(key));
  }
  return absl::OkStatus();
}

class ExactComparer {
 public:
  ExactComparer(DiffReport& report, int max_examples, const std::vector<std::string>& skip)
      : report_(report), max_examples_(max_examples), skip_(skip) {}

  void Compare(const Side& a, const Side& b) {
    report_.rows_a += static_cast<int64_t>(a.keys_in_order.size());
    report_.rows_b += static_cast<int64_t>(b.keys_in_order.size());
    for (const std::string& key : a.keys_in_order) {
      auto other = b.rows.find(key);
      if (other == b.rows.end()) {
        ++report_.only_in_a;
        if (static_cast<int>(report_.only_in_a_examples.size()) < max_examples_)
          report_.only_in_a_examples.push_back(key);
        continue;
      }
      ++report_.rows_matched;
      const auto [file_a, row_a] = a.rows.at(key);
      const auto [file_b, row_b] = other->second;
      CompareRow(key, a.files[file_a], row_a, b.files[file_b], row_b);
    }
    for (const std::string& key : b.keys_in_order) {
      if (a.rows.contains(key)) continue;
      ++report_.only_in_b;
      if (static_cast<int>(report_.only_in_b_examples.size()) < max_examples_)
        report_.only_in_b_examples.push_back(key);
    }
  }

  void Finish() {
    for (auto& [name, diff] : diffs_) report_.attributes.push_back(std::move(diff));
  }

 private:
  void CompareRow(const std::string& key, const RowFingerprints& a, int64_t row_a,
                  const RowFingerprints& b, int64_t row_b) {
    auto visit = [&](const std::string& attribute, const AttributeRows* in_a,
                     const AttributeRows* in_b) {
      if (std::find(skip_.begin(), skip_.end(), attribute) != skip_.end()) return;
      AttributeDiff& diff = DiffOf(attribute);
      const uint64_t hash_a = in_a ? in_a->hash[row_a] : 0;
      const uint64_t hash_b = in_b ? in_b->hash[row_b] : 0;
      if (hash_a == hash_b) return;
      const int32_t count_a = in_a ? in_a->count[row_a] : 0;
      const int32_t count_b = in_b ? in_b->count[row_b] : 0;
      if (count_a > 0 && count_b == 0) {
        ++diff.missing;
      } else if (count_a == 0 && count_b > 0) {
        ++diff.added;
      } else {
        ++diff.replaced;
      }
      if (static_cast<int>(diff.examples.size()) < max_examples_) {
        diff.examples.push_back({key, in_a ? in_a->text[row_a] : "(no column)",
                                 in_b ? in_b->text[row_b] : "(no column)"});
      }
    };
    for (const auto& [attribute, rows] : a) {
      auto it = b.find(attribute);
      visit(attribute, &rows, it == b.end() ? nullptr : &it->second);
    }
    for (const auto& [attribute, rows] : b) {
      if (!a.contains(attribute)) visit(attribute, nullptr, &rows);
    }
  }

  AttributeDiff& DiffOf(const std::string& attribute) {
    auto [it, inserted] = diffs_.try_emplace(attribute);
    if (inserted) it->second.attribute = attribute;
    return it->second;
  }

  DiffReport& report_;
  int max_examples_;
  const std::vector<std::string>& skip_;
  std::map<std::string, AttributeDiff> diffs_;
};

StatusOr<DiffReport> DiffStoresExact(const DiffOptions& options) {
  DiffReport report;
  report.kind = "stores";
  report.mode = DiffMode::kExact;
  HS_ASSIGN_OR_RETURN(const auto snapshot_a, store::ReadLatestSnapshot(options.a));
  HS_ASSIGN_OR_RETURN(const auto snapshot_b, store::ReadLatestSnapshot(options.b));
  std::map<int64_t, std::pair<std::vector<store::DataFile>, std::vector<store::DataFile>>> hours;
  for (const auto& [snapshot, first] :
       {std::pair{&snapshot_a, true}, std::pair{&snapshot_b, false}}) {
    if (!snapshot->has_value()) continue;
    for (const store::DataFile& file : (*snapshot)->files) {
      if (!options.range.Contains(file.hour_start_us)) continue;
      auto& [a, b] = hours[file.hour_start_us];
      (first ? a : b).push_back(file);
    }
  }
  const std::vector<std::string> skip = {"record_id"};
  ExactComparer comparer(report, options.max_examples, skip);
  for (const auto& [hour, files] : hours) {
    Side sides[2];
    for (int s = 0; s < 2; ++s) {
      const std::string& store = s == 0 ? options.a : options.b;
      for (const store::DataFile& file : s == 0 ? files.first : files.second) {
        HS_ASSIGN_OR_RETURN(LoadedFile loaded,
                            Load(StrCat(store::FactsTableDir(store), "/", file.path)));
        const int id_column = ColumnIndex(loaded.reader->schema(), "record_id");
        if (id_column < 0)
          return absl::DataLossError(StrCat(file.path, " has no record_id column"));
        const parquet::Column& ids = loaded.batch.columns[id_column];
        HS_RETURN_IF_ERROR(AddFile(
            loaded, [&](int64_t row) { return std::string(ids.Binary(row)); }, sides[s]));
      }
    }
    comparer.Compare(sides[0], sides[1]);
  }
  comparer.Finish();
  return report;
}

StatusOr<DiffReport> DiffFeatureOutputsExact(const DiffOptions& options) {
  DiffReport report;
  report.kind = "feature outputs";
  report.mode = DiffMode::kExact;
  Side sides[2];
  std::vector<std::string> keys;
  for (int s = 0; s < 2; ++s) {
    HS_ASSIGN_OR_RETURN(LoadedFile loaded, Load(s == 0 ? options.a : options.b));
    std::vector<int> key_columns;
    for (std::string_view name : kFeatureKeyColumns) {
      if (int c = ColumnIndex(loaded.reader->schema(), name); c >= 0) key_columns.push_back(c);
    }
    if (key_columns.empty()) {
      return absl::InvalidArgumentError(
          StrCat(s == 0 ? options.a : options.b,
                 ": no key columns (profile_id, ts, video_id); not a feature output"));
    }
    const auto& batch = loaded.batch;
    HS_RETURN_IF_ERROR(AddFile(
        loaded,
        [&](int64_t row) {
          std::string key;
          for (int c : key_columns) {
            const parquet::Column& column = batch.columns[c];
            key += StrCat(key.empty() ? "" : " ",
                          loaded.reader->schema().logical_root().children[c].name, "=",
                          column.IsNull(row) ? "null" : ValueText(column, row));
          }
          return key;
        },
        sides[s]));
  }
  for (std::string_view name : kFeatureKeyColumns) keys.emplace_back(name);
  ExactComparer comparer(report, options.max_examples, keys);
  comparer.Compare(sides[0], sides[1]);
  comparer.Finish();
  return report;
}

// Every number of a top-level column (list elements included).
void CollectNumbers(const parquet::Column& column, std::vector<double>& out) {
  switch (column.type) {
    case parquet::ColumnType::kList:
      if (!column.children.empty()) CollectNumbers(column.children[0], out);
      return;
    default:
      if (!IsNumeric(column)) return;
      for (int64_t i = 0; i < column.length; ++i) {
        if (column.IsNull(i)) continue;
        const double v = NumberAt(column, i);
        if (!std::isnan(v)) out.push_back(v);
      }
      return;
  }
}

void JudgeDistribution(const DiffOptions& options, AttributeDiff& diff) {
  diff.distribution_differs = (diff.ks && *diff.ks - diff.ks_error > options.max_ks) ||
                              (diff.psi && *diff.psi > options.max_psi);
}

StatusOr<DiffReport> DiffFeatureOutputsDistribution(const DiffOptions& options) {
  DiffReport report;
  report.kind = "feature outputs";
  report.mode = DiffMode::kDistribution;
  HS_ASSIGN_OR_RETURN(LoadedFile a, Load(options.a));
  HS_ASSIGN_OR_RETURN(LoadedFile b, Load(options.b));
  report.rows_a = a.batch.num_rows;
  report.rows_b = b.batch.num_rows;
  const auto& fields = a.reader->schema().logical_root().children;
  for (size_t c = 0; c < fields.size(); ++c) {
    const std::string& name = fields[c].name;
    if (std::find(std::begin(kFeatureKeyColumns), std::end(kFeatureKeyColumns), name) !=
        std::end(kFeatureKeyColumns))
      continue;
    AttributeDiff diff;
    diff.attribute = name;
    const int other = ColumnIndex(b.reader->schema(), name);
    std::vector<double> values_a, values_b;
    CollectNumbers(a.batch.columns[c], values_a);
    if (other >= 0) CollectNumbers(b.batch.columns[other], values_b);
    diff.count_a = static_cast<int64_t>(values_a.size());
    diff.count_b = static_cast<int64_t>(values_b.size());
    if (!values_a.empty() && !values_b.empty()) {
      std::vector<double> sorted_a = values_a;
      std::sort(sorted_a.begin(), sorted_a.end());
      std::vector<double> edges;
      for (int decile = 1; decile < 10; ++decile) {
        const double edge = sorted_a[sorted_a.size() * decile / 10];
        if (edges.empty() || edge > edges.back()) edges.push_back(edge);
      }
      diff.psi = Psi(BinShares(values_a, edges), BinShares(values_b, edges));
      const KsResult ks = KsTwoSample(std::move(values_a), std::move(values_b));
      diff.ks = ks.statistic;
      diff.ks_p_value = ks.p_value;
    } else if (diff.count_a != diff.count_b) {
      diff.distribution_differs = true;
    }
    if (!diff.distribution_differs) JudgeDistribution(options, diff);
    report.attributes.push_back(std::move(diff));
  }
  return report;
}

StatusOr<DiffReport> DiffStoresDistribution(const DiffOptions& options) {
  DiffReport report;
  report.kind = "stores";
  report.mode = DiffMode::kDistribution;
  HS_ASSIGN_OR_RETURN(HourlyProfiles hourly_a, LoadHourlyProfiles(options.a, options.range));
  HS_ASSIGN_OR_RETURN(HourlyProfiles hourly_b, LoadHourlyProfiles(options.b, options.range));
  HS_ASSIGN_OR_RETURN(HourlyProfiles all_a, RollUp(hourly_a, Granularity::kAll));
  HS_ASSIGN_OR_RETURN(HourlyProfiles all_b, RollUp(hourly_b, Granularity::kAll));
  const ProfileSet empty;
  const ProfileSet& a = all_a.empty() ? empty : all_a.begin()->second;
  const ProfileSet& b = all_b.empty() ? empty : all_b.begin()->second;
  std::map<std::string, std::pair<const AttributeProfile*, const AttributeProfile*>> attributes;
  for (const auto& [key, profile] : a.entries()) {
    if (key.slice.empty()) attributes[key.attribute].first = &profile;
  }
  for (const auto& [key, profile] : b.entries()) {
    if (key.slice.empty()) attributes[key.attribute].second = &profile;
  }
  for (const auto& [name, pair] : attributes) {
    AttributeDiff diff;
    diff.attribute = name;
    diff.count_a = pair.first ? pair.first->count : 0;
    diff.count_b = pair.second ? pair.second->count : 0;
    if (name == kRecordsCounter) {
      report.rows_a = diff.count_a;
      report.rows_b = diff.count_b;
    }
    if (pair.first && pair.second) {
      if (!pair.first->quantiles.is_empty() && !pair.second->quantiles.is_empty()) {
        const KsResult ks = KsFromSketches(pair.first->quantiles, pair.second->quantiles);
        diff.ks = ks.statistic;
        diff.ks_error = ks.error_bound;
        diff.ks_p_value = ks.p_value;
      }
      diff.psi = ProfilePsi(*pair.first, *pair.second);
      JudgeDistribution(options, diff);
    } else {
      diff.distribution_differs = true;  // present on one side only
    }
    report.attributes.push_back(std::move(diff));
  }
  return report;
}

}  // namespace

bool DiffReport::differs() const {
  if (only_in_a > 0 || only_in_b > 0) return true;
  return std::any_of(attributes.begin(), attributes.end(),
                     [](const AttributeDiff& d) { return d.differs(); });
}

StatusOr<DiffReport> Diff(const DiffOptions& options) {
  const bool stores = store::StoreExists(options.a) && store::StoreExists(options.b);
  if (!stores) {
    for (const std::string& path : {options.a, options.b}) {
      if (store::StoreExists(path)) {
        return absl::InvalidArgumentError(StrCat(path, " is a store but the other side is not"));
      }
      if (!std::filesystem::is_regular_file(path)) {
        return absl::NotFoundError(StrCat(path, ": neither a store nor a Parquet file"));
      }
    }
  }
  if (stores) {
    return options.mode == DiffMode::kExact ? DiffStoresExact(options)
                                            : DiffStoresDistribution(options);
  }
  return options.mode == DiffMode::kExact ? DiffFeatureOutputsExact(options)
                                          : DiffFeatureOutputsDistribution(options);
}

}  // namespace hindsight::quality
