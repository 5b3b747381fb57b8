#include "parquet/format/footer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "parquet/format/format_test_util.h"
#include "parquet/format/metadata_serde.h"

namespace hindsight::parquet::format {
namespace {

using ::hindsight::parquet::format::testing::AsBytes;
using ::hindsight::parquet::format::testing::ParquetFilesIn;
using ::hindsight::parquet::format::testing::ParquetTestingDir;
using ::hindsight::parquet::format::testing::ReadWholeFile;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Facts about every reference file, as reported by an independent reader: DuckDB's
// parquet_file_metadata / parquet_schema / parquet_metadata table functions (sums over
// all column chunks). dictionary_offsets counts chunks with dictionary_page_offset set;
// null_counts counts chunks whose statistics carry null_count.
struct ReferenceFacts {
  const char* file;
  int64_t num_rows;
  size_t row_groups;
  size_t schema_elements;
  size_t leaves;
  size_t column_chunks;
  int64_t sum_data_page_offset;
  int64_t sum_total_compressed_size;
  int64_t sum_num_values;
  int bloom_filters;
  int dictionary_offsets;
  int null_counts;
  const char* created_by_prefix;  // "" when the file has no created_by
};

constexpr ReferenceFacts kReferenceFacts[] = {
    // clang-format off
    {"alltypes_dictionary.parquet", 2, 1, 12, 11, 11, 4799, 532, 22, 0, 10, 0, "impala version"},
    {"alltypes_plain.parquet", 8, 1, 12, 11, 11, 5301, 671, 88, 0, 10, 0, "impala version"},
    {"alltypes_plain.snappy.parquet", 2, 1, 12, 11, 11, 5017, 570, 22, 0, 10, 0, "impala version"},
    {"alltypes_tiny_pages.parquet", 7300, 1, 14, 13, 13, 1569472, 323579, 94900, 0, 0, 13, "parquet-mr version"},
    {"binary.parquet", 12, 1, 2, 1, 1, 4, 95, 12, 0, 0, 1, "parquet-mr version"},
    {"byte_stream_split.zstd.parquet", 300, 1, 3, 2, 2, 1234, 3441, 600, 0, 0, 2, "parquet-cpp-arrow version"},
    {"column_chunk_key_value_metadata.parquet", 0, 1, 3, 2, 2, 0, 28, 0, 0, 2, 0, "parquet-cpp-arrow version"},
    {"data_index_bloom_encoding_stats.parquet", 14, 1, 2, 1, 1, 4, 152, 14, 1, 0, 1, "parquet-mr version"},
    {"datapage_v1-corrupt-checksum.parquet", 5120, 1, 3, 2, 2, 20544, 41072, 10240, 0, 0, 0, "parquet-mr version"},
    {"datapage_v1-snappy-compressed-checksum.parquet", 5120, 1, 3, 2, 2, 1531, 3047, 10240, 0, 0, 0, "parquet-mr version"},
    {"datapage_v1-uncompressed-checksum.parquet", 5120, 1, 3, 2, 2, 20544, 41072, 10240, 0, 0, 0, "parquet-mr version"},
    {"datapage_v2.snappy.parquet", 5, 1, 8, 5, 5, 634, 317, 30, 0, 0, 5, "parquet-mr version"},
    {"delta_binary_packed.parquet", 200, 1, 67, 66, 66, 1481401, 65467, 13200, 0, 0, 66, "parquet-mr version"},
    {"delta_byte_array.parquet", 1000, 1, 10, 9, 9, 225423, 67295, 9000, 0, 0, 9, "parquet-mr version"},
    {"delta_length_byte_array.parquet", 1000, 1, 2, 1, 1, 4, 2625, 1000, 0, 0, 0, ""},
    {"dict-page-offset-zero.parquet", 39, 1, 2, 1, 1, 4, 40, 39, 0, 1, 1, "parquet-mr version"},
    {"fixed_length_byte_array.parquet", 1000, 1, 2, 1, 1, 4, 3940, 1000, 0, 0, 1, "parquet-mr version"},
    {"int32_decimal.parquet", 24, 1, 2, 1, 1, 4, 137, 24, 0, 0, 1, "parquet-mr version"},
    {"int64_decimal.parquet", 24, 1, 2, 1, 1, 4, 241, 24, 0, 0, 1, "parquet-mr version"},
    {"int96_from_spark.parquet", 6, 1, 2, 1, 1, 81, 113, 6, 0, 1, 1, "parquet-mr version"},
    {"list_columns.parquet", 3, 1, 7, 2, 2, 309, 215, 14, 0, 2, 2, "parquet-cpp version"},
    {"lz4_raw_compressed.parquet", 4, 1, 4, 3, 3, 455, 238, 12, 0, 0, 3, "parquet-cpp version"},
    {"nan_in_stats.parquet", 2, 1, 2, 1, 1, 36, 84, 2, 0, 1, 1, "parquet-cpp version"},
    {"nested_lists.snappy.parquet", 3, 1, 9, 2, 2, 112, 160, 21, 0, 0, 2, "parquet-mr version"},
    {"nested_maps.snappy.parquet", 6, 1, 10, 5, 5, 737, 338, 36, 0, 0, 5, "parquet-mr version"},
    {"null_list.parquet", 1, 1, 4, 1, 1, 4, 29, 1, 0, 0, 1, "parquet-rs version"},
    {"nulls.snappy.parquet", 8, 1, 3, 1, 1, 4, 29, 8, 0, 0, 1, "parquet-mr version"},
    {"old_list_structure.parquet", 1, 1, 4, 1, 1, 4, 53, 4, 0, 0, 1, "parquet-mr version"},
    {"repeated_no_annotation.parquet", 0, 1, 6, 3, 3, 442, 205, 22, 0, 3, 0, "parquet-rs version"},
    {"rle_boolean_encoding.parquet", 68, 1, 2, 1, 1, 4, 69, 68, 0, 0, 1, ""},
    {"single_nan.parquet", 1, 1, 2, 1, 1, 19, 45, 1, 0, 1, 1, "parquet-cpp version"},
    // clang-format on
};

StatusOr<FileMetaData> ParseWholeFile(const std::vector<uint8_t>& bytes) {
  return ParseFooter(bytes, bytes.size());
}

// --- Reference files ----------------------------------------------------------------

TEST(ParseFooterTest, ParsesEveryReferenceFileWithTheFactsAnotherReaderReports) {
  const auto files = ParquetFilesIn("data");
  ASSERT_FALSE(files.empty()) << "no reference files: set HINDSIGHT_SOURCE_DIR";
  std::map<std::string, const ReferenceFacts*> facts_by_file;
  for (const ReferenceFacts& facts : kReferenceFacts) facts_by_file[facts.file] = &facts;
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    auto it = facts_by_file.find(path.filename().string());
    ASSERT_NE(it, facts_by_file.end()) << "new reference file: add its facts to the table";
    const ReferenceFacts& facts = *it->second;
    const auto bytes = ReadWholeFile(path);
    auto metadata = ParseWholeFile(bytes);
    ASSERT_TRUE(metadata.ok()) << metadata.status();
    EXPECT_EQ(metadata->num_rows, facts.num_rows);
    EXPECT_EQ(metadata->row_groups.size(), facts.row_groups);
    EXPECT_EQ(metadata->schema.size(), facts.schema_elements);
    EXPECT_EQ(*CountSchemaLeaves(metadata->schema), facts.leaves);
    size_t chunks = 0;
    int64_t sum_data_page_offset = 0, sum_total_compressed_size = 0, sum_num_values = 0;
    int bloom_filters = 0, dictionary_offsets = 0, null_counts = 0;
    for (const RowGroup& group : metadata->row_groups) {
      for (const ColumnChunk& chunk : group.columns) {
        ++chunks;
        ASSERT_TRUE(chunk.meta_data.has_value());
        const ColumnMetaData& meta = *chunk.meta_data;
        sum_data_page_offset += meta.data_page_offset;
        sum_total_compressed_size += meta.total_compressed_size;
        sum_num_values += meta.num_values;
        bloom_filters += meta.bloom_filter_offset.has_value();
        dictionary_offsets += meta.dictionary_page_offset.has_value();
        null_counts += meta.statistics.has_value() && meta.statistics->null_count.has_value();
      }
    }
    EXPECT_EQ(chunks, facts.column_chunks);
    EXPECT_EQ(sum_data_page_offset, facts.sum_data_page_offset);
    EXPECT_EQ(sum_total_compressed_size, facts.sum_total_compressed_size);
    EXPECT_EQ(sum_num_values, facts.sum_num_values);
    EXPECT_EQ(bloom_filters, facts.bloom_filters);
    EXPECT_EQ(dictionary_offsets, facts.dictionary_offsets);
    EXPECT_EQ(null_counts, facts.null_counts);
    EXPECT_THAT(metadata->created_by.value_or(""), StartsWith(facts.created_by_prefix));
    EXPECT_FALSE(metadata->has_encryption_algorithm);

    // Re-serialising what was read and reading it back gives the same metadata.
    auto again = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(*metadata)));
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(*again, *metadata);
  }
}

