#include "query/data_file_cache.h"

#include <algorithm>

namespace hindsight::query {
namespace {

void Add(parquet::ReadStats& total, const parquet::ReadStats& more) {
  total.row_groups_read += more.row_groups_read;
  total.row_groups_skipped += more.row_groups_skipped;
  total.pages_read += more.pages_read;
  total.pages_skipped += more.pages_skipped;
  total.bytes_read += more.bytes_read;
}

}  // namespace

struct DataFileCache::Closed {
  std::mutex mutex;
  parquet::ReadStats stats;
};

DataFileCache::DataFileCache(std::string entity_key, size_t max_files, int64_t max_open_bytes)
    : entity_key_(std::move(entity_key)),
      max_files_(std::max<size_t>(max_files, 1)),
      max_open_bytes_(max_open_bytes),
      closed_(std::make_shared<Closed>()) {}

DataFileCache::~DataFileCache() = default;

StatusOr<DataFileCache::Entry> DataFileCache::Get(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_path_.find(path);
    if (it != by_path_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return Entry{it->second->second, false};
    }
  }
  // Opened without the lock: footers of different files are read in parallel.
  HS_ASSIGN_OR_RETURN(std::unique_ptr<OpenDataFile> opened, OpenDataFile::Open(path, entity_key_));
  std::shared_ptr<const OpenDataFile> file(opened.release(),
                                           [closed = closed_](const OpenDataFile* done) {
                                             {
                                               std::lock_guard<std::mutex> lock(closed->mutex);
                                               Add(closed->stats, done->read_stats());
                                             }
                                             delete done;
                                           });
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_path_.find(path);
  if (it != by_path_.end()) {
    // Another lookup opened it meanwhile: use that one; this one closes (and is counted).
    lru_.splice(lru_.begin(), lru_, it->second);
    return Entry{it->second->second, true};
  }
  lru_.emplace_front(path, file);
  by_path_.emplace(path, lru_.begin());
  open_bytes_ += file->open_bytes();
  EvictLocked();
  return Entry{std::move(file), true};
}

void DataFileCache::EvictLocked() {
  while (lru_.size() > max_files_ || (lru_.size() > 1 && open_bytes_ > max_open_bytes_)) {
    open_bytes_ -= lru_.back().second->open_bytes();
    by_path_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

parquet::ReadStats DataFileCache::read_stats() const {
  parquet::ReadStats total;
  // mutex_ first, as in eviction (whose deleters take closed_->mutex): no file moves from
  // the open ones to the closed ones between the two readings.
  std::lock_guard<std::mutex> lock(mutex_);
  {
    std::lock_guard<std::mutex> closed_lock(closed_->mutex);
    total = closed_->stats;
  }
  for (const auto& [path, file] : lru_) Add(total, file->read_stats());
  return total;
}

size_t DataFileCache::open_files() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

}  // namespace hindsight::query
