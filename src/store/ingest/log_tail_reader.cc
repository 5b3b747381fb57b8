#include "store/ingest/log_tail_reader.h"

#include <algorithm>

#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "util/str_cat.h"

namespace hindsight::store {

StatusOr<std::unique_ptr<LogTailReader>> LogTailReader::Open(std::string log_dir,
                                                             LogPosition start) {
  HS_ASSIGN_OR_RETURN(std::vector<uint64_t> all, log::ListSegments(log_dir));
  std::vector<uint64_t> segments;
  for (uint64_t sequence : all) {
    if (sequence >= start.segment) segments.push_back(sequence);
  }
  if (start.segment != 0 && (segments.empty() || segments.front() != start.segment)) {
    // A position inside a segment that is gone: its unread records would be lost.
    if (start.offset > 0 || !segments.empty()) {
      return absl::NotFoundError(StrCat("log segment ", log::SegmentFileName(start.segment), " in ",
                                        log_dir,
                                        " is missing but ingest has not finished reading it"));
    }
  }
  if (start.segment == 0 && !segments.empty()) start = {segments.front(), 0};
  auto reader =
      std::unique_ptr<LogTailReader>(new LogTailReader(std::move(log_dir), segments, start));
  if (!reader->segments_.empty()) HS_RETURN_IF_ERROR(reader->OpenCurrent());
  return reader;
}

LogTailReader::LogTailReader(std::string log_dir, std::vector<uint64_t> segments, LogPosition start)
    : log_dir_(std::move(log_dir)), segments_(std::move(segments)), position_(start) {}

std::string LogTailReader::SegmentPath(uint64_t sequence) const {
  return StrCat(log_dir_, "/", log::SegmentFileName(sequence));
}

Status LogTailReader::OpenCurrent() {
  const uint64_t sequence = segments_[current_];
  const uint64_t offset = position_.segment == sequence ? position_.offset : 0;
  HS_ASSIGN_OR_RETURN(reader_, log::SegmentReader::Open(SegmentPath(sequence), offset));
  position_ = {sequence, reader_->offset()};
  return absl::OkStatus();
}

StatusOr<int64_t> LogTailReader::Read(int64_t max_bytes, std::vector<LoggedRecord>* out) {
  int64_t appended = 0;
  while (reader_ != nullptr && appended < max_bytes) {
    HS_ASSIGN_OR_RETURN(std::optional<log::SegmentBatch> batch, reader_->Next());
    if (batch.has_value()) {
      const uint64_t sequence = segments_[current_];
      for (Record& record : *batch->batch.mutable_records()) {
        appended += static_cast<int64_t>(record.ByteSizeLong());
        out->push_back({std::move(record), sequence, batch->offset});
      }
      position_ = {sequence, batch->end_offset};
      continue;
    }
    // The end of this segment's whole frames.
    position_ = {segments_[current_], reader_->offset()};
    if (current_ + 1 == segments_.size()) {
      pending_tail_bytes_ = reader_->bytes_lost();
      break;  // the newest segment: resume here later
    }
    if (reader_->bytes_lost() > 0) {
      torn_.push_back({reader_->name(), reader_->offset(), reader_->bytes_lost()});
    }
    ++current_;
    position_ = {segments_[current_], 0};
    HS_RETURN_IF_ERROR(OpenCurrent());
  }
  return appended;
}

}  // namespace hindsight::store