TEST(ParseFooterTest, AlltypesPlainHasItsKnownSchema) {
  const auto bytes = ReadWholeFile(ParquetTestingDir("data") / "alltypes_plain.parquet");
  auto metadata = ParseWholeFile(bytes);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(metadata->num_rows, 8);
  std::vector<std::string> names;
  std::vector<Type> types;
  for (size_t i = 1; i < metadata->schema.size(); ++i) {
    names.push_back(metadata->schema[i].name);
    types.push_back(*metadata->schema[i].type);
    EXPECT_EQ(metadata->schema[i].repetition_type, FieldRepetitionType::OPTIONAL);
  }
  EXPECT_EQ(metadata->schema[0].num_children, 11);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "bool_col", "tinyint_col", "smallint_col",
                                             "int_col", "bigint_col", "float_col", "double_col",
                                             "date_string_col", "string_col", "timestamp_col"}));
  EXPECT_EQ(types, (std::vector<Type>{Type::INT32, Type::BOOLEAN, Type::INT32, Type::INT32,
                                      Type::INT32, Type::INT64, Type::FLOAT, Type::DOUBLE,
                                      Type::BYTE_ARRAY, Type::BYTE_ARRAY, Type::INT96}));
  const ColumnMetaData& id = *metadata->row_groups[0].columns[0].meta_data;
  EXPECT_EQ(id.path_in_schema, std::vector<std::string>{"id"});
  EXPECT_EQ(id.data_page_offset, 49);
  EXPECT_EQ(id.dictionary_page_offset, 4);
  EXPECT_EQ(id.total_compressed_size, 73);
  EXPECT_EQ(id.codec, CompressionCodec::UNCOMPRESSED);
  EXPECT_EQ(id.encodings,
            (std::vector<Encoding>{Encoding::RLE, Encoding::PLAIN_DICTIONARY, Encoding::PLAIN}));
}

