#include "reports/html/svg_charts.h"

#include <algorithm>
#include <cstdio>

#include "reports/html/html_text.h"

namespace datavagt::html {

namespace {

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string sparkline(const std::vector<ChartPoint>& points, int width, int height, const std::string& colour) {
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\">";
  if (points.empty()) return svg + "</svg>";
  std::uint64_t max = 1;
  for (const auto& p : points) max = std::max(max, p.value);
  const double pad = 3;
  const double step = points.size() > 1 ? (width - 2 * pad) / static_cast<double>(points.size() - 1) : 0;
  auto x = [&](std::size_t i) { return points.size() > 1 ? pad + step * static_cast<double>(i) : width / 2.0; };
  auto y = [&](std::uint64_t v) { return height - pad - (height - 2 * pad) * static_cast<double>(v) / static_cast<double>(max); };
  std::string line;
  for (std::size_t i = 0; i < points.size(); ++i) line += (i ? " " : "") + fixed(x(i)) + "," + fixed(y(points[i].value));
  svg += "<polyline fill=\"none\" stroke=\"" + escaped(colour) + "\" stroke-width=\"1.8\" points=\"" + line + "\"/>";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const bool last = i + 1 == points.size();
    svg += "<circle cx=\"" + fixed(x(i)) + "\" cy=\"" + fixed(y(points[i].value)) + "\" r=\"" + (last ? "3" : "2") +
           "\" fill=\"" + escaped(colour) + "\"><title>" + escaped(points[i].title) + "</title></circle>";
  }
  return svg + "</svg>";
}

std::string stacked_bar(const std::vector<ChartBar>& bars, int width, int height) {
  std::uint64_t total = 0;
  for (const auto& b : bars) total += b.value;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\">";
  if (total == 0) return svg + "<rect width=\"100%\" height=\"100%\" fill=\"#eee\"/></svg>";
  double at = 0;
  for (const auto& b : bars) {
    if (b.value == 0) continue;
    const double w = width * static_cast<double>(b.value) / static_cast<double>(total);
    svg += "<rect x=\"" + fixed(at) + "\" y=\"0\" width=\"" + fixed(w) + "\" height=\"" + std::to_string(height) +
           "\" fill=\"" + escaped(b.colour) + "\"><title>" + escaped(b.label + ": " + b.title) + "</title></rect>";
    at += w;
  }
  return svg + "</svg>";
}

std::string bar_chart(const std::vector<ChartBar>& bars, int width) {
  const int row = 20, label_width = 170, value_width = 60;
  const int height = row * static_cast<int>(bars.size()) + 4;
  std::uint64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\" font-size=\"12\">";
  const double room = width - label_width - value_width;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    const int y = static_cast<int>(i) * row + 2;
    const double w = std::max(1.0, room * static_cast<double>(b.value) / static_cast<double>(max));
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 13) + "\" fill=\"#333\">" + escaped(b.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" + fixed(w) +
           "\" height=\"" + std::to_string(row - 6) + "\" fill=\"" + escaped(b.colour) + "\"><title>" +
           escaped(b.label + ": " + b.title) + "</title></rect>";
    svg += "<text x=\"" + fixed(label_width + w + 5) + "\" y=\"" + std::to_string(y + 13) + "\" fill=\"#333\">" +
           escaped(b.title) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace datavagt::html
