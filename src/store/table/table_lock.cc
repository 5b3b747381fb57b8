#include "store/table/table_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::store {

StatusOr<std::unique_ptr<TableLock>> TableLock::Acquire(const std::string& store) {
  const std::string dir = SnapshotsDir(store);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::UnavailableError(StrCat("cannot create ", dir, ": ", error.message()));
  const std::string path = StrCat(dir, "/", kTableLockFile);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int lock_errno = errno;
    ::close(fd);
    if (lock_errno == EWOULDBLOCK) {
      return absl::UnavailableError(
          StrCat(store, " is being written by another ingest or compact (", path, " is locked)"));
    }
    return absl::UnavailableError(StrCat("cannot lock ", path, ": ", std::strerror(lock_errno)));
  }
  return std::unique_ptr<TableLock>(new TableLock(fd));
}

TableLock::~TableLock() { ::close(fd_); }

}  // namespace hindsight::store
