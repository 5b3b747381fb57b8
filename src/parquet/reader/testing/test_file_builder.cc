#include "parquet/reader/testing/test_file_builder.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "parquet/bloom/bloom_hash.h"
#include "parquet/bloom/split_block_bloom_filter.h"
#include "parquet/compression/codec.h"
#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta_binary_packed.h"
#include "parquet/encoding/delta_byte_array.h"
#include "parquet/encoding/delta_length_byte_array.h"
#include "parquet/encoding/dictionary.h"
#include "parquet/encoding/dictionary_builder.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "parquet/format/footer.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/schema/record_shredder.h"

namespace hindsight::parquet::test_util {
namespace {

using format::Encoding;
using format::Type;

// Where each row starts in a leaf's levels and values.
struct RowIndex {
  std::vector<size_t> entry;  // rows + 1 entries
  std::vector<size_t> value;
};

RowIndex IndexRows(const LeafColumn& leaf, const LeafData& data, int64_t rows) {
  RowIndex index;
  const bool has_levels = leaf.max_def_level > 0;
  const size_t entries =
      has_levels ? data.def_levels.size() : static_cast<size_t>(data.values.length);
  size_t values = 0;
  for (size_t k = 0; k < entries; ++k) {
    if (!has_levels || leaf.max_rep_level == 0 || data.rep_levels[k] == 0) {
      index.entry.push_back(k);
      index.value.push_back(values);
    }
    if (!has_levels || data.def_levels[k] == leaf.max_def_level) ++values;
  }
  index.entry.push_back(entries);
  index.value.push_back(values);
  index.entry.resize(static_cast<size_t>(rows) + 1, entries);
  index.value.resize(static_cast<size_t>(rows) + 1, values);
  return index;
}

// Values [begin, end) of a dense values Column, as a Column of their own.
Column SliceValues(const Column& values, size_t begin, size_t end) {
  Column slice;
  slice.type = values.type;
  slice.length = static_cast<int64_t>(end - begin);
  if (values.type == ColumnType::kBinary) {
    const int64_t base = values.offsets[begin];
    for (size_t i = begin; i <= end; ++i) slice.offsets.push_back(values.offsets[i] - base);
    slice.values.assign(values.values.begin() + base, values.values.begin() + values.offsets[end]);
  } else {
    const size_t width = FixedWidth(values.type);
    slice.values.assign(values.values.begin() + begin * width, values.values.begin() + end * width);
  }
  return slice;
}

ByteArrayView BinaryView(const Column& column) { return ViewOf(column.offsets, column.values); }

template <typename T>
std::span<const T> Typed(const Column& column) {
  return {reinterpret_cast<const T*>(column.values.data()), static_cast<size_t>(column.length)};
}

void EncodePlainValues(const LeafColumn& leaf, const Column& values, std::vector<uint8_t>* out) {
  switch (leaf.physical_type) {
    case Type::BOOLEAN:
      EncodePlainBoolean(Typed<uint8_t>(values), out);
      return;
    case Type::INT32:
      EncodePlain(Typed<int32_t>(values), out);
      return;
    case Type::INT64:
      EncodePlain(Typed<int64_t>(values), out);
      return;
    case Type::FLOAT:
      EncodePlain(Typed<float>(values), out);
      return;
    case Type::DOUBLE:
      EncodePlain(Typed<double>(values), out);
      return;
    case Type::BYTE_ARRAY:
      EncodePlainByteArray(BinaryView(values), out);
      return;
    case Type::INT96:
    case Type::FIXED_LEN_BYTE_ARRAY:
      EncodePlainFixedLenByteArray(BinaryView(values), out);
      return;
  }
}

// The encoding `wanted` becomes for this leaf, and the page values in it.
Encoding EncodeValues(const LeafColumn& leaf, ValueEncoding wanted, const Column& values,
                      std::vector<uint8_t>* out) {
  const Type type = leaf.physical_type;
  switch (wanted) {
    case ValueEncoding::kDelta:
    case ValueEncoding::kDeltaByteArray:
      if (type == Type::INT32) {
        EncodeDeltaBinaryPacked(Typed<int32_t>(values), out);
        return Encoding::DELTA_BINARY_PACKED;
      }
      if (type == Type::INT64) {
        EncodeDeltaBinaryPacked(Typed<int64_t>(values), out);
        return Encoding::DELTA_BINARY_PACKED;
      }
      if (type == Type::BOOLEAN) {
        EncodeRleBitPackedLengthPrefixed(Typed<uint8_t>(values), 1, out);
        return Encoding::RLE;
      }
      if (type == Type::BYTE_ARRAY && wanted == ValueEncoding::kDelta) {
        EncodeDeltaLengthByteArray(BinaryView(values), out);
        return Encoding::DELTA_LENGTH_BYTE_ARRAY;
      }
      if (type == Type::BYTE_ARRAY || type == Type::FIXED_LEN_BYTE_ARRAY) {
        EncodeDeltaByteArray(BinaryView(values), out);
        return Encoding::DELTA_BYTE_ARRAY;
      }
      break;
    case ValueEncoding::kByteStreamSplit:
      if (type == Type::FLOAT || type == Type::DOUBLE || type == Type::INT32 ||
          type == Type::INT64) {
        EncodeByteStreamSplit(values.values, FixedWidth(values.type), out);
        return Encoding::BYTE_STREAM_SPLIT;
      }
      if (type == Type::FIXED_LEN_BYTE_ARRAY) {
        EncodeByteStreamSplit(values.values, static_cast<size_t>(leaf.type_length), out);
        return Encoding::BYTE_STREAM_SPLIT;
      }
      break;
    default:
      break;
  }
  EncodePlainValues(leaf, values, out);
  return Encoding::PLAIN;
}

// A chunk's dictionary: the distinct values (a values Column) and each value's index.
struct ChunkDictionary {
  Column entries;
  std::vector<uint32_t> indices;
};

std::optional<ChunkDictionary> BuildDictionary(const LeafColumn& leaf, const Column& values) {
  ChunkDictionary dictionary;
  dictionary.indices.resize(static_cast<size_t>(values.length));
  dictionary.entries.type = values.type;
  constexpr size_t kUnlimited = size_t{1} << 40;
  auto fixed = [&](auto tag) {
    using T = decltype(tag);
    DictionaryBuilder<T> builder(kUnlimited);
    builder.Map(Typed<T>(values), dictionary.indices);
    dictionary.entries.length = static_cast<int64_t>(builder.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(builder.values().data());
    dictionary.entries.values.assign(bytes, bytes + builder.size() * sizeof(T));
  };
  switch (leaf.physical_type) {
    case Type::BOOLEAN:
      return std::nullopt;
    case Type::INT32:
      fixed(int32_t{});
      break;
    case Type::INT64:
      fixed(int64_t{});
      break;
    case Type::FLOAT:
      fixed(float{});
      break;
    case Type::DOUBLE:
      fixed(double{});
      break;
    default: {
      ByteArrayDictionaryBuilder builder(kUnlimited);
      builder.Map(BinaryView(values), dictionary.indices);
      const ByteArrayView entries = builder.values();
      dictionary.entries.length = static_cast<int64_t>(entries.size());
      dictionary.entries.offsets.assign(entries.offsets.begin(), entries.offsets.end());
      dictionary.entries.values.assign(entries.heap.begin(), entries.heap.end());
      break;
    }
  }
  return dictionary;
}

void AppendBitPackedMsbFirst(std::span<const int16_t> levels, int width,
                             std::vector<uint8_t>* out) {
  const size_t start = out->size();
  out->resize(start + (levels.size() * static_cast<size_t>(width) + 7) / 8, 0);
  size_t bit = 0;
  for (const int16_t level : levels) {
    for (int b = width - 1; b >= 0; --b, ++bit) {
      if ((level >> b) & 1) (*out)[start + bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8));
    }
  }
}

// Min and max (PLAIN bytes) of values of an orderable leaf; nullopt when there are none.
struct MinMax {
  std::string min;
  std::string max;
};

std::optional<MinMax> ComputeMinMax(const LeafColumn& leaf, const Column& values) {
  if (values.length == 0) return std::nullopt;
  auto as_bytes = [](const auto& value) {
    return std::string(reinterpret_cast<const char*>(&value), sizeof(value));
  };
  auto numeric = [&](auto tag) -> std::optional<MinMax> {
    using T = decltype(tag);
    std::span<const T> typed = Typed<T>(values);
    std::optional<T> low;
    std::optional<T> high;
    for (const T value : typed) {
      if (value != value) continue;  // NaN
      if (!low || value < *low) low = value;
      if (!high || value > *high) high = value;
    }
    if (!low) return std::nullopt;
    return MinMax{as_bytes(*low), as_bytes(*high)};
  };
  switch (leaf.physical_type) {
    case Type::INT32:
      return numeric(int32_t{});
    case Type::INT64:
      return numeric(int64_t{});
    case Type::FLOAT:
      return numeric(float{});
    case Type::DOUBLE:
      return numeric(double{});
    case Type::BYTE_ARRAY:
    case Type::FIXED_LEN_BYTE_ARRAY: {
      const ByteArrayView view = BinaryView(values);
      std::string low(view[0]);
      std::string high(view[0]);
      for (size_t i = 1; i < view.size(); ++i) {
        low = std::min(low, std::string(view[i]));
        high = std::max(high, std::string(view[i]));
      }
      return MinMax{low, high};
    }
    default:
      return std::nullopt;
  }
}

void InsertBloomHashes(const LeafColumn& leaf, const Column& values,
                       SplitBlockBloomFilter& filter) {
  std::vector<uint64_t> hashes(static_cast<size_t>(values.length));
  switch (leaf.physical_type) {
    case Type::INT32:
      BloomHashes(Typed<int32_t>(values), hashes);
      break;
    case Type::INT64:
      BloomHashes(Typed<int64_t>(values), hashes);
      break;
    case Type::FLOAT:
      BloomHashes(Typed<float>(values), hashes);
      break;
    case Type::DOUBLE:
      BloomHashes(Typed<double>(values), hashes);
      break;
    case Type::BOOLEAN:
      return;
    default:
      BloomHashes(BinaryView(values), hashes);
      break;
  }
  filter.InsertAll(hashes);
}

class Builder {
 public:
  Builder(const Schema& schema, const TestFileOptions& options)
      : schema_(schema), options_(options) {}

