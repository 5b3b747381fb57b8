#include "features/feature_computer.h"

#include "util/str_cat.h"

namespace hindsight::features {
namespace {

// Appends a context value to `values`, converted to the input's declared type; false
// when the value is unset or of another type.
bool AppendContext(const ContextValue& value, ValueType type, Values& values) {
  switch (value.value_case()) {
    case ContextValue::kIntValue:
      if (type != ValueType::kInteger) return false;
      values.integers.push_back(value.int_value());
      return true;
    case ContextValue::kBoolValue:
      if (type != ValueType::kInteger) return false;
      values.integers.push_back(value.bool_value() ? 1 : 0);
      return true;
    case ContextValue::kDoubleValue:
      if (type != ValueType::kNumber) return false;
      values.numbers.push_back(value.double_value());
      return true;
    case ContextValue::kStringValue:
      if (type != ValueType::kString) return false;
      values.strings.push_back(value.string_value());
      return true;
    default:
      return false;
  }
}

// Keeps the values whose time passes the filter (time <= t, and > t - window).
void FilterByTime(const std::vector<int64_t>& times, int64_t as_of_us,
                  const std::optional<int64_t>& window_us, Values& values) {
  size_t kept = 0;
  for (size_t i = 0; i < times.size(); ++i) {
    const int64_t time = times[i];
    if (time > as_of_us || (window_us && time <= as_of_us - *window_us)) continue;
    switch (values.type) {
      case ValueType::kInteger:
        values.integers[kept] = values.integers[i];
        break;
      case ValueType::kNumber:
        values.numbers[kept] = values.numbers[i];
        break;
      case ValueType::kFloat:
        values.floats[kept] = values.floats[i];
        break;
      case ValueType::kString:
        values.strings[kept] = values.strings[i];
        break;
    }
    ++kept;
  }
  values.integers.resize(std::min(values.integers.size(), kept));
  values.numbers.resize(std::min(values.numbers.size(), kept));
  values.floats.resize(std::min(values.floats.size(), kept));
  values.strings.resize(std::min(values.strings.size(), kept));
}

}  // namespace

std::optional<std::string_view> FirstFactBytes(const Record* record, std::string_view type) {
  if (record == nullptr) return std::nullopt;
  for (const Fact& fact : record->facts()) {
    if (fact.type() == type) return std::string_view(fact.value());
  }
  return std::nullopt;
}

void FeatureColumns::Reset(const FeaturePlan& plan) {
  columns.assign(plan.features().size(), Column{});
  rows = 0;
}

void FeatureCounts::Add(const FeatureCounts& other) {
  if (misses.size() < other.misses.size()) misses.resize(other.misses.size());
  if (defaults.size() < other.defaults.size()) defaults.resize(other.defaults.size());
  for (size_t i = 0; i < other.misses.size(); ++i) misses[i] += other.misses[i];
  for (size_t i = 0; i < other.defaults.size(); ++i) defaults[i] += other.defaults[i];
}

FeatureComputer::FeatureComputer(const FeaturePlan& plan)
    : plan_(plan), states_(plan.features().size()) {
  counts_.misses.assign(plan.features().size(), 0);
  counts_.defaults.assign(plan.features().size(), 0);
  for (size_t i = 0; i < states_.size(); ++i) {
    states_[i].inputs.resize(plan.features()[i].inputs.size());
  }
}

bool FeatureComputer::AppendAttribute(const DimensionAttribute& attribute, int64_t row, Values& out,
                                      bool group) const {
  const dims::DimensionTable& table = *attribute.table;
  const int column = attribute.attribute;
  if (table.IsNull(column, row)) return false;
  switch (table.attribute_type(column)) {
    case dims::DimensionType::kInt64:
      out.integers.push_back(table.Int64(column, row));
      break;
    case dims::DimensionType::kBool:
      out.integers.push_back(table.Bool(column, row) ? 1 : 0);
      break;
    case dims::DimensionType::kDouble:
      out.numbers.push_back(table.Double(column, row));
      break;
    case dims::DimensionType::kString:
      out.strings.push_back(table.String(column, row));
      break;
    case dims::DimensionType::kInt64List: {
      const auto list = table.Int64List(column, row);
      out.integers.insert(out.integers.end(), list.begin(), list.end());
      break;
    }
    case dims::DimensionType::kDoubleList: {
      const auto list = table.DoubleList(column, row);
      out.numbers.insert(out.numbers.end(), list.begin(), list.end());
      break;
    }
    case dims::DimensionType::kFloatList: {
      const auto list = table.FloatList(column, row);
      out.floats.insert(out.floats.end(), list.begin(), list.end());
      break;
    }
    case dims::DimensionType::kStringList: {
      const auto list = table.StringList(column, row);
      out.strings.insert(out.strings.end(), list.begin(), list.end());
      break;
    }
  }
  if (group) out.group_ends.push_back(static_cast<uint32_t>(out.size()));
  return true;
}

void FeatureComputer::MapThrough(const DimensionAttribute& attribute, const Values& keys,
                                 int64_t as_of_us, Values& out) const {
  out.Clear();
  out.type = attribute.type;
  for (int64_t key : keys.integers) {
    const int64_t row = attribute.table->FindVersion(key, as_of_us);
    if (row < 0) continue;
    AppendAttribute(attribute, row, out, attribute.list);
  }
}

Status FeatureComputer::PrepareFeature(size_t index, const GroupFacts& group) {
  const CompiledFeature& feature = plan_.features()[index];
  FeatureState& state = states_[index];
  state.missing = false;
  state.input_pointers.clear();
  for (size_t i = 0; i < feature.inputs.size(); ++i) {
    const InputSource& input = feature.inputs[i];
    Values& values = state.inputs[i];
    values.Clear();
    values.type = input.type;
    if (input.field) {
      const std::optional<std::string_view>& bytes =
          group.facts[static_cast<size_t>(input.fact_index)];
      if (!bytes) {
        state.missing = true;
        return absl::OkStatus();
      }
      Values& target = feature.via ? scratch_ : values;
      target.Clear();
      target.type = input.type;
      times_.clear();
      Status extracted = input.field->Extract(*bytes, target, &times_);
      if (!extracted.ok()) {
        return absl::DataLossError(StrCat("feature ", feature.name, ": fact ",
                                          plan_.fact_types()[static_cast<size_t>(input.fact_index)],
                                          ": ", extracted.message()));
      }
      if (input.field->timed()) FilterByTime(times_, group.as_of_us, feature.window_us, target);
      if (feature.via) MapThrough(*feature.via, target, group.as_of_us, values);
    } else {
      bool found = false;
      if (group.context != nullptr) {
        for (const ContextValue& value : group.context->context()) {
          if (value.key() == input.context_key) {
            found = AppendContext(value, input.type, values);
            break;
          }
        }
      }
      if (!found) {
        state.missing = true;
        return absl::OkStatus();
      }
      if (feature.via) {
        scratch_ = values;
        MapThrough(*feature.via, scratch_, group.as_of_us, values);
      }
    }
  }
  for (const Values& values : state.inputs) state.input_pointers.push_back(&values);
  return absl::OkStatus();
}

Status FeatureComputer::StartGroup(const GroupFacts& group) {
  as_of_us_ = group.as_of_us;
  for (size_t i = 0; i < states_.size(); ++i) HS_RETURN_IF_ERROR(PrepareFeature(i, group));
  return absl::OkStatus();
}

void FeatureComputer::WriteDefault(size_t index, FeatureColumns::Column& column) {
  const CompiledFeature& feature = plan_.features()[index];
  switch (feature.shape.kind) {
    case OutputShape::Kind::kDouble:
      column.doubles.push_back(feature.default_value[0]);
      break;
    case OutputShape::Kind::kInt64:
      column.integers.push_back(static_cast<int64_t>(feature.default_value[0]));
      break;
    case OutputShape::Kind::kFloatVector:
      for (double slot : feature.default_value) column.floats.push_back(static_cast<float>(slot));
      break;
  }
  ++counts_.defaults[index];
}

int64_t FeatureComputer::ItemVersion(const dims::DimensionTable& table, int64_t item) {
  for (const auto& [known, row] : item_rows_) {
    if (known == &table) return row;
  }
  const int64_t row = table.FindVersion(item, as_of_us_);
  item_rows_.emplace_back(&table, row);
  return row;
}

void FeatureComputer::EncodeRow(int64_t item, FeatureColumns& out) {
  ++out.rows;
  item_rows_.clear();  // the item's version per dimension, looked up once per row
  for (size_t i = 0; i < states_.size(); ++i) {
    const CompiledFeature& feature = plan_.features()[i];
    FeatureState& state = states_[i];
    FeatureColumns::Column& column = out.columns[i];
    bool missing = state.missing;
    EncodeInput input;
    input.as_of_us = as_of_us_;
    input.inputs = &state.input_pointers;
    if (!missing && feature.uses_item()) {
      item_values_.Clear();
      if (feature.item_is_id) {
        item_values_.type = ValueType::kInteger;
        item_values_.integers.push_back(item);
      } else {
        const DimensionAttribute& attribute = *feature.item_attribute;
        item_values_.type = attribute.type;
        const int64_t row = ItemVersion(*attribute.table, item);
        missing = row < 0 || !AppendAttribute(attribute, row, item_values_, attribute.list);
      }
      input.item = &item_values_;
    }
    if (missing) {
      ++counts_.misses[i];
      WriteDefault(i, column);
      if (out.track_defaults) column.defaulted.push_back(1);
      continue;
    }
    if (feature.shape.kind == OutputShape::Kind::kFloatVector) {
      value_.vector.assign(static_cast<size_t>(feature.shape.size), 0.0f);
    }
    if (!feature.encoder->Encode(input, value_)) {
      WriteDefault(i, column);
      if (out.track_defaults) column.defaulted.push_back(1);
      continue;
    }
    if (out.track_defaults) column.defaulted.push_back(0);
    switch (feature.shape.kind) {
      case OutputShape::Kind::kDouble:
        column.doubles.push_back(value_.number);
        break;
      case OutputShape::Kind::kInt64:
        column.integers.push_back(value_.integer);
        break;
      case OutputShape::Kind::kFloatVector:
        column.floats.insert(column.floats.end(), value_.vector.begin(), value_.vector.end());
        break;
    }
  }
}

}  // namespace hindsight::features
