#include "dims/dimension_import.h"

#include <cstdio>
#include <filesystem>

#include "dims/dimension_table.h"
#include "parquet/reader/file_reader.h"
#include "parquet/writer/file_writer.h"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::dims {
namespace {

bool IsDimensionName(const std::string& name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

StatusOr<ImportSummary> ImportDimension(const ImportRequest& request) {
  namespace fs = std::filesystem;
  if (!store::StoreExists(request.store)) {
    return absl::NotFoundError(
        StrCat("no store at ", request.store, " (hindsight init creates one)"));
  }
  if (!IsDimensionName(request.name)) {
    return absl::InvalidArgumentError(
        StrCat("dimension name '", request.name, "' must match [a-z][a-z0-9_]*"));
  }
  HS_ASSIGN_OR_RETURN(std::string head, ReadFileToString(request.file));
  if (head.size() < 4 || head.compare(0, 4, "PAR1") != 0) {
    return absl::InvalidArgumentError(
        StrCat(request.file,
               ": not a Parquet file (dim import reads Parquet; the world's "
               "videos.parquet is one)"));
  }
  head.clear();
  StatusOr<std::unique_ptr<parquet::ParquetFileReader>> reader =
      parquet::ParquetFileReader::OpenPath(request.file);
  if (!reader.ok()) return absl::InvalidArgumentError(std::string(reader.status().message()));
  bool has_key = false, has_valid_from = false;
  for (const parquet::LogicalNode& node : (*reader)->schema().logical_root().children) {
    has_key = has_key || node.name == request.key_column;
    has_valid_from = has_valid_from || node.name == request.valid_from_column;
  }
  if (!has_key || !has_valid_from) {
    return absl::InvalidArgumentError(StrCat(
        request.file, ": no column '", has_key ? request.valid_from_column : request.key_column,
        "' (--", has_key ? "valid-from" : "key", ")"));
  }
  StatusOr<parquet::RecordBatch> batch = (*reader)->ReadAll({});
  if (!batch.ok()) return absl::InvalidArgumentError(std::string(batch.status().message()));

  const fs::path dir = fs::path(store::DimensionsDir(request.store)) / request.name;
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return absl::InternalError(StrCat(dir.string(), ": ", error.message()));
  int next = 1;
  if (StatusOr<std::string> current = CurrentDimensionFile(request.store, request.name);
      current.ok()) {
    const std::string file = fs::path(*current).filename();
    next = std::stoi(file.substr(4, 6)) + 1;
  }
  char file_name[32];
  std::snprintf(file_name, sizeof(file_name), "dim-%06d.parquet", next);
  const std::string path = (dir / file_name).string();
  const std::string temp = path + ".tmp";

  parquet::WriterOptions options;
  options.key_value_metadata = {{std::string(kKeyColumnMetadata), request.key_column},
                                {std::string(kValidFromMetadata), request.valid_from_column},
                                {std::string(kSourceMetadata), request.file}};
  {
    HS_ASSIGN_OR_RETURN(auto writer,
                        parquet::ParquetFileWriter::Create(temp, (*reader)->schema(), options));
    Status written = writer->WriteBatch(*batch);
    if (written.ok()) written = writer->Close();
    if (!written.ok()) {
      std::remove(temp.c_str());
      return written;
    }
  }
  // The written file is checked as the generator will read it; refused rows name the row.
  StatusOr<std::shared_ptr<const DimensionTable>> table =
      DimensionTable::LoadFile(temp, request.name);
  if (!table.ok()) {
    std::remove(temp.c_str());
    std::string message(table.status().message());
    if (message.rfind(temp, 0) == 0) message = StrCat(request.file, message.substr(temp.size()));
    return absl::InvalidArgumentError(message);
  }
  HS_RETURN_IF_ERROR(SyncPath(temp));
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::InternalError(StrCat("cannot rename ", temp, " to ", path));
  }
  HS_RETURN_IF_ERROR(SyncPath(dir.string()));
  ImportSummary summary;
  summary.written = path;
  summary.versions = (*table)->versions();
  summary.keys = (*table)->keys();
  summary.attributes = (*table)->attributes();
  return summary;
}

}  // namespace hindsight::dims
