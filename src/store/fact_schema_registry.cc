#include "store/fact_schema_registry.h"

#include <google/protobuf/util/type_resolver_util.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "util/str_cat.h"

namespace hindsight::store {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Descriptor;

// Where Debian installs protobuf's well-known types (google/protobuf/*.proto), so
// user schemas may import them.
constexpr const char* kWellKnownProtoDir = "/usr/include";
// Problems quoted in one error message; the rest are counted.
constexpr size_t kMaxReportedProblems = 5;
// The type URL prefix protobuf's JSON mapping uses (as in google.protobuf.Any).
constexpr const char* kTypeUrlPrefix = "type.googleapis.com";

class CollectingErrorCollector : public google::protobuf::compiler::MultiFileErrorCollector {
 public:
  explicit CollectingErrorCollector(std::string schema_dir) : schema_dir_(std::move(schema_dir)) {}
  void AddError(const std::string& filename, int line, int column,
                const std::string& message) override {
    // protobuf reports 0-based lines and columns.
    problems_.push_back(
        StrCat(schema_dir_, "/", filename, ":", line + 1, ":", column + 1, ": ", message));
  }
  std::string Summary() const {
    std::string summary;
    for (size_t i = 0; i < problems_.size() && i < kMaxReportedProblems; ++i) {
      if (i > 0) summary += "; ";
      summary += problems_[i];
    }
    if (problems_.size() > kMaxReportedProblems) {
      summary += StrCat(" (and ", problems_.size() - kMaxReportedProblems, " more)");
    }
    return summary;
  }
  bool empty() const { return problems_.empty(); }

 private:
  std::string schema_dir_;
  std::vector<std::string> problems_;
};

}  // namespace

std::string FactTypeNameFor(std::string_view message_name) {
  std::string name;
  for (size_t i = 0; i < message_name.size(); ++i) {
    const char c = message_name[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      const bool after_lower_or_digit =
          i > 0 && (std::islower(static_cast<unsigned char>(message_name[i - 1])) ||
                    std::isdigit(static_cast<unsigned char>(message_name[i - 1])));
      const bool acronym_end = i > 0 && i + 1 < message_name.size() &&
                               std::isupper(static_cast<unsigned char>(message_name[i - 1])) &&
                               std::islower(static_cast<unsigned char>(message_name[i + 1]));
      if (after_lower_or_digit || acronym_end) name.push_back('_');
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      name.push_back(c);
    }
  }
  return name;
}

StatusOr<std::unique_ptr<FactSchemaRegistry>> FactSchemaRegistry::Compile(
    const std::string& schema_dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(schema_dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".proto" && it->is_regular_file()) {
      files.push_back(it->path().filename().string());
    }
  }
  if (error) {
    return absl::InvalidArgumentError(
        StrCat("cannot list schemas in ", schema_dir, ": ", error.message()));
  }
  if (files.empty()) {
    return absl::InvalidArgumentError(StrCat("no .proto schemas in ", schema_dir));
  }
  std::sort(files.begin(), files.end());

  std::unique_ptr<FactSchemaRegistry> registry(new FactSchemaRegistry());
  registry->source_tree_.MapPath("", schema_dir);
  if (fs::is_directory(fs::path(kWellKnownProtoDir) / "google/protobuf", error)) {
    registry->source_tree_.MapPath("", kWellKnownProtoDir);
  }
  auto collector = std::make_unique<CollectingErrorCollector>(schema_dir);
  CollectingErrorCollector& problems = *collector;
  registry->error_collector_ = std::move(collector);
  registry->importer_ = std::make_unique<google::protobuf::compiler::Importer>(
      &registry->source_tree_, registry->error_collector_.get());
  for (const std::string& file : files) {
    const google::protobuf::FileDescriptor* descriptor = registry->importer_->Import(file);
    if (descriptor == nullptr || !problems.empty()) {
      if (problems.empty()) {
        return absl::InvalidArgumentError(StrCat(schema_dir, "/", file, ": cannot be compiled"));
      }
      return absl::InvalidArgumentError(problems.Summary());
    }
    for (int i = 0; i < descriptor->message_type_count(); ++i) {
      registry->top_level_messages_.push_back(descriptor->message_type(i));
    }
  }
  registry->factory_ =
      std::make_unique<google::protobuf::DynamicMessageFactory>(registry->importer_->pool());
  registry->type_resolver_.reset(google::protobuf::util::NewTypeResolverForDescriptorPool(
      kTypeUrlPrefix, registry->importer_->pool()));
  return registry;
}

std::string FactSchemaRegistry::TypeUrl(const Descriptor& message) {
  return StrCat(kTypeUrlPrefix, "/", message.full_name());
}

const Descriptor* FactSchemaRegistry::FindMessage(const std::string& full_name) const {
  return importer_->pool()->FindMessageTypeByName(full_name);
}

Status FactSchemaRegistry::Register(const std::string& fact_type,
                                    const std::string& message_full_name) {
  const Descriptor* message = FindMessage(message_full_name);
  if (message == nullptr) {
    return absl::NotFoundError(StrCat("fact type '", fact_type, "': message ", message_full_name,
                                      " is not defined by the store's schemas"));
  }
  fact_types_[fact_type] = message;
  return absl::OkStatus();
}

const Descriptor* FactSchemaRegistry::FindFactType(std::string_view fact_type) const {
  auto it = fact_types_.find(fact_type);
  return it == fact_types_.end() ? nullptr : it->second;
}

const google::protobuf::Message* FactSchemaRegistry::Prototype(std::string_view fact_type) const {
  const Descriptor* message = FindFactType(fact_type);
  return message == nullptr ? nullptr : factory_->GetPrototype(message);
}

}  // namespace hindsight::store
