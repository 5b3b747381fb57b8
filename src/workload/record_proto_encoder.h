// Turns a workload::Record into the record envelope a store logs (hindsight::Record):
// the same record `hindsight log` makes of the record's JSONL line, with each fact
// serialized straight to protobuf wire format (no JSON, no reflection per record),
// using field numbers looked up once in the store's registered messages.
#pragma once

#include <cstdint>
#include <string>

#include "hindsight/record.pb.h"
#include "store/fact_schema_registry.h"
#include "util/status.h"
#include "workload/record.h"

namespace hindsight::workload {

// Immutable after Create; Encode is thread-safe.
class RecordProtoEncoder {
 public:
  // How one scalar field of a fact message is written.
  struct Field {
    uint32_t tag = 0;           // (field number << 3) | wire type
    bool has_presence = false;  // written even when zero (proto3 `optional`)
    bool packed = false;        // repeated scalar: one length-delimited run
  };

  // Resolves the world's five fact types and their fields in `registry`.
  // FailedPrecondition naming the fact type and field when the store lacks one or
  // declares it with another type or cardinality.
  static StatusOr<RecordProtoEncoder> Create(const store::FactSchemaRegistry& registry);

  // Replaces the contents of `out` with `record`. Context and facts come in the order
  // `hindsight log` gives them (JSON object keys sorted), so both paths log equal records.
  void Encode(const Record& record, hindsight::Record& out) const;

 private:
  struct SubscriberFields {
    Field plan, kids, country, member_since_us;
  };
  struct ViewingEventFields {
    Field events;  // ViewingHistory.events (repeated message)
    Field video_id, ts_us, duration_s, completed;
  };
  struct IdListFields {
    Field video_ids;
  };
  struct ThumbFields {
    Field thumbs;  // Thumbs.thumbs (repeated message)
    Field video_id, rating, ts_us;
  };
  struct ImpressionsFields {
    Field video_ids, since_us;
  };

  RecordProtoEncoder() = default;
  void EncodeSubscriber(const Record& record, std::string& out) const;
  void EncodeViewingHistory(const Record& record, std::string& out) const;
  void EncodeMyList(const Record& record, std::string& out) const;
  void EncodeThumbs(const Record& record, std::string& out) const;
  void EncodeImpressions(const Record& record, std::string& out) const;

  SubscriberFields subscriber_;
  ViewingEventFields viewing_history_;
  IdListFields my_list_;
  ThumbFields thumbs_;
  ImpressionsFields impressions_;
};

}  // namespace hindsight::workload
