#include "store/line_reader.h"

#include <cerrno>
#include <cstring>

#include "util/str_cat.h"

namespace hindsight::store {

LineReader::LineReader(std::FILE* file, std::string name, size_t max_line_bytes)
    : file_(file), name_(std::move(name)), max_line_bytes_(max_line_bytes), buffer_(kBufferSize) {}

StatusOr<bool> LineReader::Refill() {
  if (begin_ < end_) return true;
  offset_ += end_;
  begin_ = end_ = 0;
  const size_t n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
  if (n == 0 && std::ferror(file_)) {
    return absl::InvalidArgumentError(
        StrCat(name_, ": read failed at offset ", offset_, ": ", std::strerror(errno)));
  }
  end_ = n;
  return n > 0;
}

StatusOr<std::optional<InputLine>> LineReader::Next() {
  line_.clear();
  InputLine line;
  bool any = false;
  while (true) {
    HS_ASSIGN_OR_RETURN(bool more, Refill());
    if (!more) break;
    any = true;
    const char* start = buffer_.data() + begin_;
    const size_t available = end_ - begin_;
    const void* newline = std::memchr(start, '\n', available);
    const size_t piece = newline != nullptr
                             ? static_cast<size_t>(static_cast<const char*>(newline) - start)
                             : available;
    const size_t room = max_line_bytes_ - std::min(max_line_bytes_, line_.size());
    if (piece > room) line.too_long = true;
    line_.append(start, std::min(piece, room));
    line.bytes += piece;
    begin_ += piece;
    if (newline != nullptr) {
      ++begin_;
      ++line.bytes;
      break;
    }
  }
  if (!any) return std::nullopt;
  if (!line_.empty() && line_.back() == '\r' && !line.too_long) line_.pop_back();
  line.text = line_;
  line.number = ++line_number_;
  return line;
}

}  // namespace hindsight::store
