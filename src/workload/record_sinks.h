// RecordSinks of the workload: the JSONL file, and a size estimator for worlds whose
// records are simulated but not written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "workload/output_file.h"
#include "workload/record_sink.h"

namespace hindsight::workload {

// Writes each record as one JSON line (record_json.h); malformed lines verbatim.
class JsonlRecordSink : public RecordSink {
 public:
  explicit JsonlRecordSink(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}

  [[nodiscard]] Status Write(const Record& record) override;
  [[nodiscard]] Status WriteMalformed(std::string_view line) override;
  [[nodiscard]] Status Finish() override;

  int64_t lines() const { return lines_; }
  int64_t bytes() const { return file_->bytes_appended(); }

 private:
  std::unique_ptr<OutputFile> file_;
  std::string line_;
  int64_t lines_ = 0;
};

// Writes nothing; estimates the JSONL size from every kSampleEvery-th record.
class JsonlSizeEstimator : public RecordSink {
 public:
  static constexpr int64_t kSampleEvery = 64;

  [[nodiscard]] Status Write(const Record& record) override;
  [[nodiscard]] Status WriteMalformed(std::string_view line) override;
  [[nodiscard]] Status Finish() override { return absl::OkStatus(); }

  int64_t lines() const { return lines_; }
  int64_t EstimatedBytes() const;

 private:
  std::string line_;
  int64_t lines_ = 0;
  int64_t records_ = 0;
  int64_t sampled_lines_ = 0;
  int64_t sampled_bytes_ = 0;
  int64_t malformed_bytes_ = 0;
};

}  // namespace hindsight::workload