TEST(ParseFooterTest, NestedListsSchemaHasItsGroups) {
  const auto bytes = ReadWholeFile(ParquetTestingDir("data") / "nested_lists.snappy.parquet");
  auto metadata = ParseWholeFile(bytes);
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  ASSERT_EQ(metadata->schema.size(), 9u);
  EXPECT_EQ(metadata->schema[1].name, "a");
  EXPECT_EQ(metadata->schema[1].converted_type, ConvertedType::LIST);
  EXPECT_EQ(metadata->schema[2].repetition_type, FieldRepetitionType::REPEATED);
  EXPECT_EQ(metadata->schema[7].converted_type, ConvertedType::UTF8);
  EXPECT_EQ(metadata->schema[8].name, "b");
  EXPECT_EQ(metadata->schema[8].repetition_type, FieldRepetitionType::REQUIRED);
  EXPECT_EQ(
      metadata->row_groups[0].columns[0].meta_data->path_in_schema,
      (std::vector<std::string>{"a", "list", "element", "list", "element", "list", "element"}));
}

// What this module concludes about each file in bad_data/: most are bad only in their
// pages (their footers are sound and parse); PARQUET-1481 has a corrupt schema type.
TEST(ParseFooterTest, BadDataFilesFailClearlyOrAreBadOnlyInTheirPages) {
  const std::map<std::string, std::string> expected_error = {
      {"PARQUET-1481.parquet", "unknown physical type -7"},
      {"ARROW-GH-41317.parquet", ""},           // bad in pages: columns of unequal size
      {"ARROW-GH-41321.parquet", ""},           // bad in pages: fewer levels than num_values
      {"ARROW-RS-GH-6229-LEVELS.parquet", ""},  // bad in pages: too few repetition levels
  };
  const auto files = ParquetFilesIn("bad_data");
  ASSERT_FALSE(files.empty()) << "no bad_data files: set HINDSIGHT_SOURCE_DIR";
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    auto it = expected_error.find(path.filename().string());
    ASSERT_NE(it, expected_error.end()) << "new bad_data file: classify it";
    auto metadata = ParseWholeFile(ReadWholeFile(path));
    if (it->second.empty()) {
      EXPECT_TRUE(metadata.ok()) << metadata.status();
    } else {
      ASSERT_FALSE(metadata.ok());
      EXPECT_EQ(metadata.status().code(), absl::StatusCode::kDataLoss);
      EXPECT_THAT(metadata.status().message(), HasSubstr(it->second));
      EXPECT_THAT(metadata.status().message(), HasSubstr("file offset"));
    }
  }
}