  std::vector<uint8_t> Build(const RecordBatch& batch) {
    StatusOr<std::vector<LeafData>> shredded = ShredRecords(schema_, batch);
    if (!shredded.ok()) std::abort();
    leaves_ = std::move(*shredded);
    for (int i = 0; i < schema_.num_leaves(); ++i) {
      index_.push_back(IndexRows(schema_.leaf(i), leaves_[static_cast<size_t>(i)], batch.num_rows));
    }
    Append(format::kParquetMagic);
    format::FileMetaData metadata;
    metadata.schema = schema_.ToElements();
    metadata.num_rows = batch.num_rows;
    metadata.created_by = "hindsight reader test";
    metadata.column_orders.resize(static_cast<size_t>(schema_.num_leaves()));
    const int64_t group_rows = std::max<int64_t>(options_.rows_per_row_group, 1);
    for (int64_t begin = 0; begin < batch.num_rows || (begin == 0 && batch.num_rows == 0);
         begin += group_rows) {
      metadata.row_groups.push_back(
          WriteRowGroup(begin, std::min(batch.num_rows, begin + group_rows)));
      if (batch.num_rows == 0) break;
    }
    WriteIndexesAndFilters(metadata);
    if (options_.edit_metadata) options_.edit_metadata(metadata);
    Append(format::BuildFooter(metadata));
    return std::move(file_);
  }

