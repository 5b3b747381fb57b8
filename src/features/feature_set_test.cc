#include "features/feature_set.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace hindsight::features {
namespace {

constexpr char kExample[] = R"(name: homepage_ranker
version: 1
entity: profile_id
item: video_id
facts:
  subscriber: {max_age: 30d}
features:
  - {name: plan, encoder: onehot, input: subscriber.plan, vocabulary: [basic, standard]}
  - {name: plays_7d, encoder: window_count, input: viewing_history.events, time: ts_us, window: 7d}
  - {name: in_my_list, encoder: contains, input: my_list.video_ids, item: true}
  - {name: genre_affinity, encoder: overlap, input: viewing_history.events.video_id, via: videos.genres, item: videos.genres}
  - {name: cross, encoder: cross_hash, inputs: [context.country, context.device], buckets: 1024, default: -1}
  - {name: vec, encoder: embedding, item: videos.embedding, size: 2, default: [0.5, 1]}
)";

std::string ErrorOf(const std::string& text) {
  StatusOr<FeatureSet> set = ParseFeatureSet(text, "f.yaml");
  return set.ok() ? std::string("ok") : std::string(set.status().message());
}

TEST(FeatureSetTest, ParsesTheExample) {
  StatusOr<FeatureSet> set = ParseFeatureSet(kExample, "f.yaml");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->name, "homepage_ranker");
  EXPECT_EQ(set->version, 1);
  EXPECT_EQ(set->entity, "profile_id");
  EXPECT_EQ(set->item, "video_id");
  ASSERT_EQ(set->facts.count("subscriber"), 1u);
  EXPECT_EQ(set->facts.at("subscriber").max_age_us, 30 * kMicrosPerDay);
  ASSERT_EQ(set->features.size(), 6u);
  const FeatureSpec& plays = set->features[1];
  EXPECT_EQ(plays.name, "plays_7d");
  EXPECT_EQ(plays.encoder, "window_count");
  EXPECT_EQ(plays.inputs, std::vector<std::string>{"viewing_history.events"});
  EXPECT_EQ(plays.time, "ts_us");
  EXPECT_EQ(plays.window_us, 7 * kMicrosPerDay);
  EXPECT_EQ(plays.line, 9);
  EXPECT_TRUE(set->features[2].item->is_id);
  EXPECT_EQ(set->features[3].via, "videos.genres");
  EXPECT_EQ(set->features[3].item->attribute, "videos.genres");
  EXPECT_EQ(set->features[4].inputs.size(), 2u);
  EXPECT_EQ(set->features[4].default_value, std::vector<double>{-1});
  EXPECT_EQ(set->features[5].default_value, (std::vector<double>{0.5, 1}));
  EXPECT_EQ(set->features[0].default_value, std::vector<double>{0});
  EXPECT_EQ(set->content_hash.size(), 16u);
}

