// Shreds serialized fact messages straight from the protobuf wire format into facts-table
// Columns, without building a message: the fast path of FactsBatchBuilder. It takes the
// forms protobuf writers produce for proto3 messages (packed or unpacked repeated
// numbers, fields in any order, a singular scalar repeated on the wire: last one wins,
// unknown fields skipped) and declines the rest — maps, a singular message or oneof
// given twice, wire types that contradict the schema, invalid UTF-8, malformed bytes,
// proto2 files — which the builder then parses with libprotobuf, so both paths accept
// exactly the same bytes and produce the same rows (facts_wire_shredder_test.cc).
#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "parquet/column.h"

namespace hindsight::store {

// Immutable after construction; use one WireScan per thread.
class FactWireShredder {
 public:
  // `message` must outlive the shredder; its nesting is bounded by the table schema.
  explicit FactWireShredder(const google::protobuf::Descriptor& message);
  ~FactWireShredder();
  FactWireShredder(const FactWireShredder&) = delete;
  FactWireShredder& operator=(const FactWireShredder&) = delete;

  // Scans of one record's fact values, kept until they are appended: the values found on
  // the wire, linked per field of each scanned message. Reused across records
  // (ClearScan) so scanning allocates nothing in steady state.
  struct WireScan {
    struct Value {
      uint64_t bits = 0;           // numbers, as read (varint or fixed bits)
      const char* data = nullptr;  // strings and bytes (point into the scanned bytes)
      uint32_t size = 0;
      int32_t message = -1;  // nested messages: their node
      int32_t next = -1;     // next value of the same field
    };
    struct Slot {
      int32_t head = -1;
      int32_t tail = -1;
      int32_t count = 0;
    };
    std::vector<Value> values;
    std::vector<Slot> slots;
    std::vector<int32_t> node_slots;  // first slot of each scanned message

    void Add(int32_t slot_index, const Value& value);
  };
  static std::unique_ptr<WireScan> NewScan();
  static void ClearScan(WireScan& scan);

  // Scans `bytes` into `scan`; returns the scanned value's handle, or -1 when the
  // bytes take a form this path declines (then `scan` is as before). `bytes` must stay
  // alive until the value is appended.
  int Scan(std::string_view bytes, WireScan& scan) const;

  // Appends the scanned value `handle` as one present slot of `element` (the struct
  // Column of the fact type's list elements).
  void Append(const WireScan& scan, int handle, parquet::Column& element) const;

  struct Plan;

 private:
  std::unique_ptr<Plan> plan_;
};

}  // namespace hindsight::store
