// `hindsight`: the command-line entry point. Parses arguments and dispatches to the
// command that was named; the commands themselves live in *_command.cc.
#include <iostream>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  using namespace hindsight::cli;
  CLI::App app{
      "Hindsight: an ML fact store with a time machine.\n"
      "Log the facts a model used at scoring time, store them by time in Parquet,\n"
      "and regenerate point-in-time correct features offline.",
      "hindsight"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hindsight 0.1.0");
  std::vector<Command> commands = {
      AddDemoCommand(app),    AddWorkloadCommand(app), AddInitCommand(app),
      AddLogCommand(app),     AddIngestCommand(app),   AddCompactCommand(app),
      AddQueryCommand(app),   AddLsCommand(app),       AddDimCommand(app),
      AddLabelsCommand(app),  AddGenerateCommand(app), AddMaterializeCommand(app),
      AddServeCommand(app),   AddParityCommand(app),   AddProfileCommand(app),
      AddAuditCommand(app),   AddVerifyCommand(app),   AddDiffCommand(app),
      AddSampleCommand(app),  AddUsageCommand(app),    AddDashboardCommand(app),
      AddParquetCommand(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "hindsight: " << e.what() << " (see hindsight --help)\n";
    return kExitUsageOrInput;
  }
  for (const Command& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return kExitUsageOrInput;
}
