#include "log/segment_format.h"

#include <cstring>

#include "log/crc32c.h"
#include "util/str_cat.h"

namespace hindsight::log {
namespace {

constexpr size_t kVersionOffset = 8;
constexpr size_t kCreationTimeOffset = 12;
constexpr size_t kHeaderCrcOffset = 20;

void StoreLittleEndian64(uint8_t* out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint64_t LoadLittleEndian64(const uint8_t* in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= static_cast<uint64_t>(in[i]) << (8 * i);
  return value;
}

}  // namespace

std::array<uint8_t, kSegmentHeaderSize> EncodeSegmentHeader(int64_t creation_time_us) {
  std::array<uint8_t, kSegmentHeaderSize> header{};
  std::memcpy(header.data(), kSegmentMagic.data(), kSegmentMagic.size());
  StoreLittleEndian32(header.data() + kVersionOffset, kSegmentFormatVersion);
  StoreLittleEndian64(header.data() + kCreationTimeOffset, static_cast<uint64_t>(creation_time_us));
  const uint32_t crc = Crc32c(std::span<const uint8_t>(header.data(), kHeaderCrcOffset));
  StoreLittleEndian32(header.data() + kHeaderCrcOffset, MaskCrc32c(crc));
  return header;
}

StatusOr<SegmentHeader> DecodeSegmentHeader(std::span<const uint8_t> bytes, std::string_view file) {
  if (bytes.size() < kSegmentHeaderSize) {
    return absl::DataLossError(StrCat(file, ": segment header is ", bytes.size(),
                                      " bytes, expected ", kSegmentHeaderSize));
  }
  if (std::memcmp(bytes.data(), kSegmentMagic.data(), kSegmentMagic.size()) != 0) {
    return absl::DataLossError(StrCat(file, ": not a segment file (bad magic at offset 0)"));
  }
  const uint32_t stored = UnmaskCrc32c(LoadLittleEndian32(bytes.data() + kHeaderCrcOffset));
  if (stored != Crc32c(bytes.first(kHeaderCrcOffset))) {
    return absl::DataLossError(StrCat(file, ": segment header checksum mismatch at offset 0"));
  }
  SegmentHeader header;
  header.version = LoadLittleEndian32(bytes.data() + kVersionOffset);
  if (header.version != kSegmentFormatVersion) {
    return absl::DataLossError(StrCat(file, ": unsupported segment format version ", header.version,
                                      " (expected ", kSegmentFormatVersion, ")"));
  }
  header.creation_time_us =
      static_cast<int64_t>(LoadLittleEndian64(bytes.data() + kCreationTimeOffset));
  return header;
}

uint32_t FrameChecksum(uint8_t type, std::span<const uint8_t> payload) {
  const uint32_t crc = Crc32cExtend(Crc32c(std::span<const uint8_t>(&type, 1)), payload);
  return MaskCrc32c(crc);
}

std::array<uint8_t, kFrameHeaderSize> EncodeFrameHeader(uint8_t type,
                                                        std::span<const uint8_t> payload) {
  std::array<uint8_t, kFrameHeaderSize> header{};
  StoreLittleEndian32(header.data(), static_cast<uint32_t>(payload.size()));
  StoreLittleEndian32(header.data() + 4, FrameChecksum(type, payload));
  header[8] = type;
  return header;
}

FrameHeader DecodeFrameHeader(std::span<const uint8_t> bytes) {
  FrameHeader header;
  header.payload_length = LoadLittleEndian32(bytes.data());
  header.masked_crc = LoadLittleEndian32(bytes.data() + 4);
  header.type = bytes[8];
  return header;
}

std::string SegmentFileName(uint64_t sequence) {
  std::string digits = std::to_string(sequence);
  std::string name(kSegmentFilePrefix);
  name.append(kSegmentSequenceDigits - digits.size(), '0');
  name += digits;
  name += kSegmentFileSuffix;
  return name;
}

std::optional<uint64_t> ParseSegmentFileName(std::string_view name) {
  if (name.size() !=
          kSegmentFilePrefix.size() + kSegmentSequenceDigits + kSegmentFileSuffix.size() ||
      !name.starts_with(kSegmentFilePrefix) || !name.ends_with(kSegmentFileSuffix)) {
    return std::nullopt;
  }
  const std::string_view digits = name.substr(kSegmentFilePrefix.size(), kSegmentSequenceDigits);
  uint64_t sequence = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (sequence > (UINT64_MAX - digit) / 10) return std::nullopt;
    sequence = sequence * 10 + digit;
  }
  return sequence;
}

}  // namespace hindsight::log
