// Fact types compiled at runtime from .proto files (no code generation): maps fact
// type names to message descriptors and gives dynamic prototypes to parse values.
#pragma once

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/type_resolver.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hindsight::store {

// `ViewingHistory` -> `viewing_history`: the default fact type name of a message.
std::string FactTypeNameFor(std::string_view message_name);

// Immutable once built; thread-safe for reads. Prototype() creation is internally
// synchronised by protobuf's DynamicMessageFactory.
class FactSchemaRegistry {
 public:
  // Compiles every *.proto directly in `schema_dir` (imports resolve inside it).
  // Errors name file:line:column of each problem.
  static StatusOr<std::unique_ptr<FactSchemaRegistry>> Compile(const std::string& schema_dir);
  FactSchemaRegistry(const FactSchemaRegistry&) = delete;
  FactSchemaRegistry& operator=(const FactSchemaRegistry&) = delete;

  const google::protobuf::Descriptor* FindMessage(const std::string& full_name) const;
  // Top-level messages of the compiled files, in file then declaration order.
  const std::vector<const google::protobuf::Descriptor*>& top_level_messages() const {
    return top_level_messages_;
  }

  // Binds `fact_type` to the message `message_full_name`; NotFound if no such message.
  [[nodiscard]] Status Register(const std::string& fact_type, const std::string& message_full_name);
  // nullptr when `fact_type` is not registered.
  const google::protobuf::Descriptor* FindFactType(std::string_view fact_type) const;
  // The default instance of a registered fact type's message (nullptr if unknown);
  // owned by the registry.
  const google::protobuf::Message* Prototype(std::string_view fact_type) const;
  // Resolves `TypeUrl(message)` for protobuf's JSON <-> binary conversion; owned by
  // the registry (one per registry: building one per value is slow).
  google::protobuf::util::TypeResolver* type_resolver() const { return type_resolver_.get(); }
  static std::string TypeUrl(const google::protobuf::Descriptor& message);
  const std::map<std::string, const google::protobuf::Descriptor*, std::less<>>& fact_types()
      const {
    return fact_types_;
  }

 private:
  FactSchemaRegistry() = default;

  google::protobuf::compiler::DiskSourceTree source_tree_;
  std::unique_ptr<google::protobuf::compiler::MultiFileErrorCollector> error_collector_;
  std::unique_ptr<google::protobuf::compiler::Importer> importer_;
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::unique_ptr<google::protobuf::util::TypeResolver> type_resolver_;
  std::vector<const google::protobuf::Descriptor*> top_level_messages_;
  std::map<std::string, const google::protobuf::Descriptor*, std::less<>> fact_types_;
};

}  // namespace hindsight::store
