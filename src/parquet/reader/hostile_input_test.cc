// Truncated, corrupt and hostile files: every one yields an error naming the file (and
// where it applies the column and file offset), never a crash, hang or huge allocation.
// Run under -DHINDSIGHT_SANITIZE=ON to also prove memory safety.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parquet/format/format_test_util.h"
#include "parquet/reader/file_reader.h"
#include "parquet/reader/page_reader.h"
#include "parquet/reader/testing/test_file_builder.h"
#include "parquet/schema/field.h"
#include "parquet/schema/testing/random_columns.h"

namespace hindsight::parquet {
namespace {

using format::CompressionCodec;
using test_util::BuildTestFile;
using test_util::TestFileOptions;
using test_util::ValueEncoding;
using ::testing::HasSubstr;

// Opens and reads everything; the error (or OK).
Status OpenAndRead(std::vector<uint8_t> bytes, bool verify_checksums = false) {
  StatusOr<std::unique_ptr<ParquetFileReader>> reader =
      ParquetFileReader::Open(MakeMemoryFile("hostile.parquet", std::move(bytes)));
  if (!reader.ok()) return reader.status();
  ReadOptions options;
  options.verify_checksums = verify_checksums;
  return (*reader)->ReadAll(options).status();
}

std::string Message(const Status& status) { return std::string(status.message()); }

Schema SmallSchema() {
  StatusOr<Schema> schema = Schema::Make(
      {Field::Int64("id"), Field::Optional(Field::String("name")),
       Field::Optional(Field::List("scores", Field::Optional(Field::Int32("element"))))});
  return *schema;
}

RecordBatch SmallBatch(const Schema& schema, int64_t rows) {
  test_util::RandomColumnsOptions options;
  options.null_probability = 0.3;
  return test_util::RandomColumns(schema, rows, 1234, options);
}

TEST(HostileInputTest, TruncatedFileAtEveryLengthIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.encoding = ValueEncoding::kDictionary;
  layout.rows_per_page = 3;
  const std::vector<uint8_t> file = BuildTestFile(schema, SmallBatch(schema, 12), layout);
  ASSERT_TRUE(OpenAndRead(file).ok());
  for (size_t length = 0; length < file.size(); ++length) {
    const Status status = OpenAndRead({file.begin(), file.begin() + length});
    ASSERT_FALSE(status.ok()) << "truncated to " << length;
    EXPECT_THAT(Message(status), HasSubstr("hostile.parquet")) << length;
  }
}

// Flips random bits in files of several layouts; readers must return, whatever the result.
TEST(HostileInputTest, ThousandsOfFlippedBytesNeverCrash) {
  const Schema schema = SmallSchema();
  const RecordBatch batch = SmallBatch(schema, 40);
  std::vector<std::vector<uint8_t>> files;
  for (const bool v2 : {false, true}) {
    for (const ValueEncoding encoding :
         {ValueEncoding::kDictionary, ValueEncoding::kDelta, ValueEncoding::kDeltaByteArray}) {
      TestFileOptions layout;
      layout.data_page_v2 = v2;
      layout.encoding = encoding;
      layout.rows_per_page = 7;
      layout.rows_per_row_group = 25;
      layout.codec = v2 ? CompressionCodec::SNAPPY : CompressionCodec::UNCOMPRESSED;
      layout.write_page_index = true;
      layout.write_bloom_filters = true;
      files.push_back(BuildTestFile(schema, batch, layout));
    }
  }
  std::mt19937_64 rng(42);
  int errors = 0;
  constexpr int kTrials = 6000;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<uint8_t> file = files[static_cast<size_t>(trial) % files.size()];
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      const size_t at = rng() % file.size();
      if (trial % 3 == 0) {
        file[at] = static_cast<uint8_t>(rng());  // a random byte
      } else {
        file[at] ^= static_cast<uint8_t>(1u << (rng() % 8));  // one bit
      }
    }
    const Status status = OpenAndRead(std::move(file), trial % 2 == 0);
    if (!status.ok()) {
      ++errors;
      EXPECT_FALSE(Message(status).empty());
      EXPECT_EQ(Message(status).find('\n'), std::string::npos) << Message(status);
    }
  }
  EXPECT_GT(errors, kTrials / 4);  // most corruption is detected
}

// The same on the files of other writers (v2 pages, legacy layouts, page indexes, ...).
TEST(HostileInputTest, FlippedBytesInReferenceFilesNeverCrash) {
  const std::vector<std::filesystem::path> paths = format::testing::ParquetFilesIn("data");
  if (paths.empty()) GTEST_SKIP() << "HINDSIGHT_SOURCE_DIR unset";
  std::mt19937_64 rng(7);
  for (const std::filesystem::path& path : paths) {
    const std::vector<uint8_t> original = format::testing::ReadWholeFile(path);
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<uint8_t> file = original;
      for (int f = 0; f < 1 + trial % 3; ++f)
        file[rng() % file.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      const Status status = OpenAndRead(std::move(file), trial % 2 == 1);
      if (!status.ok()) EXPECT_EQ(Message(status).find('\n'), std::string::npos) << Message(status);
    }
  }
}

TEST(HostileInputTest, PageClaimingTwoGibUncompressedIsRefused) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.codec = CompressionCodec::SNAPPY;
  layout.edit_page_header = [](format::PageHeader& header) {
    header.uncompressed_page_size = std::numeric_limits<int32_t>::max();
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 5), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("kMaxUncompressedPageSize"));
  EXPECT_THAT(Message(status), HasSubstr("column 'id'"));
  EXPECT_THAT(Message(status), HasSubstr("page at file offset 4"));
}

