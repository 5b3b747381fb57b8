// libFuzzer target: a whole Parquet file through the reader, as `hindsight parquet cat`
// reads it: footer, schema, every page of every column (checksums verified when the
// first byte is odd), Dremel assembly, and the JSONL printer. Any input must give rows
// or an error, never a crash, hang or unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parquet/reader/file_reader.h"
#include "parquet/text/row_printer.h"
#include "util/file_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hindsight;
  using namespace hindsight::parquet;
  auto reader = ParquetFileReader::Open(
      MakeMemoryFile("fuzz.parquet", std::vector<uint8_t>(data, data + size)));
  if (!reader.ok()) return 0;
  ReadOptions options;
  options.verify_checksums = size > 0 && (data[0] & 1) != 0;
  const RowPrinter printer = RowPrinter::Make((*reader)->schema(), TextFormat::kJsonl);
  std::string text;
  PermitUncheckedError((*reader)->Scan(options, [&](int, RecordBatch&& batch) {
    printer.AppendRows(batch, 0, batch.num_rows, text);
    text.clear();
    return true;
  }));
  return 0;
}