 private:
  struct PendingIndex {
    format::ColumnIndex column_index;
    format::OffsetIndex offset_index;
    bool orderable = false;
    std::optional<SplitBlockBloomFilter> bloom;
  };

  void Append(std::string_view bytes) { file_.insert(file_.end(), bytes.begin(), bytes.end()); }
  void Append(std::span<const uint8_t> bytes) {
    file_.insert(file_.end(), bytes.begin(), bytes.end());
  }

  format::RowGroup WriteRowGroup(int64_t row_begin, int64_t row_end) {
    format::RowGroup group;
    group.num_rows = row_end - row_begin;
    group.file_offset = static_cast<int64_t>(file_.size());
    for (int i = 0; i < schema_.num_leaves(); ++i) {
      group.columns.push_back(WriteChunk(i, row_begin, row_end));
      group.total_byte_size += group.columns.back().meta_data->total_uncompressed_size;
    }
    return group;
  }

  void WritePage(format::PageHeader header, std::span<const uint8_t> body) {
    header.compressed_page_size = static_cast<int32_t>(body.size());
    if (options_.write_crc) {
      header.crc = static_cast<int32_t>(
          crc32(crc32(0L, Z_NULL, 0), body.data(), static_cast<uInt>(body.size())));
    }
    if (options_.edit_page_header) options_.edit_page_header(header);
    Append(format::SerializePageHeader(header));
    Append(body);
  }

