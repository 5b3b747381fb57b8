#include "parquet/reader/column_chunk_reader.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parquet/reader/page_decoder.h"
#include "parquet/reader/page_reader.h"
#include "parquet/reader/reader_errors_internal.h"
#include "parquet/reader/value_decoder.h"

namespace hindsight::parquet {
namespace {

using format::ColumnMetaData;
using format::PageType;

// Level and value buffers are reserved up front for at most this many entries; beyond
// it they grow with the data decoded (the footer's counts are not trusted for memory).
// 2^23 covers a row group of a million rows of lists of up to eight elements.
constexpr int64_t kMaxReservedEntries = int64_t{1} << 23;

// Reads `length` bytes at `offset` into `buffer`; the span is valid until its next use.
StatusOr<std::span<const uint8_t>> ReadBytes(const RandomAccessFile& file, uint64_t offset,
                                             uint64_t length, ReusableBuffer& buffer,
                                             ChunkReadStats& stats) {
  const std::span<uint8_t> bytes = buffer.Get(static_cast<size_t>(length));
  HS_RETURN_IF_ERROR(file.ReadAt(offset, bytes));
  stats.bytes_read += static_cast<int64_t>(length);
  return std::span<const uint8_t>(bytes);
}

// Removes from `data` the entries appended from `first_entry` (and values from
// `first_value`) on whose rows are not in `keep`. `rows_before` rows started before
// those entries; entries before the page's first row start continue row rows_before - 1.
void KeepRows(const LeafColumn& leaf, size_t first_entry, size_t first_value, int64_t rows_before,
              const RowRanges& keep, LeafData& data) {
  const bool has_def = leaf.max_def_level > 0;
  const bool has_rep = leaf.max_rep_level > 0;
  Column& values = data.values;
  const size_t entries =
      (has_def ? data.def_levels.size() : static_cast<size_t>(values.length)) - first_entry;
  const int16_t max_def = leaf.max_def_level;
  const bool binary = values.type == ColumnType::kBinary;
  const size_t width = FixedWidth(values.type);

  size_t write_entry = first_entry;
  size_t write_value = first_value;
  size_t read_value = first_value;
  int64_t heap_write = binary ? values.offsets[first_value] : 0;
  int64_t row = rows_before - 1;
  bool kept = row >= 0 && keep.Overlaps(row, row + 1);
  for (size_t k = first_entry; k < first_entry + entries; ++k) {
    if (!has_rep || data.rep_levels[k] == 0) {
      ++row;
      kept = keep.Overlaps(row, row + 1);
    }
    const bool is_value = !has_def || data.def_levels[k] == max_def;
    if (kept) {
      if (has_def) data.def_levels[write_entry] = data.def_levels[k];
      if (has_rep) data.rep_levels[write_entry] = data.rep_levels[k];
      ++write_entry;
      if (is_value) {
        if (binary) {
          const int64_t begin = values.offsets[read_value];
          const int64_t length = values.offsets[read_value + 1] - begin;
          if (heap_write != begin && length > 0) {
            std::memmove(values.values.data() + heap_write, values.values.data() + begin,
                         static_cast<size_t>(length));
          }
          heap_write += length;
          values.offsets[write_value + 1] = heap_write;
        } else if (write_value != read_value) {
          std::memcpy(values.values.data() + write_value * width,
                      values.values.data() + read_value * width, width);
        }
        ++write_value;
      }
    }
    if (is_value) ++read_value;
  }
  if (has_def) data.def_levels.resize(write_entry);
  if (has_rep) data.rep_levels.resize(write_entry);
  values.length = static_cast<int64_t>(write_value);
  if (binary) {
    values.offsets.resize(write_value + 1);
    values.values.resize(static_cast<size_t>(heap_write));
  } else {
    values.values.resize(write_value * width);
  }
}

class ChunkReader {
 public:
  ChunkReader(const RandomAccessFile& file, const format::ColumnChunk& chunk,
              int64_t row_group_rows, const LeafColumn& leaf, bool verify_checksums,
              ChunkBuffers& buffers)
      : file_(file),
        meta_(*chunk.meta_data),
        row_group_rows_(row_group_rows),
        leaf_(leaf),
        verify_checksums_(verify_checksums),
        buffers_(buffers) {
    result_.data.values = EmptyValues(leaf);
  }

