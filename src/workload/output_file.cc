#include "workload/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/str_cat.h"

namespace hindsight::workload {
namespace {

// Large sequential writes; one buffer per open file.
constexpr size_t kBufferBytes = 1 << 20;

Status FileError(std::string_view action, const std::string& path, int error) {
  return absl::InvalidArgumentError(
      StrCat("cannot ", action, " '", path, "': ", std::strerror(error)));
}

}  // namespace

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return FileError("create", path, errno);
  return std::unique_ptr<OutputFile>(new OutputFile(path, fd));
}

OutputFile::OutputFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {
  buffer_.reserve(kBufferBytes);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status OutputFile::Append(std::string_view bytes) {
  bytes_appended_ += static_cast<int64_t>(bytes.size());
  if (buffer_.size() + bytes.size() > kBufferBytes) HS_RETURN_IF_ERROR(Flush());
  buffer_.append(bytes);
  return absl::OkStatus();
}

Status OutputFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileError("write", path_, errno);
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return absl::OkStatus();
}

Status OutputFile::Close() {
  HS_RETURN_IF_ERROR(Flush());
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return FileError("close", path_, errno);
  return absl::OkStatus();
}

Status WriteWholeFile(const std::string& path, std::string_view contents) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> file, OutputFile::Create(path));
  HS_RETURN_IF_ERROR(file->Append(contents));
  return file->Close();
}

}  // namespace hindsight::workload
