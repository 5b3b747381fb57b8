// Test helper: an owned kBinary buffer (offsets + heap) with string conversions.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/encoding/byte_array.h"

namespace hindsight::parquet::encoding_testing {

struct ByteArrays {
  std::vector<int64_t> offsets{0};
  std::vector<uint8_t> heap;

  static ByteArrays Of(const std::vector<std::string>& values) {
    ByteArrays out;
    for (const auto& v : values) out.Add(v);
    return out;
  }
  void Add(std::string_view value) {
    heap.insert(heap.end(), value.begin(), value.end());
    offsets.push_back(static_cast<int64_t>(heap.size()));
  }
  size_t size() const { return offsets.size() - 1; }
  ByteArrayView view() const { return ViewOf(offsets, heap); }
  ByteArrayOutput output() { return {&offsets, &heap}; }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (size_t i = 0; i < size(); ++i) out.emplace_back(view()[i]);
    return out;
  }
};

inline std::string RandomBytes(size_t length, std::mt19937_64& rng) {
  std::string s(length, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

}  // namespace hindsight::parquet::encoding_testing
