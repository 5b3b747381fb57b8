// libFuzzer target: the footer and every Thrift metadata deserialiser on arbitrary
// bytes. Whatever parses must re-serialise and parse back equal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "parquet/format/footer.h"
#include "parquet/format/metadata_serde.h"

namespace {

using namespace hindsight::parquet::format;

template <typename T>
std::span<const uint8_t> AsBytes(const T& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto footer = ParseFooter(bytes, size);
  if (footer.ok()) {
    auto again = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(*footer)));
    if (!again.ok() || !(*again == *footer)) std::abort();
  }
  if (auto metadata = DeserializeFileMetaData(bytes); metadata.ok()) {
    auto again = DeserializeFileMetaData(AsBytes(SerializeFileMetaData(*metadata)));
    if (!again.ok() || !(*again == *metadata)) std::abort();
  }
  if (auto page = DeserializePageHeader(bytes); page.ok()) {
    auto again = DeserializePageHeader(AsBytes(SerializePageHeader(page->first)));
    if (!again.ok() || !(again->first == page->first)) std::abort();
  }
  if (auto index = DeserializeColumnIndex(bytes); index.ok()) {
    auto again = DeserializeColumnIndex(AsBytes(SerializeColumnIndex(*index)));
    if (!again.ok() || !(*again == *index)) std::abort();
  }
  if (auto index = DeserializeOffsetIndex(bytes); index.ok()) {
    auto again = DeserializeOffsetIndex(AsBytes(SerializeOffsetIndex(*index)));
    if (!again.ok() || !(*again == *index)) std::abort();
  }
  hindsight::PermitUncheckedError(DeserializeBloomFilterHeader(bytes).status());
  return 0;
}
