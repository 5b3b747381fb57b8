#include "parquet/reader/value_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_byte_array.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "parquet/encoding/testing/byte_arrays.h"
#include "parquet/format/enum_names.h"
#include "parquet/schema/field.h"

namespace hindsight::parquet {
namespace {

using format::Encoding;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A one-leaf schema whose leaf decoders are tested; kept alive for the LeafColumn.
struct OneLeaf {
  Schema schema;
  const LeafColumn& leaf() const { return schema.leaf(0); }
};

OneLeaf Leaf(Field field) { return {*Schema::Make({std::move(field)})}; }

std::vector<std::string> Strings(const Column& column) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < column.length; ++i) out.emplace_back(column.Binary(i));
  return out;
}

template <typename T>
std::vector<T> Values(const Column& column) {
  std::span<const T> values = column.Values<T>();
  return {values.begin(), values.end()};
}

TEST(ValueDecoderTest, PlainValuesOfEachPhysicalType) {
  const OneLeaf ints = Leaf(Field::Int32("x"));
  std::vector<uint8_t> data;
  EncodePlain(std::span<const int32_t>(std::vector<int32_t>{5, -6, 7}), &data);
  Column out = EmptyValues(ints.leaf());
  std::vector<uint32_t> scratch;
  ASSERT_TRUE(DecodeValues(ints.leaf(), Encoding::PLAIN, data, 2, nullptr, &out, &scratch).ok());
  ASSERT_TRUE(DecodeValues(ints.leaf(), Encoding::PLAIN, data, 3, nullptr, &out, &scratch).ok());
  EXPECT_THAT(Values<int32_t>(out), ElementsAre(5, -6, 5, -6, 7));

  const OneLeaf flba = Leaf(Field::FixedLenBinary("f", 3));
  const std::vector<uint8_t> fixed = {'a', 'b', 'c', 'd', 'e', 'f'};
  Column strings = EmptyValues(flba.leaf());
  ASSERT_TRUE(
      DecodeValues(flba.leaf(), Encoding::PLAIN, fixed, 2, nullptr, &strings, &scratch).ok());
  EXPECT_THAT(Strings(strings), ElementsAre("abc", "def"));

  const OneLeaf bools = Leaf(Field::Bool("b"));
  const std::vector<uint8_t> bits = {0b00000101};
  Column flags = EmptyValues(bools.leaf());
  ASSERT_TRUE(DecodeValues(bools.leaf(), Encoding::PLAIN, bits, 3, nullptr, &flags, &scratch).ok());
  EXPECT_THAT(Values<uint8_t>(flags), ElementsAre(1, 0, 1));
  EXPECT_FALSE(
      DecodeValues(bools.leaf(), Encoding::PLAIN, bits, 9, nullptr, &flags, &scratch).ok());
}

TEST(ValueDecoderTest, DictionaryPagesAndIndexedValues) {
  const OneLeaf strings = Leaf(Field::String("s"));
  encoding_testing::ByteArrays entries = encoding_testing::ByteArrays::Of({"red", "green", "blue"});
  std::vector<uint8_t> page;
  EncodePlainByteArray(entries.view(), &page);
  StatusOr<Dictionary> dictionary =
      DecodeDictionaryPage(strings.leaf(), {3, Encoding::PLAIN_DICTIONARY, std::nullopt}, page);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status();
  std::vector<uint8_t> indices;
  EncodeDictionaryIndices(std::span<const uint32_t>(std::vector<uint32_t>{2, 0, 0, 1}), 3,
                          &indices);
  Column out = EmptyValues(strings.leaf());
  std::vector<uint32_t> scratch;
  ASSERT_TRUE(DecodeValues(strings.leaf(), Encoding::RLE_DICTIONARY, indices, 4, &*dictionary, &out,
                           &scratch)
                  .ok());
  EXPECT_THAT(Strings(out), ElementsAre("blue", "red", "red", "green"));

  std::vector<uint8_t> bad;
  EncodeDictionaryIndices(std::span<const uint32_t>(std::vector<uint32_t>{0, 3}), 4, &bad);
  const Status status =
      DecodeValues(strings.leaf(), Encoding::RLE_DICTIONARY, bad, 2, &*dictionary, &out, &scratch);
  EXPECT_THAT(std::string(status.message()), HasSubstr("index 3 at position 1 is out of range"));
  EXPECT_THAT(std::string(DecodeValues(strings.leaf(), Encoding::RLE_DICTIONARY, indices, 4,
                                       nullptr, &out, &scratch)
                              .message()),
              HasSubstr("no dictionary page"));
}

TEST(ValueDecoderTest, DictionaryPageWithImpossibleCountsIsRefused) {
  const OneLeaf doubles = Leaf(Field::Double("d"));
  const std::vector<uint8_t> body(16, 0);
  EXPECT_TRUE(DecodeDictionaryPage(doubles.leaf(), {2, Encoding::PLAIN, std::nullopt}, body).ok());
  EXPECT_FALSE(DecodeDictionaryPage(doubles.leaf(), {3, Encoding::PLAIN, std::nullopt}, body).ok());
  EXPECT_FALSE(
      DecodeDictionaryPage(doubles.leaf(), {-1, Encoding::PLAIN, std::nullopt}, body).ok());
  EXPECT_FALSE(
      DecodeDictionaryPage(doubles.leaf(), {1 << 30, Encoding::PLAIN, std::nullopt}, body).ok());
  EXPECT_FALSE(DecodeDictionaryPage(doubles.leaf(), {1, Encoding::RLE, std::nullopt}, body).ok());
}

