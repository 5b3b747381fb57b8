#include "parquet/format/metadata_serde.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parquet/format/format_test_util.h"
#include "parquet/format/thrift_compact.h"

namespace hindsight::parquet::format {
namespace {

using ::hindsight::parquet::format::testing::AsBytes;
using ::hindsight::parquet::format::testing::ParquetTestingDir;
using ::hindsight::parquet::format::testing::ReadWholeFile;
using ::testing::HasSubstr;

std::string Raw(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

Statistics FullStatistics() {
  Statistics stats;
  stats.max = std::string("\x7f\x00\x00\x00", 4);
  stats.min = std::string("\x80\xff\xff\xff", 4);
  stats.null_count = 3;
  stats.distinct_count = 42;
  stats.max_value = "zebra";
  stats.min_value = "";
  stats.is_max_value_exact = true;
  stats.is_min_value_exact = false;
  return stats;
}

LogicalType MakeLogical(LogicalType::Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

// A FileMetaData with every optional field the model has set, and nested structs of
// every kind.
FileMetaData FullFileMetaData() {
  FileMetaData md;
  md.version = 2;
  md.num_rows = 1'000'000'000'000LL;
  md.created_by = "hindsight test";
  md.key_value_metadata = {{"k1", "v1"}, {"k2", std::nullopt}};
  md.column_orders = {ColumnOrder{true}, ColumnOrder{false}, ColumnOrder{true}};
  md.has_encryption_algorithm = true;

  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement group;
  group.name = "g";
  group.num_children = 2;
  group.repetition_type = FieldRepetitionType::OPTIONAL;
  group.converted_type = ConvertedType::MAP;
  group.logical_type = MakeLogical(LogicalType::Kind::MAP);
  group.field_id = 17;
  SchemaElement decimal;
  decimal.name = "price";
  decimal.type = Type::FIXED_LEN_BYTE_ARRAY;
  decimal.type_length = 16;
  decimal.repetition_type = FieldRepetitionType::REQUIRED;
  decimal.converted_type = ConvertedType::DECIMAL;
  decimal.scale = 2;
  decimal.precision = 38;
  decimal.logical_type = MakeLogical(LogicalType::Kind::DECIMAL);
  decimal.logical_type->decimal_scale = 2;
  decimal.logical_type->decimal_precision = 38;
  SchemaElement ts;
  ts.name = "ts";
  ts.type = Type::INT64;
  ts.repetition_type = FieldRepetitionType::REPEATED;
  ts.logical_type = MakeLogical(LogicalType::Kind::TIMESTAMP);
  ts.logical_type->is_adjusted_to_utc = true;
  ts.logical_type->unit = TimeUnit::NANOS;
  SchemaElement small;
  small.name = "small";
  small.type = Type::INT32;
  small.repetition_type = FieldRepetitionType::OPTIONAL;
  small.converted_type = ConvertedType::UINT_8;
  small.logical_type = MakeLogical(LogicalType::Kind::INTEGER);
  small.logical_type->bit_width = 8;
  small.logical_type->is_signed = false;
  md.schema = {root, group, decimal, ts, small};

  ColumnMetaData meta;
  meta.type = Type::INT64;
  meta.encodings = {Encoding::PLAIN, Encoding::RLE, Encoding::RLE_DICTIONARY};
  meta.path_in_schema = {"g", "ts"};
  meta.codec = CompressionCodec::ZSTD;
  meta.num_values = 123;
  meta.total_uncompressed_size = 4567;
  meta.total_compressed_size = 890;
  meta.key_value_metadata = {{"chunk", "meta"}};
  meta.data_page_offset = 1000;
  meta.index_page_offset = 900;
  meta.dictionary_page_offset = 4;
  meta.statistics = FullStatistics();
  meta.encoding_stats = {{PageType::DICTIONARY_PAGE, Encoding::PLAIN, 1},
                         {PageType::DATA_PAGE, Encoding::RLE_DICTIONARY, 7}};
  meta.bloom_filter_offset = 5000;
  meta.bloom_filter_length = 1040;
  meta.size_statistics = SizeStatistics{99, {1, 2}, {3, 4, 5}};

  ColumnChunk chunk;
  chunk.file_path = "other.parquet";
  chunk.file_offset = 4;
  chunk.meta_data = meta;
  chunk.offset_index_offset = 6000;
  chunk.offset_index_length = 30;
  chunk.column_index_offset = 6100;
  chunk.column_index_length = 40;
  chunk.has_crypto_metadata = true;
  chunk.encrypted_column_metadata = std::string("\x00\x01\x02", 3);

  ColumnChunk plain_chunk;
  plain_chunk.file_offset = 77;
  plain_chunk.meta_data = meta;
  plain_chunk.meta_data->statistics.reset();

  RowGroup group0;
  group0.columns = {chunk, plain_chunk};
  group0.total_byte_size = 1 << 20;
  group0.num_rows = 123;
  group0.sorting_columns = {{0, true, false}, {1, false, true}};
  group0.file_offset = 4;
  group0.total_compressed_size = 1780;
  group0.ordinal = 0;
  RowGroup group1 = group0;
  group1.ordinal = 1;
  md.row_groups = {group0, group1};
  return md;
}

// Only the required fields.
FileMetaData MinimalFileMetaData() {
  FileMetaData md;
  md.version = 1;
  SchemaElement root;
  root.name = "root";
  md.schema = {root};
  md.num_rows = 0;
  return md;
}

template <typename T, typename Deserialize>
T RoundTrip(const std::string& bytes, Deserialize deserialize) {
  auto result = deserialize(AsBytes(bytes), 0);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : T{};
}

// --- Round trips ------------------------------------------------------------------

TEST(FileMetaDataSerdeTest, RoundTripsWithEveryOptionalFieldSet) {
  const FileMetaData md = FullFileMetaData();
  EXPECT_EQ(RoundTrip<FileMetaData>(SerializeFileMetaData(md), DeserializeFileMetaData), md);
}

TEST(FileMetaDataSerdeTest, RoundTripsWithOnlyRequiredFields) {
  const FileMetaData md = MinimalFileMetaData();
  EXPECT_EQ(RoundTrip<FileMetaData>(SerializeFileMetaData(md), DeserializeFileMetaData), md);
}

TEST(FileMetaDataSerdeTest, RoundTripsEveryLogicalTypeKind) {
  FileMetaData md = MinimalFileMetaData();
  // Every kind the spec defined when this was written, plus ids it may add later.
  for (int kind : {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 19, 300}) {
    SchemaElement element;
    element.name = "c" + std::to_string(kind);
    element.type = Type::BYTE_ARRAY;
    element.logical_type = MakeLogical(static_cast<LogicalType::Kind>(kind));
    md.schema.push_back(element);
  }
  md.schema[0].num_children = static_cast<int32_t>(md.schema.size() - 1);
  EXPECT_EQ(RoundTrip<FileMetaData>(SerializeFileMetaData(md), DeserializeFileMetaData), md);
}

TEST(FileMetaDataSerdeTest, KeepsUnknownEnumValuesAsIntegers) {
  FileMetaData md = FullFileMetaData();
  md.schema[2].type = static_cast<Type>(42);
  md.schema[2].repetition_type = static_cast<FieldRepetitionType>(3);  // VECTOR, newer spec
  md.schema[2].converted_type = static_cast<ConvertedType>(-5);
  md.row_groups[0].columns[0].meta_data->codec = static_cast<CompressionCodec>(99);
  md.row_groups[0].columns[0].meta_data->encodings.push_back(static_cast<Encoding>(1));
  const FileMetaData back =
      RoundTrip<FileMetaData>(SerializeFileMetaData(md), DeserializeFileMetaData);
  EXPECT_EQ(static_cast<int32_t>(*back.schema[2].type), 42);
  EXPECT_EQ(static_cast<int32_t>(*back.schema[2].repetition_type), 3);
  EXPECT_EQ(static_cast<int32_t>(*back.schema[2].converted_type), -5);
  EXPECT_EQ(static_cast<int32_t>(back.row_groups[0].columns[0].meta_data->codec), 99);
  EXPECT_EQ(back, md);
}

TEST(PageHeaderSerdeTest, RoundTripsEveryPageKindAndReportsHeaderLength) {
  PageHeader data_v1;
  data_v1.type = PageType::DATA_PAGE;
  data_v1.uncompressed_page_size = 100;
  data_v1.compressed_page_size = 60;
  data_v1.crc = -123456789;
  data_v1.data_page_header = DataPageHeader{10, Encoding::RLE_DICTIONARY, Encoding::RLE,
                                            Encoding::BIT_PACKED, FullStatistics()};

  PageHeader dictionary;
  dictionary.type = PageType::DICTIONARY_PAGE;
  dictionary.uncompressed_page_size = 7;
  dictionary.compressed_page_size = 7;
  dictionary.dictionary_page_header = DictionaryPageHeader{3, Encoding::PLAIN, true};

  PageHeader data_v2;
  data_v2.type = PageType::DATA_PAGE_V2;
  data_v2.uncompressed_page_size = 1 << 20;
  data_v2.compressed_page_size = 1 << 19;
  data_v2.data_page_header_v2 =
      DataPageHeaderV2{100, 5, 90, Encoding::DELTA_BINARY_PACKED, 12, 3, false, FullStatistics()};

  PageHeader index;
  index.type = PageType::INDEX_PAGE;
  index.index_page_header = IndexPageHeader{};

  PageHeader minimal;  // required fields only

  for (const PageHeader& header : {data_v1, dictionary, data_v2, index, minimal}) {
    const std::string bytes = SerializePageHeader(header);
    // Page bytes follow the header; the reported length must stop at the header.
    const std::string with_page = bytes + std::string(50, '\xAB');
    auto back = DeserializePageHeader(AsBytes(with_page));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->first, header);
    EXPECT_EQ(back->second, bytes.size());
  }
}

TEST(PageHeaderSerdeTest, MatchesHandEncodedBytes) {
  // PageHeader{type: DATA_PAGE, uncompressed: 100, compressed: 50,
  //            data_page_header{num_values: 10, PLAIN, RLE, RLE}}, encoded by hand from
  // parquet.thrift's field ids.
  const std::string expected = Raw({0x15, 0x00,        // 1: type = 0
                                    0x15, 0xc8, 0x01,  // 2: uncompressed = 100
                                    0x15, 0x64,        // 3: compressed = 50
                                    0x2c,              // 5: data_page_header (delta 2)
                                    0x15, 0x14,        //   1: num_values = 10
                                    0x15, 0x00,        //   2: encoding = PLAIN
                                    0x15, 0x06,        //   3: RLE
                                    0x15, 0x06,        //   4: RLE
                                    0x00, 0x00});
  PageHeader header;
  header.type = PageType::DATA_PAGE;
  header.uncompressed_page_size = 100;
  header.compressed_page_size = 50;
  header.data_page_header = DataPageHeader{10, Encoding::PLAIN, Encoding::RLE, Encoding::RLE, {}};
  EXPECT_EQ(SerializePageHeader(header), expected);
  auto back = DeserializePageHeader(AsBytes(expected));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->first, header);
  EXPECT_EQ(back->second, expected.size());
}

TEST(ColumnIndexSerdeTest, RoundTripsWithAndWithoutOptionalLists) {
  ColumnIndex full;
  full.null_pages = {false, true, false};
  full.min_values = {"a", "", "m"};
  full.max_values = {"f", "", "z"};
  full.boundary_order = BoundaryOrder::ASCENDING;
  full.null_counts = {0, 10, 2};
  full.repetition_level_histograms = {1, 2, 3, 4, 5, 6};
  full.definition_level_histograms = {7, 8, 9, 10, 11, 12};
  ColumnIndex minimal;
  minimal.null_pages = {true};
  minimal.min_values = {""};
  minimal.max_values = {""};
  for (const ColumnIndex& index : {full, minimal, ColumnIndex{}}) {
    EXPECT_EQ(RoundTrip<ColumnIndex>(SerializeColumnIndex(index), DeserializeColumnIndex), index);
  }
}

TEST(OffsetIndexSerdeTest, RoundTripsWithAndWithoutOptionalLists) {
  OffsetIndex full;
  for (int i = 0; i < 20; ++i) {  // > 14 elements: long-form list header
    full.page_locations.push_back({4 + 1000LL * i, 1000, 50LL * i});
    full.unencoded_byte_array_data_bytes.push_back(i * 7);
  }
  OffsetIndex minimal;
  minimal.page_locations = {{4, 10, 0}};
  for (const OffsetIndex& index : {full, minimal, OffsetIndex{}}) {
    EXPECT_EQ(RoundTrip<OffsetIndex>(SerializeOffsetIndex(index), DeserializeOffsetIndex), index);
  }
}

TEST(BloomFilterHeaderSerdeTest, RoundTripsKnownAndUnknownAlgorithms) {
  BloomFilterHeader standard{4096, true, true, true};
  BloomFilterHeader unknown{32, false, false, false};
  for (const BloomFilterHeader& header : {standard, unknown}) {
    const std::string bytes = SerializeBloomFilterHeader(header);
    auto back = DeserializeBloomFilterHeader(AsBytes(bytes + "bitset"));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->first, header);
    EXPECT_EQ(back->second, bytes.size());
  }
}

TEST(BloomFilterHeaderSerdeTest, ReadsReferenceBloomFilterFile) {
  // bloom_filter.xxhash.bin is a serialized header followed by a 1024-byte bitset.
  const auto bytes = ReadWholeFile(ParquetTestingDir("data") / "bloom_filter.xxhash.bin");
  ASSERT_EQ(bytes.size(), 1040u) << "set HINDSIGHT_SOURCE_DIR";
  auto header = DeserializeBloomFilterHeader(bytes);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->first.num_bytes, 1024);
  EXPECT_TRUE(header->first.algorithm_is_block);
  EXPECT_TRUE(header->first.hash_is_xxhash);
  EXPECT_TRUE(header->first.compression_is_uncompressed);
  EXPECT_EQ(header->second, 1040u - 1024u);
}