  Status CheckChunk(const format::ColumnChunk& chunk) const {
    if (chunk.file_path.has_value()) {
      return absl::UnimplementedError(StrCat("the column chunk is stored in another file ('",
                                             *chunk.file_path, "'), which is not supported"));
    }
    if (meta_.type != leaf_.physical_type) {
      return CorruptFile("column chunk has physical type ", static_cast<int32_t>(meta_.type),
                         ", the schema says ", static_cast<int32_t>(leaf_.physical_type));
    }
    if (meta_.path_in_schema != leaf_.path) {
      std::string path;
      for (const std::string& part : meta_.path_in_schema) path += (path.empty() ? "" : ".") + part;
      return CorruptFile("column chunk path '", path, "' does not match the schema's leaf");
    }
    return absl::OkStatus();
  }

  // Every page of the chunk, in one read; rows outside `keep` (if given) are dropped.
  StatusOr<ColumnChunkData> ReadAll(const RowRanges* keep) {
    Reserve(meta_.num_values);
    if (meta_.num_values == 0 && meta_.data_page_offset == 0) return std::move(result_);
    const int64_t start = ColumnChunkStart(meta_);
    HS_ASSIGN_OR_RETURN(std::span<const uint8_t> bytes,
                        ReadBytes(file_, static_cast<uint64_t>(start),
                                  static_cast<uint64_t>(meta_.total_compressed_size),
                                  buffers_.stored, result_.stats));
    PageReader pages(bytes, static_cast<uint64_t>(start), meta_.codec, verify_checksums_,
                     &buffers_.decompressed);
    int64_t values_seen = 0;
    while (values_seen < meta_.num_values) {
      HS_ASSIGN_OR_RETURN(const Page* page, pages.Next());
      if (page == nullptr) {
        return CorruptFile("column chunk at file offset ", start, " ends after ", values_seen,
                           " of its ", meta_.num_values, " values");
      }
      HS_ASSIGN_OR_RETURN(std::optional<int32_t> page_values,
                          HandlePage(*page, keep, std::nullopt));
      if (!page_values.has_value()) continue;
      values_seen += *page_values;
      if (values_seen > meta_.num_values) {
        return CorruptFile("page at file offset ", page->file_offset, " brings the chunk to ",
                           values_seen, " values, its metadata says ", meta_.num_values);
      }
    }
    return std::move(result_);
  }

  // The dictionary and the pages the offset index shows to overlap `keep`.
  StatusOr<ColumnChunkData> ReadSelected(const RowRanges& keep, const format::OffsetIndex& index) {
    const std::vector<format::PageLocation>& pages = index.page_locations;
    HS_RETURN_IF_ERROR(CheckOffsetIndex(index));
    const int64_t start = ColumnChunkStart(meta_);
    const int64_t end = start + meta_.total_compressed_size;
    if (pages.empty()) return ReadAll(&keep);
    Reserve(std::min(meta_.num_values, keep.row_count()));
    if (pages.front().offset > start) {
      HS_ASSIGN_OR_RETURN(std::span<const uint8_t> head,
                          ReadBytes(file_, static_cast<uint64_t>(start),
                                    static_cast<uint64_t>(pages.front().offset - start),
                                    buffers_.stored, result_.stats));
      PageReader reader(head, static_cast<uint64_t>(start), meta_.codec, verify_checksums_,
                        &buffers_.decompressed);
      while (true) {
        HS_ASSIGN_OR_RETURN(const Page* page, reader.Next());
        if (page == nullptr) break;
        if (page->header.type == PageType::DATA_PAGE ||
            page->header.type == PageType::DATA_PAGE_V2) {
          return CorruptFile("data page at file offset ", page->file_offset,
                             " precedes the first page of the offset index");
        }
        HS_RETURN_IF_ERROR(HandlePage(*page, nullptr, std::nullopt).status());
      }
    }
    size_t i = 0;
    while (i < pages.size()) {
      if (!keep.Overlaps(pages[i].first_row_index, PageEndRow(index, i))) {
        ++result_.stats.pages_skipped;
        ++i;
        continue;
      }
      // Consecutive selected pages are fetched with one read.
      size_t last = i;
      while (last + 1 < pages.size() &&
             keep.Overlaps(pages[last + 1].first_row_index, PageEndRow(index, last + 1))) {
        ++last;
      }
      const int64_t run_begin = pages[i].offset;
      const int64_t run_end = pages[last].offset + pages[last].compressed_page_size;
      if (run_end > end) {
        return CorruptFile("offset index page ", last, " ends at file offset ", run_end,
                           ", past the column chunk's end ", end);
      }
      HS_ASSIGN_OR_RETURN(
          std::span<const uint8_t> run,
          ReadBytes(file_, static_cast<uint64_t>(run_begin),
                    static_cast<uint64_t>(run_end - run_begin), buffers_.stored, result_.stats));
      PageReader reader(run, static_cast<uint64_t>(run_begin), meta_.codec, verify_checksums_,
                        &buffers_.decompressed);
      for (size_t p = i; p <= last; ++p) {
        const uint64_t expected_offset = static_cast<uint64_t>(pages[p].offset);
        if (reader.position() != expected_offset) {
          return CorruptFile("offset index page ", p, " should start at file offset ",
                             expected_offset, " but the previous page ends at ", reader.position());
        }
        HS_ASSIGN_OR_RETURN(const Page* page, reader.Next());
        if (page == nullptr || (page->header.type != PageType::DATA_PAGE &&
                                page->header.type != PageType::DATA_PAGE_V2)) {
          return CorruptFile("offset index page ", p, " at file offset ", expected_offset,
                             " is not a data page");
        }
        rows_before_ = pages[p].first_row_index;
        HS_RETURN_IF_ERROR(
            HandlePage(*page, &keep, PageEndRow(index, p) - pages[p].first_row_index).status());
      }
      i = last + 1;
    }
    return std::move(result_);
  }

