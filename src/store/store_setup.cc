#include "store/store_setup.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "store/schema_compatibility.h"
#include "store/store_layout.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;

// A private directory where candidate schemas are compiled before anything in the
// store is touched; removed when it goes out of scope.
class StagingDirectory {
 public:
  static StatusOr<std::unique_ptr<StagingDirectory>> Create() {
    static std::atomic<int> counter{0};
    std::error_code error;
    fs::path path = fs::temp_directory_path(error);
    if (error) return absl::InternalError(StrCat("no temp directory: ", error.message()));
    path /= StrCat("hindsight-init-", static_cast<int64_t>(getpid()), "-", counter++);
    fs::remove_all(path, error);
    fs::create_directories(path, error);
    if (error) {
      return absl::InternalError(StrCat("cannot create ", path.string(), ": ", error.message()));
    }
    return std::unique_ptr<StagingDirectory>(new StagingDirectory(path.string()));
  }
  ~StagingDirectory() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit StagingDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// File name -> contents of the .proto files directly in `dir` (none if it is missing).
StatusOr<std::map<std::string, std::string>> ReadProtoFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return files;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".proto") continue;
    HS_ASSIGN_OR_RETURN(files[it->path().filename().string()],
                        ReadFileToString(it->path().string()));
  }
  if (error) return absl::InvalidArgumentError(StrCat("cannot list ", dir, ": ", error.message()));
  return files;
}

Status RegisterAll(FactSchemaRegistry& registry, const StoreConfig& config) {
  for (const auto& [fact_type, message] : config.fact_types) {
    HS_RETURN_IF_ERROR(registry.Register(fact_type, message));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<InitStoreResult> InitStore(const InitStoreRequest& request) {
  if (request.schema_files.empty()) {
    return absl::InvalidArgumentError("init needs at least one --schema FILE.proto");
  }
  std::map<std::string, std::string> given;         // file name -> contents
  std::map<std::string, std::string> source_paths;  // file name -> path as given
  for (const std::string& path : request.schema_files) {
    const std::string name = fs::path(path).filename().string();
    if (fs::path(name).extension() != ".proto") {
      return absl::InvalidArgumentError(StrCat(path, ": a schema must be a .proto file"));
    }
    HS_ASSIGN_OR_RETURN(std::string contents, ReadFileToString(path));
    if (!given.emplace(name, std::move(contents)).second) {
      return absl::InvalidArgumentError(
          StrCat(path, ": two --schema files are named ", name, " (stored by file name)"));
    }
    source_paths[name] = path;
  }

  InitStoreResult result;
  result.created = !StoreExists(request.store);
  if (result.created) {
    if (request.entity_key.has_value()) result.config.entity_key = *request.entity_key;
    if (result.config.entity_key.empty()) {
      return absl::InvalidArgumentError("--entity must not be empty");
    }
  } else {
    HS_ASSIGN_OR_RETURN(result.config, ReadStoreConfig(request.store));
    if (request.entity_key.has_value() && *request.entity_key != result.config.entity_key) {
      return absl::FailedPreconditionError(StrCat(
          ConfigPath(request.store), ": the store's entity key is '", result.config.entity_key,
          "'; it cannot be changed to '", *request.entity_key, "'"));
    }
  }

  using SchemaFiles = std::map<std::string, std::string>;
  HS_ASSIGN_OR_RETURN(SchemaFiles stored, ReadProtoFiles(SchemasDir(request.store)));
  std::map<std::string, std::string> candidate = stored;
  for (const auto& [name, contents] : given) candidate[name] = contents;
  HS_ASSIGN_OR_RETURN(std::unique_ptr<StagingDirectory> staging, StagingDirectory::Create());
  for (const auto& [name, contents] : candidate) {
    HS_RETURN_IF_ERROR(WriteFileAtomically(StrCat(staging->path(), "/", name), contents));
  }
  StatusOr<std::unique_ptr<FactSchemaRegistry>> evolved =
      FactSchemaRegistry::Compile(staging->path());
  if (!evolved.ok()) {
    // Name the user's files (or the store's), not the staging copies.
    std::string message(evolved.status().message());
    for (const auto& [name, contents] : candidate) {
      const std::string staged = StrCat(staging->path(), "/", name, ":");
      const auto source = source_paths.find(name);
      const std::string original =
          StrCat(source != source_paths.end() ? source->second
                                              : StrCat(SchemasDir(request.store), "/", name),
                 ":");
      for (size_t at; (at = message.find(staged)) != std::string::npos;) {
        message.replace(at, staged.size(), original);
      }
    }
    return absl::InvalidArgumentError(message);
  }

  if (!result.created) {
    HS_ASSIGN_OR_RETURN(std::unique_ptr<FactSchemaRegistry> registered,
                        FactSchemaRegistry::Compile(SchemasDir(request.store)));
    for (const auto& [fact_type, message] : result.config.fact_types) {
      const google::protobuf::Descriptor* old_message = registered->FindMessage(message);
      if (old_message == nullptr) {
        return absl::DataLossError(StrCat(ConfigPath(request.store), ": fact type '", fact_type,
                                          "' names ", message,
                                          ", which the store's schemas do not define"));
      }
      HS_RETURN_IF_ERROR(
          CheckFactTypeCompatible(fact_type, *old_message, (*evolved)->FindMessage(message)));
    }
  }

  std::set<std::string> registered_messages;
  for (const auto& [fact_type, message] : result.config.fact_types) {
    registered_messages.insert(message);
  }
  for (const google::protobuf::Descriptor* message : (*evolved)->top_level_messages()) {
    if (given.count(message->file()->name()) == 0) continue;
    if (registered_messages.count(message->full_name()) > 0) continue;
    const std::string fact_type = FactTypeNameFor(message->name());
    auto [it, inserted] = result.config.fact_types.emplace(fact_type, message->full_name());
    if (!inserted) {
      return absl::FailedPreconditionError(
          StrCat("fact type '", fact_type, "' is already registered as ", it->second, "; message ",
                 message->full_name(), " would take the same name"));
    }
    registered_messages.insert(message->full_name());
    result.added_fact_types.push_back(fact_type);
  }
  HS_RETURN_IF_ERROR(RegisterAll(**evolved, result.config));

  result.changed = result.created || !result.added_fact_types.empty() || candidate != stored;
  if (!result.changed) return result;
  HS_RETURN_IF_ERROR(CreateStoreDirectories(request.store));
  for (const auto& [name, contents] : given) {
    auto it = stored.find(name);
    if (it != stored.end() && it->second == contents) continue;
    HS_RETURN_IF_ERROR(WriteFileAtomically(StrCat(SchemasDir(request.store), "/", name), contents));
  }
  HS_RETURN_IF_ERROR(WriteStoreConfig(request.store, result.config));
  return result;
}

StatusOr<OpenedStore> OpenStore(const std::string& store) {
  if (!StoreExists(store)) {
    return absl::NotFoundError(
        StrCat(store, ": not a store (no hindsight.yaml; create one with hindsight init)"));
  }
  OpenedStore opened;
  HS_ASSIGN_OR_RETURN(opened.config, ReadStoreConfig(store));
  HS_ASSIGN_OR_RETURN(opened.registry, FactSchemaRegistry::Compile(SchemasDir(store)));
  HS_RETURN_IF_ERROR(RegisterAll(*opened.registry, opened.config));
  return opened;
}

}  // namespace hindsight::store
