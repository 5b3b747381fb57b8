// Where the fact logger's frames go: local segment files (segment_file_sink.h) or,
// later, a stream such as NATS JetStream.
#pragma once

#include <cstdint>
#include <span>

#include "util/status.h"

namespace hindsight::log {

// Receives whole frames (segment_format.h) from one thread at a time.
class LogSink {
 public:
  virtual ~LogSink() = default;
  // Appends one whole frame. Once it returns OK the frame survives a crash of
  // this process (not necessarily of the machine: see Sync).
  [[nodiscard]] virtual Status Append(std::span<const uint8_t> frame) = 0;
  // Makes every appended frame durable on stable storage.
  [[nodiscard]] virtual Status Sync() = 0;
  // Finishes the sink; later calls fail.
  [[nodiscard]] virtual Status Close() = 0;
};

}  // namespace hindsight::log
