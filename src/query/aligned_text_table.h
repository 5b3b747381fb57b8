// Rows of text cells printed as columns for people (`hindsight query`, `hindsight ls`):
// every column as wide as its widest cell, two spaces apart, the last one unpadded.
#pragma once

#include <string>
#include <vector>

namespace hindsight::query {

class AlignedTextTable {
 public:
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Each row on its own line, newline-terminated; widths count the cells' code points.
  std::string Render() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace hindsight::query