  std::vector<uint8_t> Compress(std::span<const uint8_t> bytes) const {
    std::vector<uint8_t> out;
    if (!parquet::Compress(options_.codec, bytes, &out).ok()) std::abort();
    return out;
  }

  format::ColumnChunk WriteChunk(int leaf_index, int64_t row_begin, int64_t row_end) {
    const LeafColumn& leaf = schema_.leaf(leaf_index);
    const LeafData& data = leaves_[static_cast<size_t>(leaf_index)];
    const RowIndex& rows = index_[static_cast<size_t>(leaf_index)];
    format::ColumnChunk chunk;
    format::ColumnMetaData meta;
    meta.type = leaf.physical_type;
    meta.path_in_schema = leaf.path;
    meta.codec = options_.codec;
    const int64_t chunk_start = static_cast<int64_t>(file_.size());
    const Column chunk_values =
        SliceValues(data.values, rows.value[row_begin], rows.value[row_end]);
    PendingIndex pending;
    pending.orderable = leaf.physical_type != Type::BOOLEAN && leaf.physical_type != Type::INT96;

    std::optional<ChunkDictionary> dictionary;
    if (options_.encoding == ValueEncoding::kDictionary)
      dictionary = BuildDictionary(leaf, chunk_values);
    std::vector<Encoding> encodings = {Encoding::RLE};
    if (dictionary.has_value()) {
      std::vector<uint8_t> plain;
      EncodePlainValues(leaf, dictionary->entries, &plain);
      format::PageHeader header;
      header.type = format::PageType::DICTIONARY_PAGE;
      header.uncompressed_page_size = static_cast<int32_t>(plain.size());
      header.dictionary_page_header = format::DictionaryPageHeader{
          static_cast<int32_t>(dictionary->entries.length), Encoding::PLAIN, std::nullopt};
      if (options_.write_dictionary_page_offset) meta.dictionary_page_offset = chunk_start;
      WritePage(header, Compress(plain));
      encodings.push_back(Encoding::PLAIN);
    }
    const int64_t page_rows =
        std::max<int64_t>(static_cast<size_t>(leaf_index) < options_.leaf_rows_per_page.size()
                              ? options_.leaf_rows_per_page[static_cast<size_t>(leaf_index)]
                              : options_.rows_per_page,
                          1);
    for (int64_t begin = row_begin; begin < row_end; begin += page_rows) {
      const int64_t end = std::min(row_end, begin + page_rows);
      if (begin == row_begin) meta.data_page_offset = static_cast<int64_t>(file_.size());
      pending.offset_index.page_locations.push_back(
          {static_cast<int64_t>(file_.size()), 0, begin - row_begin});
      const size_t first_value = rows.value[begin];
      const Column page_values = SliceValues(data.values, first_value, rows.value[end]);
      std::vector<uint8_t> values_bytes;
      Encoding encoding;
      if (dictionary.has_value()) {
        const size_t chunk_first = first_value - rows.value[row_begin];
        EncodeDictionaryIndices(std::span<const uint32_t>(dictionary->indices)
                                    .subspan(chunk_first, static_cast<size_t>(page_values.length)),
                                static_cast<size_t>(dictionary->entries.length), &values_bytes);
        encoding = Encoding::RLE_DICTIONARY;
      } else {
        encoding = EncodeValues(leaf, options_.encoding, page_values, &values_bytes);
      }
      if (std::find(encodings.begin(), encodings.end(), encoding) == encodings.end()) {
        encodings.push_back(encoding);
      }
      const size_t entry_begin = rows.entry[begin];
      const size_t entry_end = rows.entry[end];
      const size_t count = entry_end - entry_begin;
      std::span<const int16_t> rep;
      std::span<const int16_t> def;
      if (leaf.max_rep_level > 0) rep = std::span(data.rep_levels).subspan(entry_begin, count);
      if (leaf.max_def_level > 0) def = std::span(data.def_levels).subspan(entry_begin, count);
      const size_t page_start = file_.size();
      WriteDataPage(leaf, rep, def, count, page_values.length, end - begin, encoding, values_bytes);
      pending.offset_index.page_locations.back().compressed_page_size =
          static_cast<int32_t>(file_.size() - page_start);
      meta.num_values += static_cast<int64_t>(count);
      // Page statistics for the column index.
      const std::optional<MinMax> bounds = ComputeMinMax(leaf, page_values);
      pending.column_index.null_pages.push_back(!bounds.has_value());
      pending.column_index.min_values.push_back(bounds ? bounds->min : "");
      pending.column_index.max_values.push_back(bounds ? bounds->max : "");
      pending.column_index.null_counts.push_back(static_cast<int64_t>(count) - page_values.length);
    }
    meta.encodings = encodings;
    meta.total_compressed_size = static_cast<int64_t>(file_.size()) - chunk_start;
    meta.total_uncompressed_size = meta.total_compressed_size;
    if (options_.write_statistics) {
      format::Statistics stats;
      stats.null_count = meta.num_values - chunk_values.length;
      if (pending.orderable) {
        if (const std::optional<MinMax> bounds = ComputeMinMax(leaf, chunk_values)) {
          stats.min_value = bounds->min;
          stats.max_value = bounds->max;
        }
      }
      meta.statistics = stats;
    }
    if (options_.write_bloom_filters && leaf.physical_type != Type::BOOLEAN) {
      pending.bloom.emplace(SplitBlockBloomFilter::OptimalNumBytes(
          static_cast<uint64_t>(std::max<int64_t>(chunk_values.length, 1)), 0.01));
      InsertBloomHashes(leaf, chunk_values, *pending.bloom);
    }
    chunk.file_offset = chunk_start;
    chunk.meta_data = std::move(meta);
    pending_.push_back(std::move(pending));
    return chunk;
  }