TEST(FeatureSetTest, HashFollowsTheBytes) {
  auto a = ParseFeatureSet(kExample, "f.yaml");
  auto b = ParseFeatureSet(std::string(kExample) + "# comment\n", "f.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->content_hash, b->content_hash);
  EXPECT_EQ(a->content_hash, ParseFeatureSet(kExample, "g.yaml")->content_hash);
}

TEST(FeatureSetTest, RefusesBadFilesNamingTheLine) {
  const std::string head = "name: s\nversion: 1\nentity: p\nitem: v\n";
  EXPECT_EQ(ErrorOf("name: [unclosed\n"),
            "f.yaml:2: not valid YAML: end of sequence flow not found");
  EXPECT_EQ(ErrorOf(head), "f.yaml:1: missing key 'features'");
  EXPECT_EQ(ErrorOf(head + "colour: red\nfeatures: []\n"),
            "f.yaml:5: unknown key 'colour' (expected name, version, entity, item, facts, "
            "features)");
  EXPECT_EQ(ErrorOf("name: s\nversion: -3\nentity: p\nitem: v\nfeatures: [{name: a, encoder: "
                    "identity}]\n"),
            "f.yaml:2: version '-3' must be a positive integer");
  EXPECT_EQ(ErrorOf(head + "features: []\n"), "f.yaml:5: features must be a non-empty list");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: Bad, encoder: identity}\n"),
            "f.yaml:6: feature name 'Bad' must match [a-z][a-z0-9_]*");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a}\n"), "f.yaml:6: feature a has no encoder");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a, encoder: x}\n  - {name: a, encoder: y}\n"),
            "f.yaml:7: feature 'a' is declared twice");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: label, encoder: x}\n"),
            "f.yaml:6: feature name 'label' is a label column");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a, encoder: x, window: 7d}\n"),
            "f.yaml:6: feature a: window needs time");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a, encoder: x, time: t, window: soon}\n"),
            "f.yaml:6: feature a: window: " +
                std::string(ParseDurationMicros("soon").status().message()));
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a, encoder: x, item: maybe}\n"),
            "f.yaml:6: feature a: item must be true or DIM.ATTRIBUTE, not 'maybe'");
  EXPECT_EQ(ErrorOf(head + "features:\n  - {name: a, encoder: x, default: high}\n"),
            "f.yaml:6: feature a: default 'high' is not a number");
  EXPECT_EQ(ErrorOf(head + "facts:\n  subscriber: {max_age: 0s}\nfeatures:\n"
                           "  - {name: a, encoder: x}\n"),
            "f.yaml:6: facts.subscriber.max_age must be positive");
  EXPECT_EQ(ErrorOf(head + "facts:\n  subscriber: {ttl: 1d}\nfeatures:\n"
                           "  - {name: a, encoder: x}\n"),
            "f.yaml:6: facts.subscriber: unknown option 'ttl' (expected max_age, fetch)");
}

TEST(FeatureSetTest, ReadsFetchersAndRefusesBadOnes) {
  auto with = [](const std::string& subscriber) {
    std::string text = kExample;
    text.replace(text.find("subscriber: {max_age: 30d}"), 26, "subscriber: " + subscriber);
    return text;
  };
  StatusOr<FeatureSet> set = ParseFeatureSet(
      with("{max_age: 30d, fetch: {url: \"http://h:81/s/{entity}\", timeout: 20ms, retries: 2}}"),
      "f.yaml");
  ASSERT_TRUE(set.ok()) << set.status();
  const std::optional<FetcherSpec>& fetch = set->facts.at("subscriber").fetch;
  ASSERT_TRUE(fetch.has_value());
  EXPECT_EQ(fetch->url, "http://h:81/s/{entity}");
  EXPECT_EQ(fetch->timeout_us, 20'000);
  EXPECT_EQ(fetch->retries, 2);
  EXPECT_EQ(fetch->line, 6);
  EXPECT_EQ(ErrorOf(with("{fetch: {url: \"https://h/s\"}}")),
            "f.yaml:6: facts.subscriber.fetch.url 'https://h/s' must be http://HOST[:PORT]/PATH");
  EXPECT_EQ(ErrorOf(with("{fetch: {timeout: 5ms}}")),
            "f.yaml:6: facts.subscriber.fetch needs a url");
  EXPECT_EQ(ErrorOf(with("{fetch: {url: \"http://h/s\", retries: 9}}")),
            "f.yaml:6: facts.subscriber.fetch.retries must be an integer in 0..5");
  EXPECT_EQ(
      ErrorOf(with("{fetch: {url: \"http://h/s\", tls: true}}")),
      "f.yaml:6: facts.subscriber.fetch: unknown option 'tls' (expected url, timeout, retries)");
  EXPECT_EQ(ErrorOf(with("{maxage: 1d}")),
            "f.yaml:6: facts.subscriber: unknown option 'maxage' (expected max_age, fetch)");
}

TEST(FeatureSetTest, MissingFileIsAnInputError) {
  StatusOr<FeatureSet> set = LoadFeatureSet("/nonexistent/f.yaml");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(set.status().message().find("/nonexistent/f.yaml: cannot read the feature set"),
            std::string::npos);
}

}  // namespace
}  // namespace hindsight::features
