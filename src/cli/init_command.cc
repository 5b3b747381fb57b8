// `hindsight init STORE --schema FILE.proto [--schema ...] [--entity profile_id]`:
// creates a store, or adds fact types and compatible schema changes to one.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "store/store_setup.h"

namespace hindsight::cli {
namespace {

struct InitArguments {
  std::string store;
  std::vector<std::string> schemas;
  std::string entity;
};

int RunInit(const InitArguments& args, bool entity_given) {
  store::InitStoreRequest request;
  request.store = args.store;
  request.schema_files = args.schemas;
  if (entity_given) request.entity_key = args.entity;
  StatusOr<store::InitStoreResult> result = store::InitStore(request);
  if (!result.ok()) return ReportError(result.status());
  if (result->created) {
    std::cout << "created store " << args.store << " (entity " << result->config.entity_key
              << ")\n";
  } else if (!result->changed) {
    std::cout << "store " << args.store << " is up to date\n";
  } else {
    std::cout << "updated store " << args.store << "\n";
  }
  for (const std::string& fact_type : result->added_fact_types) {
    std::cout << "  + fact type " << fact_type << ": " << result->config.fact_types[fact_type]
              << "\n";
  }
  return kExitOk;
}

}  // namespace

Command AddInitCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "init", "Create a store, or register new fact types and schema changes in one");
  auto args = std::make_shared<InitArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--schema", args->schemas, ".proto file of fact types (repeatable)")->required();
  app->add_option("--entity", args->entity, "Context key of the entity (default profile_id)");
  return {app, [app, args] { return RunInit(*args, app->count("--entity") > 0); }};
}

}  // namespace hindsight::cli
