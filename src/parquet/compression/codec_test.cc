#include "parquet/compression/codec.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>
#include <vector>

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;

constexpr CompressionCodec kWritableCodecs[] = {
    CompressionCodec::UNCOMPRESSED, CompressionCodec::SNAPPY,  CompressionCodec::GZIP,
    CompressionCodec::ZSTD,         CompressionCodec::LZ4_RAW, CompressionCodec::BROTLI};
constexpr CompressionCodec kCompressingCodecs[] = {
    CompressionCodec::SNAPPY,  CompressionCodec::GZIP,   CompressionCodec::ZSTD,
    CompressionCodec::LZ4_RAW, CompressionCodec::BROTLI, CompressionCodec::LZ4};

// Page-like bytes: runs of small integers with some noise, so codecs find matches.
std::vector<uint8_t> PageBytes(size_t size, std::mt19937_64& rng, bool noise_only = false) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = noise_only ? static_cast<uint8_t>(rng())
                          : static_cast<uint8_t>((i / 64) % 7 + (rng() % 16 == 0));
  }
  return bytes;
}

std::vector<uint8_t> MustCompress(CompressionCodec codec, const std::vector<uint8_t>& in,
                                  int level = kDefaultCompressionLevel) {
  std::vector<uint8_t> out;
  auto size = Compress(codec, in, &out, level);
  EXPECT_TRUE(size.ok()) << CodecName(codec) << ": " << size.status();
  if (size.ok()) EXPECT_EQ(*size, out.size());
  return out;
}

// Hadoop framing of the deprecated LZ4 codec, built here from raw LZ4 blocks.
std::vector<uint8_t> HadoopLz4(const std::vector<std::vector<uint8_t>>& blocks) {
  std::vector<uint8_t> out;
  for (const auto& block : blocks) {
    std::vector<char> compressed(LZ4_compressBound(static_cast<int>(block.size())));
    const int size =
        LZ4_compress_default(reinterpret_cast<const char*>(block.data()), compressed.data(),
                             static_cast<int>(block.size()), static_cast<int>(compressed.size()));
    for (uint32_t v : {static_cast<uint32_t>(block.size()), static_cast<uint32_t>(size)}) {
      for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
    }
    out.insert(out.end(), compressed.begin(), compressed.begin() + size);
  }
  return out;
}

TEST(CodecTest, EveryWritableCodecRoundTrips) {
  std::mt19937_64 rng(71);
  for (CompressionCodec codec : kWritableCodecs) {
    for (size_t size : {0, 1, 7, 8, 9, 127, 128, 129, 10000, 1 << 20}) {
      for (bool noise : {false, true}) {
        const std::vector<uint8_t> page = PageBytes(size, rng, noise);
        const std::vector<uint8_t> compressed = MustCompress(codec, page);
        std::vector<uint8_t> restored(page.size(), 0xEE);
        const Status status = Decompress(codec, compressed, restored);
        ASSERT_TRUE(status.ok()) << CodecName(codec) << " size " << size << ": " << status;
        ASSERT_EQ(restored, page) << CodecName(codec) << " size " << size;
      }
    }
  }
}

TEST(CodecTest, CompressAppendsAfterExistingBytes) {
  std::mt19937_64 rng(72);
  const std::vector<uint8_t> page = PageBytes(5000, rng);
  for (CompressionCodec codec : kWritableCodecs) {
    std::vector<uint8_t> out = {1, 2, 3};
    auto size = Compress(codec, page, &out);
    ASSERT_TRUE(size.ok());
    ASSERT_EQ(out.size(), 3 + *size);
    EXPECT_EQ(out[0], 1);
    std::vector<uint8_t> restored(page.size());
    ASSERT_TRUE(Decompress(codec, std::span<const uint8_t>(out).subspan(3), restored).ok());
    EXPECT_EQ(restored, page);
  }
}

