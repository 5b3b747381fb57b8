#include "log/log_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "log/batch_encoder.h"
#include "log/segment_file_sink.h"
#include "log/segment_format.h"
#include "log/segment_reader.h"
#include "util/test_scratch_dir.h"

namespace hindsight::log::testing {

Record MakeRecord(int64_t id, int facts, size_t fact_bytes) {
  Record record;
  record.set_record_id("r" + std::to_string(id));
  record.set_app("homepage");
  record.set_event_time_us(1'790'000'000'000'000 + id * 1000);
  ContextValue* profile = record.add_context();
  profile->set_key("profile_id");
  profile->set_int_value(id % 977);
  ContextValue* country = record.add_context();
  country->set_key("country");
  country->set_string_value(id % 2 == 0 ? "US" : "BR");
  for (int f = 0; f < facts; ++f) {
    Fact* fact = record.add_facts();
    fact->set_type(f % 2 == 0 ? "viewing_history" : "my_list");
    std::string value(fact_bytes, '\0');
    for (size_t i = 0; i < fact_bytes; ++i)
      value[i] = static_cast<char>((id * 31 + f * 7 + i) & 0xff);
    fact->set_value(std::move(value));
  }
  for (int i = 0; i < 3; ++i) record.add_items(id * 10 + i);
  (*record.mutable_meta())["model"] = "m" + std::to_string(id % 3);
  return record;
}

BuiltSegment BuildSegment(const std::vector<std::vector<Record>>& batches) {
  BuiltSegment segment;
  const auto header = EncodeSegmentHeader(1'790'000'000'000'000);
  segment.bytes.assign(header.begin(), header.end());
  BatchEncoder encoder(1);
  for (const auto& batch : batches) {
    for (const Record& record : batch) encoder.Add(record, BatchEncoder::EncodedSize(record));
    StatusOr<std::span<const uint8_t>> frame = encoder.FinishFrame();
    EXPECT_TRUE(frame.ok()) << frame.status();
    segment.bytes.insert(segment.bytes.end(), frame->begin(), frame->end());
    segment.frame_ends.push_back(segment.bytes.size());
  }
  return segment;
}

StatusOr<DirectoryContents> ReadDirectory(const std::string& directory) {
  DirectoryContents contents;
  HS_ASSIGN_OR_RETURN(std::vector<uint64_t> sequences, ListSegments(directory));
  for (uint64_t sequence : sequences) {
    const std::string path =
        (std::filesystem::path(directory) / SegmentFileName(sequence)).string();
    HS_ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(path));
    for (;;) {
      HS_ASSIGN_OR_RETURN(std::optional<SegmentBatch> batch, reader->Next());
      if (!batch.has_value()) break;
      for (const Record& record : batch->batch.records()) {
        contents.record_ids.push_back(record.record_id());
      }
    }
    contents.bytes_lost += reader->bytes_lost();
    ++contents.segments;
  }
  return contents;
}

std::string MakeTempDirectory(const std::string& name) {
  const std::filesystem::path path = testing_util::TestScratchDir() / ("log_" + name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path.string();
}

}  // namespace hindsight::log::testing