// --- Tail handling ----------------------------------------------------------------

TEST(LocateFooterTest, FindsMetadataFromTheTrailerAlone) {
  const auto bytes = ReadWholeFile(ParquetTestingDir("data") / "alltypes_plain.parquet");
  ASSERT_FALSE(bytes.empty());
  auto location = LocateFooter(std::span(bytes).last(kFooterTrailerSize), bytes.size());
  ASSERT_TRUE(location.ok()) << location.status();
  EXPECT_EQ(location->metadata_offset + location->tail_size(), bytes.size());
  // The exact tail is enough to parse; the leading magic is then not checked.
  const auto tail = std::span(bytes).last(location->tail_size());
  auto from_tail = ParseFooter(tail, bytes.size());
  ASSERT_TRUE(from_tail.ok()) << from_tail.status();
  EXPECT_EQ(*from_tail, *ParseWholeFile(bytes));
}

TEST(LocateFooterTest, RejectsFilesTooSmallForParquet) {
  const std::string tiny = "PAR1PAR1";
  auto location = LocateFooter(AsBytes(tiny), tiny.size());
  ASSERT_FALSE(location.ok());
  EXPECT_THAT(location.status().message(), HasSubstr("too small"));
  EXPECT_FALSE(ParseFooter({}, 0).ok());
}

TEST(LocateFooterTest, RejectsBadTrailingMagic) {
  std::string file = "PAR1" + std::string(20, '\0') + std::string("\x14\0\0\0PAR2", 8);
  auto location = LocateFooter(AsBytes(file), file.size());
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(location.status().message(), HasSubstr("bad magic 'PAR2' at file offset 28"));
}

TEST(LocateFooterTest, RefusesEncryptedFooter) {
  std::string file = "PAR1" + std::string(20, '\0') + std::string("\x14\0\0\0PARE", 8);
  auto location = LocateFooter(AsBytes(file), file.size());
  ASSERT_FALSE(location.ok());
  EXPECT_EQ(location.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(location.status().message(), HasSubstr("encrypted footer"));
}

TEST(LocateFooterTest, RejectsMetadataLongerThanTheFile) {
  for (uint32_t length : {21u, 1000u, 0xFFFFFFFFu, 0u}) {
    std::string file = "PAR1" + std::string(20, '\0');
    for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>(length >> (8 * i)));
    file += "PAR1";
    auto location = LocateFooter(AsBytes(file), file.size());
    ASSERT_FALSE(location.ok()) << length;
    EXPECT_THAT(location.status().message(), HasSubstr("does not fit a file of 32 bytes"));
  }
}

