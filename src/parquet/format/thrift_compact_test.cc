#include "parquet/format/thrift_compact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hindsight::parquet::format {
namespace {

using ::testing::HasSubstr;

std::vector<uint8_t> Bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

std::vector<uint8_t> BytesOf(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

// --- Known encodings from the compact protocol spec -------------------------------

TEST(ZigzagTest, MapsSmallMagnitudesToSmallCodes) {
  EXPECT_EQ(ZigzagEncode(0), 0u);
  EXPECT_EQ(ZigzagEncode(-1), 1u);
  EXPECT_EQ(ZigzagEncode(1), 2u);
  EXPECT_EQ(ZigzagEncode(-2), 3u);
  EXPECT_EQ(ZigzagEncode(2147483647), 4294967294u);
  EXPECT_EQ(ZigzagEncode(-2147483648LL), 4294967295u);
  EXPECT_EQ(ZigzagEncode(std::numeric_limits<int64_t>::min()),
            std::numeric_limits<uint64_t>::max());
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-300}, int64_t{1} << 40,
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(ZigzagDecode(ZigzagEncode(v)), v);
  }
}

TEST(CompactWriterTest, WritesVarintsAsUleb128) {
  const std::pair<uint64_t, std::vector<uint8_t>> cases[] = {
      {0, Bytes({0x00})},
      {1, Bytes({0x01})},
      {127, Bytes({0x7f})},
      {128, Bytes({0x80, 0x01})},
      {300, Bytes({0xac, 0x02})},
      {std::numeric_limits<uint64_t>::max(),
       Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})},
  };
  for (const auto& [value, expected] : cases) {
    CompactWriter writer;
    writer.WriteVarint(value);
    EXPECT_EQ(BytesOf(writer.bytes()), expected) << value;
    CompactReader reader(expected);
    auto decoded = reader.ReadVarint64();
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, value);
    EXPECT_EQ(reader.remaining(), 0u);
  }
}

TEST(CompactWriterTest, WritesIntegersZigzagged) {
  CompactWriter writer;
  writer.WriteI32(-1);
  writer.WriteI64(1);
  writer.WriteI16(-64);
  writer.WriteI8(-1);
  EXPECT_EQ(BytesOf(writer.bytes()), Bytes({0x01, 0x02, 0x7f, 0xff}));
}

TEST(CompactWriterTest, WritesShortFieldHeadersForSmallAscendingDeltas) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteI32Field(1, 1);         // delta 1, i32 -> 0x15
  writer.WriteI64Field(3, -1);        // delta 2, i64 -> 0x26
  writer.WriteBinaryField(20, "ab");  // delta 17 > 15 -> long form: 0x08, zigzag(20) = 40
  writer.WriteI16Field(4, 7);         // id goes down -> long form: 0x04, zigzag(4) = 8
  writer.WriteStructEnd();
  EXPECT_EQ(BytesOf(writer.bytes()),
            Bytes({0x15, 0x02, 0x26, 0x01, 0x08, 0x28, 0x02, 'a', 'b', 0x04, 0x08, 0x0e, 0x00}));
}

TEST(CompactWriterTest, EncodesBoolFieldValueInTypeNibble) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteBoolField(1, true);
  writer.WriteBoolField(2, false);
  writer.WriteStructEnd();
  EXPECT_EQ(BytesOf(writer.bytes()), Bytes({0x11, 0x12, 0x00}));
}

TEST(CompactWriterTest, WritesShortAndLongListHeaders) {
  CompactWriter writer;
  writer.WriteListBegin(CompactType::kI32, 3);
  writer.WriteListBegin(CompactType::kI32, 14);
  writer.WriteListBegin(CompactType::kI32, 15);
  writer.WriteListBegin(CompactType::kStruct, 300);
  EXPECT_EQ(BytesOf(writer.bytes()), Bytes({0x35, 0xe5, 0xf5, 0x0f, 0xfc, 0xac, 0x02}));
}

TEST(CompactWriterTest, WritesDoubleLittleEndian) {
  CompactWriter writer;
  writer.WriteDouble(1.0);
  EXPECT_EQ(BytesOf(writer.bytes()), Bytes({0, 0, 0, 0, 0, 0, 0xf0, 0x3f}));
}

// --- Reading --------------------------------------------------------------------

