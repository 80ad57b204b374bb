#pragma once
// Small inline SVG charts for the report (no script, no fonts to load): a sparkline of a series over runs, a
// bar split by shares (files by severity), and horizontal bars with labels (files by kind). Each carries a
// <title> per point or bar, so hovering shows the number. Labels arrive as plain text and are escaped here.
// Pure.
#include <cstdint>
#include <string>
#include <vector>

namespace datavagt::html {

struct ChartPoint {
  std::uint64_t value = 0;
  std::string title;   // "3. december 2026: 1.204"
};
std::string sparkline(const std::vector<ChartPoint>& points, int width, int height, const std::string& colour);

struct ChartBar {
  std::string label;   // "kritisk"
  std::uint64_t value = 0;
  std::string colour;  // "#b00020"
  std::string title;   // the value as the reader writes numbers
};
std::string stacked_bar(const std::vector<ChartBar>& bars, int width, int height);
std::string bar_chart(const std::vector<ChartBar>& bars, int width);

}  // namespace datavagt::html
