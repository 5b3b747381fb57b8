#include "util/file_io.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace hindsight {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("hindsight_file_io_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(FileIoTest, WritesThenReadsBackAtOffsets) {
  const std::string path = TempPath("roundtrip");
  auto file = WritableFile::Create(path);
  ASSERT_TRUE(file.ok()) << file.status();
  std::string big(3 << 20, 'x');
  big[12345] = 'y';
  ASSERT_TRUE((*file)->Append("head").ok());
  ASSERT_TRUE((*file)->Append(big).ok());
  EXPECT_EQ((*file)->position(), big.size() + 4);
  ASSERT_TRUE((*file)->Close().ok());

  auto reader = OpenRandomAccessFile(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->size(), big.size() + 4);
  auto bytes = (*reader)->Read(12345 + 4, 2);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ((*bytes)[0], 'y');
  EXPECT_EQ((*bytes)[1], 'x');
  std::filesystem::remove(path);
}

TEST(FileIoTest, ReadPastEndNamesFileAndOffset) {
  auto file = MakeMemoryFile("mem.bin", {1, 2, 3});
  auto bytes = file->Read(2, 5);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("mem.bin"), std::string::npos);
  EXPECT_NE(bytes.status().message().find("offset 2"), std::string::npos);
  EXPECT_FALSE(file->Read(UINT64_MAX, 1).ok());
}

TEST(FileIoTest, MissingFileIsNotFound) {
  auto file = OpenRandomAccessFile("/nonexistent/hindsight/file");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), absl::StatusCode::kNotFound);
}

TEST(FileIoTest, AtomicWriteReplacesContents) {
  const std::string path = TempPath("atomic");
  ASSERT_TRUE(WriteFileAtomically(path, "one").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "two").ok());
  auto contents = ReadFileToString(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(*contents, "two");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace hindsight
