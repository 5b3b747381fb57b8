// Reads newline-separated lines from a stream with bounded memory: a line longer
// than the limit is cut there (the rest skipped) and flagged.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hindsight::store {

struct InputLine {
  std::string_view text;  // without the newline; valid until the next Next()
  int64_t number = 0;     // 1-based
  bool too_long = false;  // text holds only the first max_line_bytes bytes
  uint64_t bytes = 0;     // bytes the line took in the input, newline included
};

// `file` must stay open while the reader is used; `name` labels errors. Not thread-safe.
class LineReader {
 public:
  LineReader(std::FILE* file, std::string name, size_t max_line_bytes);

  // The next line, or nullopt at the end of input. A final line without a newline
  // is still a line. An error if reading fails.
  StatusOr<std::optional<InputLine>> Next();

 private:
  // Refills buffer_ when it is used up; false at the end of input.
  StatusOr<bool> Refill();

  static constexpr size_t kBufferSize = 1 << 20;
  std::FILE* file_;
  std::string name_;
  size_t max_line_bytes_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t offset_ = 0;  // input bytes consumed before buffer_[0]
  int64_t line_number_ = 0;
  std::string line_;
};

}  // namespace hindsight::store
