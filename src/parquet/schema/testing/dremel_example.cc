#include "parquet/schema/testing/dremel_example.h"

#include <utility>

#include "parquet/schema/testing/column_literals.h"
#include "parquet/schema/testing/schema_literals.h"

namespace hindsight::parquet::test_util {
namespace {

using format::Type;

LeafData Leaf(std::vector<int16_t> def, std::vector<int16_t> rep, Column values) {
  LeafData leaf;
  leaf.def_levels = std::move(def);
  leaf.rep_levels = std::move(rep);
  leaf.values = std::move(values);
  return leaf;
}

}  // namespace

Schema DremelDocumentSchema() {
  SchemaNode root =
      GroupNode(kRequired, "Document",
                {LeafNode(kRequired, Type::INT64, "DocId"),
                 GroupNode(kOptional, "Links",
                           {LeafNode(kRepeated, Type::INT64, "Backward"),
                            LeafNode(kRepeated, Type::INT64, "Forward")}),
                 GroupNode(kRepeated, "Name",
                           {GroupNode(kRepeated, "Language",
                                      {LeafNode(kRequired, Type::BYTE_ARRAY, "Code"),
                                       LeafNode(kOptional, Type::BYTE_ARRAY, "Country")}),
                            LeafNode(kOptional, Type::BYTE_ARRAY, "Url")})});
  return Schema::FromRoot(std::move(root)).value();
}

RecordBatch DremelDocumentRecords() {
  RecordBatch batch;
  batch.num_rows = 2;
  batch.columns.push_back(Int64Column({10, 20}));
  batch.columns.push_back(StructColumn({ListColumn({0, 2}, Int64Column({10, 30})),
                                        ListColumn({3, 1}, Int64Column({20, 40, 60, 80}))}));
  // r1 has three Names (two, zero and one Languages), r2 one Name without Language.
  Column languages =
      ListColumn({2, 0, 1, 0}, StructColumn({BinaryColumn({"en-us", "en", "en-gb"}),
                                             BinaryColumn({"us", std::nullopt, "gb"})}));
  Column urls = BinaryColumn({"http://A", "http://B", std::nullopt, "http://C"});
  batch.columns.push_back(
      ListColumn({3, 1}, StructColumn({std::move(languages), std::move(urls)})));
  return batch;
}

std::vector<LeafData> DremelDocumentLeaves() {
  std::vector<LeafData> leaves;
  leaves.push_back(Leaf({}, {}, Int64Column({10, 20})));
  leaves.push_back(Leaf({1, 2, 2}, {0, 0, 1}, Int64Column({10, 30})));
  leaves.push_back(Leaf({2, 2, 2, 2}, {0, 1, 1, 0}, Int64Column({20, 40, 60, 80})));
  leaves.push_back(Leaf({2, 2, 1, 2, 1}, {0, 2, 1, 1, 0}, BinaryColumn({"en-us", "en", "en-gb"})));
  leaves.push_back(Leaf({3, 2, 1, 3, 1}, {0, 2, 1, 1, 0}, BinaryColumn({"us", "gb"})));
  leaves.push_back(
      Leaf({2, 2, 1, 2}, {0, 1, 1, 0}, BinaryColumn({"http://A", "http://B", "http://C"})));
  return leaves;
}

}  // namespace hindsight::parquet::test_util
