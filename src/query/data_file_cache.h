// DataFileCache: data files of the facts table kept open between lookups (footer, entity
// bloom filters, projections), so that a batch of lookups reads each file's footer once.
// Bounded by a number of files and by the bytes their opening read; the least recently
// used file is closed first.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "parquet/reader/read_options.h"
#include "query/open_data_file.h"
#include "util/status.h"

namespace hindsight::query {

// Thread-safe.
class DataFileCache {
 public:
  // Keeps at most `max_files` files (at least one) open, and while more than one is open
  // at most `max_open_bytes` of what opening them read.
  DataFileCache(std::string entity_key, size_t max_files, int64_t max_open_bytes);
  ~DataFileCache();
  DataFileCache(const DataFileCache&) = delete;
  DataFileCache& operator=(const DataFileCache&) = delete;

  struct Entry {
    std::shared_ptr<const OpenDataFile> file;  // stays usable after eviction
    bool opened = false;                       // this call read the footer
  };
  // The open file at `path`, opened now if it is not cached (OpenDataFile::Open's errors).
  [[nodiscard]] StatusOr<Entry> Get(const std::string& path);

  // Work done reading every file opened through the cache: those open, and those closed
  // (a file evicted while a lookup still reads it is counted once that lookup lets go).
  parquet::ReadStats read_stats() const;
  size_t open_files() const;

 private:
  struct Closed;  // stats of closed files, shared with the deleters of open ones
  using Lru = std::list<std::pair<std::string, std::shared_ptr<const OpenDataFile>>>;

  void EvictLocked();

  const std::string entity_key_;
  const size_t max_files_;
  const int64_t max_open_bytes_;
  std::shared_ptr<Closed> closed_;

  mutable std::mutex mutex_;
  Lru lru_;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> by_path_;
  int64_t open_bytes_ = 0;
};

}  // namespace hindsight::query
