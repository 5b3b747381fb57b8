// `hindsight dim import STORE NAME FILE --key COL --valid-from COL` and
// `hindsight dim list STORE`: versioned dimensions (dims/dimension_import.h).
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "dims/dimension_import.h"
#include "dims/dimension_table.h"
#include "nlohmann/json.hpp"
#include "query/aligned_text_table.h"

namespace hindsight::cli {
namespace {

struct DimArguments {
  std::string store;
  std::string name;
  std::string file;
  std::string key;
  std::string valid_from;
  std::string format = "text";
};

int RunImport(const DimArguments& args) {
  StatusOr<dims::ImportSummary> summary =
      dims::ImportDimension({args.store, args.name, args.file, args.key, args.valid_from});
  if (!summary.ok()) return ReportError(summary.status());
  if (args.format == "json") {
    std::cout << nlohmann::json{{"dimension", args.name},
                                {"file", summary->written},
                                {"versions", summary->versions},
                                {"keys", summary->keys},
                                {"attributes", summary->attributes}}
                     .dump()
              << "\n";
  } else {
    std::cout << "dimension " << args.name << ": " << summary->versions << " versions of "
              << summary->keys << " keys, " << summary->attributes << " attributes, in "
              << summary->written << "\n";
  }
  return kExitOk;
}

int RunList(const DimArguments& args) {
  StatusOr<std::vector<std::string>> names = dims::ListDimensions(args.store);
  if (!names.ok()) return ReportError(names.status());
  nlohmann::json json = nlohmann::json::array();
  query::AlignedTextTable rows;
  rows.AddRow({"name", "keys", "versions", "columns", "file"});
  for (const std::string& name : *names) {
    StatusOr<std::shared_ptr<const dims::DimensionTable>> table =
        dims::DimensionTable::Load(args.store, name);
    if (!table.ok()) return ReportError(table.status());
    std::string columns = (*table)->key_column() + ", " + (*table)->valid_from_column();
    nlohmann::json attributes = nlohmann::json::object();
    for (int a = 0; a < (*table)->attributes(); ++a) {
      const std::string type(dims::DimensionTypeName((*table)->attribute_type(a)));
      columns += ", " + (*table)->attribute_name(a) + ":" + type;
      attributes[(*table)->attribute_name(a)] = type;
    }
    json.push_back({{"name", name},
                    {"keys", (*table)->keys()},
                    {"versions", (*table)->versions()},
                    {"key", (*table)->key_column()},
                    {"valid_from", (*table)->valid_from_column()},
                    {"attributes", attributes},
                    {"file", (*table)->source_file()}});
    rows.AddRow({name, std::to_string((*table)->keys()), std::to_string((*table)->versions()),
                 columns, (*table)->source_file()});
  }
  if (args.format == "json") {
    std::cout << json.dump() << "\n";
  } else {
    std::cout << rows.Render();
  }
  return kExitOk;
}

}  // namespace

Command AddDimCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand("dim", "Versioned dimensions read as of each label time");
  app->require_subcommand(1);
  auto args = std::make_shared<DimArguments>();
  CLI::App* import = app->add_subcommand(
      "import", "Make a Parquet file of versions the current version of a dimension");
  import->add_option("STORE", args->store, "Store directory")->required();
  import->add_option("NAME", args->name, "Dimension name ([a-z][a-z0-9_]*)")->required();
  import->add_option("FILE", args->file, "Parquet file: key, valid-from and attribute columns")
      ->required();
  import->add_option("--key", args->key, "Key column (integer)")->required();
  import
      ->add_option("--valid-from", args->valid_from,
                   "Column with each version's start (µs since the epoch or TIMESTAMP)")
      ->required();
  import->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* list = app->add_subcommand("list", "The store's dimensions");
  list->add_option("STORE", args->store, "Store directory")->required();
  list->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {app, [args, import] { return import->parsed() ? RunImport(*args) : RunList(*args); }};
}

}  // namespace hindsight::cli
