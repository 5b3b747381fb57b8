// A data file of the facts table opened for point lookups: its Parquet footer, the bloom
// filters of its entity column (read once, when the file is opened), and per set of fact
// types the columns a lookup reads and the decoder of their rows (built once, then shared).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parquet/bloom/split_block_bloom_filter.h"
#include "parquet/reader/file_reader.h"
#include "parquet/reader/read_options.h"
#include "store/fact_schema_registry.h"
#include "store/table/facts_row_decoder.h"
#include "util/status.h"

namespace hindsight::query {

// How a lookup reads one file for some fact types: the projection (entity, ts, record_id,
// app, the context columns and `facts.<type>` of the types the file has) and where those
// columns sit in the batches it returns.
struct LookupProjection {
  parquet::ReadOptions options;  // columns only; each lookup adds its filter
  int entity_column = -1;        // positions among the projected batch's columns
  int ts_column = -1;
  int record_id_column = -1;
  int facts_column = -1;  // -1 when the file has none of the fact types
  // For the i-th fact type asked for: its child index in the facts column, -1 when the
  // file was written before the type existed.
  std::vector<int> fact_children;
  // Decodes rows of the projected batches; null when facts_column is -1.
  std::unique_ptr<const store::FactsRowDecoder> decoder;
};

// A batch read through a LookupProjection, seen through its key columns: what every scan
// of the facts table (as-of lookups, the generator's hour pass, materialize) looks at
// before it decodes a row. Holds references into `batch`, which must outlive it.
struct ProjectedBatch {
  ProjectedBatch(const parquet::RecordBatch& batch, const LookupProjection& projection);

  // Whether row `row` holds a value of the projection's k-th fact type (false when the
  // file has no facts column or was written before the type existed).
  bool HasFact(int64_t row, size_t k) const;
  bool KeysPresent(int64_t row) const { return !entities.IsNull(row) && !times.IsNull(row); }

  const LookupProjection& projection;
  const parquet::Column& entities;
  const parquet::Column& times;
  const parquet::Column& ids;
  const parquet::Column* facts;  // null when projection.facts_column < 0
  std::span<const int64_t> entity_values;
  std::span<const int64_t> time_values;
};

// The hash an entity has in the entity column's bloom filters.
uint64_t EntityBloomHash(int64_t entity);

// Thread-safe.
class OpenDataFile {
 public:
  // Opens the Parquet file at `path` and reads its footer and the bloom filter of the
  // `entity_key` column in every row group. Errors name the file: unreadable, not
  // Parquet, entity or ts column missing or not INT64, record_id not binary, a corrupt
  // bloom filter.
  [[nodiscard]] static StatusOr<std::unique_ptr<OpenDataFile>> Open(const std::string& path,
                                                                    const std::string& entity_key);
  ~OpenDataFile();
  OpenDataFile(const OpenDataFile&) = delete;
  OpenDataFile& operator=(const OpenDataFile&) = delete;

  const parquet::ParquetFileReader& reader() const { return *reader_; }
  int num_row_groups() const { return reader_->num_row_groups(); }

  // False when the bloom filter of row group `row_group` proves it holds no row of the
  // entity whose EntityBloomHash is `entity_hash`. REQUIRES: 0 <= row_group < num_row_groups().
  bool MightHoldEntity(int row_group, uint64_t entity_hash) const;

  // The projection for `fact_types` (registered names, none twice); `registry` must
  // outlive this file. Errors name the file: a fact column that is not a list, a column
  // the registry's types contradict.
  [[nodiscard]] StatusOr<std::shared_ptr<const LookupProjection>> Projection(
      const std::vector<std::string>& fact_types, const store::FactSchemaRegistry& registry) const;

  // Bytes read to open the file (footer, bloom filters): roughly what keeping it open costs.
  int64_t open_bytes() const { return open_bytes_; }
  // Work done reading this file since it was opened, the opening included.
  parquet::ReadStats read_stats() const;

 private:
  OpenDataFile(std::string entity_key, std::unique_ptr<parquet::ParquetFileReader> reader,
               std::vector<std::optional<parquet::SplitBlockBloomFilter>> entity_blooms,
               int64_t bloom_bytes);

  StatusOr<std::shared_ptr<const LookupProjection>> BuildProjection(
      const std::vector<std::string>& fact_types, const store::FactSchemaRegistry& registry) const;

  std::string entity_key_;
  std::unique_ptr<parquet::ParquetFileReader> reader_;
  // Per row group; nullopt when the writer stored no filter (every entity may be there).
  std::vector<std::optional<parquet::SplitBlockBloomFilter>> entity_blooms_;
  int64_t bloom_bytes_ = 0;
  int64_t open_bytes_ = 0;

  // Projections built so far, keyed by the fact types joined with ','.
  mutable std::mutex projections_mutex_;
  mutable std::map<std::string, std::shared_ptr<const LookupProjection>> projections_;
};

}  // namespace hindsight::query
