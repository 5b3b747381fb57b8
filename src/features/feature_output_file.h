// The generator's output: a Parquet file with the label columns (record_id when the
// labels have it, entity, ts, item, label) then one column per feature (DOUBLE, INT64 or
// LIST<FLOAT>), in the order rows are appended. Written under a temporary name and
// renamed into place by Commit, so a failed run leaves no partial output.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "features/feature_computer.h"
#include "features/feature_plan.h"
#include "labels/label_file.h"
#include "parquet/writer/file_writer.h"

namespace hindsight::features {

class FeatureOutputFile {
 public:
  // `metadata` goes into the footer's key-value metadata. `labels` and `plan` must
  // outlive the file.
  [[nodiscard]] static StatusOr<std::unique_ptr<FeatureOutputFile>> Create(
      const std::string& path, const labels::LabelRows& labels, const FeaturePlan& plan,
      const std::vector<std::pair<std::string, std::string>>& metadata, int threads);
  ~FeatureOutputFile();  // removes the temporary file unless committed

  // Appends rows: label rows `label_rows[i]` with the features of row i of `features`.
  [[nodiscard]] Status Append(const std::vector<uint32_t>& label_rows,
                              const FeatureColumns& features);
  // Closes the file and renames it to the final path.
  [[nodiscard]] Status Commit();
  int64_t rows() const { return rows_; }

 private:
  FeatureOutputFile(std::string path, std::string temp_path, const labels::LabelRows& labels,
                    const FeaturePlan& plan, std::unique_ptr<parquet::ParquetFileWriter> writer);

  std::string path_;
  std::string temp_path_;
  const labels::LabelRows& labels_;
  const FeaturePlan& plan_;
  std::unique_ptr<parquet::ParquetFileWriter> writer_;
  int64_t rows_ = 0;
  bool committed_ = false;
};

}  // namespace hindsight::features