TEST(CompactReaderTest, ReadsFieldHeadersInShortAndLongForm) {
  const auto bytes =
      Bytes({0x15, 0x02, 0x26, 0x01, 0x08, 0x28, 0x02, 'a', 'b', 0x04, 0x08, 0x0e, 0x00});
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  auto f1 = reader.ReadFieldHeader();
  ASSERT_TRUE(f1.ok());
  EXPECT_EQ(f1->id, 1);
  EXPECT_EQ(f1->type, CompactType::kI32);
  EXPECT_EQ(*reader.ReadI32(), 1);
  auto f3 = reader.ReadFieldHeader();
  EXPECT_EQ(f3->id, 3);
  EXPECT_EQ(f3->type, CompactType::kI64);
  EXPECT_EQ(*reader.ReadI64(), -1);
  auto f20 = reader.ReadFieldHeader();
  EXPECT_EQ(f20->id, 20);
  EXPECT_EQ(f20->type, CompactType::kBinary);
  EXPECT_EQ(*reader.ReadBinary(), "ab");
  auto f4 = reader.ReadFieldHeader();
  EXPECT_EQ(f4->id, 4);
  EXPECT_EQ(f4->type, CompactType::kI16);
  EXPECT_EQ(*reader.ReadI16(), 7);
  auto stop = reader.ReadFieldHeader();
  EXPECT_EQ(stop->type, CompactType::kStop);
  reader.ReadStructEnd();
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(CompactReaderTest, ReadsBoolFieldValueFromHeader) {
  const auto bytes = Bytes({0x11, 0x12, 0x00});
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  EXPECT_EQ(reader.ReadFieldHeader()->type, CompactType::kBoolTrue);
  EXPECT_EQ(*reader.ReadBool(), true);
  auto second = reader.ReadFieldHeader();
  EXPECT_EQ(second->id, 2);
  EXPECT_EQ(*reader.ReadBool(), false);
  EXPECT_EQ(reader.ReadFieldHeader()->type, CompactType::kStop);
  EXPECT_EQ(reader.position(), 3u);
}

TEST(CompactReaderTest, ReadsListOfBoolsAsOneBytePerElement) {
  const auto bytes = Bytes({0x31, 0x01, 0x02, 0x01});
  CompactReader reader(bytes);
  auto header = reader.ReadListBegin();
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->size, 3u);
  EXPECT_EQ(header->element_type, CompactType::kBoolTrue);
  EXPECT_EQ(*reader.ReadBool(), true);
  EXPECT_EQ(*reader.ReadBool(), false);
  EXPECT_EQ(*reader.ReadBool(), true);
}

TEST(CompactReaderTest, ReadsLongFormListHeader) {
  std::vector<uint8_t> bytes = Bytes({0xf5, 0x14});  // 20 x i32
  for (int i = 0; i < 20; ++i) bytes.push_back(static_cast<uint8_t>(2 * i));
  CompactReader reader(bytes);
  auto header = reader.ReadListBegin();
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->size, 20u);
  EXPECT_EQ(header->element_type, CompactType::kI32);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(*reader.ReadI32(), i);
}

TEST(CompactReaderTest, ReadsDoubleLittleEndian) {
  const auto bytes = Bytes({0, 0, 0, 0, 0, 0, 0xf0, 0xbf});
  CompactReader reader(bytes);
  EXPECT_EQ(*reader.ReadDouble(), -1.0);
}

