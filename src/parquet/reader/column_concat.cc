#include "parquet/reader/column_concat.h"

#include <utility>

namespace hindsight::parquet {
namespace {

// Appends offsets[1..] of `tail`, rebased to continue after head's last offset.
void AppendOffsets(std::vector<int64_t>& head, const std::vector<int64_t>& tail) {
  if (tail.empty()) return;
  if (head.empty()) head.push_back(0);
  const int64_t shift = head.back() - tail.front();
  head.reserve(head.size() + tail.size() - 1);
  for (size_t i = 1; i < tail.size(); ++i) head.push_back(tail[i] + shift);
}

// Reserves in `head` the buffer sizes of `head` and all `tails` together.
void ReserveTotal(Column& head, const std::vector<const Column*>& tails) {
  size_t values = head.values.size();
  size_t offsets = head.offsets.size();
  size_t slots = static_cast<size_t>(head.length);
  bool nulls = head.has_nulls();
  for (const Column* tail : tails) {
    values += tail->values.size();
    offsets += tail->offsets.size();
    slots += static_cast<size_t>(tail->length);
    nulls |= tail->has_nulls();
  }
  head.values.reserve(values);
  head.offsets.reserve(offsets);
  if (nulls) head.validity.reserve(slots);
  for (size_t i = 0; i < head.children.size(); ++i) {
    std::vector<const Column*> children;
    children.reserve(tails.size());
    for (const Column* tail : tails) {
      if (i < tail->children.size()) children.push_back(&tail->children[i]);
    }
    ReserveTotal(head.children[i], children);
  }
}

}  // namespace

void AppendColumn(Column& head, Column&& tail) {
  if (tail.length == 0 && tail.children.empty()) return;
  if (head.length == 0 && head.offsets.size() <= 1 && head.values.empty() &&
      head.children.empty()) {
    head = std::move(tail);
    return;
  }
  if (head.has_nulls() || tail.has_nulls()) {
    if (!head.has_nulls()) head.validity.assign(static_cast<size_t>(head.length), 1);
    if (tail.has_nulls()) {
      head.validity.insert(head.validity.end(), tail.validity.begin(), tail.validity.end());
    } else {
      head.validity.resize(head.validity.size() + static_cast<size_t>(tail.length), 1);
    }
  }
  switch (head.type) {
    case ColumnType::kBinary: {
      const int64_t begin = tail.offsets.empty() ? 0 : tail.offsets.front();
      const int64_t end = tail.offsets.empty() ? 0 : tail.offsets.back();
      AppendOffsets(head.offsets, tail.offsets);
      head.values.insert(head.values.end(), tail.values.begin() + begin, tail.values.begin() + end);
      break;
    }
    case ColumnType::kList:
    case ColumnType::kMap:
      AppendOffsets(head.offsets, tail.offsets);
      for (size_t i = 0; i < head.children.size() && i < tail.children.size(); ++i) {
        AppendColumn(head.children[i], std::move(tail.children[i]));
      }
      break;
    case ColumnType::kStruct:
      for (size_t i = 0; i < head.children.size() && i < tail.children.size(); ++i) {
        AppendColumn(head.children[i], std::move(tail.children[i]));
      }
      break;
    default:
      head.values.insert(
          head.values.end(), tail.values.begin(),
          tail.values.begin() + tail.length * static_cast<int64_t>(FixedWidth(head.type)));
      break;
  }
  head.length += tail.length;
}

void AppendBatch(RecordBatch& head, RecordBatch&& tail) {
  if (head.columns.empty()) {
    head = std::move(tail);
    return;
  }
  for (size_t i = 0; i < head.columns.size() && i < tail.columns.size(); ++i) {
    AppendColumn(head.columns[i], std::move(tail.columns[i]));
  }
  head.num_rows += tail.num_rows;
}

RecordBatch ConcatBatches(std::vector<RecordBatch> parts) {
  if (parts.empty()) return {};
  RecordBatch all = std::move(parts[0]);
  for (size_t c = 0; c < all.columns.size(); ++c) {
    std::vector<const Column*> tails;
    for (size_t p = 1; p < parts.size(); ++p) {
      if (c < parts[p].columns.size()) tails.push_back(&parts[p].columns[c]);
    }
    ReserveTotal(all.columns[c], tails);
  }
  for (size_t p = 1; p < parts.size(); ++p) {
    AppendBatch(all, std::move(parts[p]));
    parts[p] = RecordBatch();
  }
  return all;
}

}  // namespace hindsight::parquet
