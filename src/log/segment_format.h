// Segment files: the fact logger's on-disk log (STORE/log/seg-<20-digit seq>.hslog).
//
//   file   := header frame*
//   header := "HSSEG001" | u32 LE version | i64 LE creation time (µs UTC)
//             | u32 LE masked CRC32C of the preceding 20 bytes                (24 bytes)
//   frame  := u32 LE payload_length | u32 LE masked CRC32C(type byte + payload)
//             | u8 type | payload                                            (9 + length)
//   type 1 := payload is one zstd frame (with content size) of a serialized RecordBatch
//
// A writer only appends whole frames, so a crash can leave at most one torn frame
// at the tail; readers find it by length and CRC (see segment_reader.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/status.h"

namespace hindsight::log {

inline constexpr std::string_view kSegmentMagic = "HSSEG001";
inline constexpr uint32_t kSegmentFormatVersion = 1;
// magic (8) + version (4) + creation time (8) + header CRC (4).
inline constexpr size_t kSegmentHeaderSize = 24;

// payload_length (4) + masked CRC (4) + type (1).
inline constexpr size_t kFrameHeaderSize = 9;
inline constexpr uint8_t kFrameTypeZstdRecordBatch = 1;
// A batch is ~1 MiB by default; a corrupt length must not make a reader allocate
// more than this, and the writer refuses to produce larger frames.
inline constexpr uint32_t kMaxFramePayloadSize = 64u << 20;
// Uncompressed RecordBatch cap, for the same reason: small enough that zstd's worst
// case (ZSTD_compressBound) stays under kMaxFramePayloadSize, so every batch the
// writer accepts fits one frame. A single record larger than this is refused.
inline constexpr uint64_t kMaxBatchUncompressedSize = 32u << 20;
// Every zstd frame starts with this little-endian magic number.
inline constexpr uint32_t kZstdFrameMagic = 0xFD2FB528u;

inline constexpr std::string_view kSegmentFilePrefix = "seg-";
inline constexpr std::string_view kSegmentFileSuffix = ".hslog";
inline constexpr int kSegmentSequenceDigits = 20;

struct SegmentHeader {
  uint32_t version = kSegmentFormatVersion;
  int64_t creation_time_us = 0;
};

std::array<uint8_t, kSegmentHeaderSize> EncodeSegmentHeader(int64_t creation_time_us);
// Validates magic, version and CRC; errors name `file`.
StatusOr<SegmentHeader> DecodeSegmentHeader(std::span<const uint8_t> bytes, std::string_view file);

struct FrameHeader {
  uint32_t payload_length = 0;
  uint32_t masked_crc = 0;
  uint8_t type = 0;
};

// CRC32C over the type byte followed by the payload, masked.
uint32_t FrameChecksum(uint8_t type, std::span<const uint8_t> payload);
std::array<uint8_t, kFrameHeaderSize> EncodeFrameHeader(uint8_t type,
                                                        std::span<const uint8_t> payload);
// REQUIRES: bytes.size() >= kFrameHeaderSize. Does not validate the fields.
FrameHeader DecodeFrameHeader(std::span<const uint8_t> bytes);

// "seg-00000000000000000042.hslog" for 42.
std::string SegmentFileName(uint64_t sequence);
// The sequence number of a segment file name, or nullopt if `name` is not one.
std::optional<uint64_t> ParseSegmentFileName(std::string_view name);

inline void StoreLittleEndian32(uint8_t* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}
inline uint32_t LoadLittleEndian32(const uint8_t* in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(in[i]) << (8 * i);
  return value;
}

}  // namespace hindsight::log
