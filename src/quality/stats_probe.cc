// A test probe: `quality_stats_probe ks A B` / `psi A B EDGES` reads whitespace-separated
// numbers from the files and prints the result as JSON, so tests compare Hindsight's
// statistics with scipy's on the same samples.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "quality/distribution_tests.h"

namespace {

std::vector<double> ReadNumbers(const char* path) {
  std::ifstream in(path);
  std::vector<double> values;
  double v;
  while (in >> v) values.push_back(v);
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hindsight::quality;
  const std::string mode = argc > 1 ? argv[1] : "";
  std::cout << std::setprecision(17);
  if (mode == "ks" && argc == 4) {
    const KsResult r = KsTwoSample(ReadNumbers(argv[2]), ReadNumbers(argv[3]));
    std::cout << "{\"statistic\": " << r.statistic << ", \"p_value\": " << r.p_value
              << ", \"exact\": " << (r.exact ? "true" : "false") << "}\n";
    return 0;
  }
  if (mode == "psi" && argc == 5) {
    const auto edges = ReadNumbers(argv[4]);
    const auto expected = BinShares(ReadNumbers(argv[2]), edges);
    const auto actual = BinShares(ReadNumbers(argv[3]), edges);
    std::cout << "{\"psi\": " << Psi(expected, actual) << "}\n";
    return 0;
  }
  std::cerr << "usage: quality_stats_probe ks A B | psi EXPECTED ACTUAL EDGES\n";
  return 2;
}
