#include "parquet/encoding/dictionary_builder.h"

#include <cstring>

#include "parquet/encoding/plain.h"
#include "xxhash.h"

namespace hindsight::parquet {

template <typename T>
size_t DictionaryBuilder<T>::Map(std::span<const T> values, std::span<uint32_t> indices) {
  for (size_t i = 0; i < values.size(); ++i) {
    Bits bits;
    std::memcpy(&bits, &values[i], sizeof(bits));
    const auto found = index_of_.find(bits);
    if (found != index_of_.end()) {
      indices[i] = found->second;
      continue;
    }
    if (dictionary_bytes() + sizeof(T) > max_dictionary_bytes_) return i;
    const auto index = static_cast<uint32_t>(values_.size());
    index_of_.emplace(bits, index);
    values_.push_back(values[i]);
    indices[i] = index;
  }
  return values.size();
}

template class DictionaryBuilder<int32_t>;
template class DictionaryBuilder<int64_t>;
template class DictionaryBuilder<float>;
template class DictionaryBuilder<double>;

std::string_view ByteArrayDictionaryBuilder::Entries::operator[](uint32_t index) const {
  return {reinterpret_cast<const char*>(heap.data()) + offsets[index],
          static_cast<size_t>(offsets[index + 1] - offsets[index])};
}

size_t ByteArrayDictionaryBuilder::EntryHash::operator()(uint32_t index) const {
  return (*this)((*entries)[index]);
}

size_t ByteArrayDictionaryBuilder::EntryHash::operator()(std::string_view value) const {
  return static_cast<size_t>(XXH3_64bits(value.data(), value.size()));
}

ByteArrayDictionaryBuilder::ByteArrayDictionaryBuilder(size_t max_dictionary_bytes)
    : max_dictionary_bytes_(max_dictionary_bytes),
      entries_(std::make_unique<Entries>()),
      index_set_(0, EntryHash{entries_.get()}, EntryEq{entries_.get()}) {}

size_t ByteArrayDictionaryBuilder::Map(ByteArrayView values, std::span<uint32_t> indices) {
  Entries& entries = *entries_;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string_view value = values[i];
    const auto found = index_set_.find(value);
    if (found != index_set_.end()) {
      indices[i] = *found;
      continue;
    }
    const size_t cost = kByteArrayLengthSize + value.size();
    if (dictionary_bytes_ + cost > max_dictionary_bytes_) return i;
    const auto index = static_cast<uint32_t>(size());
    entries.heap.insert(entries.heap.end(), value.begin(), value.end());
    entries.offsets.push_back(static_cast<int64_t>(entries.heap.size()));
    index_set_.insert(index);
    dictionary_bytes_ += cost;
    indices[i] = index;
  }
  return values.size();
}

}  // namespace hindsight::parquet