// --- Forward compatibility and errors ----------------------------------------------

// Serializes `md` and splices `extra` (complete field encodings with long-form ids) in
// front of the final STOP of the outermost struct.
std::string WithExtraFields(const FileMetaData& md, const std::string& extra) {
  std::string bytes = SerializeFileMetaData(md);
  bytes.insert(bytes.size() - 1, extra);
  return bytes;
}

// A field header in long form (type byte, zigzag id), independent of the previous id.
std::string LongFormHeader(CompactType type, int16_t id) {
  CompactWriter writer;
  writer.WriteI8(static_cast<int8_t>(type));
  writer.WriteI16(id);
  return writer.Release();
}

TEST(FileMetaDataSerdeTest, SkipsUnknownFields) {
  const FileMetaData md = MinimalFileMetaData();
  CompactWriter binary;
  binary.WriteBinary("footer signing key");
  CompactWriter future_struct;
  future_struct.WriteStructBegin();
  future_struct.WriteFieldHeader(CompactType::kList, 1);
  future_struct.WriteListBegin(CompactType::kDouble, 2);
  future_struct.WriteDouble(1.5);
  future_struct.WriteDouble(-2);
  future_struct.WriteBoolField(2, true);
  future_struct.WriteStructEnd();
  CompactWriter number;
  number.WriteI64(5);
  const std::string extra =
      LongFormHeader(CompactType::kBinary, 9) + binary.bytes() +  // footer_signing_key_metadata
      LongFormHeader(CompactType::kStruct, 30) + future_struct.bytes() +  // a future field
      LongFormHeader(CompactType::kI64, 31) + number.bytes();
  auto back = DeserializeFileMetaData(AsBytes(WithExtraFields(md, extra)));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, md);
}