  void WriteDataPage(const LeafColumn& leaf, std::span<const int16_t> rep,
                     std::span<const int16_t> def, size_t count, int64_t non_null, int64_t rows,
                     Encoding encoding, const std::vector<uint8_t>& values_bytes) {
    format::PageHeader header;
    if (options_.data_page_v2) {
      std::vector<uint8_t> levels;
      if (!rep.empty())
        EncodeRleBitPacked(rep, BitWidthFor(static_cast<uint64_t>(leaf.max_rep_level)), &levels);
      const size_t rep_bytes = levels.size();
      if (!def.empty())
        EncodeRleBitPacked(def, BitWidthFor(static_cast<uint64_t>(leaf.max_def_level)), &levels);
      const std::vector<uint8_t> compressed = Compress(values_bytes);
      header.type = format::PageType::DATA_PAGE_V2;
      header.uncompressed_page_size = static_cast<int32_t>(levels.size() + values_bytes.size());
      format::DataPageHeaderV2 v2;
      v2.num_values = static_cast<int32_t>(count);
      v2.num_nulls = static_cast<int32_t>(static_cast<int64_t>(count) - non_null);
      v2.num_rows = static_cast<int32_t>(rows);
      v2.encoding = encoding;
      v2.repetition_levels_byte_length = static_cast<int32_t>(rep_bytes);
      v2.definition_levels_byte_length = static_cast<int32_t>(levels.size() - rep_bytes);
      header.data_page_header_v2 = v2;
      levels.insert(levels.end(), compressed.begin(), compressed.end());
      WritePage(header, levels);
      return;
    }
    std::vector<uint8_t> body;
    const Encoding level_encoding =
        options_.bit_packed_levels ? Encoding::BIT_PACKED : Encoding::RLE;
    auto append_levels = [&](std::span<const int16_t> levels, int16_t max_level) {
      const int width = BitWidthFor(static_cast<uint64_t>(max_level));
      if (options_.bit_packed_levels) {
        AppendBitPackedMsbFirst(levels, width, &body);
      } else {
        EncodeRleBitPackedLengthPrefixed(levels, width, &body);
      }
    };
    if (leaf.max_rep_level > 0) append_levels(rep, leaf.max_rep_level);
    if (leaf.max_def_level > 0) append_levels(def, leaf.max_def_level);
    body.insert(body.end(), values_bytes.begin(), values_bytes.end());
    if (options_.edit_page_body) options_.edit_page_body(body);
    header.type = format::PageType::DATA_PAGE;
    header.uncompressed_page_size = static_cast<int32_t>(body.size());
    header.data_page_header = format::DataPageHeader{static_cast<int32_t>(count), encoding,
                                                     level_encoding, level_encoding, std::nullopt};
    WritePage(header, Compress(body));
  }