TEST(ValueDecoderTest, DeltaEncodings) {
  const OneLeaf longs = Leaf(Field::Int64("x"));
  const std::vector<int64_t> values = {100, 90, 1LL << 40, -5, -5, 0};
  std::vector<uint8_t> data;
  EncodeDeltaBinaryPacked(std::span<const int64_t>(values), &data);
  Column out = EmptyValues(longs.leaf());
  std::vector<uint32_t> scratch;
  ASSERT_TRUE(
      DecodeValues(longs.leaf(), Encoding::DELTA_BINARY_PACKED, data, 6, nullptr, &out, &scratch)
          .ok());
  EXPECT_EQ(Values<int64_t>(out), values);

  const OneLeaf strings = Leaf(Field::String("s"));
  encoding_testing::ByteArrays words =
      encoding_testing::ByteArrays::Of({"apple", "applied", "", "b"});
  std::vector<uint8_t> lengths;
  EncodeDeltaLengthByteArray(words.view(), &lengths);
  std::vector<uint8_t> fronts;
  EncodeDeltaByteArray(words.view(), &fronts);
  for (const auto& [encoding, bytes] : {std::pair{Encoding::DELTA_LENGTH_BYTE_ARRAY, lengths},
                                        std::pair{Encoding::DELTA_BYTE_ARRAY, fronts}}) {
    Column decoded = EmptyValues(strings.leaf());
    ASSERT_TRUE(DecodeValues(strings.leaf(), encoding, bytes, 4, nullptr, &decoded, &scratch).ok());
    EXPECT_THAT(Strings(decoded), ElementsAre("apple", "applied", "", "b"));
  }

  const OneLeaf flba = Leaf(Field::FixedLenBinary("f", 5));
  Column wrong_width = EmptyValues(flba.leaf());
  EXPECT_THAT(std::string(DecodeValues(flba.leaf(), Encoding::DELTA_BYTE_ARRAY, fronts, 4, nullptr,
                                       &wrong_width, &scratch)
                              .message()),
              HasSubstr("fixed length is 5"));
}

TEST(ValueDecoderTest, ByteStreamSplitAndRleBooleans) {
  const OneLeaf floats = Leaf(Field::Float("f"));
  const std::vector<float> values = {1.5f, -2.25f, 3e10f};
  std::vector<uint8_t> data;
  EncodeByteStreamSplit({reinterpret_cast<const uint8_t*>(values.data()), 12}, 4, &data);
  Column out = EmptyValues(floats.leaf());
  std::vector<uint32_t> scratch;
  ASSERT_TRUE(
      DecodeValues(floats.leaf(), Encoding::BYTE_STREAM_SPLIT, data, 3, nullptr, &out, &scratch)
          .ok());
  EXPECT_EQ(Values<float>(out), values);

  const OneLeaf bools = Leaf(Field::Bool("b"));
  const std::vector<uint8_t> flags = {1, 1, 0, 1, 0, 0, 0, 0, 1};
  std::vector<uint8_t> rle;
  EncodeRleBitPackedLengthPrefixed(std::span<const uint8_t>(flags), 1, &rle);
  Column decoded = EmptyValues(bools.leaf());
  ASSERT_TRUE(
      DecodeValues(bools.leaf(), Encoding::RLE, rle, flags.size(), nullptr, &decoded, &scratch)
          .ok());
  EXPECT_EQ(Values<uint8_t>(decoded), flags);
}

TEST(ValueDecoderTest, EncodingsThatDoNotApplyToTheTypeAreErrors) {
  const OneLeaf strings = Leaf(Field::String("s"));
  const OneLeaf doubles = Leaf(Field::Double("d"));
  const std::vector<uint8_t> data(64, 0);
  Column out = EmptyValues(strings.leaf());
  std::vector<uint32_t> scratch;
  EXPECT_THAT(std::string(DecodeValues(strings.leaf(), Encoding::DELTA_BINARY_PACKED, data, 1,
                                       nullptr, &out, &scratch)
                              .message()),
              HasSubstr("does not apply"));
  Column numbers = EmptyValues(doubles.leaf());
  EXPECT_FALSE(
      DecodeValues(doubles.leaf(), Encoding::RLE, data, 1, nullptr, &numbers, &scratch).ok());
  EXPECT_FALSE(
      DecodeValues(doubles.leaf(), Encoding::DELTA_BYTE_ARRAY, data, 1, nullptr, &numbers, &scratch)
          .ok());
  EXPECT_FALSE(
      DecodeValues(doubles.leaf(), static_cast<Encoding>(42), data, 1, nullptr, &numbers, &scratch)
          .ok());
  EXPECT_EQ(format::EncodingName(static_cast<Encoding>(42)), "UNKNOWN(42)");
}

TEST(ValueDecoderTest, ShortPlainDataIsAnErrorBeforeAllocating) {
  const OneLeaf longs = Leaf(Field::Int64("x"));
  const std::vector<uint8_t> data(15, 0);
  Column out = EmptyValues(longs.leaf());
  std::vector<uint32_t> scratch;
  EXPECT_THAT(std::string(DecodeValues(longs.leaf(), Encoding::PLAIN, data, 1 << 27, nullptr, &out,
                                       &scratch)
                              .message()),
              HasSubstr("holds 1 values"));
  EXPECT_EQ(out.values.capacity(), 0u);
}

}  // namespace
}  // namespace hindsight::parquet
