// Thrift compact (de)serialisation of the Parquet metadata structs in parquet_types.h,
// with the field ids of apache/parquet-format's parquet.thrift. Reading skips fields
// it does not model (forward compatibility), keeps unknown enum values as their integer,
// records encryption markers in the has_* flags, and fails with DataLoss naming the
// struct, field and offset (counted from `base_offset`, e.g. the bytes' file position)
// when bytes are malformed or a required field is missing. Optional list fields are
// written only when non-empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "parquet/format/parquet_types.h"
#include "util/status.h"

namespace hindsight::parquet::format {

// The footer's FileMetaData. Bytes after the struct's end are ignored.
StatusOr<FileMetaData> DeserializeFileMetaData(std::span<const uint8_t> bytes,
                                               uint64_t base_offset = 0);
std::string SerializeFileMetaData(const FileMetaData& metadata);

// Page headers sit in front of page data; returns the header and its byte length.
StatusOr<std::pair<PageHeader, size_t>> DeserializePageHeader(std::span<const uint8_t> bytes,
                                                              uint64_t base_offset = 0);
std::string SerializePageHeader(const PageHeader& header);

// Page index structs, stored between the row groups and the footer.
StatusOr<ColumnIndex> DeserializeColumnIndex(std::span<const uint8_t> bytes,
                                             uint64_t base_offset = 0);
std::string SerializeColumnIndex(const ColumnIndex& index);
StatusOr<OffsetIndex> DeserializeOffsetIndex(std::span<const uint8_t> bytes,
                                             uint64_t base_offset = 0);
std::string SerializeOffsetIndex(const OffsetIndex& index);

// A bloom filter's header precedes its bitset; returns the header and its byte length.
StatusOr<std::pair<BloomFilterHeader, size_t>> DeserializeBloomFilterHeader(
    std::span<const uint8_t> bytes, uint64_t base_offset = 0);
std::string SerializeBloomFilterHeader(const BloomFilterHeader& header);

}  // namespace hindsight::parquet::format