TEST(ParseFooterTest, RejectsBadLeadingMagic) {
  auto bytes = ReadWholeFile(ParquetTestingDir("data") / "alltypes_plain.parquet");
  ASSERT_FALSE(bytes.empty());
  bytes[0] = 'X';
  auto metadata = ParseWholeFile(bytes);
  ASSERT_FALSE(metadata.ok());
  EXPECT_THAT(metadata.status().message(), HasSubstr("bad magic 'XAR1' at file offset 0"));
  EXPECT_FALSE(CheckLeadingMagic(std::span(bytes).first(2)).ok());
}

TEST(ParseFooterTest, RejectsTailShorterThanTheFooter) {
  const auto bytes = ReadWholeFile(ParquetTestingDir("data") / "alltypes_plain.parquet");
  ASSERT_FALSE(bytes.empty());
  auto metadata = ParseFooter(std::span(bytes).last(100), bytes.size());
  ASSERT_FALSE(metadata.ok());
  EXPECT_THAT(metadata.status().message(), HasSubstr("the tail given has only 100"));
}

// Every truncation of a real file (cut at the end, as an interrupted copy would be)
// and every shortened tail fails cleanly.
TEST(ParseFooterTest, EveryTruncationOfReferenceFilesFails) {
  for (const char* name : {"alltypes_plain.parquet", "nested_maps.snappy.parquet",
                           "data_index_bloom_encoding_stats.parquet", "null_list.parquet"}) {
    SCOPED_TRACE(name);
    const auto bytes = ReadWholeFile(ParquetTestingDir("data") / name);
    ASSERT_FALSE(bytes.empty());
    const std::span<const uint8_t> file(bytes);
    auto location = LocateFooter(file, file.size());
    ASSERT_TRUE(location.ok()) << location.status();
    for (size_t cut = 1; cut < file.size(); ++cut) {
      // The file lost its last `cut` bytes.
      EXPECT_FALSE(ParseFooter(file.first(file.size() - cut), file.size() - cut).ok()) << cut;
    }
    for (size_t drop = 1; drop <= location->tail_size(); ++drop) {
      // The footer tail lost its first `drop` bytes.
      const auto tail = file.last(location->tail_size() - drop);
      EXPECT_FALSE(ParseFooter(tail, file.size()).ok()) << drop;
    }
    const auto metadata = file.subspan(location->metadata_offset, location->metadata_length);
    for (size_t cut = 1; cut <= metadata.size(); ++cut) {
      // The metadata itself lost its last `cut` bytes.
      EXPECT_FALSE(DeserializeFileMetaData(metadata.first(metadata.size() - cut)).ok()) << cut;
    }
  }
}

// Random corruption of the footer of every reference file: parsing may succeed or fail,
// but never crashes, and whatever it accepts is valid and re-serialisable.
TEST(ParseFooterTest, RandomByteFlipsInFootersNeverCrash) {
  const auto files = ParquetFilesIn("data");
  ASSERT_FALSE(files.empty());
  std::mt19937_64 rng(20240611);
  constexpr int kTrialsPerFile = 150;
  int accepted = 0;
  int rejected = 0;
  for (const auto& path : files) {
    const auto original = ReadWholeFile(path);
    auto location = LocateFooter(original, original.size());
    ASSERT_TRUE(location.ok());
    const uint64_t footer_start = location->metadata_offset;
    for (int trial = 0; trial < kTrialsPerFile; ++trial) {
      auto bytes = original;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) {
        const uint64_t at = footer_start + rng() % (bytes.size() - footer_start);
        bytes[at] = static_cast<uint8_t>(rng());
      }
      auto metadata = ParseWholeFile(bytes);
      if (!metadata.ok()) {
        ++rejected;
        EXPECT_FALSE(metadata.status().message().empty());
        continue;
      }
      ++accepted;
      location = LocateFooter(bytes, bytes.size());
      ASSERT_TRUE(location.ok());
      EXPECT_TRUE(ValidateFileMetaData(*metadata, *location).ok());
      auto again = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(*metadata)));
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_EQ(*again, *metadata);
    }
  }
  // Both outcomes occur: flips inside strings are harmless, flips in structure are not.
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

