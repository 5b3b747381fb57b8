// libFuzzer target: the store's own state files on arbitrary bytes — snapshots and the
// dedupe state. Whatever parses must serialise and parse back equal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/ingest/dedupe_window.h"
#include "store/table/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto snapshot = hindsight::store::ParseSnapshot(bytes, "fuzz.json"); snapshot.ok()) {
    auto again = hindsight::store::ParseSnapshot(SnapshotToJson(*snapshot), "again.json");
    if (!again.ok() || !(*again == *snapshot)) std::abort();
  }
  constexpr int64_t kWindowUs = int64_t{3600} * 1000000;
  if (auto window = hindsight::store::DedupeWindow::Parse(bytes, kWindowUs, "fuzz.bin");
      window.ok()) {
    const std::string serialized = window->Serialize();
    auto again = hindsight::store::DedupeWindow::Parse(serialized, kWindowUs, "again.bin");
    if (!again.ok() || again->Serialize() != serialized) std::abort();
  }
  return 0;
}
