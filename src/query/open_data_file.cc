#include "query/open_data_file.h"

#include <string_view>

#include "parquet/bloom/bloom_hash.h"
#include "parquet/reader/bloom_filter_reader.h"
#include "query/query_errors_internal.h"
#include "store/table/facts_table_schema.h"
#include "util/file_io.h"
#include "util/str_cat.h"

namespace hindsight::query {
namespace {

// Projections kept per file. Lookups ask for the fact types they still miss, so a batch
// asking for k types can use up to 2^k sets; past this many the set is rebuilt.
constexpr size_t kMaxProjectionsPerFile = 32;

// Lets the Parquet reader and the bloom filter reads share one open file.
class SharedFile : public RandomAccessFile {
 public:
  explicit SharedFile(std::shared_ptr<const RandomAccessFile> file) : file_(std::move(file)) {}
  const std::string& name() const override { return file_->name(); }
  uint64_t size() const override { return file_->size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    return file_->ReadAt(offset, out);
  }

 private:
  std::shared_ptr<const RandomAccessFile> file_;
};

const parquet::LogicalNode* FindChild(const parquet::LogicalNode& parent, std::string_view name) {
  for (const parquet::LogicalNode& child : parent.children) {
    if (child.name == name) return &child;
  }
  return nullptr;
}

int ChildIndex(const parquet::LogicalNode& parent, std::string_view name) {
  for (size_t i = 0; i < parent.children.size(); ++i) {
    if (parent.children[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// The top-level column `name` as a required-or-optional primitive of `type`.
StatusOr<const parquet::LogicalNode*> RecordColumn(const parquet::Schema& schema,
                                                   const std::string& file, std::string_view name,
                                                   parquet::ColumnType type,
                                                   std::string_view type_name) {
  const parquet::LogicalNode* node = FindChild(schema.logical_root(), name);
  if (node == nullptr) {
    return absl::DataLossError(StrCat(file, ": not a facts table file (no column '", name, "')"));
  }
  if (node->kind != parquet::LogicalKind::kPrimitive || node->column_type != type) {
    return absl::DataLossError(
        StrCat(file, ": column '", name, "' is not ", type_name, " as the facts table needs"));
  }
  return node;
}

bool IsEnvelopeColumn(std::string_view name) {
  return name == store::kItemsColumn || name == store::kMetaColumn || name == store::kFactsColumn;
}

std::string ProjectionKey(const std::vector<std::string>& fact_types) {
  std::string key;
  for (const std::string& type : fact_types) {
    key.append(type);
    key.push_back(',');
  }
  return key;
}

}  // namespace

uint64_t EntityBloomHash(int64_t entity) { return parquet::BloomHash(entity); }

OpenDataFile::OpenDataFile(std::string entity_key,
                           std::unique_ptr<parquet::ParquetFileReader> reader,
                           std::vector<std::optional<parquet::SplitBlockBloomFilter>> entity_blooms,
                           int64_t bloom_bytes)
    : entity_key_(std::move(entity_key)),
      reader_(std::move(reader)),
      entity_blooms_(std::move(entity_blooms)),
      bloom_bytes_(bloom_bytes),
      open_bytes_(reader_->read_stats().bytes_read + bloom_bytes) {}

OpenDataFile::~OpenDataFile() = default;

StatusOr<std::unique_ptr<OpenDataFile>> OpenDataFile::Open(const std::string& path,
                                                           const std::string& entity_key) {
  HS_ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> opened, OpenRandomAccessFile(path));
  std::shared_ptr<const RandomAccessFile> file(std::move(opened));
  HS_ASSIGN_OR_RETURN(std::unique_ptr<parquet::ParquetFileReader> reader,
                      parquet::ParquetFileReader::Open(std::make_unique<SharedFile>(file)));
  const parquet::Schema& schema = reader->schema();
  HS_ASSIGN_OR_RETURN(const parquet::LogicalNode* entity,
                      RecordColumn(schema, path, entity_key, parquet::ColumnType::kInt64, "INT64"));
  HS_RETURN_IF_ERROR(
      RecordColumn(schema, path, store::kTimeColumn, parquet::ColumnType::kInt64, "INT64")
          .status());
  HS_RETURN_IF_ERROR(
      RecordColumn(schema, path, store::kRecordIdColumn, parquet::ColumnType::kBinary, "STRING")
          .status());
  if (schema.leaf(entity->leaf_index).physical_type != parquet::format::Type::INT64) {
    return absl::DataLossError(StrCat(path, ": column '", entity_key, "' is not INT64"));
  }

  std::vector<std::optional<parquet::SplitBlockBloomFilter>> blooms;
  int64_t bloom_bytes = 0;
  const auto& row_groups = reader->metadata().row_groups;
  blooms.reserve(row_groups.size());
  for (size_t g = 0; g < row_groups.size(); ++g) {
    const auto& columns = row_groups[g].columns;
    const size_t leaf = static_cast<size_t>(entity->leaf_index);
    if (leaf >= columns.size() || !columns[leaf].meta_data.has_value()) {
      return absl::DataLossError(
          StrCat(path, ": row group ", g, " has no metadata for column '", entity_key, "'"));
    }
    StatusOr<parquet::BloomFilterRead> bloom =
        parquet::ReadBloomFilter(*file, *columns[leaf].meta_data);
    if (!bloom.ok()) {
      return WithContext(bloom.status(),
                         StrCat(path, ": row group ", g, " column '", entity_key, "'"));
    }
    bloom_bytes += bloom->bytes_read;
    blooms.push_back(std::move(bloom->filter));
  }
  return std::unique_ptr<OpenDataFile>(
      new OpenDataFile(entity_key, std::move(reader), std::move(blooms), bloom_bytes));
}

bool OpenDataFile::MightHoldEntity(int row_group, uint64_t entity_hash) const {
  const auto& bloom = entity_blooms_[static_cast<size_t>(row_group)];
  return !bloom.has_value() || bloom->MightContain(entity_hash);
}

parquet::ReadStats OpenDataFile::read_stats() const {
  parquet::ReadStats stats = reader_->read_stats();
  stats.bytes_read += bloom_bytes_;
  return stats;
}

StatusOr<std::shared_ptr<const LookupProjection>> OpenDataFile::Projection(
    const std::vector<std::string>& fact_types, const store::FactSchemaRegistry& registry) const {
  const std::string key = ProjectionKey(fact_types);
  {
    std::lock_guard<std::mutex> lock(projections_mutex_);
    auto it = projections_.find(key);
    if (it != projections_.end()) return it->second;
  }
  HS_ASSIGN_OR_RETURN(std::shared_ptr<const LookupProjection> built,
                      BuildProjection(fact_types, registry));
  std::lock_guard<std::mutex> lock(projections_mutex_);
  if (projections_.size() >= kMaxProjectionsPerFile) projections_.clear();
  return projections_.emplace(key, std::move(built)).first->second;
}

StatusOr<std::shared_ptr<const LookupProjection>> OpenDataFile::BuildProjection(
    const std::vector<std::string>& fact_types, const store::FactSchemaRegistry& registry) const {
  const std::string& file = reader_->name();
  const parquet::LogicalNode& root = reader_->schema().logical_root();
  auto projection = std::make_shared<LookupProjection>();
  const parquet::LogicalNode* facts = FindChild(root, store::kFactsColumn);
  std::vector<std::string> fact_columns;
  for (const std::string& type : fact_types) {
    const parquet::LogicalNode* column = facts == nullptr ? nullptr : FindChild(*facts, type);
    if (column == nullptr) continue;
    if (column->kind != parquet::LogicalKind::kList) {
      return absl::DataLossError(
          StrCat(file, ": column '", store::kFactsColumn, ".", type, "' is not a list"));
    }
    fact_columns.push_back(StrCat(store::kFactsColumn, ".", type));
  }
  if (fact_columns.empty()) {
    projection->fact_children.assign(fact_types.size(), -1);
    return std::shared_ptr<const LookupProjection>(std::move(projection));
  }

  std::vector<std::string>& columns = projection->options.columns;
  for (const parquet::LogicalNode& child : root.children) {
    if (!IsEnvelopeColumn(child.name)) columns.push_back(child.name);
  }
  columns.insert(columns.end(), fact_columns.begin(), fact_columns.end());
  HS_ASSIGN_OR_RETURN(const parquet::Schema projected,
                      reader_->ProjectedSchema(projection->options));
  const parquet::LogicalNode& projected_root = projected.logical_root();
  projection->entity_column = ChildIndex(projected_root, entity_key_);
  projection->ts_column = ChildIndex(projected_root, store::kTimeColumn);
  projection->record_id_column = ChildIndex(projected_root, store::kRecordIdColumn);
  projection->facts_column = ChildIndex(projected_root, store::kFactsColumn);
  const parquet::LogicalNode& projected_facts =
      projected_root.children[static_cast<size_t>(projection->facts_column)];
  for (const std::string& type : fact_types) {
    projection->fact_children.push_back(ChildIndex(projected_facts, type));
  }
  StatusOr<std::unique_ptr<store::FactsRowDecoder>> decoder =
      store::FactsRowDecoder::Make(projected, entity_key_, registry);
  if (!decoder.ok()) return WithContext(decoder.status(), file);
  projection->decoder = std::move(*decoder);
  return std::shared_ptr<const LookupProjection>(std::move(projection));
}

ProjectedBatch::ProjectedBatch(const parquet::RecordBatch& batch,
                               const LookupProjection& projection)
    : projection(projection),
      entities(batch.columns[static_cast<size_t>(projection.entity_column)]),
      times(batch.columns[static_cast<size_t>(projection.ts_column)]),
      ids(batch.columns[static_cast<size_t>(projection.record_id_column)]),
      facts(projection.facts_column < 0
                ? nullptr
                : &batch.columns[static_cast<size_t>(projection.facts_column)]),
      entity_values(entities.Values<int64_t>()),
      time_values(times.Values<int64_t>()) {}

bool ProjectedBatch::HasFact(int64_t row, size_t k) const {
  const int child = projection.fact_children[k];
  if (child < 0 || facts == nullptr || facts->IsNull(row)) return false;
  const parquet::Column& values = facts->children[static_cast<size_t>(child)];
  return !values.IsNull(row) && values.ChildEnd(row) > values.ChildBegin(row);
}

}  // namespace hindsight::query
