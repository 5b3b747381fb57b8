#include "parquet/reader/page_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "parquet/compression/codec.h"
#include "parquet/format/metadata_serde.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using format::PageHeader;
using format::PageType;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

uint32_t Crc(std::span<const uint8_t> bytes) {
  return static_cast<uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(bytes.size())));
}

PageHeader DataPage(int32_t uncompressed, int32_t compressed) {
  PageHeader header;
  header.type = PageType::DATA_PAGE;
  header.uncompressed_page_size = uncompressed;
  header.compressed_page_size = compressed;
  header.data_page_header = format::DataPageHeader{};
  return header;
}

void AppendPage(const PageHeader& header, std::span<const uint8_t> body,
                std::vector<uint8_t>& out) {
  const std::string serialized = format::SerializePageHeader(header);
  out.insert(out.end(), serialized.begin(), serialized.end());
  out.insert(out.end(), body.begin(), body.end());
}

std::vector<uint8_t> Compressed(CompressionCodec codec, std::span<const uint8_t> bytes) {
  std::vector<uint8_t> out;
  EXPECT_TRUE(Compress(codec, bytes, &out).ok());
  return out;
}

std::string Body(const Page& page) { return {page.body.begin(), page.body.end()}; }

TEST(PageReaderTest, ReadsPagesInOrderAndDecompressesThem) {
  const std::vector<uint8_t> first = Bytes("first page body");
  const std::vector<uint8_t> second = Bytes(std::string(1000, 'x') + "second");
  const std::vector<uint8_t> packed = Compressed(CompressionCodec::SNAPPY, second);
  std::vector<uint8_t> chunk;
  const std::vector<uint8_t> packed_first = Compressed(CompressionCodec::SNAPPY, first);
  AppendPage(
      DataPage(static_cast<int32_t>(first.size()), static_cast<int32_t>(packed_first.size())),
      packed_first, chunk);
  const size_t second_offset = chunk.size();
  AppendPage(DataPage(static_cast<int32_t>(second.size()), static_cast<int32_t>(packed.size())),
             packed, chunk);

  PageReader reader(chunk, 100, CompressionCodec::SNAPPY, false);
  StatusOr<const Page*> page = reader.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr) << page.status();
  EXPECT_EQ((*page)->file_offset, 100u);
  EXPECT_EQ(Body(**page), "first page body");
  page = reader.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr) << page.status();
  EXPECT_EQ((*page)->file_offset, 100 + second_offset);
  EXPECT_EQ(Body(**page), std::string(second.begin(), second.end()));
  page = reader.Next();
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(*page, nullptr);
  EXPECT_EQ(reader.position(), 100 + chunk.size());
}

TEST(PageReaderTest, DataPageV2KeepsLevelsUncompressed) {
  const std::vector<uint8_t> levels = {1, 2, 3, 4, 5};
  const std::vector<uint8_t> values = Bytes("the values of a v2 page, compressed alone");
  const std::vector<uint8_t> packed = Compressed(CompressionCodec::ZSTD, values);
  std::vector<uint8_t> body = levels;
  body.insert(body.end(), packed.begin(), packed.end());
  PageHeader header;
  header.type = PageType::DATA_PAGE_V2;
  header.uncompressed_page_size = static_cast<int32_t>(levels.size() + values.size());
  header.compressed_page_size = static_cast<int32_t>(body.size());
  format::DataPageHeaderV2 v2;
  v2.repetition_levels_byte_length = 2;
  v2.definition_levels_byte_length = 3;
  header.data_page_header_v2 = v2;
  std::vector<uint8_t> chunk;
  AppendPage(header, body, chunk);
  PageReader reader(chunk, 4, CompressionCodec::ZSTD, false);
  StatusOr<const Page*> page = reader.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr) << page.status();
  EXPECT_THAT((*page)->levels, ElementsAreArray(levels));
  EXPECT_EQ(Body(**page), std::string(values.begin(), values.end()));

  // is_compressed = false: the values are stored as they are.
  header.data_page_header_v2->is_compressed = false;
  std::vector<uint8_t> raw = levels;
  raw.insert(raw.end(), values.begin(), values.end());
  header.compressed_page_size = static_cast<int32_t>(raw.size());
  chunk.clear();
  AppendPage(header, raw, chunk);
  PageReader plain(chunk, 4, CompressionCodec::ZSTD, false);
  page = plain.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr) << page.status();
  EXPECT_EQ(Body(**page), std::string(values.begin(), values.end()));
}

TEST(PageReaderTest, EmptyV2ValuesAreNotDecompressed) {
  // An all-null page: levels only, no bytes for the SNAPPY codec to reject.
  const std::vector<uint8_t> levels = {2, 0};
  PageHeader header;
  header.type = PageType::DATA_PAGE_V2;
  header.uncompressed_page_size = 2;
  header.compressed_page_size = 2;
  format::DataPageHeaderV2 v2;
  v2.definition_levels_byte_length = 2;
  header.data_page_header_v2 = v2;
  std::vector<uint8_t> chunk;
  AppendPage(header, levels, chunk);
  PageReader reader(chunk, 4, CompressionCodec::SNAPPY, false);
  StatusOr<const Page*> page = reader.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr) << page.status();
  EXPECT_TRUE((*page)->body.empty());
}

