// CRC32C (Castagnoli polynomial 0x82F63B78, as in iSCSI / RFC 3720), with the
// LevelDB-style mask used for checksums stored next to the data they cover.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace hindsight::log {

// Returns the CRC32C of `data` continued from `crc` (the CRC of preceding bytes;
// 0 to start). Uses SSE4.2 when the CPU has it, a table otherwise.
uint32_t Crc32cExtend(uint32_t crc, std::span<const uint8_t> data);

inline uint32_t Crc32c(std::span<const uint8_t> data) { return Crc32cExtend(0, data); }

// A CRC of bytes that themselves contain CRCs is weak; stored CRCs are masked.
inline constexpr uint32_t kCrc32cMaskDelta = 0xa282ead8u;

inline uint32_t MaskCrc32c(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kCrc32cMaskDelta; }

inline uint32_t UnmaskCrc32c(uint32_t masked) {
  const uint32_t rotated = masked - kCrc32cMaskDelta;
  return (rotated >> 17) | (rotated << 15);
}

namespace crc32c_internal {
// Both implementations, exposed so tests can check each against known vectors.
uint32_t ExtendPortable(uint32_t crc, std::span<const uint8_t> data);
bool HardwareAvailable();
// REQUIRES: HardwareAvailable().
uint32_t ExtendHardware(uint32_t crc, std::span<const uint8_t> data);
}  // namespace crc32c_internal

}  // namespace hindsight::log
