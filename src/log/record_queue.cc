#include "log/record_queue.h"

#include <algorithm>
#include <bit>

namespace hindsight::log {

RecordQueue::RecordQueue(size_t min_capacity)
    : mask_(std::bit_ceil(std::max<size_t>(min_capacity, 2)) - 1), slots_(new Slot[mask_ + 1]) {
  for (uint64_t i = 0; i <= mask_; ++i) slots_[i].sequence.store(i, std::memory_order_relaxed);
}

void RecordQueue::Pop() {
  const uint64_t position = dequeue_position_.load(std::memory_order_relaxed);
  Slot& slot = slots_[position & mask_];
  slot.sequence.store(position + mask_ + 1, std::memory_order_release);
  dequeue_position_.store(position + 1, std::memory_order_release);
}

}  // namespace hindsight::log
