#include "store/line_reader.h"

#include "gtest/gtest.h"

namespace hindsight::store {
namespace {

// Reads every line of `text` as (text, number, too_long, bytes).
std::vector<std::tuple<std::string, int64_t, bool, uint64_t>> ReadAll(const std::string& text,
                                                                      size_t max_line_bytes) {
  std::FILE* file = fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
  EXPECT_NE(file, nullptr);
  LineReader reader(file, "mem", max_line_bytes);
  std::vector<std::tuple<std::string, int64_t, bool, uint64_t>> lines;
  while (true) {
    auto line = reader.Next();
    EXPECT_TRUE(line.ok()) << line.status();
    if (!line.ok() || !line->has_value()) break;
    lines.emplace_back(std::string((*line)->text), (*line)->number, (*line)->too_long,
                       (*line)->bytes);
  }
  std::fclose(file);
  return lines;
}

TEST(LineReaderTest, SplitsLinesAndKeepsAnUnterminatedLastLine) {
  auto lines = ReadAll("ab\n\ncd\r\nlast", 100);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], std::make_tuple(std::string("ab"), int64_t{1}, false, uint64_t{3}));
  EXPECT_EQ(lines[1], std::make_tuple(std::string(""), int64_t{2}, false, uint64_t{1}));
  EXPECT_EQ(lines[2], std::make_tuple(std::string("cd"), int64_t{3}, false, uint64_t{4}));
  EXPECT_EQ(lines[3], std::make_tuple(std::string("last"), int64_t{4}, false, uint64_t{4}));
}

TEST(LineReaderTest, CutsLongLinesAndResumesAfterThem) {
  auto lines = ReadAll("0123456789\nok\n", 4);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::make_tuple(std::string("0123"), int64_t{1}, true, uint64_t{11}));
  EXPECT_EQ(lines[1], std::make_tuple(std::string("ok"), int64_t{2}, false, uint64_t{3}));
}

TEST(LineReaderTest, EmptyInputHasNoLines) { EXPECT_TRUE(ReadAll("", 10).empty()); }

TEST(LineReaderTest, LinesLongerThanTheBufferStayWhole) {
  const std::string big(3 << 20, 'x');
  auto lines = ReadAll(big + "\ny\n", 4 << 20);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(std::get<0>(lines[0]), big);
  EXPECT_EQ(std::get<0>(lines[1]), "y");
}

}  // namespace
}  // namespace hindsight::store
