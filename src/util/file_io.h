// Files: random-access reads for readers (Parquet, segments) and buffered
// sequential writes for writers. Errors name the path and offset.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hindsight {

// Read-only bytes addressed by offset. Thread-safe: ReadAt may be called from
// several threads at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Name used in error messages (the path, or a label for in-memory data).
  virtual const std::string& name() const = 0;
  virtual uint64_t size() const = 0;
  // Reads exactly `length` bytes at `offset` into `out`; an error if the range
  // runs past the end of the file.
  [[nodiscard]] virtual Status ReadAt(uint64_t offset, std::span<uint8_t> out) const = 0;

  // Convenience: reads [offset, offset + length) into a new buffer.
  StatusOr<std::vector<uint8_t>> Read(uint64_t offset, uint64_t length) const;
};

// Opens `path` for reading with pread(2).
StatusOr<std::unique_ptr<RandomAccessFile>> OpenRandomAccessFile(const std::string& path);

// Wraps bytes held in memory (tests, fuzzing, files already read whole).
std::unique_ptr<RandomAccessFile> MakeMemoryFile(std::string name, std::vector<uint8_t> bytes);

// Appends bytes to a new file through a user-space buffer. Not thread-safe.
class WritableFile {
 public:
  // Creates (truncates) `path`.
  static StatusOr<std::unique_ptr<WritableFile>> Create(const std::string& path);
  ~WritableFile();
  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;

  const std::string& path() const { return path_; }
  // Bytes appended so far.
  uint64_t position() const { return position_; }
  [[nodiscard]] Status Append(std::span<const uint8_t> bytes);
  [[nodiscard]] Status Append(std::string_view bytes);
  [[nodiscard]] Status Flush();
  // Flushes and fsyncs the data to stable storage.
  [[nodiscard]] Status Sync();
  // Flushes and closes; further calls fail. Destruction without Close closes
  // quietly (errors then are lost: call Close).
  [[nodiscard]] Status Close();

 private:
  WritableFile(std::string path, int fd);

  static constexpr size_t kBufferSize = 1 << 20;
  std::string path_;
  int fd_;
  uint64_t position_ = 0;
  std::vector<uint8_t> buffer_;
};

// Reads a whole (small) file into memory.
StatusOr<std::string> ReadFileToString(const std::string& path);

// Writes `contents` to `path` atomically: temp file, fsync, rename, fsync dir.
[[nodiscard]] Status WriteFileAtomically(const std::string& path, std::string_view contents);

// Writes `contents` to `path` only if no file has that name (AlreadyExists otherwise),
// atomically and durably: temp file, fsync, link(2) into place, fsync dir. Two callers
// racing for one path: exactly one succeeds.
[[nodiscard]] Status CreateFileExclusively(const std::string& path, std::string_view contents);

// fsyncs a file or a directory (a directory: so that entries created or renamed in it
// survive a power loss).
[[nodiscard]] Status SyncPath(const std::string& path);

}  // namespace hindsight