 private:
  void Reserve(int64_t entries) {
    const size_t reserve =
        static_cast<size_t>(std::clamp<int64_t>(entries, 0, kMaxReservedEntries));
    LeafData& data = result_.data;
    if (leaf_.max_def_level > 0) {
      data.def_levels = buffers_.TakeLevels(reserve);
      data.def_levels.reserve(reserve);
    }
    if (leaf_.max_rep_level > 0) {
      data.rep_levels = buffers_.TakeLevels(reserve);
      data.rep_levels.reserve(reserve);
    }
    const size_t width = FixedWidth(leaf_.column_type);
    if (width > 0) data.values.values.reserve(reserve * width);
    if (leaf_.column_type == ColumnType::kBinary) data.values.offsets.reserve(reserve + 1);
  }

  int64_t PageEndRow(const format::OffsetIndex& index, size_t i) const {
    return i + 1 < index.page_locations.size() ? index.page_locations[i + 1].first_row_index
                                               : row_group_rows_;
  }

  Status CheckOffsetIndex(const format::OffsetIndex& index) const {
    const int64_t start = ColumnChunkStart(meta_);
    const int64_t end = start + meta_.total_compressed_size;
    int64_t previous_end = start;
    int64_t previous_row = -1;
    for (size_t i = 0; i < index.page_locations.size(); ++i) {
      const format::PageLocation& page = index.page_locations[i];
      if (page.offset < previous_end || page.compressed_page_size <= 0 ||
          page.compressed_page_size > end - page.offset) {
        return CorruptFile("offset index page ", i, " at file offset ", page.offset, " of ",
                           page.compressed_page_size,
                           " bytes is outside the column chunk or overlaps the page before");
      }
      if (page.first_row_index <= previous_row || page.first_row_index >= row_group_rows_ ||
          (i == 0 && page.first_row_index != 0)) {
        return CorruptFile("offset index page ", i, " has first row ", page.first_row_index,
                           ", out of order or outside the row group's ", row_group_rows_, " rows");
      }
      previous_end = page.offset + page.compressed_page_size;
      previous_row = page.first_row_index;
    }
    return absl::OkStatus();
  }