TEST(FileMetaDataSerdeTest, RecordsEncryptionMarkers) {
  FileMetaData md = MinimalFileMetaData();
  md.has_encryption_algorithm = true;
  auto back = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(md)));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->has_encryption_algorithm);
  const FileMetaData full = FullFileMetaData();
  auto full_back = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(full)));
  ASSERT_TRUE(full_back.ok());
  EXPECT_TRUE(full_back->row_groups[0].columns[0].has_crypto_metadata);
  EXPECT_FALSE(full_back->row_groups[0].columns[1].has_crypto_metadata);
}

TEST(FileMetaDataSerdeTest, NamesMissingRequiredField) {
  // version, schema, row_groups present; num_rows (3) missing.
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteI32Field(1, 1);
  writer.WriteFieldHeader(CompactType::kList, 2);
  writer.WriteListBegin(CompactType::kStruct, 0);
  writer.WriteFieldHeader(CompactType::kList, 4);
  writer.WriteListBegin(CompactType::kStruct, 0);
  writer.WriteStructEnd();
  auto result = DeserializeFileMetaData(AsBytes(writer.bytes()), 500);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(result.status().message(), HasSubstr("FileMetaData.num_rows"));
  EXPECT_THAT(result.status().message(), HasSubstr("offset 500"));
}

