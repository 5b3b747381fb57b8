#include "features/generator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "dims/dimension_table.h"
#include "features/feature_output_file.h"
#include "features/label_groups.h"
#include "query/facts_table_reader.h"
#include "util/str_cat.h"

namespace hindsight::features {
namespace {

// Hours computed ahead of the one being written, per thread: bounds memory.
constexpr size_t kHoursInFlightPerThread = 2;

// The rows of one hour, computed.
struct HourResult {
  std::vector<uint32_t> label_rows;
  FeatureColumns features;
  bool ready = false;
};

// Runs the hours on `threads` workers and hands the results to the writer in order.
class HourPipeline {
 public:
  HourPipeline(const LabelOrder& order, const labels::LabelRows& labels, const FeaturePlan& plan,
               const HourFactsReader& reader, int threads)
      : order_(order),
        labels_(labels),
        plan_(plan),
        reader_(reader),
        threads_(std::max(1, threads)),
        results_(order.hours.size()) {}

  Status Run(FeatureOutputFile& out, const std::function<void(int64_t)>& written) {
    std::vector<std::thread> workers;
    std::vector<FeatureCounts> counts(static_cast<size_t>(threads_));
    std::vector<HourReadStats> stats(static_cast<size_t>(threads_));
    for (int t = 0; t < threads_; ++t) {
      workers.emplace_back([this, t, &counts, &stats] {
        Work(counts[static_cast<size_t>(t)], stats[static_cast<size_t>(t)]);
      });
    }
    Status status = WriteInOrder(out, written);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!status.ok() && error_.ok()) error_ = status;
      stop_ = true;
    }
    changed_.notify_all();
    for (std::thread& worker : workers) worker.join();
    for (const FeatureCounts& each : counts) counts_.Add(each);
    for (const HourReadStats& each : stats) stats_.Add(each);
    return error_;
  }

  const FeatureCounts& counts() const { return counts_; }
  const HourReadStats& stats() const { return stats_; }

 private:
  Status ComputeHour(size_t index, FeatureComputer& computer, HourReadStats& stats,
                     HourResult& result) {
    const HourOfGroups& hour = order_.hours[index];
    std::vector<GroupRecords> records;
    HS_RETURN_IF_ERROR(reader_.Read(hour, order_.groups, records, stats));
    result.features.Reset(plan_);
    GroupFacts facts;
    facts.facts.resize(plan_.fact_types().size());
    for (size_t g = hour.begin; g < hour.end; ++g) {
      const LabelGroup& group = order_.groups[g];
      const GroupRecords& found = records[g - hour.begin];
      facts.as_of_us = group.as_of_us;
      for (size_t k = 0; k < facts.facts.size(); ++k) {
        facts.facts[k] = FirstFactBytes(found.by_type[k].get(), plan_.fact_types()[k]);
      }
      facts.context = found.context.get();
      HS_RETURN_IF_ERROR(computer.StartGroup(facts));
      for (size_t r = group.begin; r < group.end; ++r) {
        const uint32_t row = order_.rows[r];
        computer.EncodeRow(labels_.item[row], result.features);
        result.label_rows.push_back(row);
      }
    }
    return absl::OkStatus();
  }

  void Work(FeatureCounts& counts, HourReadStats& stats) {
    FeatureComputer computer(plan_);
    const size_t window = kHoursInFlightPerThread * static_cast<size_t>(threads_);
    while (true) {
      size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || next_hour_ < next_to_write_ + window; });
        if (stop_ || next_hour_ >= results_.size()) break;
        index = next_hour_++;
      }
      HourResult result;
      Status status = ComputeHour(index, computer, stats, result);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!status.ok()) {
          if (error_.ok()) error_ = status;
          stop_ = true;
        } else {
          results_[index] = std::move(result);
          results_[index].ready = true;
        }
      }
      changed_.notify_all();
    }
    counts = computer.counts();
  }

  Status WriteInOrder(FeatureOutputFile& out, const std::function<void(int64_t)>& written) {
    for (size_t index = 0; index < results_.size(); ++index) {
      HourResult result;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || results_[index].ready; });
        if (!results_[index].ready) return error_;
        result = std::move(results_[index]);
        results_[index] = HourResult{};
        next_to_write_ = index + 1;
      }
      changed_.notify_all();
      HS_RETURN_IF_ERROR(out.Append(result.label_rows, result.features));
      written(static_cast<int64_t>(result.label_rows.size()));
    }
    return absl::OkStatus();
  }

  const LabelOrder& order_;
  const labels::LabelRows& labels_;
  const FeaturePlan& plan_;
  const HourFactsReader& reader_;
  const int threads_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<HourResult> results_;
  size_t next_hour_ = 0;
  size_t next_to_write_ = 0;
  bool stop_ = false;
  Status error_;

  FeatureCounts counts_;
  HourReadStats stats_;
};

}  // namespace