TEST(PageReaderTest, ChecksumsAreVerifiedOnRequest) {
  const std::vector<uint8_t> body = Bytes("checked bytes");
  PageHeader header =
      DataPage(static_cast<int32_t>(body.size()), static_cast<int32_t>(body.size()));
  header.crc = static_cast<int32_t>(Crc(body));
  std::vector<uint8_t> good;
  AppendPage(header, body, good);
  PageReader reader(good, 4, CompressionCodec::UNCOMPRESSED, true);
  EXPECT_TRUE(reader.Next().ok());

  header.crc = static_cast<int32_t>(Crc(body) ^ 0x10);
  std::vector<uint8_t> bad;
  AppendPage(header, body, bad);
  PageReader verifying(bad, 4, CompressionCodec::UNCOMPRESSED, true);
  const Status status = verifying.Next().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(status.message()), HasSubstr("page at file offset 4: page CRC mismatch"));
  PageReader trusting(bad, 4, CompressionCodec::UNCOMPRESSED, false);
  EXPECT_TRUE(trusting.Next().ok());
}

TEST(PageReaderTest, SizesOutsideTheChunkAreErrorsNamingTheOffset) {
  const std::vector<uint8_t> body = Bytes("12345");
  std::vector<uint8_t> chunk;
  AppendPage(DataPage(5, 6), body, chunk);
  PageReader reader(chunk, 1000, CompressionCodec::UNCOMPRESSED, false);
  EXPECT_THAT(std::string(reader.Next().status().message()),
              HasSubstr("page at file offset 1000: compressed size 6 runs past the end"));

  chunk.clear();
  AppendPage(DataPage(-1, 5), body, chunk);
  PageReader negative(chunk, 4, CompressionCodec::UNCOMPRESSED, false);
  EXPECT_THAT(std::string(negative.Next().status().message()), HasSubstr("negative page size"));

  const std::vector<uint8_t> garbage = {0xFF, 0xFF, 0xFF};
  PageReader unparsable(garbage, 4, CompressionCodec::UNCOMPRESSED, false);
  EXPECT_FALSE(unparsable.Next().ok());
}

TEST(PageReaderTest, UncompressedSizeAboveTheLimitIsRefusedBeforeAllocating) {
  const std::vector<uint8_t> body = Compressed(CompressionCodec::GZIP, Bytes("tiny"));
  std::vector<uint8_t> chunk;
  AppendPage(DataPage(static_cast<int32_t>(kMaxUncompressedPageSize + 1),
                      static_cast<int32_t>(body.size())),
             body, chunk);
  PageReader reader(chunk, 4, CompressionCodec::GZIP, false);
  EXPECT_THAT(std::string(reader.Next().status().message()), HasSubstr("kMaxUncompressedPageSize"));
}

TEST(PageReaderTest, V2LevelLengthsBeyondThePageAreErrors) {
  const std::vector<uint8_t> body = {1, 2, 3};
  PageHeader header;
  header.type = PageType::DATA_PAGE_V2;
  header.uncompressed_page_size = 3;
  header.compressed_page_size = 3;
  format::DataPageHeaderV2 v2;
  v2.repetition_levels_byte_length = 2;
  v2.definition_levels_byte_length = 2;
  header.data_page_header_v2 = v2;
  std::vector<uint8_t> chunk;
  AppendPage(header, body, chunk);
  PageReader reader(chunk, 4, CompressionCodec::UNCOMPRESSED, false);
  EXPECT_THAT(std::string(reader.Next().status().message()), HasSubstr("level bytes (4) exceed"));
}

TEST(PageReaderTest, IndexPagesAreSkippedAndMissingSubHeadersAreErrors) {
  PageHeader index;
  index.type = PageType::INDEX_PAGE;
  index.uncompressed_page_size = 3;
  index.compressed_page_size = 3;
  std::vector<uint8_t> chunk;
  AppendPage(index, Bytes("idx"), chunk);
  PageHeader orphan = DataPage(2, 2);
  orphan.data_page_header.reset();
  AppendPage(orphan, Bytes("ab"), chunk);
  PageReader reader(chunk, 4, CompressionCodec::UNCOMPRESSED, false);
  StatusOr<const Page*> page = reader.Next();
  ASSERT_TRUE(page.ok() && *page != nullptr);
  EXPECT_EQ((*page)->header.type, PageType::INDEX_PAGE);
  EXPECT_THAT(std::string(reader.Next().status().message()),
              HasSubstr("without a data_page_header"));
}

}  // namespace
}  // namespace hindsight::parquet
