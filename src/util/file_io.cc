#include "util/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/str_cat.h"

namespace hindsight {
namespace {

Status IoError(std::string_view what, const std::string& path, int error) {
  return absl::InternalError(StrCat(what, " ", path, ": ", std::strerror(error)));
}

Status OpenError(const std::string& path, int error) {
  if (error == ENOENT) return absl::NotFoundError(StrCat("cannot open ", path, ": no such file"));
  if (error == EACCES)
    return absl::PermissionDeniedError(StrCat("cannot open ", path, ": permission denied"));
  return IoError("cannot open", path, error);
}

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }
  PosixRandomAccessFile(const PosixRandomAccessFile&) = delete;
  PosixRandomAccessFile& operator=(const PosixRandomAccessFile&) = delete;

  const std::string& name() const override { return path_; }
  uint64_t size() const override { return size_; }

  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    if (offset > size_ || out.size() > size_ - offset) {
      return absl::OutOfRangeError(StrCat(path_, ": read of ", out.size(), " bytes at offset ",
                                          offset, " runs past the end of the file (", size_,
                                          " bytes)"));
    }
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n =
          ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError(StrCat("read at offset ", offset + done, " of"), path_, errno);
      }
      if (n == 0) {
        return absl::DataLossError(
            StrCat(path_, ": file shrank while reading at offset ", offset + done));
      }
      done += static_cast<size_t>(n);
    }
    return absl::OkStatus();
  }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class MemoryFile final : public RandomAccessFile {
 public:
  MemoryFile(std::string name, std::vector<uint8_t> bytes)
      : name_(std::move(name)), bytes_(std::move(bytes)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return bytes_.size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    if (offset > bytes_.size() || out.size() > bytes_.size() - offset) {
      return absl::OutOfRangeError(StrCat(name_, ": read of ", out.size(), " bytes at offset ",
                                          offset, " runs past the end (", bytes_.size(),
                                          " bytes)"));
    }
    if (!out.empty()) std::memcpy(out.data(), bytes_.data() + offset, out.size());
    return absl::OkStatus();
  }

 private:
  std::string name_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

StatusOr<std::vector<uint8_t>> RandomAccessFile::Read(uint64_t offset, uint64_t length) const {
  if (offset > size() || length > size() - offset) {
    return absl::OutOfRangeError(StrCat(name(), ": read of ", length, " bytes at offset ", offset,
                                        " runs past the end of the file (", size(), " bytes)"));
  }
  std::vector<uint8_t> out(length);
  HS_RETURN_IF_ERROR(ReadAt(offset, out));
  return out;
}

StatusOr<std::unique_ptr<RandomAccessFile>> OpenRandomAccessFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OpenError(path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return IoError("cannot stat", path, error);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(StrCat(path, " is a directory, not a file"));
  }
  return std::unique_ptr<RandomAccessFile>(
      new PosixRandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<RandomAccessFile> MakeMemoryFile(std::string name, std::vector<uint8_t> bytes) {
  return std::make_unique<MemoryFile>(std::move(name), std::move(bytes));
}

WritableFile::WritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {
  buffer_.reserve(kBufferSize);
}

WritableFile::~WritableFile() {
  if (fd_ >= 0) PermitUncheckedError(Close());
}

StatusOr<std::unique_ptr<WritableFile>> WritableFile::Create(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return OpenError(path, errno);
  return std::unique_ptr<WritableFile>(new WritableFile(path, fd));
}

Status WritableFile::Append(std::span<const uint8_t> bytes) {
  if (fd_ < 0) return absl::FailedPreconditionError(StrCat(path_, " is closed"));
  position_ += bytes.size();
  if (buffer_.size() + bytes.size() > kBufferSize) {
    HS_RETURN_IF_ERROR(Flush());
    if (bytes.size() >= kBufferSize) {
      size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
          if (errno == EINTR) continue;
          return IoError("cannot write", path_, errno);
        }
        done += static_cast<size_t>(n);
      }
      return absl::OkStatus();
    }
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return absl::OkStatus();
}

Status WritableFile::Append(std::string_view bytes) {
  return Append(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

Status WritableFile::Flush() {
  if (fd_ < 0) return absl::FailedPreconditionError(StrCat(path_, " is closed"));
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path_, errno);
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return absl::OkStatus();
}

Status WritableFile::Sync() {
  HS_RETURN_IF_ERROR(Flush());
  if (::fsync(fd_) != 0) return IoError("cannot fsync", path_, errno);
  return absl::OkStatus();
}

Status WritableFile::Close() {
  if (fd_ < 0) return absl::FailedPreconditionError(StrCat(path_, " is already closed"));
  Status flushed = Flush();
  const int result = ::close(fd_);
  fd_ = -1;
  HS_RETURN_IF_ERROR(flushed);
  if (result != 0) return IoError("cannot close", path_, errno);
  return absl::OkStatus();
}

StatusOr<std::string> ReadFileToString(const std::string& path) {
  HS_ASSIGN_OR_RETURN(auto file, OpenRandomAccessFile(path));
  std::string out(file->size(), '\0');
  HS_RETURN_IF_ERROR(
      file->ReadAt(0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size())));
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temp = path + ".tmp";
  HS_ASSIGN_OR_RETURN(auto file, WritableFile::Create(temp));
  HS_RETURN_IF_ERROR(file->Append(contents));
  HS_RETURN_IF_ERROR(file->Sync());
  HS_RETURN_IF_ERROR(file->Close());
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return IoError(StrCat("cannot rename ", temp, " to"), path, errno);
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

Status CreateFileExclusively(const std::string& path, std::string_view contents) {
  const std::string temp = StrCat(path, ".", ::getpid(), ".tmp");
  HS_ASSIGN_OR_RETURN(auto file, WritableFile::Create(temp));
  HS_RETURN_IF_ERROR(file->Append(contents));
  HS_RETURN_IF_ERROR(file->Sync());
  HS_RETURN_IF_ERROR(file->Close());
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return absl::AlreadyExistsError(StrCat(path, " already exists"));
    return IoError("cannot create", path, link_errno);
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return SyncPath(dir.empty() ? "." : dir);
}

Status SyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path, errno);
  const int result = ::fsync(fd);
  const int sync_errno = errno;
  ::close(fd);
  if (result != 0) return IoError("cannot fsync", path, sync_errno);
  return absl::OkStatus();
}

}  // namespace hindsight
