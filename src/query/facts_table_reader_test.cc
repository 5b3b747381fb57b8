#include "query/facts_table_reader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "gtest/gtest.h"
#include "query/testing/brute_force_as_of.h"
#include "query/testing/query_test_util.h"
#include "query/testing/test_facts_table.h"
#include "store/store_layout.h"
#include "util/str_cat.h"
#include "util/time_format.h"

namespace hindsight::query {
namespace {

using testing::BruteForceAsOf;
using testing::TestTableOptions;

const std::vector<std::string> kAllTypes = {"history", "rare", "subscriber", "thumbs"};
constexpr int64_t kHour0 = testing::kTestFirstHourUs;
constexpr int64_t kMinute = 60 * kMicrosPerSecond;

struct Probe {
  int64_t entity = 0;
  int64_t as_of_us = 0;
  std::vector<std::string> fact_types;  // empty: all
};

// Lookups mixing present, absent and out-of-range entities with times exactly at, just
// before, before all, after all and between records, and subsets of fact types.
std::vector<Probe> RandomProbes(const std::vector<Record>& records, const TestTableOptions& options,
                                int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto below = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  const int64_t span_begin = options.first_hour_us - kMicrosPerHour;
  const int64_t span = (options.hours + 3) * kMicrosPerHour;
  std::vector<Probe> probes;
  for (int i = 0; i < count; ++i) {
    Probe probe;
    const Record& some = records[below(records.size())];
    const int entity_kind = static_cast<int>(below(100));
    if (entity_kind < 70) {
      probe.entity = some.context(0).int_value();
    } else if (entity_kind < 85) {
      probe.entity = 2 * static_cast<int64_t>(below(static_cast<size_t>(options.entities))) + 1;
    } else {
      const int64_t outside[] = {0, -4, 2 * options.entities + 2, int64_t{1} << 40};
      probe.entity = outside[below(4)];
    }
    // A record of the entity when it has one, for times that hit a record exactly.
    const Record* anchor = &some;
    for (int tries = 0; tries < 200; ++tries) {
      const Record& candidate = records[below(records.size())];
      if (candidate.context(0).int_value() == probe.entity) {
        anchor = &candidate;
        break;
      }
    }
    const int time_kind = static_cast<int>(below(100));
    if (time_kind < 35) {
      probe.as_of_us = anchor->event_time_us();
    } else if (time_kind < 45) {
      probe.as_of_us = anchor->event_time_us() - 1;
    } else if (time_kind < 50) {
      probe.as_of_us = options.first_hour_us - 1;
    } else if (time_kind < 53) {
      probe.as_of_us = std::numeric_limits<int64_t>::max();
    } else {
      probe.as_of_us = span_begin + static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
    }
    if (below(100) >= 40) {
      std::vector<std::string> types = kAllTypes;
      std::shuffle(types.begin(), types.end(), rng);
      types.resize(1 + below(types.size()));
      probe.fact_types = types;
    }
    probes.push_back(std::move(probe));
  }
  return probes;
}

std::unique_ptr<FactsTableReader> OpenReader(const std::string& store,
                                             std::optional<int64_t> snapshot = std::nullopt) {
  FactsTableReaderOptions options;
  options.snapshot_id = snapshot;
  auto reader = FactsTableReader::Open(store, options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? std::move(*reader) : nullptr;
}

AsOfAnswer Lookup(const FactsTableReader& reader, int64_t entity, int64_t as_of_us,
                  std::vector<std::string> types = {}) {
  auto answer = reader.LookupAsOf({entity, as_of_us, std::move(types)});
  EXPECT_TRUE(answer.ok()) << answer.status();
  return answer.ok() ? *answer : AsOfAnswer{};
}

std::string FoundId(const AsOfAnswer& answer, size_t i) {
  if (i >= answer.facts.size() || !answer.facts[i].record.has_value()) return "-";
  return answer.facts[i].record->record_id();
}

// The ts_us field a test-schema fact value holds about its own record.
int64_t EncodedTime(const Fact& fact, const store::FactSchemaRegistry& registry) {
  const google::protobuf::Message* prototype = registry.Prototype(fact.type());
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  EXPECT_TRUE(message->ParseFromString(fact.value()));
  const google::protobuf::FieldDescriptor* field =
      message->GetDescriptor()->FindFieldByName("ts_us");
  return message->GetReflection()->GetInt64(*message, field);
}

class FactsTableReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    options_ = new TestTableOptions();
    auto table = testing::BuildTestTable(testing::FreshTestPath("random_table"), *options_);
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = new testing::TestTable(std::move(*table));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete options_;
  }

