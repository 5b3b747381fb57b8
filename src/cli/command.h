// The CLI's commands. Each Add*Command registers a subcommand on the root app and
// returns how to run it once the command line is parsed. Commands return an exit
// code: 0 success, 1 the command ran and found a problem, 2 usage or input error.
#pragma once

#include <functional>

#include "CLI/CLI.hpp"
#include "util/status.h"

namespace hindsight::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblemFound = 1;
inline constexpr int kExitUsageOrInput = 2;

struct Command {
  CLI::App* app;             // owned by the root app
  std::function<int()> run;  // runs the parsed command, returns its exit code
};

// Prints `hindsight: <message>` as one line on stderr and returns the exit code for
// `status` (2: every error a command reports is a usage or input error).
int ReportError(const Status& status);

Command AddDemoCommand(CLI::App& root);
Command AddWorkloadCommand(CLI::App& root);
Command AddParquetCommand(CLI::App& root);
Command AddInitCommand(CLI::App& root);
Command AddLogCommand(CLI::App& root);
Command AddIngestCommand(CLI::App& root);
Command AddCompactCommand(CLI::App& root);
Command AddQueryCommand(CLI::App& root);
Command AddLsCommand(CLI::App& root);
Command AddDimCommand(CLI::App& root);
Command AddLabelsCommand(CLI::App& root);
Command AddGenerateCommand(CLI::App& root);
Command AddMaterializeCommand(CLI::App& root);
Command AddServeCommand(CLI::App& root);
Command AddParityCommand(CLI::App& root);
Command AddProfileCommand(CLI::App& root);
Command AddAuditCommand(CLI::App& root);
Command AddVerifyCommand(CLI::App& root);
Command AddDiffCommand(CLI::App& root);
Command AddSampleCommand(CLI::App& root);
Command AddUsageCommand(CLI::App& root);
Command AddDashboardCommand(CLI::App& root);

}  // namespace hindsight::cli
