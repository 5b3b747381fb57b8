#include "workload/record_sinks.h"

#include "workload/record_json.h"

namespace hindsight::workload {

Status JsonlRecordSink::Write(const Record& record) {
  line_.clear();
  AppendRecordJson(record, &line_);
  line_.push_back('\n');
  ++lines_;
  return file_->Append(line_);
}

Status JsonlRecordSink::WriteMalformed(std::string_view line) {
  ++lines_;
  HS_RETURN_IF_ERROR(file_->Append(line));
  return file_->Append("\n");
}

Status JsonlRecordSink::Finish() { return file_->Close(); }

Status JsonlSizeEstimator::Write(const Record& record) {
  ++lines_;
  if (records_++ % kSampleEvery == 0) {
    line_.clear();
    AppendRecordJson(record, &line_);
    ++sampled_lines_;
    sampled_bytes_ += static_cast<int64_t>(line_.size()) + 1;
  }
  return absl::OkStatus();
}

Status JsonlSizeEstimator::WriteMalformed(std::string_view line) {
  ++lines_;
  malformed_bytes_ += static_cast<int64_t>(line.size()) + 1;
  return absl::OkStatus();
}

int64_t JsonlSizeEstimator::EstimatedBytes() const {
  if (sampled_lines_ == 0) return malformed_bytes_;
  return static_cast<int64_t>(static_cast<double>(sampled_bytes_) / sampled_lines_ * records_) +
         malformed_bytes_;
}

}  // namespace hindsight::workload