  static TestTableOptions* options_;
  static testing::TestTable* table_;
};
TestTableOptions* FactsTableReaderTest::options_ = nullptr;
testing::TestTable* FactsTableReaderTest::table_ = nullptr;

TEST_F(FactsTableReaderTest, MatchesBruteForceOnRandomLookupsInEverySnapshot) {
  ASSERT_EQ(table_->snapshot_ids, (std::vector<int64_t>{1, 2}));
  for (int64_t snapshot : table_->snapshot_ids) {
    auto oracle = BruteForceAsOf::Load(table_->store, snapshot);
    ASSERT_TRUE(oracle.ok()) << oracle.status();
    auto reader = OpenReader(table_->store, snapshot);
    ASSERT_NE(reader, nullptr);
    int found = 0;
    int missing = 0;
    for (const Probe& probe :
         RandomProbes(oracle->records(), *options_, 1500, static_cast<uint64_t>(snapshot))) {
      const AsOfAnswer answer = Lookup(*reader, probe.entity, probe.as_of_us, probe.fact_types);
      const AsOfAnswer expected = oracle->Lookup(
          probe.entity, probe.as_of_us, probe.fact_types.empty() ? kAllTypes : probe.fact_types);
      const std::string difference = testing::AnswerDifference(answer, expected);
      ASSERT_EQ(difference, "") << "snapshot " << snapshot << " entity " << probe.entity
                                << " as of " << probe.as_of_us;
      for (const AsOfFact& fact : answer.facts) (fact.record.has_value() ? found : missing)++;
    }
    // The probes exercised both outcomes in quantity.
    EXPECT_GT(found, 1000);
    EXPECT_GT(missing, 1000);
  }
}

TEST_F(FactsTableReaderTest, TablesHoldTiesAndLookupsResolveThem) {
  // (entity, ts, type) groups of more than one record: ties the lookups must break.
  std::map<std::tuple<int64_t, int64_t, std::string>, std::vector<std::string>> groups;
  for (const Record& record : table_->records) {
    std::set<std::string> types;
    for (const Fact& fact : record.facts()) types.insert(fact.type());
    for (const std::string& type : types) {
      groups[{record.context(0).int_value(), record.event_time_us(), type}].push_back(
          record.record_id());
    }
  }
  auto reader = OpenReader(table_->store);
  ASSERT_NE(reader, nullptr);
  int ties = 0;
  for (const auto& [key, ids] : groups) {
    if (ids.size() < 2) continue;
    ++ties;
    const auto& [entity, ts, type] = key;
    const AsOfAnswer answer = Lookup(*reader, entity, ts, {type});
    EXPECT_EQ(FoundId(answer, 0), *std::max_element(ids.begin(), ids.end()));
  }
  EXPECT_GT(ties, 20);
}

TEST_F(FactsTableReaderTest, ValuesNeverComeFromAfterAsOf) {
  auto oracle = BruteForceAsOf::Load(table_->store, table_->snapshot_ids.back());
  ASSERT_TRUE(oracle.ok()) << oracle.status();
  auto reader = OpenReader(table_->store);
  ASSERT_NE(reader, nullptr);
  int values = 0;
  for (const Probe& probe : RandomProbes(oracle->records(), *options_, 1000, 99)) {
    const AsOfAnswer answer = Lookup(*reader, probe.entity, probe.as_of_us, probe.fact_types);
    const AsOfAnswer expected = oracle->Lookup(
        probe.entity, probe.as_of_us, probe.fact_types.empty() ? kAllTypes : probe.fact_types);
    ASSERT_EQ(answer.facts.size(), expected.facts.size());
    for (size_t i = 0; i < answer.facts.size(); ++i) {
      const AsOfFact& fact = answer.facts[i];
      ASSERT_EQ(fact.record.has_value(), expected.facts[i].record.has_value());
      if (!fact.record.has_value()) continue;
      ASSERT_GT(fact.record->facts_size(), 0);
      for (const Fact& value : fact.record->facts()) {
        const int64_t logged_at = EncodedTime(value, reader->registry());
        EXPECT_LE(logged_at, probe.as_of_us) << fact.record->record_id();
        EXPECT_EQ(logged_at, expected.facts[i].record->event_time_us());
        EXPECT_EQ(value.type(), fact.fact_type);
        ++values;
      }
    }
  }
  EXPECT_GT(values, 500);
}

TEST_F(FactsTableReaderTest, BatchOnThreadsMatchesSingleLookups) {
  auto reader = OpenReader(table_->store);
  ASSERT_NE(reader, nullptr);
  std::vector<AsOfRequest> requests;
  for (const Probe& probe : RandomProbes(table_->records, *options_, 400, 7)) {
    requests.push_back({probe.entity, probe.as_of_us, probe.fact_types});
  }
  auto batch = reader->LookupAsOfBatch(requests, 4);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->size(), requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    auto single = reader->LookupAsOf(requests[i]);
    ASSERT_TRUE(single.ok());
    EXPECT_EQ(testing::AnswerDifference((*batch)[i], *single), "") << i;
  }
  EXPECT_EQ(reader->stats().lookups, 2 * static_cast<int64_t>(requests.size()));
}