// --- Validation -----------------------------------------------------------------------

SchemaElement Group(const std::string& name, int32_t children) {
  SchemaElement element;
  element.name = name;
  element.num_children = children;
  return element;
}

SchemaElement Leaf(const std::string& name, Type type = Type::INT64) {
  SchemaElement element;
  element.name = name;
  element.type = type;
  element.repetition_type = FieldRepetitionType::OPTIONAL;
  return element;
}

TEST(CountSchemaLeavesTest, CountsLeavesOfANestedTree) {
  // root { a, g { b, h { c, d } }, e }
  const std::vector<SchemaElement> schema = {Group("root", 3), Leaf("a"), Group("g", 2), Leaf("b"),
                                             Group("h", 2),    Leaf("c"), Leaf("d"),     Leaf("e")};
  auto leaves = CountSchemaLeaves(schema);
  ASSERT_TRUE(leaves.ok()) << leaves.status();
  EXPECT_EQ(*leaves, 5u);
  EXPECT_EQ(*CountSchemaLeaves(std::vector<SchemaElement>{Group("root", 0)}), 0u);
  // An empty group is a group, not a leaf.
  EXPECT_EQ(*CountSchemaLeaves(std::vector<SchemaElement>{Group("root", 1), Group("g", 0)}), 0u);
}

TEST(CountSchemaLeavesTest, RejectsMalformedTrees) {
  const std::vector<std::pair<std::vector<SchemaElement>, std::string>> cases = {
      {{}, "no elements"},
      {{Leaf("root")}, "root 'root' must be a group"},
      {{Group("root", -1)}, "root 'root' must be a group"},
      {{Group("root", 3), Leaf("a"), Leaf("b")}, "children missing"},
      {{Group("root", 1), Group("g", 2), Leaf("a")}, "children missing"},
      {{Group("root", 1), Leaf("a"), Leaf("b")}, "ends at element 2"},
      {{Group("root", 1), Group("g", -2)}, "neither a type nor num_children"},
      {{Group("root", 1), SchemaElement{}}, "neither a type nor num_children"},
      {{Group("root", 1), Leaf("a", static_cast<Type>(8))}, "unknown physical type 8"},
  };
  for (const auto& [schema, message] : cases) {
    auto leaves = CountSchemaLeaves(schema);
    ASSERT_FALSE(leaves.ok()) << message;
    EXPECT_THAT(leaves.status().message(), HasSubstr(message));
  }
  SchemaElement leaf_with_children = Leaf("a");
  leaf_with_children.num_children = 2;
  auto leaves = CountSchemaLeaves(std::vector<SchemaElement>{Group("root", 1), leaf_with_children});
  ASSERT_FALSE(leaves.ok());
  EXPECT_THAT(leaves.status().message(), HasSubstr("both a type and 2 children"));
}

// A file: "PAR1", `data_size` bytes of column data, then the footer of `metadata`.
std::vector<uint8_t> SyntheticFile(const FileMetaData& metadata, size_t data_size) {
  std::string file = std::string(kParquetMagic) + std::string(data_size, '\x5a');
  file += BuildFooter(metadata);
  return std::vector<uint8_t>(file.begin(), file.end());
}

// Two leaves, one row group whose chunks fill bytes [4, 104).
FileMetaData TwoColumnMetaData() {
  FileMetaData md;
  md.schema = {Group("root", 2), Leaf("a"), Leaf("b", Type::BYTE_ARRAY)};
  md.num_rows = 10;
  RowGroup group;
  group.num_rows = 10;
  for (int i = 0; i < 2; ++i) {
    ColumnChunk chunk;
    chunk.file_offset = 4 + 50 * i;
    ColumnMetaData meta;
    meta.type = i == 0 ? Type::INT64 : Type::BYTE_ARRAY;
    meta.path_in_schema = {i == 0 ? "a" : "b"};
    meta.num_values = 10;
    meta.data_page_offset = 4 + 50 * i;
    meta.total_compressed_size = 50;
    meta.total_uncompressed_size = 50;
    chunk.meta_data = meta;
    group.columns.push_back(chunk);
  }
  md.row_groups = {group};
  return md;
}

