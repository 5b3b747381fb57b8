#include "store/jsonl_logger.h"

#include <optional>

#include "store/jsonl_record_parser.h"
#include "store/line_reader.h"
#include "store/quarantine.h"
#include "store/store_layout.h"
#include "store/store_setup.h"
#include "util/str_cat.h"

namespace hindsight::store {

StatusOr<JsonlLogSummary> LogJsonl(const JsonlLogRequest& request) {
  HS_ASSIGN_OR_RETURN(OpenedStore opened, OpenStore(request.store));
  log::LoggerOptions options;
  options.log_dir = LogDir(request.store);
  options.overflow = log::OverflowPolicy::kBlock;
  HS_ASSIGN_OR_RETURN(std::unique_ptr<log::FactLogger> logger,
                      log::FactLogger::Open(std::move(options)));

  JsonlRecordParser parser(*opened.registry, opened.config.entity_key, request.app);
  QuarantineWriter quarantine(QuarantineDir(request.store), request.source);
  LineReader reader(request.input, request.source, kMaxJsonlLineBytes);
  JsonlLogSummary summary;
  Status failure;
  while (failure.ok()) {
    StatusOr<std::optional<InputLine>> line = reader.Next();
    if (!line.ok()) {
      failure = line.status();
      break;
    }
    if (!line->has_value()) break;
    const InputLine& current = **line;
    summary.input_bytes += current.bytes;
    // Blank lines (spacing, a trailing newline) carry no record.
    if (current.text.empty()) continue;
    ++summary.lines;
    ParsedLine parsed =
        current.too_long
            ? ParsedLine{{},
                         LineRejection{RejectKind::kMalformedJson,
                                       StrCat("line ", current.number, ": (line): longer than ",
                                              kMaxJsonlLineBytes, " bytes")}}
            : parser.Parse(current.text, current.number);
    if (parsed.ok()) {
      failure = logger->Log(std::move(parsed.record));
      if (failure.ok()) ++summary.logged;
    } else {
      ++summary.quarantined;
      ++summary.quarantined_by_kind[std::string(RejectKindName(parsed.rejection->kind))];
      failure = quarantine.Add(current.number, *parsed.rejection, current.text);
    }
  }
  const Status flushed = logger->Flush();
  const Status closed = logger->Close();
  const Status quarantine_closed = quarantine.Close();
  for (const Status& status : {failure, flushed, closed, quarantine_closed}) {
    HS_RETURN_IF_ERROR(status);
  }
  summary.quarantine_file = quarantine.path();
  summary.logger = logger->counters();
  return summary;
}

}  // namespace hindsight::store
