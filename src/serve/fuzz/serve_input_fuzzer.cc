// libFuzzer target: the bytes the serving path parses from outside — request bodies from
// the network, values read back from Redis, served values read back from the log. The
// first byte picks the parser; none may crash or hang, and what they accept must hold
// together (an accepted request has its entity in its context and at most the limit of
// items; an accepted online fact survives encoding and decoding again unchanged).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "serve/feature_request.h"
#include "serve/online_store.h"
#include "serve/served_values.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hindsight;
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      const std::vector<store::ContextColumn> columns = {{"country", store::ContextType::kString},
                                                         {"score", store::ContextType::kDouble}};
      serve::RequestLimits limits;
      limits.max_items = 64;
      auto request = serve::ParseFeatureRequest(input, "profile_id", columns, limits);
      if (request.ok()) {
        if (request->items.size() > limits.max_items) std::abort();
        bool has_entity = false;
        for (const ContextValue& value : request->context) {
          has_entity =
              has_entity || (value.key() == "profile_id" && value.int_value() == request->entity);
        }
        if (!has_entity) std::abort();
      }
      break;
    }
    case 1: {
      auto fact = serve::DecodeOnlineFact(input);
      if (fact) {
        auto again = serve::DecodeOnlineFact(serve::EncodeOnlineFact(*fact));
        if (!again || again->event_time_us != fact->event_time_us ||
            again->record_id != fact->record_id || again->bytes != fact->bytes) {
          std::abort();
        }
      }
      break;
    }
    default: {
      const size_t split = input.find('\n');
      if (split == std::string_view::npos) break;
      auto values = serve::DecodeServedValues(input.substr(0, split), input.substr(split + 1), 3);
      if (values.ok()) {
        for (const auto& feature : *values) {
          if (feature.bits.size() != 3 * static_cast<size_t>(feature.size)) std::abort();
        }
      }
    }
  }
  return 0;
}
