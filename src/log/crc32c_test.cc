#include "log/crc32c.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace hindsight::log {
namespace {

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

struct KnownVector {
  std::vector<uint8_t> data;
  uint32_t crc;
};

// RFC 3720 (iSCSI) appendix B.4 vectors plus the classic "123456789" check value.
std::vector<KnownVector> KnownVectors() {
  std::vector<KnownVector> vectors;
  vectors.push_back({std::vector<uint8_t>(32, 0x00), 0x8A9136AAu});
  vectors.push_back({std::vector<uint8_t>(32, 0xFF), 0x62A8AB43u});
  std::vector<uint8_t> ascending(32), descending(32);
  for (int i = 0; i < 32; ++i) {
    ascending[i] = static_cast<uint8_t>(i);
    descending[i] = static_cast<uint8_t>(31 - i);
  }
  vectors.push_back({ascending, 0x46DD794Eu});
  vectors.push_back({descending, 0x113FDB5Cu});
  const std::string_view check = "123456789";
  vectors.push_back({std::vector<uint8_t>(check.begin(), check.end()), 0xE3069283u});
  return vectors;
}

TEST(Crc32cTest, MatchesRfc3720Vectors) {
  for (const KnownVector& vector : KnownVectors()) {
    EXPECT_EQ(Crc32c(vector.data), vector.crc);
    EXPECT_EQ(crc32c_internal::ExtendPortable(0, vector.data), vector.crc);
    if (crc32c_internal::HardwareAvailable()) {
      EXPECT_EQ(crc32c_internal::ExtendHardware(0, vector.data), vector.crc);
    }
  }
}

TEST(Crc32cTest, EmptyInputIsZero) { EXPECT_EQ(Crc32c({}), 0u); }

TEST(Crc32cTest, ExtendEqualsOneShotAtEverySplit) {
  std::vector<uint8_t> data(203);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 37 + 11);
  const uint32_t whole = crc32c_internal::ExtendPortable(0, data);
  const std::span<const uint8_t> all(data);
  for (size_t split = 0; split <= data.size(); ++split) {
    const uint32_t first = Crc32c(all.first(split));
    EXPECT_EQ(Crc32cExtend(first, all.subspan(split)), whole) << "split at " << split;
  }
}

TEST(Crc32cTest, HardwareAndPortableAgreeOnUnalignedTails) {
  if (!crc32c_internal::HardwareAvailable()) GTEST_SKIP() << "no SSE4.2";
  std::vector<uint8_t> data(1000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 101 + 7);
  const std::span<const uint8_t> all(data);
  for (size_t start = 0; start < 9; ++start) {
    for (size_t length : {0, 1, 7, 8, 9, 15, 64, 991}) {
      const auto piece = all.subspan(start, length);
      EXPECT_EQ(crc32c_internal::ExtendHardware(0x12345678u, piece),
                crc32c_internal::ExtendPortable(0x12345678u, piece));
    }
  }
}

TEST(Crc32cTest, MaskRoundTripsAndChangesTheValue) {
  for (uint32_t crc : {0u, 1u, 0x8A9136AAu, 0xFFFFFFFFu, Crc32c(Bytes("hindsight"))}) {
    EXPECT_NE(MaskCrc32c(crc), crc);
    EXPECT_EQ(UnmaskCrc32c(MaskCrc32c(crc)), crc);
  }
  EXPECT_NE(MaskCrc32c(MaskCrc32c(0x8A9136AAu)), MaskCrc32c(0x8A9136AAu));
}

TEST(Crc32cTest, DetectsASingleBitFlip) {
  std::vector<uint8_t> data(64, 0x5A);
  const uint32_t original = Crc32c(data);
  for (size_t bit = 0; bit < data.size() * 8; ++bit) {
    data[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_NE(Crc32c(data), original) << "bit " << bit;
    data[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  }
}

}  // namespace
}  // namespace hindsight::log