TEST(FileMetaDataSerdeTest, NamesMissingRequiredFieldOfNestedStruct) {
  FileMetaData md = MinimalFileMetaData();
  const std::string bytes = SerializeFileMetaData(md);
  // The root SchemaElement is `0x18 0x04 "root" 0x00`; drop its name field.
  const std::string name_field = Raw({0x48, 0x04}) + "root";
  std::string broken = bytes;
  const size_t at = broken.find(name_field);
  ASSERT_NE(at, std::string::npos);
  broken.erase(at, name_field.size());
  auto result = DeserializeFileMetaData(AsBytes(broken));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("SchemaElement.name"));
}

TEST(FileMetaDataSerdeTest, SkipsFieldsOfUnexpectedWireTypeAsThriftDoes) {
  // A fork of parquet-mr wrote a list as ColumnMetaData field 15 (bloom_filter_length,
  // an i32 in the spec); Thrift readers skip such fields.
  FileMetaData md = MinimalFileMetaData();
  CompactWriter number;
  number.WriteI32(12345);
  const std::string extra = LongFormHeader(CompactType::kI32, 6) + number.bytes();  // created_by
  auto skipped = DeserializeFileMetaData(AsBytes(WithExtraFields(md, extra)));
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_EQ(*skipped, md);

  // A required field of the wrong type is skipped too, and then reported missing.
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteBinaryField(1, "one");  // version must be i32
  writer.WriteStructEnd();
  auto result = DeserializeFileMetaData(AsBytes(writer.bytes()));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("FileMetaData.version (required field 1) is missing"));
}

