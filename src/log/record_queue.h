// A bounded multi-producer single-consumer queue of records: a ring of slots with
// per-slot sequence numbers (Vyukov's bounded queue), lock-free on both sides.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "hindsight/record.pb.h"

namespace hindsight::log {

// Producers: any thread. Consumer: one thread at a time. Records are moved in by
// swapping with the slot's previous record, so a steady state allocates nothing.
class RecordQueue {
 public:
  // `min_capacity` is rounded up to a power of two (at least 2).
  explicit RecordQueue(size_t min_capacity);
  RecordQueue(const RecordQueue&) = delete;
  RecordQueue& operator=(const RecordQueue&) = delete;

  size_t capacity() const { return mask_ + 1; }

  // Moves `record` into the queue; `record` is left holding an earlier record's
  // content (valid, unspecified). False when full (then `record` is untouched).
  bool TryPush(Record& record) {
    uint64_t position = enqueue_position_.load(std::memory_order_relaxed);
    Slot* slot;
    for (;;) {
      slot = &slots_[position & mask_];
      const uint64_t sequence = slot->sequence.load(std::memory_order_acquire);
      const int64_t lag = static_cast<int64_t>(sequence - position);
      if (lag == 0) {
        if (enqueue_position_.compare_exchange_weak(position, position + 1,
                                                    std::memory_order_relaxed)) {
          break;
        }
      } else if (lag < 0) {
        return false;
      } else {
        position = enqueue_position_.load(std::memory_order_relaxed);
      }
    }
    slot->record = std::move(record);
    slot->sequence.store(position + 1, std::memory_order_release);
    return true;
  }

  // Consumer: the oldest record, or nullptr when none is published yet. The record
  // stays owned by the queue until Pop().
  Record* Front() {
    const uint64_t position = dequeue_position_.load(std::memory_order_relaxed);
    Slot& slot = slots_[position & mask_];
    if (slot.sequence.load(std::memory_order_acquire) != position + 1) return nullptr;
    return &slot.record;
  }

  // Consumer: releases the record Front() returned (its content stays until a
  // producer swaps it out). REQUIRES: Front() != nullptr.
  void Pop();

  // Slots claimed by producers so far (every successful TryPush, published or about to be).
  uint64_t pushed() const { return enqueue_position_.load(std::memory_order_acquire); }
  // Records the consumer has popped so far.
  uint64_t popped() const { return dequeue_position_.load(std::memory_order_acquire); }

 private:
  struct Slot {
    std::atomic<uint64_t> sequence;
    Record record;
  };

  uint64_t mask_;
  std::unique_ptr<Slot[]> slots_;
  alignas(64) std::atomic<uint64_t> enqueue_position_{0};
  alignas(64) std::atomic<uint64_t> dequeue_position_{0};
};

}  // namespace hindsight::log
