#include "parquet/reader/page_decoder.h"

#include <algorithm>

#include "parquet/format/enum_names.h"
#include "parquet/reader/level_decoder.h"
#include "parquet/reader/reader_errors_internal.h"

namespace hindsight::parquet {

using format::EncodingName;
namespace {

Status CheckValueCount(int32_t num_values) {
  if (num_values < 0 || num_values > kMaxPageValues) {
    return absl::DataLossError(StrCat("data page declares ", num_values, " values, outside [0, ",
                                      kMaxPageValues, "] (kMaxPageValues)"));
  }
  return absl::OkStatus();
}

// Counts the non-null values and the rows among the levels appended from `first_entry` on.
DecodedPage Summarize(const LeafColumn& leaf, const LeafData& out, size_t first_entry,
                      size_t entries) {
  DecodedPage summary;
  summary.entries = entries;
  if (leaf.max_def_level == 0) {
    summary.values = entries;
  } else {
    const int16_t* def = out.def_levels.data() + first_entry;
    const int16_t max_def = leaf.max_def_level;
    size_t values = 0;
    for (size_t i = 0; i < entries; ++i) values += def[i] == max_def;
    summary.values = values;
  }
  if (leaf.max_rep_level == 0) {
    summary.rows = static_cast<int64_t>(entries);
  } else {
    const int16_t* rep = out.rep_levels.data() + first_entry;
    int64_t rows = 0;
    for (size_t i = 0; i < entries; ++i) rows += rep[i] == 0;
    summary.rows = rows;
  }
  return summary;
}

size_t EntryCount(const LeafColumn& leaf, const LeafData& out) {
  if (leaf.max_def_level > 0) return out.def_levels.size();
  if (leaf.max_rep_level > 0) return out.rep_levels.size();
  return static_cast<size_t>(out.values.length);
}

StatusOr<DecodedPage> DecodeV1(const LeafColumn& leaf, const Page& page,
                               const Dictionary* dictionary, LeafData* out,
                               std::vector<uint32_t>* scratch) {
  const format::DataPageHeader& header = *page.header.data_page_header;
  HS_RETURN_IF_ERROR(CheckValueCount(header.num_values));
  const size_t count = static_cast<size_t>(header.num_values);
  const size_t first_entry = EntryCount(leaf, *out);
  std::span<const uint8_t> body = page.body;
  if (leaf.max_rep_level > 0) {
    StatusOr<size_t> used = DecodeLevelsV1(header.repetition_level_encoding, body,
                                           leaf.max_rep_level, count, &out->rep_levels);
    if (!used.ok()) return WithContext(used.status(), "repetition levels");
    body = body.subspan(*used);
  }
  if (leaf.max_def_level > 0) {
    StatusOr<size_t> used = DecodeLevelsV1(header.definition_level_encoding, body,
                                           leaf.max_def_level, count, &out->def_levels);
    if (!used.ok()) return WithContext(used.status(), "definition levels");
    body = body.subspan(*used);
  }
  const bool has_levels = leaf.max_def_level > 0 || leaf.max_rep_level > 0;
  DecodedPage summary;
  if (has_levels) {
    summary = Summarize(leaf, *out, first_entry, count);
  } else {
    summary = {count, count, static_cast<int64_t>(count)};
  }
  HS_RETURN_IF_ERROR(WithContext(
      DecodeValues(leaf, header.encoding, body, summary.values, dictionary, &out->values, scratch),
      StrCat(EncodingName(header.encoding), " values")));
  return summary;
}

StatusOr<DecodedPage> DecodeV2(const LeafColumn& leaf, const Page& page,
                               const Dictionary* dictionary, LeafData* out,
                               std::vector<uint32_t>* scratch) {
  const format::DataPageHeaderV2& header = *page.header.data_page_header_v2;
  HS_RETURN_IF_ERROR(CheckValueCount(header.num_values));
  const size_t count = static_cast<size_t>(header.num_values);
  const size_t first_entry = EntryCount(leaf, *out);
  const size_t rep_bytes = static_cast<size_t>(header.repetition_levels_byte_length);
  const std::span<const uint8_t> rep_data = page.levels.first(rep_bytes);
  const std::span<const uint8_t> def_data = page.levels.subspan(rep_bytes);
  if (leaf.max_rep_level > 0) {
    HS_RETURN_IF_ERROR(
        WithContext(DecodeLevelsV2(rep_data, leaf.max_rep_level, count, &out->rep_levels),
                    "repetition levels"));
  }
  if (leaf.max_def_level > 0) {
    HS_RETURN_IF_ERROR(
        WithContext(DecodeLevelsV2(def_data, leaf.max_def_level, count, &out->def_levels),
                    "definition levels"));
  }
  const bool has_levels = leaf.max_def_level > 0 || leaf.max_rep_level > 0;
  DecodedPage summary;
  if (has_levels) {
    summary = Summarize(leaf, *out, first_entry, count);
  } else {
    summary = {count, count, static_cast<int64_t>(count)};
  }
  if (header.num_rows < 0 || (leaf.max_rep_level > 0 && header.num_rows != summary.rows)) {
    return absl::DataLossError(StrCat("data page v2 declares ", header.num_rows,
                                      " rows, its repetition levels start ", summary.rows));
  }
  HS_RETURN_IF_ERROR(WithContext(DecodeValues(leaf, header.encoding, page.body, summary.values,
                                              dictionary, &out->values, scratch),
                                 StrCat(EncodingName(header.encoding), " values")));
  return summary;
}

}  // namespace

StatusOr<DecodedPage> DecodeDataPage(const LeafColumn& leaf, const Page& page,
                                     const Dictionary* dictionary, LeafData* out,
                                     std::vector<uint32_t>* scratch) {
  if (page.header.type == format::PageType::DATA_PAGE_V2) {
    return DecodeV2(leaf, page, dictionary, out, scratch);
  }
  return DecodeV1(leaf, page, dictionary, out, scratch);
}

}  // namespace hindsight::parquet