TEST(FileMetaDataSerdeTest, RejectsListOfWrongElementType) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteI32Field(1, 1);
  writer.WriteFieldHeader(CompactType::kList, 2);
  writer.WriteListBegin(CompactType::kI32, 1);  // schema must be list<struct>
  writer.WriteI32(5);
  writer.WriteStructEnd();
  auto result = DeserializeFileMetaData(AsBytes(writer.bytes()));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("FileMetaData.schema"));
  EXPECT_THAT(result.status().message(), HasSubstr("list of i32, expected struct"));
}

TEST(FileMetaDataSerdeTest, RejectsLogicalTypeUnionWithoutOrWithTwoMembers) {
  for (const std::string& logical : {Raw({0x00}), Raw({0x1c, 0x00, 0x1c, 0x00, 0x00})}) {
    FileMetaData md = MinimalFileMetaData();
    md.schema[0].logical_type = MakeLogical(LogicalType::Kind::STRING);
    std::string bytes = SerializeFileMetaData(md);
    // STRING is written as `0x1c 0x00 0x00` (member 1: empty struct, union end).
    const size_t at = bytes.find(Raw({0x6c, 0x1c, 0x00, 0x00}));  // field 10 header (delta 6)
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at + 1, 3, logical);
    auto result = DeserializeFileMetaData(AsBytes(bytes));
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.status().message(), HasSubstr("LogicalType union"));
  }
}

TEST(FileMetaDataSerdeTest, ReadsIntegerListsDeclaredWithAnotherVarintWidth) {
  // Some writers declare ColumnMetaData.encodings as list<i16>; the values are zigzag
  // varints either way.
  ColumnIndex index;
  index.null_pages = {false};
  index.min_values = {"a"};
  index.max_values = {"b"};
  index.null_counts = {7, 300};
  std::string bytes = SerializeColumnIndex(index);
  const std::string i64_list = Raw({0x19, 0x26, 0x0e, 0xd8, 0x04});  // 5: list<i64>{7, 300}
  const size_t at = bytes.find(i64_list);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 0x24;  // declare list<i16>
  auto back = DeserializeColumnIndex(AsBytes(bytes));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->null_counts, (std::vector<int64_t>{7, 300}));
  bytes[at + 1] = 0x28;  // list<binary> is not an integer list
  EXPECT_FALSE(DeserializeColumnIndex(AsBytes(bytes)).ok());
}

TEST(FileMetaDataSerdeTest, EveryTruncationFails) {
  const std::string bytes = SerializeFileMetaData(FullFileMetaData());
  for (size_t length = 0; length < bytes.size(); ++length) {
    auto result = DeserializeFileMetaData(AsBytes(bytes).first(length));
    EXPECT_FALSE(result.ok()) << "length " << length;
  }
}

TEST(PageHeaderSerdeTest, EveryTruncationFails) {
  PageHeader header;
  header.type = PageType::DATA_PAGE_V2;
  header.data_page_header_v2 = DataPageHeaderV2{};
  header.data_page_header_v2->statistics = FullStatistics();
  const std::string bytes = SerializePageHeader(header);
  for (size_t length = 0; length < bytes.size(); ++length) {
    EXPECT_FALSE(DeserializePageHeader(AsBytes(bytes).first(length)).ok()) << length;
  }
}

}  // namespace
}  // namespace hindsight::parquet::format