TEST(CodecTest, CompressedPagesAreWhatTheLibrariesRead) {
  std::mt19937_64 rng(73);
  const std::vector<uint8_t> page = PageBytes(20000, rng);
  std::string restored;

  const auto snappy_bytes = MustCompress(CompressionCodec::SNAPPY, page);
  ASSERT_TRUE(snappy::Uncompress(reinterpret_cast<const char*>(snappy_bytes.data()),
                                 snappy_bytes.size(), &restored));
  EXPECT_EQ(restored, std::string(page.begin(), page.end()));

  // GZIP framing (RFC 1952 magic 1F 8B, deflate method 8), read back by zlib in GZIP-only mode.
  const auto gzip_bytes = MustCompress(CompressionCodec::GZIP, page);
  ASSERT_GE(gzip_bytes.size(), 3u);
  EXPECT_EQ(gzip_bytes[0], 0x1F);
  EXPECT_EQ(gzip_bytes[1], 0x8B);
  EXPECT_EQ(gzip_bytes[2], 0x08);
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::vector<uint8_t> inflated(page.size());
  stream.next_in = const_cast<Bytef*>(gzip_bytes.data());
  stream.avail_in = static_cast<uInt>(gzip_bytes.size());
  stream.next_out = inflated.data();
  stream.avail_out = static_cast<uInt>(inflated.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(inflated, page);

  // ZSTD at the default level is byte for byte libzstd at level 3.
  const auto zstd_bytes = MustCompress(CompressionCodec::ZSTD, page);
  std::vector<uint8_t> reference(ZSTD_compressBound(page.size()));
  reference.resize(ZSTD_compress(reference.data(), reference.size(), page.data(), page.size(), 3));
  EXPECT_EQ(zstd_bytes, reference);

  const auto lz4_bytes = MustCompress(CompressionCodec::LZ4_RAW, page);
  std::vector<char> lz4_out(page.size());
  EXPECT_EQ(
      LZ4_decompress_safe(reinterpret_cast<const char*>(lz4_bytes.data()), lz4_out.data(),
                          static_cast<int>(lz4_bytes.size()), static_cast<int>(lz4_out.size())),
      static_cast<int>(page.size()));

  const auto brotli_bytes = MustCompress(CompressionCodec::BROTLI, page);
  std::vector<uint8_t> brotli_out(page.size());
  size_t brotli_size = brotli_out.size();
  EXPECT_EQ(BrotliDecoderDecompress(brotli_bytes.size(), brotli_bytes.data(), &brotli_size,
                                    brotli_out.data()),
            BROTLI_DECODER_RESULT_SUCCESS);
  EXPECT_EQ(brotli_out, page);
}

TEST(CodecTest, LevelsChangeOutputAndBadLevelsAreRejected) {
  std::mt19937_64 rng(74);
  const std::vector<uint8_t> page = PageBytes(50000, rng);
  EXPECT_NE(MustCompress(CompressionCodec::ZSTD, page, 1),
            MustCompress(CompressionCodec::ZSTD, page, 19));
  EXPECT_NE(MustCompress(CompressionCodec::GZIP, page, 1),
            MustCompress(CompressionCodec::GZIP, page, 9));
  EXPECT_NE(MustCompress(CompressionCodec::BROTLI, page, 0),
            MustCompress(CompressionCodec::BROTLI, page, 11));
  std::vector<uint8_t> out = {9};
  EXPECT_FALSE(Compress(CompressionCodec::ZSTD, page, &out, 1000).ok());
  EXPECT_FALSE(Compress(CompressionCodec::GZIP, page, &out, 10).ok());
  EXPECT_FALSE(Compress(CompressionCodec::BROTLI, page, &out, 12).ok());
  EXPECT_EQ(out, std::vector<uint8_t>{9}) << "a failed Compress leaves *out as it was";
}

TEST(CodecTest, GzipCodecReadsZlibStreamsAndConcatenatedMembers) {
  std::mt19937_64 rng(75);
  const std::vector<uint8_t> first = PageBytes(3000, rng);
  const std::vector<uint8_t> second = PageBytes(500, rng);

  std::vector<uint8_t> zlib_bytes(compressBound(first.size()));
  uLongf zlib_size = zlib_bytes.size();
  ASSERT_EQ(compress2(zlib_bytes.data(), &zlib_size, first.data(), first.size(), 6), Z_OK);
  zlib_bytes.resize(zlib_size);
  std::vector<uint8_t> restored(first.size());
  ASSERT_TRUE(Decompress(CompressionCodec::GZIP, zlib_bytes, restored).ok());
  EXPECT_EQ(restored, first);

  std::vector<uint8_t> members = MustCompress(CompressionCodec::GZIP, first);
  const std::vector<uint8_t> tail = MustCompress(CompressionCodec::GZIP, second);
  members.insert(members.end(), tail.begin(), tail.end());
  std::vector<uint8_t> both(first.size() + second.size());
  const Status status = Decompress(CompressionCodec::GZIP, members, both);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(std::vector<uint8_t>(both.begin(), both.begin() + first.size()), first);
  EXPECT_EQ(std::vector<uint8_t>(both.begin() + first.size(), both.end()), second);
}

TEST(CodecTest, DeprecatedLz4ReadsHadoopFramingAndBareBlocks) {
  std::mt19937_64 rng(76);
  const std::vector<uint8_t> a = PageBytes(4000, rng);
  const std::vector<uint8_t> b = PageBytes(1000, rng);
  std::vector<uint8_t> joined = a;
  joined.insert(joined.end(), b.begin(), b.end());

  std::vector<uint8_t> restored(joined.size());
  ASSERT_TRUE(Decompress(CompressionCodec::LZ4, HadoopLz4({a, b}), restored).ok());
  EXPECT_EQ(restored, joined);

  const std::vector<uint8_t> bare = MustCompress(CompressionCodec::LZ4_RAW, joined);
  std::fill(restored.begin(), restored.end(), 0);
  ASSERT_TRUE(Decompress(CompressionCodec::LZ4, bare, restored).ok());
  EXPECT_EQ(restored, joined);

  std::vector<uint8_t> wrong_size(joined.size() + 1);
  EXPECT_FALSE(Decompress(CompressionCodec::LZ4, HadoopLz4({a, b}), wrong_size).ok());
  EXPECT_FALSE(Compress(CompressionCodec::LZ4, a, &restored).ok());
}

TEST(CodecTest, EmptyPageBodyIsEmptyForEveryCodec) {
  for (int codec = 0; codec <= 7; ++codec) {
    EXPECT_TRUE(Decompress(static_cast<CompressionCodec>(codec), {}, {}).ok()) << codec;
  }
  // A real ZSTD frame of nothing also decodes to nothing.
  const std::vector<uint8_t> empty_frame = MustCompress(CompressionCodec::ZSTD, {});
  EXPECT_FALSE(empty_frame.empty());
  EXPECT_TRUE(Decompress(CompressionCodec::ZSTD, empty_frame, {}).ok());
}

// Error paths.

TEST(CodecTest, RejectsDecompressedSizeMismatch) {
  std::mt19937_64 rng(77);
  const std::vector<uint8_t> page = PageBytes(10000, rng);
  for (CompressionCodec codec : kWritableCodecs) {
    const std::vector<uint8_t> compressed = MustCompress(codec, page);
    for (size_t declared : {page.size() - 1, page.size() + 1, size_t{0}, page.size() * 2}) {
      std::vector<uint8_t> out(declared);
      const Status status = Decompress(codec, compressed, out);
      EXPECT_FALSE(status.ok()) << CodecName(codec) << " declared " << declared;
      EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << CodecName(codec) << " " << status;
    }
  }
  std::vector<uint8_t> out(9999);
  const Status status =
      Decompress(CompressionCodec::ZSTD, MustCompress(CompressionCodec::ZSTD, page), out);
  EXPECT_NE(status.message().find("page header says 9999"), std::string::npos) << status;
}

TEST(CodecTest, RejectsGarbageAndTruncatedData) {
  std::mt19937_64 rng(78);
  const std::vector<uint8_t> page = PageBytes(10000, rng);
  for (CompressionCodec codec : kCompressingCodecs) {
    std::vector<uint8_t> garbage(300);
    for (auto& b : garbage) b = static_cast<uint8_t>(rng());
    std::vector<uint8_t> out(page.size());
    EXPECT_FALSE(Decompress(codec, garbage, out).ok()) << CodecName(codec);
    if (codec == CompressionCodec::LZ4) continue;  // not writable
    std::vector<uint8_t> truncated = MustCompress(codec, page);
    truncated.resize(truncated.size() / 2);
    EXPECT_FALSE(Decompress(codec, truncated, out).ok()) << CodecName(codec);
  }
}

TEST(CodecTest, RejectsUnsupportedAndUnknownCodecs) {
  std::vector<uint8_t> out(4);
  EXPECT_EQ(Decompress(CompressionCodec::LZO, std::vector<uint8_t>{1, 2}, out).code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Decompress(static_cast<CompressionCodec>(42), std::vector<uint8_t>{1}, out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Compress(CompressionCodec::LZO, out, &out).ok());
  EXPECT_FALSE(Compress(static_cast<CompressionCodec>(-3), out, &out).ok());
  EXPECT_EQ(CodecName(static_cast<CompressionCodec>(42)), "UNKNOWN");
  EXPECT_EQ(CodecName(CompressionCodec::LZ4_RAW), "LZ4_RAW");
}

TEST(CodecFuzzTest, MutatedCompressedPagesNeverCrash) {
  std::mt19937_64 rng(79);
  const std::vector<uint8_t> page = PageBytes(2000, rng);
  std::vector<std::pair<CompressionCodec, std::vector<uint8_t>>> seeds;
  for (CompressionCodec codec : kWritableCodecs)
    seeds.emplace_back(codec, MustCompress(codec, page));
  seeds.emplace_back(CompressionCodec::LZ4, HadoopLz4({page}));
  for (int i = 0; i < 3000; ++i) {
    auto [codec, data] = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !data.empty(); ++e) {
      if (rng() % 4 == 0) {
        data.resize(rng() % data.size());
      } else {
        data[rng() % data.size()] = static_cast<uint8_t>(rng());
      }
    }
    // Guard bytes after the declared size must survive whatever the data says.
    const size_t declared = rng() % 4 == 0 ? rng() % 4000 : page.size();
    std::vector<uint8_t> buffer(declared + 64, 0xA5);
    PermitUncheckedError(Decompress(codec, data, std::span<uint8_t>(buffer).first(declared)));
    for (size_t g = declared; g < buffer.size(); ++g) {
      ASSERT_EQ(buffer[g], 0xA5) << CodecName(codec) << " wrote past the declared size";
    }
  }
}

}  // namespace
}  // namespace hindsight::parquet