  // Decodes a page. Returns the values a data page declares, nullopt for other pages.
  // `expected_rows`: the rows the offset index gives the page, when it does.
  StatusOr<std::optional<int32_t>> HandlePage(const Page& page, const RowRanges* keep,
                                              std::optional<int64_t> expected_rows) {
    const std::string where = StrCat("page at file offset ", page.file_offset);
    switch (page.header.type) {
      case PageType::DICTIONARY_PAGE: {
        if (dictionary_.has_value() || saw_data_page_) {
          return CorruptFile(where, ": a second dictionary page, or one after data pages");
        }
        StatusOr<Dictionary> dictionary =
            DecodeDictionaryPage(leaf_, *page.header.dictionary_page_header, page.body);
        if (!dictionary.ok()) return WithContext(dictionary.status(), StrCat("dictionary ", where));
        dictionary_ = std::move(*dictionary);
        return std::optional<int32_t>();
      }
      case PageType::DATA_PAGE:
      case PageType::DATA_PAGE_V2:
        break;
      default:
        return std::optional<int32_t>();
    }
    saw_data_page_ = true;
    LeafData& data = result_.data;
    const size_t first_entry =
        leaf_.max_def_level > 0 ? data.def_levels.size() : static_cast<size_t>(data.values.length);
    const size_t first_value = static_cast<size_t>(data.values.length);
    StatusOr<DecodedPage> decoded =
        DecodeDataPage(leaf_, page, dictionary_.has_value() ? &*dictionary_ : nullptr, &data,
                       &buffers_.dictionary_indices);
    if (!decoded.ok()) return WithContext(decoded.status(), where);
    ++result_.stats.pages_read;
    if (expected_rows.has_value() && leaf_.max_rep_level > 0 && decoded->entries > 0 &&
        data.rep_levels[first_entry] != 0) {
      return CorruptFile(where, ": the offset index says a row starts here, but the page starts ",
                         "with repetition level ", data.rep_levels[first_entry]);
    }
    if (expected_rows.has_value() && decoded->rows != *expected_rows) {
      return CorruptFile(where, ": the page holds ", decoded->rows, " rows, the offset index says ",
                         *expected_rows);
    }
    if (leaf_.max_rep_level > 0 && decoded->entries > 0 && rows_before_ == 0 &&
        data.rep_levels[first_entry] != 0) {
      return CorruptFile(where, ": the column chunk starts with repetition level ",
                         data.rep_levels[first_entry], ", not 0");
    }
    // A page continues the previous page's last row until its first repetition level 0.
    const int64_t continues =
        leaf_.max_rep_level > 0 && decoded->entries > 0 && data.rep_levels[first_entry] != 0;
    const int64_t first_row = rows_before_ - continues;
    const int64_t end_row = rows_before_ + decoded->rows;
    if (keep != nullptr && !keep->Covers(first_row, end_row)) {
      KeepRows(leaf_, first_entry, first_value, rows_before_, *keep, data);
    }
    rows_before_ = end_row;
    const auto& header = page.header;
    return std::optional<int32_t>(header.type == PageType::DATA_PAGE
                                      ? header.data_page_header->num_values
                                      : header.data_page_header_v2->num_values);
  }

  const RandomAccessFile& file_;
  const ColumnMetaData& meta_;
  const int64_t row_group_rows_;
  const LeafColumn& leaf_;
  const bool verify_checksums_;
  ColumnChunkData result_;
  std::optional<Dictionary> dictionary_;
  bool saw_data_page_ = false;
  int64_t rows_before_ = 0;  // rows started by the pages decoded so far
  ChunkBuffers& buffers_;
};

}  // namespace

int64_t ColumnChunkStart(const ColumnMetaData& meta) {
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset.has_value() && *meta.dictionary_page_offset > 0 &&
      (start <= 0 || *meta.dictionary_page_offset < start)) {
    start = *meta.dictionary_page_offset;
  }
  return start;
}

StatusOr<ColumnChunkData> ReadColumnChunk(const RandomAccessFile& file,
                                          const format::ColumnChunk& chunk, int64_t row_group_rows,
                                          const LeafColumn& leaf, const ChunkSelection& selection,
                                          bool verify_checksums, ChunkBuffers* buffers) {
  if (!chunk.meta_data.has_value()) return CorruptFile("column chunk without metadata");
  ChunkBuffers own_buffers;
  ChunkReader reader(file, chunk, row_group_rows, leaf, verify_checksums,
                     buffers != nullptr ? *buffers : own_buffers);
  HS_RETURN_IF_ERROR(reader.CheckChunk(chunk));
  if (selection.rows == nullptr) return reader.ReadAll(nullptr);
  if (selection.offset_index == nullptr) return reader.ReadAll(selection.rows);
  return reader.ReadSelected(*selection.rows, *selection.offset_index);
}

}  // namespace hindsight::parquet
