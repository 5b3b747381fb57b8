#include "workload/csv_files.h"

#include <charconv>

#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::workload {
namespace {

void AppendInt(int64_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

void AppendFloat(float value, std::string* out) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

}  // namespace

StatusOr<std::unique_ptr<PlaysCsvWriter>> PlaysCsvWriter::Create(const std::string& path) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> file, OutputFile::Create(path));
  HS_RETURN_IF_ERROR(file->Append(kPlaysCsvHeader));
  return std::unique_ptr<PlaysCsvWriter>(new PlaysCsvWriter(std::move(file)));
}

Status PlaysCsvWriter::Write(const Play& play) {
  row_.clear();
  AppendInt(play.profile_id, &row_);
  row_.push_back(',');
  AppendInt(play.ts_us, &row_);
  row_.push_back(',');
  AppendInt(play.video_id, &row_);
  row_.push_back(',');
  AppendInt(play.duration_s, &row_);
  row_.append(play.completed ? ",true\n" : ",false\n");
  return file_->Append(row_);
}

StatusOr<int64_t> WriteVideosCsv(const Catalog& catalog, const std::string& path) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> file, OutputFile::Create(path));
  HS_RETURN_IF_ERROR(file->Append(kVideosCsvHeader));
  std::string row;
  for (const Video& video : catalog.videos()) {
    const std::string release_date =
        FormatTimeMicros(video.release_day * kMicrosPerDay).substr(0, 10);
    for (const VideoVersion& version : video.versions) {
      row.clear();
      AppendInt(video.video_id, &row);
      row.push_back(',');
      AppendInt(version.valid_from_us, &row);
      row.push_back(',');
      row.append(version.title);
      row.push_back(',');
      bool first = true;
      for (int g = 0; g < kGenreCount; ++g) {
        if (!(version.genres & (1u << g))) continue;
        if (!first) row.push_back('|');
        row.append(GenreName(g));
        first = false;
      }
      row.push_back(',');
      AppendInt(video.length_s, &row);
      row.push_back(',');
      row.append(MaturityName(version.maturity));
      row.push_back(',');
      row.append(release_date);
      row.push_back(',');
      for (int i = 0; i < kEmbeddingDims; ++i) {
        if (i > 0) row.push_back(';');
        AppendFloat(version.embedding[i], &row);
      }
      row.push_back('\n');
      HS_RETURN_IF_ERROR(file->Append(row));
    }
  }
  const int64_t bytes = file->bytes_appended();
  HS_RETURN_IF_ERROR(file->Close());
  return bytes;
}

}  // namespace hindsight::workload
