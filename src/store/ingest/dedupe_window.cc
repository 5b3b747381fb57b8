#include "store/ingest/dedupe_window.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "log/crc32c.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

void AppendFixed(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::span<const uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Bounds-checked little-endian reads over the state bytes.
class StateReader {
 public:
  StateReader(std::string_view bytes, const std::string& file_name)
      : bytes_(bytes), file_name_(file_name) {}

  StatusOr<uint64_t> Fixed(int width, std::string_view what) {
    if (bytes_.size() - position_ < static_cast<size_t>(width)) return Truncated(what);
    uint64_t value = 0;
    for (int i = 0; i < width; ++i) {
      value |= uint64_t{static_cast<uint8_t>(bytes_[position_ + i])} << (8 * i);
    }
    position_ += width;
    return value;
  }
  StatusOr<std::string_view> Bytes(size_t size, std::string_view what) {
    if (bytes_.size() - position_ < size) return Truncated(what);
    std::string_view out = bytes_.substr(position_, size);
    position_ += size;
    return out;
  }
  size_t position() const { return position_; }

 private:
  Status Truncated(std::string_view what) const {
    return absl::DataLossError(
        StrCat(file_name_, ": truncated dedupe state at offset ", position_, " (", what, ")"));
  }

  std::string_view bytes_;
  const std::string& file_name_;
  size_t position_ = 0;
};

}  // namespace

bool DedupeWindow::Admit(std::string_view record_id, int64_t event_time_us) {
  if (window_us_ <= 0) return true;
  auto [it, inserted] = seen_.try_emplace(std::string(record_id), event_time_us);
  if (!inserted) return false;
  newest_us_ = std::max(newest_us_, event_time_us);
  return true;
}

void DedupeWindow::Prune() {
  if (newest_us_ == INT64_MIN) return;
  const int64_t oldest_kept = newest_us_ - window_us_;
  absl::erase_if(seen_, [oldest_kept](const auto& entry) { return entry.second < oldest_kept; });
}

std::string DedupeWindow::Serialize() const {
  // Sorted, so equal windows serialize to equal bytes.
  std::vector<std::pair<std::string_view, int64_t>> entries(seen_.begin(), seen_.end());
  std::sort(entries.begin(), entries.end());
  std::string out(kDedupeStateMagic);
  AppendFixed(out, static_cast<uint64_t>(newest_us_), 8);
  AppendFixed(out, entries.size(), 8);
  for (const auto& [id, ts] : entries) {
    AppendFixed(out, static_cast<uint64_t>(ts), 8);
    AppendFixed(out, id.size(), 4);
    out.append(id);
  }
  AppendFixed(out, log::MaskCrc32c(log::Crc32c(AsBytes(out))), 4);
  return out;
}

StatusOr<DedupeWindow> DedupeWindow::Parse(std::string_view bytes, int64_t window_us,
                                           const std::string& file_name) {
  constexpr size_t kCrcBytes = 4;
  if (bytes.size() < kDedupeStateMagic.size() + kCrcBytes ||
      bytes.substr(0, kDedupeStateMagic.size()) != kDedupeStateMagic) {
    return absl::DataLossError(StrCat(file_name, ": not a dedupe state file (bad magic)"));
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kCrcBytes);
  StateReader crc_reader(bytes.substr(body.size()), file_name);
  HS_ASSIGN_OR_RETURN(const uint64_t stored_crc, crc_reader.Fixed(4, "checksum"));
  if (log::UnmaskCrc32c(static_cast<uint32_t>(stored_crc)) != log::Crc32c(AsBytes(body))) {
    return absl::DataLossError(StrCat(file_name, ": dedupe state checksum mismatch"));
  }
  StateReader reader(body, file_name);
  HS_RETURN_IF_ERROR(reader.Bytes(kDedupeStateMagic.size(), "magic").status());
  DedupeWindow window(window_us);
  HS_ASSIGN_OR_RETURN(const uint64_t newest, reader.Fixed(8, "newest event time"));
  HS_ASSIGN_OR_RETURN(const uint64_t count, reader.Fixed(8, "count"));
  // Each entry takes at least 12 bytes: a count beyond that is corrupt, not a reason to
  // reserve memory.
  if (count > body.size() / 12) {
    return absl::DataLossError(StrCat(file_name, ": dedupe state claims ", count, " ids"));
  }
  window.newest_us_ = static_cast<int64_t>(newest);
  window.seen_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    HS_ASSIGN_OR_RETURN(const uint64_t ts, reader.Fixed(8, "event time"));
    HS_ASSIGN_OR_RETURN(const uint64_t size, reader.Fixed(4, "id length"));
    if (size > kMaxDedupeRecordIdBytes) {
      return absl::DataLossError(
          StrCat(file_name, ": record id of ", size, " bytes at offset ", reader.position() - 4));
    }
    HS_ASSIGN_OR_RETURN(const std::string_view id, reader.Bytes(size, "record id"));
    window.seen_.emplace(std::string(id), static_cast<int64_t>(ts));
  }
  if (reader.position() != body.size()) {
    return absl::DataLossError(StrCat(file_name, ": ", body.size() - reader.position(),
                                      " unexpected bytes after the last id"));
  }
  return window;
}

}  // namespace hindsight::store