TEST(ParseFooterTest, ParsesAFooterItBuilt) {
  const FileMetaData md = TwoColumnMetaData();
  const auto file = SyntheticFile(md, 100);
  auto parsed = ParseWholeFile(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, md);
}

TEST(ParseFooterTest, RejectsInconsistentMetadataNamingThePosition) {
  struct Case {
    const char* what;
    void (*corrupt)(FileMetaData&);
    const char* message;
  };
  const Case cases[] = {
      {"negative file rows", [](FileMetaData& md) { md.num_rows = -1; },
       "FileMetaData: num_rows is negative"},
      {"negative group rows", [](FileMetaData& md) { md.row_groups[0].num_rows = -5; },
       "row group 0: num_rows is negative"},
      {"missing chunk", [](FileMetaData& md) { md.row_groups[0].columns.pop_back(); },
       "row group 0 has 1 column chunks but the schema has 2 leaf columns"},
      {"chunk past metadata",
       [](FileMetaData& md) { md.row_groups[0].columns[1].meta_data->total_compressed_size = 51; },
       "row group 0 column 1 'b': column chunk pages at file offset 54 with length 51 is "
       "outside the data region [4, 104)"},
      {"chunk inside leading magic",
       [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->data_page_offset = 2; },
       "data_page_offset at file offset 2"},
      {"negative size",
       [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data->total_compressed_size = -1; },
       "total_compressed_size is negative"},
      {"no column metadata",
       [](FileMetaData& md) { md.row_groups[0].columns[0].meta_data.reset(); },
       "row group 0 column 0 '' has no meta_data"},
      {"bloom filter past metadata",
       [](FileMetaData& md) {
         md.row_groups[0].columns[0].meta_data->bloom_filter_offset = 100;
         md.row_groups[0].columns[0].meta_data->bloom_filter_length = 5;
       },
       "bloom filter at file offset 100 with length 5"},
      {"column index past metadata",
       [](FileMetaData& md) {
         md.row_groups[0].columns[1].column_index_offset = 1 << 30;
         md.row_groups[0].columns[1].column_index_length = 5;
       },
       "column index at file offset 1073741824"},
      {"bad schema", [](FileMetaData& md) { md.schema[0].num_children = 3; }, "children missing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    FileMetaData md = TwoColumnMetaData();
    c.corrupt(md);
    auto parsed = ParseWholeFile(SyntheticFile(md, 100));
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message));
    EXPECT_THAT(parsed.status().message(), HasSubstr("footer metadata at file offset 104"));
  }
}

TEST(ParseFooterTest, ToleratesZeroDictionaryOffsetAndChunksInOtherFiles) {
  FileMetaData md = TwoColumnMetaData();
  md.row_groups[0].columns[0].meta_data->dictionary_page_offset = 0;
  md.row_groups[0].columns[1].file_path = "elsewhere.parquet";
  md.row_groups[0].columns[1].meta_data->data_page_offset = 1 << 30;
  EXPECT_TRUE(ParseWholeFile(SyntheticFile(md, 100)).ok());
}

TEST(ParseFooterTest, ReportsEncryptedColumnsWithoutValidatingThem) {
  FileMetaData md = TwoColumnMetaData();
  md.has_encryption_algorithm = true;
  md.row_groups[0].columns[1].has_crypto_metadata = true;
  md.row_groups[0].columns[1].meta_data.reset();
  md.row_groups[0].columns[1].encrypted_column_metadata = "ciphertext";
  auto parsed = ParseWholeFile(SyntheticFile(md, 100));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->has_encryption_algorithm);
  EXPECT_TRUE(parsed->row_groups[0].columns[1].has_crypto_metadata);
}

}  // namespace
}  // namespace hindsight::parquet::format