TEST(HostileInputTest, DecompressionToAnotherSizeIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.codec = CompressionCodec::ZSTD;
  layout.edit_page_header = [](format::PageHeader& header) {
    header.uncompressed_page_size += 1000;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 5), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("ZSTD decompression"));
}

TEST(HostileInputTest, DictionaryIndexOutOfRangeIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.encoding = ValueEncoding::kDictionary;
  // Keep the first dictionary entry only: the data pages index past it.
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.dictionary_page_header.has_value()) header.dictionary_page_header->num_values = 1;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 20), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("out of range for a dictionary of 1 values"));
}

TEST(HostileInputTest, NegativeDictionarySizeIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.encoding = ValueEncoding::kDictionary;
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.dictionary_page_header.has_value()) header.dictionary_page_header->num_values = -3;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 20), layout));
  EXPECT_THAT(Message(status), HasSubstr("negative number of values"));
}

TEST(HostileInputTest, DefinitionLevelOutOfRangeIsAnError) {
  // s.x has maximum definition level 2, stored in 2 bits, so a stored 3 is out of range.
  StatusOr<Schema> schema =
      Schema::Make({Field::Optional(Field::Struct("s", {Field::Optional(Field::Int32("x"))}))});
  ASSERT_TRUE(schema.ok()) << schema.status();
  RecordBatch batch = test_util::RandomColumns(*schema, 8, 5);
  TestFileOptions layout;
  layout.edit_page_body = [](std::vector<uint8_t>& body) {
    // The page's definition levels become one repeated run of 8 threes:
    // [length 2 as 4 bytes LE][run header 8 << 1][value 3].
    body[4] = 8 << 1;
    body[5] = 3;
    body[0] = 2;
  };
  const Status status = OpenAndRead(BuildTestFile(*schema, batch, layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("level 3 at level index 0 exceeds the maximum 2"));
  EXPECT_THAT(Message(status), HasSubstr("column 's.x'"));
}

TEST(HostileInputTest, WrongValueCountsAreErrors) {
  const Schema schema = SmallSchema();
  for (const int delta : {-1, 1, 1000}) {
    TestFileOptions layout;
    layout.edit_page_header = [delta](format::PageHeader& header) {
      if (header.data_page_header.has_value()) header.data_page_header->num_values += delta;
    };
    const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 10), layout));
    EXPECT_FALSE(status.ok()) << delta;
  }
  TestFileOptions layout;
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.data_page_header.has_value()) header.data_page_header->num_values = -5;
  };
  EXPECT_THAT(Message(OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 10), layout))),
              HasSubstr("declares -5 values"));
}

TEST(HostileInputTest, ChunkValueCountDisagreeingWithPagesIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.row_groups[0].columns[0].meta_data->num_values += 1;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 10), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("ends after 10 of its 11 values"));
}

TEST(HostileInputTest, MissingColumnChunkIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.row_groups[0].columns.pop_back();
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 10), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("has 2 column chunks but the schema has 3 leaf columns"));
}

TEST(HostileInputTest, RowCountDisagreeingWithLevelsIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.row_groups[0].num_rows = 9;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 10), layout));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("row group 0"));
}

TEST(HostileInputTest, ChunkTypeDisagreeingWithSchemaIsAnError) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.row_groups[0].columns[0].meta_data->type = format::Type::DOUBLE;
  };
  EXPECT_THAT(Message(OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 4), layout))),
              HasSubstr("physical type"));
}

TEST(HostileInputTest, EncryptedFilesAreRefused) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.has_encryption_algorithm = true;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 4), layout));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(Message(status), HasSubstr("encrypted"));

  layout.edit_metadata = [](format::FileMetaData& metadata) {
    metadata.row_groups[0].columns[1].has_crypto_metadata = true;
  };
  EXPECT_EQ(OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 4), layout)).code(),
            absl::StatusCode::kUnimplemented);
}

TEST(HostileInputTest, ChecksumMismatchFailsOnlyWhenVerifying) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.write_crc = true;
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.type == format::PageType::DATA_PAGE) *header.crc ^= 1;
  };
  const std::vector<uint8_t> file = BuildTestFile(schema, SmallBatch(schema, 6), layout);
  EXPECT_TRUE(OpenAndRead(file, false).ok());
  const Status status = OpenAndRead(file, true);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(Message(status), HasSubstr("page CRC mismatch"));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
}

TEST(HostileInputTest, HugeValueCountOverFewBytesFailsWithoutAllocatingIt) {
  const Schema schema = SmallSchema();
  TestFileOptions layout;
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.data_page_header.has_value()) header.data_page_header->num_values = 100'000'000;
  };
  const Status status = OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 6), layout));
  ASSERT_FALSE(status.ok());
  layout.edit_page_header = [](format::PageHeader& header) {
    if (header.data_page_header.has_value()) {
      header.data_page_header->num_values = std::numeric_limits<int32_t>::max();
    }
  };
  EXPECT_THAT(Message(OpenAndRead(BuildTestFile(schema, SmallBatch(schema, 6), layout))),
              HasSubstr("kMaxPageValues"));
}

}  // namespace
}  // namespace hindsight::parquet