TEST_F(FactsTableReaderTest, TinyFileCacheGivesTheSameAnswersUnderThreads) {
  FactsTableReaderOptions options;
  options.max_open_files = 2;
  auto small = FactsTableReader::Open(table_->store, options);
  ASSERT_TRUE(small.ok());
  auto large = OpenReader(table_->store);
  ASSERT_NE(large, nullptr);
  std::vector<AsOfRequest> requests;
  for (const Probe& probe : RandomProbes(table_->records, *options_, 300, 11)) {
    requests.push_back({probe.entity, probe.as_of_us, probe.fact_types});
  }
  auto from_small = (*small)->LookupAsOfBatch(requests, 3);
  auto from_large = large->LookupAsOfBatch(requests, 1);
  ASSERT_TRUE(from_small.ok() && from_large.ok());
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(testing::AnswerDifference((*from_small)[i], (*from_large)[i]), "") << i;
  }
  // Evicted files were opened again, and their reads stay counted.
  const FactsReadStats small_stats = (*small)->stats();
  const FactsReadStats large_stats = large->stats();
  EXPECT_GT(small_stats.files_opened, large_stats.files_opened);
  EXPECT_GT(small_stats.bytes_read, large_stats.bytes_read);
  EXPECT_EQ(small_stats.pages_read, large_stats.pages_read);
}

// Hand-made tables: each test builds the records it reasons about.
class HandMadeTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ =
        testing::FreshTestPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(testing::CreateTestStore(store_).ok());
  }

  static Record WithFacts(Record record, const std::vector<std::string>& types) {
    for (const std::string& type : types) {
      Fact* fact = record.add_facts();
      fact->set_type(type);
      fact->set_value(testing::TestFactValue(type, record.event_time_us(), 2, 5));
    }
    return record;
  }
  static Record At(int64_t entity, int64_t ts, const std::string& id,
                   const std::vector<std::string>& types) {
    return WithFacts(testing::TestRecord(entity, ts, id), types);
  }

  void Commit(const std::vector<std::vector<Record>>& files) {
    auto snapshot = testing::CommitRecordFiles(store_, files);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  }

  std::string store_;
};

