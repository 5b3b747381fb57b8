// A file written sequentially through a buffer, reporting failures as Status with
// the file's path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight::workload {

class OutputFile {
 public:
  // Creates or truncates `path`.
  [[nodiscard]] static StatusOr<std::unique_ptr<OutputFile>> Create(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  [[nodiscard]] Status Append(std::string_view bytes);
  // Flushes and closes; no call may follow.
  [[nodiscard]] Status Close();

  const std::string& path() const { return path_; }
  int64_t bytes_appended() const { return bytes_appended_; }

 private:
  OutputFile(std::string path, int fd);
  [[nodiscard]] Status Flush();

  std::string path_;
  int fd_;
  std::string buffer_;
  int64_t bytes_appended_ = 0;
};

// Writes `contents` to `path` in one go.
[[nodiscard]] Status WriteWholeFile(const std::string& path, std::string_view contents);

}  // namespace hindsight::workload
