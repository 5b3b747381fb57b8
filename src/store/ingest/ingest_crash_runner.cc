// Test-only: runs ingest (many tiny commits) or compaction on a store until killed.
// Usage: ingest_crash_runner STORE ingest|compact
#include <cstdio>
#include <cstring>
#include <string>

#include "store/ingest/ingest_job.h"
#include "store/maintenance/table_compactor.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s STORE ingest|compact\n", argv[0]);
    return 2;
  }
  const std::string store = argv[1];
  hindsight::Status status;
  if (std::strcmp(argv[2], "ingest") == 0) {
    hindsight::store::IngestOptions options;
    options.store = store;
    options.max_commit_bytes = 16 << 10;  // many commits: many instants to be killed at
    status = hindsight::store::IngestLog(options).status();
  } else {
    hindsight::store::CompactOptions options;
    options.store = store;
    options.target_file_bytes = 64 << 20;
    status = hindsight::store::CompactTable(options).status();
  }
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