  void WriteIndexesAndFilters(format::FileMetaData& metadata) {
    size_t next = 0;
    for (format::RowGroup& group : metadata.row_groups) {
      for (format::ColumnChunk& chunk : group.columns) {
        PendingIndex& pending = pending_[next++];
        if (options_.write_page_index) {
          if (pending.orderable) {
            const std::string bytes = format::SerializeColumnIndex(pending.column_index);
            chunk.column_index_offset = static_cast<int64_t>(file_.size());
            chunk.column_index_length = static_cast<int32_t>(bytes.size());
            Append(bytes);
          }
          const std::string bytes = format::SerializeOffsetIndex(pending.offset_index);
          chunk.offset_index_offset = static_cast<int64_t>(file_.size());
          chunk.offset_index_length = static_cast<int32_t>(bytes.size());
          Append(bytes);
        }
        if (pending.bloom.has_value()) {
          format::BloomFilterHeader header;
          header.num_bytes = static_cast<int32_t>(pending.bloom->num_bytes());
          const std::string header_bytes = format::SerializeBloomFilterHeader(header);
          chunk.meta_data->bloom_filter_offset = static_cast<int64_t>(file_.size());
          chunk.meta_data->bloom_filter_length =
              static_cast<int32_t>(header_bytes.size() + pending.bloom->num_bytes());
          Append(header_bytes);
          Append(pending.bloom->bitset());
        }
      }
    }
  }

  const Schema& schema_;
  const TestFileOptions& options_;
  std::vector<LeafData> leaves_;
  std::vector<RowIndex> index_;
  std::vector<PendingIndex> pending_;
  std::vector<uint8_t> file_;
};

}  // namespace

std::vector<uint8_t> BuildTestFile(const Schema& schema, const RecordBatch& batch,
                                   const TestFileOptions& options) {
  Builder builder(schema, options);
  return builder.Build(batch);
}

}  // namespace hindsight::parquet::test_util
