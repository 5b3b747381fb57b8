// Creating a store and evolving its schemas (`hindsight init`), and opening its
// registered fact types for writers (`hindsight log`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/fact_schema_registry.h"
#include "store/store_config.h"
#include "util/status.h"

namespace hindsight::store {

struct InitStoreRequest {
  std::string store;
  std::vector<std::string> schema_files;  // .proto paths, copied into STORE/schemas
  std::optional<std::string> entity_key;  // default profile_id for a new store
};

struct InitStoreResult {
  bool created = false;  // the store did not exist before
  bool changed = false;  // anything was written
  std::vector<std::string> added_fact_types;
  StoreConfig config;
};

// Creates the store, or evolves an existing one: new messages become fact types
// (snake_case names), changed files replace the stored ones if every registered fact
// type stays compatible (schema_compatibility.h). Nothing is written on error;
// identical schemas are a no-op.
StatusOr<InitStoreResult> InitStore(const InitStoreRequest& request);

struct OpenedStore {
  StoreConfig config;
  std::unique_ptr<FactSchemaRegistry> registry;  // the config's fact types registered
};

// Reads STORE's config and compiles its schemas. NotFound if there is no store.
StatusOr<OpenedStore> OpenStore(const std::string& store);

}  // namespace hindsight::store