TEST(CompactReaderTest, RoundTripsExtremeIntegers) {
  CompactWriter writer;
  writer.WriteI16(std::numeric_limits<int16_t>::min());
  writer.WriteI16(std::numeric_limits<int16_t>::max());
  writer.WriteI32(std::numeric_limits<int32_t>::min());
  writer.WriteI32(std::numeric_limits<int32_t>::max());
  writer.WriteI64(std::numeric_limits<int64_t>::min());
  writer.WriteI64(std::numeric_limits<int64_t>::max());
  const std::string bytes = writer.bytes();
  CompactReader r(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  EXPECT_EQ(*r.ReadI16(), std::numeric_limits<int16_t>::min());
  EXPECT_EQ(*r.ReadI16(), std::numeric_limits<int16_t>::max());
  EXPECT_EQ(*r.ReadI32(), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(*r.ReadI32(), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(*r.ReadI64(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(*r.ReadI64(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CompactReaderTest, SkipsEveryWireTypeAndLandsOnTheNextField) {
  CompactWriter writer;
  writer.WriteStructBegin();
  writer.WriteBoolField(1, true);
  writer.WriteI8Field(2, -5);
  writer.WriteI16Field(3, 300);
  writer.WriteI32Field(4, -70000);
  writer.WriteI64Field(5, int64_t{1} << 50);
  writer.WriteFieldHeader(CompactType::kDouble, 6);
  writer.WriteDouble(2.5);
  writer.WriteBinaryField(7, "skip me");
  writer.WriteFieldHeader(CompactType::kList, 8);
  writer.WriteListBegin(CompactType::kBoolTrue, 2);
  writer.WriteBool(true);
  writer.WriteBool(false);
  writer.WriteFieldHeader(CompactType::kSet, 9);
  writer.WriteListBegin(CompactType::kBinary, 16);
  for (int i = 0; i < 16; ++i) writer.WriteBinary("x");
  writer.WriteFieldHeader(CompactType::kMap, 10);
  writer.WriteMapBegin(CompactType::kI32, CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    writer.WriteI32(i);
    writer.WriteStructBegin();
    writer.WriteBinaryField(1, "nested");
    writer.WriteStructEnd();
  }
  writer.WriteFieldHeader(CompactType::kMap, 11);
  writer.WriteMapBegin(CompactType::kI32, CompactType::kI32, 0);
  writer.WriteFieldHeader(CompactType::kUuid, 12);
  for (int i = 0; i < 16; ++i) writer.WriteI8(static_cast<int8_t>(i));
  writer.WriteFieldHeader(CompactType::kStruct, 13);
  writer.WriteStructBegin();
  writer.WriteFieldHeader(CompactType::kStruct, 40);
  writer.WriteStructBegin();
  writer.WriteBoolField(1, false);
  writer.WriteStructEnd();
  writer.WriteStructEnd();
  writer.WriteI32Field(14, 4242);  // the field the reader wants
  writer.WriteStructEnd();

  const std::string bytes = writer.Release();
  CompactReader reader(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  int skipped = 0;
  int32_t wanted = 0;
  while (true) {
    auto field = reader.ReadFieldHeader();
    ASSERT_TRUE(field.ok()) << field.status();
    if (field->type == CompactType::kStop) break;
    if (field->id == 14) {
      wanted = *reader.ReadI32();
    } else {
      ASSERT_TRUE(reader.Skip(field->type).ok()) << "field " << field->id;
      ++skipped;
    }
  }
  EXPECT_EQ(skipped, 13);
  EXPECT_EQ(wanted, 4242);
  EXPECT_EQ(reader.remaining(), 0u);
}

// --- Hostile input --------------------------------------------------------------

TEST(CompactReaderTest, RejectsVarintLongerThanTenBytes) {
  const auto bytes = Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  CompactReader reader(bytes);
  auto value = reader.ReadVarint64();
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("offset 0"));
}

TEST(CompactReaderTest, RejectsVarintOverflowing64Bits) {
  const auto bytes = Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02});
  CompactReader reader(bytes);
  auto value = reader.ReadVarint64();
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("overflows 64 bits"));
}

TEST(CompactReaderTest, RejectsI32VarintOverflowingOrLongerThanFiveBytes) {
  const auto overflow = Bytes({0xff, 0xff, 0xff, 0xff, 0x1f});
  EXPECT_FALSE(CompactReader(overflow).ReadI32().ok());
  const auto too_long = Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_FALSE(CompactReader(too_long).ReadI32().ok());
  const auto largest = Bytes({0xff, 0xff, 0xff, 0xff, 0x0f});
  EXPECT_EQ(*CompactReader(largest).ReadI32(), std::numeric_limits<int32_t>::min());
}

TEST(CompactReaderTest, RejectsI16OutOfRange) {
  const auto bytes = Bytes({0x80, 0x80, 0x04});  // zigzag 65536 -> 32768
  auto value = CompactReader(bytes).ReadI16();
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("i16"));
}

TEST(CompactReaderTest, RejectsTruncatedVarint) {
  const auto bytes = Bytes({0x80, 0x80});
  auto value = CompactReader(bytes, 100).ReadI64();
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("offset 102"));
}

TEST(CompactReaderTest, RejectsBinaryLongerThanRemainingBytes) {
  const auto bytes = Bytes({0x00, 0x05, 'a', 'b'});
  CompactReader reader(bytes, 1000);
  ASSERT_TRUE(reader.ReadI8().ok());
  auto value = reader.ReadBinary();
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("binary of 5 bytes"));
  EXPECT_THAT(value.status().message(), HasSubstr("offset 1001"));
}

TEST(CompactReaderTest, CapsListSizeByRemainingBytes) {
  // A list claiming 2^31 i64 elements in 6 bytes.
  const auto bytes = Bytes({0xf6, 0x80, 0x80, 0x80, 0x80, 0x08});
  auto header = CompactReader(bytes).ReadListBegin();
  ASSERT_FALSE(header.ok());
  EXPECT_THAT(header.status().message(), HasSubstr("longer than the 0 bytes left"));
  // Doubles take 8 bytes each: 2 doubles need 16 bytes, only 8 follow.
  const auto doubles = Bytes({0x27, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_FALSE(CompactReader(doubles).ReadListBegin().ok());
}

TEST(CompactReaderTest, CapsMapSizeByRemainingBytes) {
  const auto bytes = Bytes({0x0a, 0x55, 0x02, 0x02});  // 10 entries, 2 bytes
  EXPECT_FALSE(CompactReader(bytes).ReadMapBegin().ok());
}

TEST(CompactReaderTest, RejectsInvalidWireTypes) {
  const auto bytes = Bytes({0x1e, 0x00});  // field 1 of type 14
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  auto field = reader.ReadFieldHeader();
  ASSERT_FALSE(field.ok());
  EXPECT_THAT(field.status().message(), HasSubstr("invalid wire type 14"));
  EXPECT_FALSE(CompactReader(Bytes({0x1f})).ReadListBegin().ok());
}

TEST(CompactReaderTest, RejectsStopByteWithFieldDelta) {
  const auto bytes = Bytes({0x10});
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  EXPECT_FALSE(reader.ReadFieldHeader().ok());
}

TEST(CompactReaderTest, RejectsFieldIdOverflowingI16) {
  // Long-form id 32767, then a delta of 1.
  const auto bytes = Bytes({0x05, 0xfe, 0xff, 0x03, 0x00, 0x15, 0x00});
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadStructBegin().ok());
  auto first = reader.ReadFieldHeader();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->id, 32767);
  ASSERT_TRUE(reader.ReadI32().ok());
  EXPECT_FALSE(reader.ReadFieldHeader().ok());
}

TEST(CompactReaderTest, RejectsInvalidBoolByteInList) {
  const auto bytes = Bytes({0x11, 0x07});
  CompactReader reader(bytes);
  ASSERT_TRUE(reader.ReadListBegin().ok());
  EXPECT_FALSE(reader.ReadBool().ok());
}

TEST(CompactReaderTest, SkipRejectsStructsNestedBeyondTheDepthLimit) {
  // Field 1 of type struct, nested 100 times, never closed.
  std::vector<uint8_t> bytes(100, 0x1c);
  CompactReader reader(bytes);
  auto status = reader.Skip(CompactType::kStruct);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("nesting deeper than 64"));
}

