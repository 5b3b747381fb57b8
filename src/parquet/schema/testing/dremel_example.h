// The Document example of the Dremel paper (Melnik et al., VLDB 2010, figures 2 and 3):
// its schema, its two records r1 and r2 as Columns, and the paper's column-striped
// levels and values. Test-only (hindsight_parquet_testing).
#pragma once

#include <vector>

#include "parquet/schema/leaf_data.h"
#include "parquet/schema/record_batch.h"
#include "parquet/schema/schema.h"

namespace hindsight::parquet::test_util {

// message Document {
//   required int64 DocId;
//   optional group Links { repeated int64 Backward; repeated int64 Forward; }
//   repeated group Name {
//     repeated group Language { required binary Code; optional binary Country; }
//     optional binary Url; } }
Schema DremelDocumentSchema();

// r1 and r2 of the paper.
RecordBatch DremelDocumentRecords();

// Levels and values per leaf (DocId, Links.Backward, Links.Forward, Name.Language.Code,
// Name.Language.Country, Name.Url), copied from the paper's figure 3.
std::vector<LeafData> DremelDocumentLeaves();

}  // namespace hindsight::parquet::test_util
