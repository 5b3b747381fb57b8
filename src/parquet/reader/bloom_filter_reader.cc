#include "parquet/reader/bloom_filter_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "parquet/bloom/bloom_hash.h"
#include "parquet/format/metadata_serde.h"
#include "parquet/reader/reader_errors_internal.h"

namespace hindsight::parquet {

using format::Type;

StatusOr<BloomFilterRead> ReadBloomFilter(const RandomAccessFile& file,
                                          const format::ColumnMetaData& meta) {
  BloomFilterRead result;
  if (!meta.bloom_filter_offset.has_value()) return result;
  const int64_t offset = *meta.bloom_filter_offset;
  const uint64_t size = file.size();
  if (offset < 0 || static_cast<uint64_t>(offset) >= size) {
    return CorruptFile("bloom filter offset ", offset, " is outside the file of ", size, " bytes");
  }
  const uint64_t available = size - static_cast<uint64_t>(offset);
  const bool has_length = meta.bloom_filter_length.has_value();
  if (has_length && (*meta.bloom_filter_length < 0 ||
                     static_cast<uint64_t>(*meta.bloom_filter_length) > available)) {
    return CorruptFile("bloom filter at file offset ", offset, " has length ",
                       *meta.bloom_filter_length, ", past the end of the file");
  }
  const uint64_t head_size = has_length ? static_cast<uint64_t>(*meta.bloom_filter_length)
                                        : std::min(available, kBloomFilterHeaderReadSize);
  HS_ASSIGN_OR_RETURN(std::vector<uint8_t> head,
                      file.Read(static_cast<uint64_t>(offset), head_size));
  result.bytes_read += static_cast<int64_t>(head_size);
  HS_ASSIGN_OR_RETURN(auto parsed,
                      format::DeserializeBloomFilterHeader(head, static_cast<uint64_t>(offset)));
  const format::BloomFilterHeader& header = parsed.first;
  const uint64_t bitset_offset = static_cast<uint64_t>(offset) + parsed.second;
  if (!header.algorithm_is_block || !header.hash_is_xxhash || !header.compression_is_uncompressed) {
    return absl::UnimplementedError(
        StrCat("bloom filter at file offset ", offset,
               " is not an uncompressed split-block filter hashed with XXHASH"));
  }
  if (header.num_bytes <= 0 || static_cast<uint64_t>(header.num_bytes) > size - bitset_offset ||
      static_cast<size_t>(header.num_bytes) > SplitBlockBloomFilter::kMaxBytes ||
      (has_length && static_cast<uint64_t>(header.num_bytes) > head_size - parsed.second)) {
    return CorruptFile("bloom filter at file offset ", offset, " declares a bitset of ",
                       header.num_bytes, " bytes that does not fit");
  }
  std::vector<uint8_t> bitset;
  if (has_length) {
    bitset.assign(head.begin() + static_cast<std::ptrdiff_t>(parsed.second),
                  head.begin() + static_cast<std::ptrdiff_t>(parsed.second + header.num_bytes));
  } else {
    HS_ASSIGN_OR_RETURN(bitset, file.Read(bitset_offset, static_cast<uint64_t>(header.num_bytes)));
    result.bytes_read += header.num_bytes;
  }
  StatusOr<SplitBlockBloomFilter> filter = SplitBlockBloomFilter::FromBitset(bitset);
  if (!filter.ok()) {
    return WithContext(filter.status(), StrCat("bloom filter at file offset ", offset));
  }
  result.filter = std::move(*filter);
  return result;
}

StatusOr<std::optional<uint64_t>> BloomHashFor(const LeafColumn& leaf, const ScalarValue& value) {
  const bool is_string = std::holds_alternative<std::string>(value);
  const bool bytes_leaf =
      leaf.physical_type == Type::BYTE_ARRAY || leaf.physical_type == Type::FIXED_LEN_BYTE_ARRAY;
  if (is_string != bytes_leaf) {
    return absl::InvalidArgumentError(StrCat("bloom filter probe of '", leaf.dotted_path,
                                             "': the value's kind does not match the column"));
  }
  if (is_string)
    return std::optional<uint64_t>(BloomHash(std::string_view(std::get<std::string>(value))));
  // Numbers: an integer probe of a floating column, or the reverse, compares by value.
  const bool integral = std::holds_alternative<int64_t>(value);
  const double as_double =
      integral ? static_cast<double>(std::get<int64_t>(value)) : std::get<double>(value);
  switch (leaf.physical_type) {
    case Type::INT32:
    case Type::INT64: {
      int64_t integer;
      if (integral) {
        integer = std::get<int64_t>(value);
      } else {
        if (!(as_double >= -9.2233720368547758e18 && as_double < 9.2233720368547758e18) ||
            std::trunc(as_double) != as_double) {
          return std::optional<uint64_t>();
        }
        integer = static_cast<int64_t>(as_double);
      }
      if (leaf.physical_type == Type::INT64) return std::optional<uint64_t>(BloomHash(integer));
      if (integer < std::numeric_limits<int32_t>::min() ||
          integer > std::numeric_limits<int32_t>::max()) {
        return std::optional<uint64_t>();
      }
      return std::optional<uint64_t>(BloomHash(static_cast<int32_t>(integer)));
    }
    case Type::FLOAT:
      return std::optional<uint64_t>(BloomHash(static_cast<float>(as_double)));
    case Type::DOUBLE:
      return std::optional<uint64_t>(BloomHash(as_double));
    default:
      return absl::InvalidArgumentError(
          StrCat("bloom filter probe of '", leaf.dotted_path, "': unsupported physical type"));
  }
}

}  // namespace hindsight::parquet
