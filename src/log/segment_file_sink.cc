#include "log/segment_file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "log/segment_format.h"
#include "util/file_io.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::log {
namespace {

Status ErrnoError(std::string_view what, const std::string& path, int error) {
  return absl::InternalError(StrCat(what, " ", path, ": ", std::strerror(error)));
}

}  // namespace

StatusOr<std::vector<uint64_t>> ListSegments(const std::string& directory) {
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  if (error) {
    return absl::NotFoundError(StrCat("cannot list ", directory, ": ", error.message()));
  }
  std::vector<uint64_t> sequences;
  for (const auto& entry : it) {
    if (auto sequence = ParseSegmentFileName(entry.path().filename().string())) {
      sequences.push_back(*sequence);
    }
  }
  std::sort(sequences.begin(), sequences.end());
  return sequences;
}

StatusOr<std::unique_ptr<SegmentFileSink>> SegmentFileSink::Open(SegmentFileSinkOptions options) {
  if (options.directory.empty()) {
    return absl::InvalidArgumentError("segment file sink needs a directory");
  }
  if (options.max_segment_bytes <= kSegmentHeaderSize) {
    return absl::InvalidArgumentError(
        StrCat("max_segment_bytes ", options.max_segment_bytes, " is too small"));
  }
  std::error_code error;
  std::filesystem::create_directories(options.directory, error);
  if (error) {
    return absl::InternalError(
        StrCat("cannot create log directory ", options.directory, ": ", error.message()));
  }
  HS_ASSIGN_OR_RETURN(std::vector<uint64_t> existing, ListSegments(options.directory));
  const uint64_t first = existing.empty() ? 1 : existing.back() + 1;
  return std::unique_ptr<SegmentFileSink>(new SegmentFileSink(std::move(options), first));
}

SegmentFileSink::SegmentFileSink(SegmentFileSinkOptions options, uint64_t first_sequence)
    : options_(std::move(options)), sequence_(first_sequence) {
  syncer_ = std::thread([this] { SyncerLoop(); });
}

SegmentFileSink::~SegmentFileSink() {
  if (!closed_) PermitUncheckedError(Close());
}

std::string SegmentFileSink::CurrentPath() const {
  return (std::filesystem::path(options_.directory) / SegmentFileName(sequence_)).string();
}

Status SegmentFileSink::WriteAll(std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(StrCat("cannot write at offset ", segment_size_ + done, " of"),
                        CurrentPath(), errno);
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

Status SegmentFileSink::StartSegment() {
  const std::string path = CurrentPath();
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) return ErrnoError("cannot create segment", path, errno);
  segment_size_ = 0;
  segment_has_frames_ = false;
  segment_started_ = std::chrono::steady_clock::now();
  const auto header = EncodeSegmentHeader(NowMicros());
  Status written = WriteAll(header);
  if (!written.ok()) {
    ::close(fd_);
    fd_ = -1;
    ++sequence_;
    return written;
  }
  segment_size_ = header.size();
  return absl::OkStatus();
}

Status SegmentFileSink::FinishSegment(bool wait_for_sync) {
  if (fd_ < 0) return absl::OkStatus();
  const int fd = fd_;
  std::string path = CurrentPath();
  fd_ = -1;
  ++sequence_;
  if (options_.sync_on_roll_and_close && !wait_for_sync) {
    std::lock_guard lock(sync_mutex_);
    pending_syncs_.push_back(PendingSync{fd, std::move(path)});
    sync_changed_.notify_all();
    return absl::OkStatus();
  }
  return SyncAndClose(fd, path, options_.sync_on_roll_and_close);
}

Status SegmentFileSink::SyncAndClose(int fd, const std::string& path, bool sync) {
  Status status;
  if (sync && ::fsync(fd) != 0) status = ErrnoError("cannot fsync segment", path, errno);
  if (::close(fd) != 0 && status.ok()) status = ErrnoError("cannot close segment", path, errno);
  if (sync && status.ok()) status = SyncPath(options_.directory);
  return status;
}

void SegmentFileSink::SyncerLoop() {
  std::unique_lock lock(sync_mutex_);
  for (;;) {
    sync_changed_.wait(lock, [&] { return !pending_syncs_.empty() || syncer_stop_; });
    if (pending_syncs_.empty()) return;
    const PendingSync pending = pending_syncs_.front();
    lock.unlock();
    Status status = SyncAndClose(pending.fd, pending.path, true);
    lock.lock();
    pending_syncs_.pop_front();
    if (!status.ok() && sync_error_.ok()) sync_error_ = std::move(status);
    sync_changed_.notify_all();
  }
}

Status SegmentFileSink::WaitForPendingSyncs() {
  std::unique_lock lock(sync_mutex_);
  sync_changed_.wait(lock, [&] { return pending_syncs_.empty(); });
  return TakeSyncError(lock);
}

Status SegmentFileSink::TakeSyncError(std::unique_lock<std::mutex>& /*held*/) {
  Status error = std::move(sync_error_);
  sync_error_ = absl::OkStatus();
  return error;
}

Status SegmentFileSink::Append(std::span<const uint8_t> frame) {
  if (closed_) return absl::FailedPreconditionError("segment file sink is closed");
  {
    std::unique_lock lock(sync_mutex_);
    HS_RETURN_IF_ERROR(TakeSyncError(lock));
  }
  if (fd_ >= 0 && segment_has_frames_ &&
      (segment_size_ + frame.size() > options_.max_segment_bytes ||
       std::chrono::steady_clock::now() - segment_started_ >= options_.max_segment_age)) {
    HS_RETURN_IF_ERROR(FinishSegment(/*wait_for_sync=*/false));
  }
  if (fd_ < 0) HS_RETURN_IF_ERROR(StartSegment());
  Status written = WriteAll(frame);
  if (!written.ok()) {
    // Cut the partial frame off so later frames do not follow garbage; if even
    // that fails, leave it as a torn tail and continue in a new segment.
    if (::ftruncate(fd_, static_cast<off_t>(segment_size_)) != 0 ||
        ::lseek(fd_, static_cast<off_t>(segment_size_), SEEK_SET) < 0) {
      PermitUncheckedError(FinishSegment(/*wait_for_sync=*/true));
    }
    return written;
  }
  segment_size_ += frame.size();
  segment_has_frames_ = true;
  return absl::OkStatus();
}

Status SegmentFileSink::Sync() {
  HS_RETURN_IF_ERROR(WaitForPendingSyncs());
  if (fd_ < 0) return absl::OkStatus();
  if (::fdatasync(fd_) != 0) return ErrnoError("cannot fsync segment", CurrentPath(), errno);
  return absl::OkStatus();
}

Status SegmentFileSink::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  Status status = FinishSegment(/*wait_for_sync=*/true);
  Status pending = WaitForPendingSyncs();
  if (status.ok()) status = pending;
  {
    std::lock_guard lock(sync_mutex_);
    syncer_stop_ = true;
    sync_changed_.notify_all();
  }
  syncer_.join();
  if (options_.sync_on_roll_and_close) {
    Status synced = SyncPath(options_.directory);
    if (status.ok()) status = synced;
  }
  return status;
}

}  // namespace hindsight::log
