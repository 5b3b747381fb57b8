#include <iostream>

#include "cli/command.h"

namespace hindsight::cli {

int ReportError(const Status& status) {
  std::cerr << "hindsight: " << status.message() << "\n";
  return kExitUsageOrInput;
}

}  // namespace hindsight::cli
