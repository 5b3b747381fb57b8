#include "query/as_of_request_file.h"

#include <cstdio>

#include "gtest/gtest.h"

namespace hindsight::query {
namespace {

// A FILE* over `text`, closed by the test.
struct TextFile {
  explicit TextFile(const std::string& text)
      : file(fmemopen(const_cast<char*>(data.assign(text).data()), data.size(), "r")) {}
  ~TextFile() {
    if (file != nullptr) std::fclose(file);
  }
  std::string data;
  std::FILE* file;
};

StatusOr<std::vector<AsOfPoint>> ReadAll(const std::string& text, size_t chunk = 1000) {
  TextFile input(text.empty() ? std::string("\n") : text);
  AsOfRequestFileReader reader(input.file, "requests.csv");
  std::vector<AsOfPoint> all;
  while (true) {
    HS_ASSIGN_OR_RETURN(std::vector<AsOfPoint> points, reader.Next(chunk));
    if (points.empty()) return all;
    EXPECT_LE(points.size(), chunk);
    all.insert(all.end(), points.begin(), points.end());
  }
}

TEST(ParseAsOfPointTest, AcceptsMicrosecondsAndRfc3339) {
  auto micros = ParseAsOfPoint("7,1793491200000000");
  ASSERT_TRUE(micros.ok());
  EXPECT_EQ(*micros, (AsOfPoint{7, 1793491200000000}));
  auto text = ParseAsOfPoint(" -3 , 2026-11-01T00:00:00.5Z ");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, (AsOfPoint{-3, 1793491200500000}));
}

TEST(ParseAsOfPointTest, RejectsMalformedLinesNamingTheField) {
  EXPECT_NE(ParseAsOfPoint("7").status().message().find("entity,as_of"), absl::string_view::npos);
  EXPECT_NE(ParseAsOfPoint("x7,1").status().message().find("entity 'x7'"), absl::string_view::npos);
  EXPECT_NE(ParseAsOfPoint("7,yesterday").status().message().find("as_of 'yesterday'"),
            absl::string_view::npos);
  EXPECT_FALSE(ParseAsOfPoint("7,1,2").ok());
  EXPECT_FALSE(ParseAsOfPoint("99999999999999999999,1").ok());
  EXPECT_FALSE(ParseAsOfPoint(",1").ok());
}

TEST(AsOfRequestFileReaderTest, SkipsAHeaderAndBlankLines) {
  auto points = ReadAll("profile_id,ts\r\n7,10\n\n  \n8, 2026-11-01T00:00:00Z\n9,11");
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_EQ(*points, (std::vector<AsOfPoint>{{7, 10}, {8, 1793491200000000}, {9, 11}}));
}

TEST(AsOfRequestFileReaderTest, HeaderIsOptional) {
  auto points = ReadAll("7,10\n8,11\n");
  ASSERT_TRUE(points.ok());
  EXPECT_EQ(points->size(), 2u);
}

TEST(AsOfRequestFileReaderTest, OnlyTheFirstLineMayBeAHeader) {
  auto points = ReadAll("entity,as_of\n7,10\nentity,as_of\n");
  ASSERT_FALSE(points.ok());
  EXPECT_EQ(points.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(points.status().message().find("requests.csv:3: "), absl::string_view::npos)
      << points.status();
}

TEST(AsOfRequestFileReaderTest, ReturnsChunksOfAtMostTheAskedSize) {
  std::string text;
  for (int i = 0; i < 25; ++i) text += std::to_string(i) + "," + std::to_string(100 + i) + "\n";
  auto points = ReadAll(text, 10);
  ASSERT_TRUE(points.ok());
  ASSERT_EQ(points->size(), 25u);
  EXPECT_EQ((*points)[24], (AsOfPoint{24, 124}));
}

TEST(AsOfRequestFileReaderTest, ErrorsNameFileAndLine) {
  auto bad = ReadAll("7,10\n8,never\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("requests.csv:2: as_of 'never'"), absl::string_view::npos)
      << bad.status();
  auto too_long = ReadAll("7," + std::string(5000, '1') + "\n");
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.status().message().find("requests.csv:1: longer than"),
            absl::string_view::npos)
      << too_long.status();
}

}  // namespace
}  // namespace hindsight::query
