#include "parquet/writer/column_chunk_writer.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "parquet/bloom/bloom_hash.h"
#include "parquet/compression/codec.h"
#include "parquet/encoding/bit_packing.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed_hybrid.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/writer/writer_errors_internal.h"
#include "util/str_cat.h"
#include "zlib.h"

namespace hindsight::parquet {
namespace {

using format::Encoding;
using format::PageType;

// Encoding values run from PLAIN (0) to BYTE_STREAM_SPLIT (9).
constexpr size_t kEncodingSlots = 10;

// PLAIN size of dense value i: its bytes, plus the length prefix of a BYTE_ARRAY.
int64_t PlainValueBytes(const LeafColumn& leaf, const Column& values, int64_t i) {
  if (values.type != ColumnType::kBinary) return static_cast<int64_t>(FixedWidth(values.type));
  const int64_t length = values.offsets[i + 1] - values.offsets[i];
  return leaf.physical_type == format::Type::BYTE_ARRAY
             ? length + static_cast<int64_t>(kByteArrayLengthSize)
             : length;
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(const LeafColumn& leaf, const ColumnChunkOptions& options)
    : leaf_(leaf),
      options_(options),
      order_(ValueOrderFor(leaf)),
      level_bits_per_entry_(BitWidthFor(static_cast<uint64_t>(leaf.max_def_level)) +
                            BitWidthFor(static_cast<uint64_t>(leaf.max_rep_level))),
      value_encoder_(leaf, options.encoding, options.max_dictionary_bytes),
      statistics_(order_),
      column_index_(order_, options.column_index_value_bytes) {
  options_.data_page_bytes = std::max<int64_t>(1, options_.data_page_bytes);
  options_.max_page_rows = std::max<int64_t>(1, options_.max_page_rows);
  pending_values_.type = leaf.column_type;
  pending_values_.length = 0;
  if (leaf.column_type == ColumnType::kBinary) pending_values_.offsets.push_back(0);
  StartChunk();
}

void ColumnChunkWriter::StartChunk() {
  finished_ = false;
  data_pages_.clear();
  dictionary_page_.clear();
  chunk_rows_ = 0;
  chunk_levels_ = 0;
  uncompressed_bytes_ = 0;
  data_page_counts_.assign(kEncodingSlots, 0);
  statistics_.Reset();
  column_index_.Reset();
  offset_index_.Reset();
  value_encoder_.Reset();
  bloom_hashes_.clear();
  bloom_filter_.reset();
  if (options_.bloom_filter && options_.bloom_filter->ndv) {
    bloom_filter_.emplace(SplitBlockBloomFilter::OptimalNumBytes(*options_.bloom_filter->ndv,
                                                                 options_.bloom_filter->fpp));
  }
}

Status ColumnChunkWriter::Error(std::string_view what) const {
  return absl::InvalidArgumentError(StrCat("column '", leaf_.dotted_path, "': ", what));
}

Status ColumnChunkWriter::AppendRows(const LeafData& data, LeafCursor* cursor, int64_t num_rows) {
  if (finished_) StartChunk();
  while (num_rows > 0) {
    const int64_t rows_room = std::max<int64_t>(1, options_.max_page_rows - pending_rows_);
    const int64_t bytes_room = options_.data_page_bytes - pending_bytes_;
    const Slice slice = MeasureRows(data, *cursor, std::min(num_rows, rows_room), bytes_room);
    CopyToPending(data, *cursor, slice);
    cursor->level += slice.levels;
    cursor->value += slice.values;
    num_rows -= slice.rows;
    if (pending_rows_ >= options_.max_page_rows || pending_bytes_ >= options_.data_page_bytes) {
      HS_RETURN_IF_ERROR(FlushPage());
    }
  }
  return absl::OkStatus();
}

ColumnChunkWriter::Slice ColumnChunkWriter::MeasureRows(const LeafData& data,
                                                        const LeafCursor& cursor, int64_t max_rows,
                                                        int64_t bytes_room) const {
  Slice slice;
  const bool has_def = leaf_.max_def_level > 0;
  const bool has_rep = leaf_.max_rep_level > 0;
  if (!has_def && !has_rep) {
    // One level entry and one value per row.
    if (data.values.type != ColumnType::kBinary) {
      const auto width = static_cast<int64_t>(FixedWidth(data.values.type));
      const int64_t rows_for_bytes = std::max<int64_t>(1, (bytes_room + width - 1) / width);
      slice.rows = std::min(max_rows, rows_for_bytes);
      slice.bytes = slice.rows * width;
    } else {
      while (slice.rows < max_rows) {
        slice.bytes += PlainValueBytes(leaf_, data.values, cursor.value + slice.rows);
        ++slice.rows;
        if (slice.bytes >= bytes_room) break;
      }
    }
    slice.levels = slice.rows;
    slice.values = slice.rows;
    return slice;
  }
  const int16_t* def = has_def ? data.def_levels.data() : nullptr;
  const int16_t* rep = has_rep ? data.rep_levels.data() : nullptr;
  const auto total =
      static_cast<int64_t>(has_def ? data.def_levels.size() : data.rep_levels.size());
  const int16_t max_def = leaf_.max_def_level;
  const int64_t start = cursor.level;
  int64_t value = cursor.value;
  int64_t bytes = 0;
  int64_t level_bits = 0;
  int64_t rows = 0;
  int64_t i = start;
  for (; i < total; ++i) {
    if (i != start && (rep == nullptr || rep[i] == 0)) {
      ++rows;
      if (rows == max_rows || bytes + level_bits / 8 >= bytes_room) break;
    }
    if (def == nullptr || def[i] == max_def) {
      bytes += PlainValueBytes(leaf_, data.values, value);
      ++value;
    }
    level_bits += level_bits_per_entry_;
  }
  if (i == total && i > start) ++rows;
  slice.rows = rows;
  slice.levels = i - start;
  slice.values = value - cursor.value;
  slice.bytes = bytes + level_bits / 8;
  return slice;
}

void ColumnChunkWriter::CopyToPending(const LeafData& data, const LeafCursor& cursor,
                                      const Slice& slice) {
  if (leaf_.max_def_level > 0) {
    const int16_t* begin = data.def_levels.data() + cursor.level;
    pending_def_.insert(pending_def_.end(), begin, begin + slice.levels);
  }
  if (leaf_.max_rep_level > 0) {
    const int16_t* begin = data.rep_levels.data() + cursor.level;
    pending_rep_.insert(pending_rep_.end(), begin, begin + slice.levels);
  }
  const Column& source = data.values;
  if (source.type == ColumnType::kBinary) {
    const int64_t base = source.offsets[cursor.value];
    const auto heap_base = static_cast<int64_t>(pending_values_.values.size());
    for (int64_t k = 1; k <= slice.values; ++k) {
      pending_values_.offsets.push_back(heap_base + source.offsets[cursor.value + k] - base);
    }
    const uint8_t* heap = source.values.data();
    pending_values_.values.insert(pending_values_.values.end(), heap + base,
                                  heap + source.offsets[cursor.value + slice.values]);
  } else {
    const size_t width = FixedWidth(source.type);
    const uint8_t* begin = source.values.data() + cursor.value * width;
    pending_values_.values.insert(pending_values_.values.end(), begin,
                                  begin + slice.values * width);
  }
  pending_values_.length += slice.values;
  pending_levels_ += slice.levels;
  pending_rows_ += slice.rows;
  pending_bytes_ += slice.bytes;
}

void ColumnChunkWriter::AddBloomValues(const Column& values) {
  const auto count = static_cast<size_t>(values.length);
  if (hash_scratch_.size() < count) hash_scratch_.resize(count);
  const std::span<uint64_t> hashes(hash_scratch_.data(), count);
  switch (values.type) {
    case ColumnType::kInt32:
      BloomHashes(values.Values<int32_t>(), hashes);
      break;
    case ColumnType::kInt64:
      BloomHashes(values.Values<int64_t>(), hashes);
      break;
    case ColumnType::kFloat:
      BloomHashes(values.Values<float>(), hashes);
      break;
    case ColumnType::kDouble:
      BloomHashes(values.Values<double>(), hashes);
      break;
    case ColumnType::kBinary:
      BloomHashes(ViewOf(values.offsets, values.values), hashes);
      break;
    default:
      return;
  }
  if (bloom_filter_) {
    bloom_filter_->InsertAll(hashes);
  } else {
    bloom_hashes_.insert(hashes.begin(), hashes.end());
  }
}

Status ColumnChunkWriter::FlushPage() {
  if (pending_levels_ == 0) return absl::OkStatus();
  if (pending_levels_ > std::numeric_limits<int32_t>::max()) {
    return Error(StrCat("a data page would hold ", pending_levels_,
                        " values, more than a page header can count"));
  }
  page_body_.clear();
  if (leaf_.max_rep_level > 0) {
    EncodeRleBitPackedLengthPrefixed(std::span<const int16_t>(pending_rep_),
                                     BitWidthFor(static_cast<uint64_t>(leaf_.max_rep_level)),
                                     &page_body_);
  }
  if (leaf_.max_def_level > 0) {
    EncodeRleBitPackedLengthPrefixed(std::span<const int16_t>(pending_def_),
                                     BitWidthFor(static_cast<uint64_t>(leaf_.max_def_level)),
                                     &page_body_);
  }
  const int64_t num_values = pending_values_.length;
  const int64_t null_count = pending_levels_ - num_values;
  Encoding encoding = Encoding::PLAIN;
  if (num_values > 0) encoding = value_encoder_.Encode(pending_values_, &page_body_);
  std::optional<MinMax> bounds;
  if (options_.statistics || options_.page_index) {
    bounds = ComputeMinMax(order_, pending_values_, 0, num_values);
  }
  if (options_.statistics) statistics_.AddPage(bounds, null_count);
  if (options_.page_index) column_index_.AddPage(bounds, num_values, null_count);
  if (options_.bloom_filter) AddBloomValues(pending_values_);

  format::PageHeader header;
  header.type = PageType::DATA_PAGE;
  format::DataPageHeader data_header;
  data_header.num_values = static_cast<int32_t>(pending_levels_);
  data_header.encoding = encoding;
  data_header.definition_level_encoding = Encoding::RLE;
  data_header.repetition_level_encoding = Encoding::RLE;
  header.data_page_header = data_header;
  const auto offset = static_cast<int64_t>(data_pages_.size());
  HS_ASSIGN_OR_RETURN(const size_t header_size,
                      AppendPage(std::move(header), page_body_, &data_pages_));
  uncompressed_bytes_ += static_cast<int64_t>(header_size + page_body_.size());
  offset_index_.AddPage(
      offset, static_cast<int32_t>(static_cast<int64_t>(data_pages_.size()) - offset), chunk_rows_);
  ++data_page_counts_[static_cast<size_t>(encoding)];
  chunk_rows_ += pending_rows_;
  chunk_levels_ += pending_levels_;

  pending_def_.clear();
  pending_rep_.clear();
  pending_values_.values.clear();
  pending_values_.length = 0;
  if (pending_values_.type == ColumnType::kBinary) pending_values_.offsets.assign(1, 0);
  pending_levels_ = 0;
  pending_rows_ = 0;
  pending_bytes_ = 0;
  return absl::OkStatus();
}

StatusOr<size_t> ColumnChunkWriter::AppendPage(format::PageHeader header,
                                               std::span<const uint8_t> body,
                                               std::vector<uint8_t>* out) {
  if (body.size() > kMaxPageBytes) {
    return Error(StrCat("a page of ", body.size(), " bytes is larger than a page header can say"));
  }
  std::span<const uint8_t> stored = body;
  if (options_.codec != format::CompressionCodec::UNCOMPRESSED) {
    compressed_.clear();
    auto compressed = Compress(options_.codec, body, &compressed_, options_.compression_level);
    if (!compressed.ok()) return Error(MessageOf(compressed.status()));
    stored = compressed_;
  }
  if (stored.size() > kMaxPageBytes) {
    return Error(StrCat("a page compresses to ", stored.size(),
                        " bytes, larger than a page header can say"));
  }
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(stored.size());
  if (options_.page_checksums) {
    const uLong crc = crc32_z(crc32_z(0L, Z_NULL, 0), stored.data(), stored.size());
    header.crc = std::bit_cast<int32_t>(static_cast<uint32_t>(crc));
  }
  const std::string serialized = format::SerializePageHeader(header);
  out->insert(out->end(), serialized.begin(), serialized.end());
  out->insert(out->end(), stored.begin(), stored.end());
  return serialized.size();
}

StatusOr<ColumnChunkResult> ColumnChunkWriter::Finish() {
  if (finished_) StartChunk();
  HS_RETURN_IF_ERROR(FlushPage());
  int64_t dictionary_uncompressed = 0;
  if (value_encoder_.dictionary_used()) {
    page_body_.clear();
    value_encoder_.EncodeDictionary(&page_body_);
    format::PageHeader header;
    header.type = PageType::DICTIONARY_PAGE;
    format::DictionaryPageHeader dictionary_header;
    dictionary_header.num_values = static_cast<int32_t>(value_encoder_.dictionary_size());
    dictionary_header.encoding = Encoding::PLAIN;
    header.dictionary_page_header = dictionary_header;
    HS_ASSIGN_OR_RETURN(const size_t header_size,
                        AppendPage(std::move(header), page_body_, &dictionary_page_));
    dictionary_uncompressed = static_cast<int64_t>(header_size + page_body_.size());
  }

  ColumnChunkResult result;
  result.dictionary_page = dictionary_page_;
  result.data_pages = data_pages_;
  format::ColumnMetaData& metadata = result.metadata;
  metadata.type = leaf_.physical_type;
  metadata.path_in_schema = leaf_.path;
  metadata.codec = options_.codec;
  metadata.num_values = chunk_levels_;
  metadata.total_uncompressed_size = uncompressed_bytes_ + dictionary_uncompressed;
  metadata.total_compressed_size =
      static_cast<int64_t>(dictionary_page_.size() + data_pages_.size());
  metadata.data_page_offset = static_cast<int64_t>(dictionary_page_.size());
  if (!dictionary_page_.empty()) {
    metadata.dictionary_page_offset = 0;
    metadata.encodings.push_back(Encoding::PLAIN);
    metadata.encoding_stats.push_back({PageType::DICTIONARY_PAGE, Encoding::PLAIN, 1});
  }
  if (leaf_.max_def_level > 0 || leaf_.max_rep_level > 0) {
    metadata.encodings.push_back(Encoding::RLE);
  }
  for (size_t slot = 0; slot < kEncodingSlots; ++slot) {
    if (data_page_counts_[slot] == 0) continue;
    const auto encoding = static_cast<Encoding>(slot);
    if (std::find(metadata.encodings.begin(), metadata.encodings.end(), encoding) ==
        metadata.encodings.end()) {
      metadata.encodings.push_back(encoding);
    }
    metadata.encoding_stats.push_back({PageType::DATA_PAGE, encoding, data_page_counts_[slot]});
  }
  if (options_.statistics) metadata.statistics = statistics_.Build(options_.max_statistics_bytes);
  if (options_.page_index) {
    result.column_index = column_index_.Build();
    result.offset_index = offset_index_.Build(static_cast<int64_t>(dictionary_page_.size()));
  }
  if (options_.bloom_filter) {
    if (!bloom_filter_) {
      bloom_filter_.emplace(
          SplitBlockBloomFilter::OptimalNumBytes(bloom_hashes_.size(), options_.bloom_filter->fpp));
      for (const uint64_t hash : bloom_hashes_) bloom_filter_->Insert(hash);
    }
    result.bloom_filter = std::move(bloom_filter_);
    bloom_filter_.reset();
  }
  finished_ = true;
  return result;
}

}  // namespace hindsight::parquet
