// The CSV outputs of the world, loadable as they are by DuckDB's read_csv and
// pandas.read_csv (header row, no quoting needed: no field contains a comma, a quote
// or a line break).
//   plays.csv:  profile_id,ts_us,video_id,duration_s,completed   (completed: true|false)
//   videos.csv: video_id,valid_from_us,title,genres,length_s,maturity,release_date,embedding
//               one row per version; genres `|`-separated; release_date YYYY-MM-DD;
//               embedding 16 floats `;`-separated, shortest round-trip form.
#pragma once

#include <memory>
#include <string>

#include "workload/catalog.h"
#include "workload/output_file.h"
#include "workload/play.h"

namespace hindsight::workload {

inline constexpr std::string_view kPlaysCsvHeader =
    "profile_id,ts_us,video_id,duration_s,completed\n";
inline constexpr std::string_view kVideosCsvHeader =
    "video_id,valid_from_us,title,genres,length_s,maturity,release_date,embedding\n";

class PlaysCsvWriter : public PlaySink {
 public:
  // Writes the header at once.
  [[nodiscard]] static StatusOr<std::unique_ptr<PlaysCsvWriter>> Create(const std::string& path);

  [[nodiscard]] Status Write(const Play& play) override;
  [[nodiscard]] Status Close() { return file_->Close(); }
  int64_t bytes() const { return file_->bytes_appended(); }

 private:
  explicit PlaysCsvWriter(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}

  std::unique_ptr<OutputFile> file_;
  std::string row_;
};

// Writes every version of every video, by (video_id, valid_from_us). Returns the bytes
// written.
[[nodiscard]] StatusOr<int64_t> WriteVideosCsv(const Catalog& catalog, const std::string& path);

}  // namespace hindsight::workload