TEST_F(HandMadeTableTest, EqualTimestampsResolveToTheGreatestRecordIdAcrossFiles) {
  const int64_t t = kHour0 + 10 * kMinute;
  Commit({{At(7, t, "r-a", {"subscriber"}), At(7, t, "r9", {"subscriber"})},
          {At(7, t, "r10", {"subscriber"}), At(7, t, "r-c", {"subscriber"}),
           At(7, t, "zz-thumbs-only", {"thumbs"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const AsOfAnswer answer = Lookup(*reader, 7, t, {"subscriber", "thumbs"});
  // Byte order of ids: "r9" > "r10" > "r-c" > "r-a".
  EXPECT_EQ(FoundId(answer, 0), "r9");
  EXPECT_EQ(FoundId(answer, 1), "zz-thumbs-only");
  const AsOfAnswer before = Lookup(*reader, 7, t - 1, {"subscriber", "thumbs"});
  EXPECT_EQ(FoundId(before, 0), "-");
  EXPECT_EQ(FoundId(before, 1), "-");
}

TEST_F(HandMadeTableTest, RecordsWithoutTheTypeDoNotCountForIt) {
  Commit({{At(7, kHour0 + kMinute, "old", {"subscriber", "thumbs"}),
           At(7, kHour0 + 2 * kMinute, "newer", {"thumbs"}),
           At(7, kHour0 + 3 * kMinute, "newest", {})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const AsOfAnswer answer =
      Lookup(*reader, 7, kHour0 + 4 * kMinute, {"subscriber", "thumbs", "rare"});
  EXPECT_EQ(FoundId(answer, 0), "old");
  EXPECT_EQ(FoundId(answer, 1), "newer");
  EXPECT_EQ(FoundId(answer, 2), "-");
  // The answer holds only the type's facts, with the record's envelope.
  ASSERT_TRUE(answer.facts[1].record.has_value());
  const Record& thumbs = *answer.facts[1].record;
  EXPECT_EQ(thumbs.event_time_us(), kHour0 + 2 * kMinute);
  EXPECT_EQ(thumbs.app(), "homepage");
  ASSERT_EQ(thumbs.facts_size(), 1);
  EXPECT_EQ(thumbs.facts(0).type(), "thumbs");
  ASSERT_GE(thumbs.context_size(), 1);
  EXPECT_EQ(thumbs.context(0).key(), "profile_id");
  EXPECT_EQ(thumbs.context(0).int_value(), 7);
}

TEST_F(HandMadeTableTest, SeveralValuesOfOneTypeComeBackInLoggedOrder) {
  Record record = testing::TestRecord(7, kHour0 + kMinute, "r1");
  for (int size : {1, 3, 2}) {
    Fact* fact = record.add_facts();
    fact->set_type("thumbs");
    fact->set_value(testing::TestFactValue("thumbs", record.event_time_us(), size, 40 + size));
  }
  Commit({{record}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const AsOfAnswer answer = Lookup(*reader, 7, kHour0 + kMinute, {"thumbs"});
  ASSERT_TRUE(answer.facts[0].record.has_value());
  ASSERT_EQ(answer.facts[0].record->facts_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(answer.facts[0].record->facts(i).value(), record.facts(i).value()) << i;
  }
}

TEST_F(HandMadeTableTest, LateRecordInAnOldPartitionChangesOnlyLaterSnapshots) {
  Commit({{At(7, kHour0 + 10 * kMinute, "first", {"subscriber"}),
           At(7, kHour0 + kMicrosPerHour, "next-hour", {"thumbs"})}});
  Commit({{At(7, kHour0 + 20 * kMinute, "late", {"subscriber"})}});
  const int64_t as_of = kHour0 + 2 * kMicrosPerHour;
  auto first = OpenReader(store_, 1);
  auto second = OpenReader(store_, 2);
  auto latest = OpenReader(store_);
  ASSERT_TRUE(first && second && latest);
  EXPECT_EQ(FoundId(Lookup(*first, 7, as_of, {"subscriber"}), 0), "first");
  EXPECT_EQ(FoundId(Lookup(*second, 7, as_of, {"subscriber"}), 0), "late");
  EXPECT_EQ(FoundId(Lookup(*latest, 7, as_of, {"subscriber"}), 0), "late");
  EXPECT_EQ(Lookup(*first, 7, as_of).snapshot_id, 1);
  EXPECT_EQ(Lookup(*latest, 7, as_of).snapshot_id, 2);
}

TEST_F(HandMadeTableTest, WalkStopsAtTheNewestPartitionHoldingEveryType) {
  Commit({{At(7, kHour0 + kMinute, "h0", {"subscriber", "rare"}),
           At(7, kHour0 + kMicrosPerHour + kMinute, "h1", {"subscriber"}),
           At(7, kHour0 + 2 * kMicrosPerHour + kMinute, "h2", {"subscriber"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const int64_t as_of = kHour0 + 3 * kMicrosPerHour;
  FactsReadStats before = reader->stats();
  EXPECT_EQ(FoundId(Lookup(*reader, 7, as_of, {"subscriber"}), 0), "h2");
  FactsReadStats used = reader->stats() - before;
  EXPECT_EQ(used.partitions_considered, 1);
  EXPECT_EQ(used.files_read, 1);

  before = reader->stats();
  const AsOfAnswer both = Lookup(*reader, 7, as_of, {"subscriber", "rare"});
  EXPECT_EQ(FoundId(both, 0), "h2");
  EXPECT_EQ(FoundId(both, 1), "h0");
  used = reader->stats() - before;
  EXPECT_EQ(used.partitions_considered, 3);
  // After hour 2 only `rare` is sought; hours 1 and 0 are read for it alone.
  EXPECT_EQ(used.files_read, 3);
  EXPECT_EQ(used.lookups, 1);
}

TEST_F(HandMadeTableTest, AsOfBeforeEveryPartitionReadsNothing) {
  Commit({{At(7, kHour0 + kMinute, "r1", {"subscriber"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const AsOfAnswer answer = Lookup(*reader, 7, kHour0 - 1);
  ASSERT_EQ(answer.facts.size(), kAllTypes.size());
  for (const AsOfFact& fact : answer.facts) EXPECT_FALSE(fact.record.has_value());
  const FactsReadStats stats = reader->stats();
  EXPECT_EQ(stats.partitions_considered, 0);
  EXPECT_EQ(stats.files_opened, 0);
  EXPECT_EQ(stats.bytes_read, 0);
}

TEST_F(HandMadeTableTest, StoreWithoutSnapshotHasNoDataYet) {
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  EXPECT_FALSE(reader->snapshot().has_value());
  const AsOfAnswer answer = Lookup(*reader, 7, kHour0, {"subscriber"});
  EXPECT_FALSE(answer.snapshot_id.has_value());
  ASSERT_EQ(answer.facts.size(), 1u);
  EXPECT_FALSE(answer.facts[0].record.has_value());
  EXPECT_EQ(reader->fact_types(), kAllTypes);
}

TEST_F(HandMadeTableTest, UnknownSnapshotIsNotFound) {
  Commit({{At(7, kHour0, "r1", {"subscriber"})}});
  FactsTableReaderOptions options;
  options.snapshot_id = 5;
  auto reader = FactsTableReader::Open(store_, options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("snapshot 5"), absl::string_view::npos);
}

TEST(FactsTableReaderErrorsTest, MissingStoreIsNotFound) {
  auto reader = FactsTableReader::Open(testing::FreshTestPath("no_such_store"));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(HandMadeTableTest, UnknownAndRepeatedFactTypesAreInvalidArguments) {
  Commit({{At(7, kHour0, "r1", {"subscriber"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  auto unknown = reader->LookupAsOf({7, kHour0, {"subscriber", "likes"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("'likes'"), absl::string_view::npos);
  auto twice = reader->LookupAsOf({7, kHour0, {"thumbs", "thumbs"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(HandMadeTableTest, MissingDataFileIsAnErrorNamingIt) {
  Commit({{At(7, kHour0, "r1", {"subscriber"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const std::string path =
      StrCat(store::FactsTableDir(store_), "/", reader->snapshot()->files[0].path);
  std::filesystem::remove(path);
  auto answer = reader->LookupAsOf({7, kHour0, {}});
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find(path), absl::string_view::npos) << answer.status();
}

TEST_F(HandMadeTableTest, CorruptDataFileIsAnErrorNamingIt) {
  Commit({{At(7, kHour0, "r1", {"subscriber"})}});
  auto reader = OpenReader(store_);
  ASSERT_NE(reader, nullptr);
  const std::string path =
      StrCat(store::FactsTableDir(store_), "/", reader->snapshot()->files[0].path);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << std::string(4096, 'x');
  }
  auto answer = reader->LookupAsOf({7, kHour0, {}});
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find(path), absl::string_view::npos) << answer.status();
  // Entities outside the file's range never open it.
  EXPECT_TRUE(reader->LookupAsOf({8, kHour0, {}}).ok());
}

TEST_F(HandMadeTableTest, SnapshotFileOutsideItsHourIsDataLoss) {
  Commit({{At(7, kHour0 + kMinute, "r1", {"subscriber"})}});
  auto snapshot = store::ReadSnapshot(store_, 1);
  ASSERT_TRUE(snapshot.ok());
  snapshot->parent_id = 1;
  snapshot->id = 2;
  snapshot->files[0].min_ts_us = kHour0 - kMinute;
  ASSERT_TRUE(store::CommitSnapshot(store_, *snapshot).ok());
  auto reader = FactsTableReader::Open(store_);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(reader.status().message().find(snapshot->files[0].path), absl::string_view::npos);
}

}  // namespace
}  // namespace hindsight::query