std::string_view GenerateModeName(GenerateMode mode) {
  return mode == GenerateMode::kExact ? "exact" : "asof";
}

StatusOr<GenerateSummary> Generate(const GenerateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.threads < 1) return absl::InvalidArgumentError("--threads must be at least 1");
  HS_ASSIGN_OR_RETURN(FeatureSet set, LoadFeatureSet(options.features_path));
  query::FactsTableReaderOptions reader_options;
  reader_options.snapshot_id = options.snapshot_id;
  HS_ASSIGN_OR_RETURN(std::unique_ptr<query::FactsTableReader> table,
                      query::FactsTableReader::Open(options.store, reader_options));
  std::vector<store::ContextColumn> context_columns;
  if (table->snapshot()) context_columns = table->snapshot()->context_columns;
  const std::string store = options.store;
  DimensionLoader load_dimension = [&store](const std::string& name) {
    return dims::DimensionTable::Load(store, name);
  };
  HS_ASSIGN_OR_RETURN(
      std::unique_ptr<FeaturePlan> plan,
      FeaturePlan::Compile(std::move(set), table->registry(), table->config().entity_key,
                           context_columns, load_dimension));
  HS_ASSIGN_OR_RETURN(
      labels::LabelRows labels,
      labels::ReadLabelFile(options.labels_path, plan->set().entity, plan->set().item));
  const GenerateMode mode =
      options.mode.value_or(labels.has_record_id ? GenerateMode::kExact : GenerateMode::kAsOf);
  if (mode == GenerateMode::kExact && !labels.has_record_id) {
    return absl::InvalidArgumentError(StrCat(options.labels_path,
                                             ": no record_id column: --mode exact needs the "
                                             "record each label row was scored with"));
  }

  GenerateSummary summary;
  summary.out_path = options.out_path;
  summary.mode = mode;
  if (table->snapshot()) summary.snapshot_id = table->snapshot()->id;
  summary.feature_set = plan->set().name;
  summary.feature_set_version = plan->set().version;
  summary.feature_set_hash = plan->set().content_hash;
  for (const auto& [name, dimension] : plan->dimensions()) summary.dimensions.push_back(name);

  std::vector<std::pair<std::string, std::string>> metadata = {
      {"hindsight.snapshot_id",
       summary.snapshot_id ? std::to_string(*summary.snapshot_id) : std::string("none")},
      {"hindsight.feature_set", summary.feature_set},
      {"hindsight.feature_set.version", std::to_string(summary.feature_set_version)},
      {"hindsight.feature_set.hash", summary.feature_set_hash},
      {"hindsight.mode", std::string(GenerateModeName(mode))},
  };
  for (const auto& [name, dimension] : plan->dimensions()) {
    metadata.push_back({StrCat("hindsight.dimension.", name), dimension->source_file()});
  }
  HS_ASSIGN_OR_RETURN(
      std::unique_ptr<FeatureOutputFile> out,
      FeatureOutputFile::Create(options.out_path, labels, *plan, metadata, options.threads));

  const LabelOrder order = OrderLabels(labels, mode == GenerateMode::kExact);
  const HourFactsReader reader(*table, *plan, mode == GenerateMode::kExact);
  HourPipeline pipeline(order, labels, *plan, reader, options.threads);
  GenerateProgress progress;
  progress.rows_total = static_cast<int64_t>(labels.size());
  HS_RETURN_IF_ERROR(pipeline.Run(*out, [&](int64_t rows) {
    progress.rows_done += rows;
    if (options.progress) options.progress(progress);
  }));
  HS_RETURN_IF_ERROR(out->Commit());

  summary.rows = out->rows();
  summary.groups = static_cast<int64_t>(order.groups.size());
  summary.hours = static_cast<int64_t>(order.hours.size());
  const FeatureCounts& counts = pipeline.counts();
  for (size_t f = 0; f < plan->features().size(); ++f) {
    summary.features.push_back({plan->features()[f].name,
                                f < counts.misses.size() ? counts.misses[f] : 0,
                                f < counts.defaults.size() ? counts.defaults[f] : 0});
  }
  summary.reads = pipeline.stats();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace hindsight::features