TEST(CompactReaderTest, SkipRejectsListsNestedBeyondTheDepthLimit) {
  std::vector<uint8_t> bytes(200, 0x19);  // list of one list of one list ...
  CompactReader reader(bytes);
  EXPECT_FALSE(reader.Skip(CompactType::kList).ok());
}

TEST(CompactReaderTest, SkipAcceptsNestingUpToTheLimit) {
  // kMaxCompactNestingDepth structs, each a field 1 of the previous, then all closed.
  std::vector<uint8_t> bytes(kMaxCompactNestingDepth - 1, 0x1c);
  bytes.insert(bytes.end(), kMaxCompactNestingDepth, 0x00);
  CompactReader reader(bytes);
  auto status = reader.Skip(CompactType::kStruct);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(CompactReaderTest, SkipOfTruncatedStructFails) {
  const auto bytes = Bytes({0x15, 0x02, 0x18, 0x05, 'a'});
  EXPECT_FALSE(CompactReader(bytes).Skip(CompactType::kStruct).ok());
  EXPECT_FALSE(CompactReader(Bytes({0x15, 0x02})).Skip(CompactType::kStruct).ok());
  EXPECT_FALSE(CompactReader(Bytes({0x00})).Skip(CompactType::kStop).ok());
}

TEST(CompactReaderTest, ReadsEveryEncodingOfEveryByteWithoutCrashing) {
  // Exhaustive over all 2-byte inputs: whatever they decode to, errors are clean.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const auto bytes = Bytes({a, b});
      CompactReader reader(bytes);
      auto status = reader.Skip(CompactType::kStruct);
      EXPECT_LE(reader.position(), bytes.size());
      if (status.ok()) EXPECT_EQ(bytes[reader.position() - 1], 0);
    }
  }
}

}  // namespace
}  // namespace hindsight::parquet::format
