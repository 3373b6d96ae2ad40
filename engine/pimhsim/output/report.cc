#include "pimhsim/output/report.h"

#include <fmt/format.h>

#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_calibration.h"
#include "pimhsim/output/report_html.h"
#include "pimhsim/output/report_kinds.h"
#include "pimhsim/output/report_pdf.h"
#include "pimhsim/output/report_workbook.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExpectedOut =
    "a file name ending in .html, in an existing directory (default: DIR/report.html)";

fs::path charts_dir_of(const fs::path& html) {
  return html.parent_path() / (html.stem().string() + "_charts");
}

fs::path workbook_of(const fs::path& html) {
  return html.parent_path() / (html.stem().string() + ".xlsx");
}

}  // namespace

core::Expected<fs::path> report_path(const fs::path& dir, const std::optional<std::string>& out) {
  const fs::path html = out ? fs::path(*out) : dir / "report.html";
  const std::string label = out ? "`out` " + *out : html.string();
  std::error_code ec;
  if (html.extension() != ".html")
    return core::Status::bad_input(
        fmt::format("{}: not a file name ending in .html ({})", label, kExpectedOut));
  const fs::path parent = html.has_parent_path() ? html.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    return core::Status::bad_input(
        fmt::format("{}: `{}` is not a directory ({})", label, parent.string(), kExpectedOut));
  if (fs::exists(html, ec) && !fs::is_regular_file(html, ec))
    return core::Status::bad_input(
        fmt::format("{}: it exists and is not a regular file ({})", label, kExpectedOut));
  if (const fs::path book = workbook_of(html);
      fs::exists(book, ec) && !fs::is_regular_file(book, ec))
    return core::Status::bad_input(
        fmt::format("{}: `{}`, where its workbook goes, exists and is not a regular file", label,
                    book.string()));
  const fs::path charts = charts_dir_of(html);
  if (fs::exists(charts, ec)) {
    if (!fs::is_directory(charts, ec))
      return core::Status::bad_input(fmt::format(
          "{}: `{}`, where its charts go, is not a directory of charts", label, charts.string()));
    for (const auto& entry : fs::directory_iterator(charts, ec)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".svg" && ext != ".png"))
        return core::Status::bad_input(fmt::format(
            "{}: `{}`, where its charts go, holds `{}`, which is not a chart (it holds only the "
            "SVG and PNG files of an earlier report, or is new)",
            label, charts.string(), entry.path().filename().string()));
    }
  }
  return html;
}

namespace {

// A report made in memory: the page and its charts' files (name, bytes).
struct MadeReport {
  ReportFiles files;
  std::string html;
  std::vector<std::pair<std::string, std::string>> chart_files;
};

// What a directory's report is made of: its page and its workbook.
struct ReportContent {
  ReportPage page;
  Workbook book;
};

// The page and workbook of whatever `dir` holds, naming the directory as `shown_dir`.
core::Expected<ReportContent> page_of(const fs::path& dir, const fs::path& shown_dir) {
  if (auto st = check_results_directory(dir, ResultKind::kUnknown); !st.ok()) return st;
  const auto kind = result_kind(dir);
  const auto made = [&](auto results, auto page, auto sheets) -> core::Expected<ReportContent> {
    if (!results.ok()) return results.status();
    auto& r = results.value();
    r.directory = shown_dir;
    ReportContent content{page(r), {}};
    content.book.about = workbook_about(dir, kind, r.scenario_name);
    content.book.sheets = sheets(r, read_codebook(dir));
    return content;
  };
  switch (kind) {
    case ResultKind::kRun:
      return made(read_run_results(dir), run_page, run_sheets);
    case ResultKind::kPsa:
      return made(read_psa_results(dir), psa_page, psa_sheets);
    case ResultKind::kDsa:
      return made(read_dsa_results(dir), dsa_page, dsa_sheets);
    case ResultKind::kPlan:
      return made(read_plan_results(dir), plan_page, plan_sheets);
    case ResultKind::kCompare:
      return made(read_compare_results(dir), compare_page, compare_sheets);
    case ResultKind::kCalibration:
      return made(read_calibration_results(dir), calibration_page, calibration_sheets);
    case ResultKind::kUnknown:
      break;
  }
  return core::Status::bad_input(fmt::format(
      "`{}` holds none of summary.json, psa_summary.json, dsa_summary.json, plan.json, "
      "comparison.json or calibration.json, so no command's results that a report is made of ({})",
      dir.string(), expected_directory(kind)));
}

MadeReport make_report(const ReportPage& page, const fs::path& html) {
  MadeReport made{
      {html, charts_dir_of(html), 0, 0, "", std::nullopt, "", std::nullopt, ""}, "", {}};
  auto& files = made.files;
  const auto& charts = page.charts;
  files.charts = charts.size();
  std::vector<DrawnChart> drawn;
  const auto gnuplot = find_gnuplot();
  if (!gnuplot && !charts.empty())
    files.note =
        "The charts need gnuplot, which was not found on the PATH: install it (on Debian or "
        "Ubuntu: apt-get install gnuplot-nox) and make the report again. Each chart's figures "
        "are in the tables below.";
  const std::string folder = files.charts_dir.filename().string();
  for (const auto& c : charts) {
    DrawnChart d{c, "", folder + "/" + c.name + ".png", folder + "/" + c.name + ".svg"};
    if (gnuplot) {
      auto svg = run_gnuplot(*gnuplot, c.script, ChartFormat::kSvg, c.width, c.height);
      auto png =
          svg.ok() ? run_gnuplot(*gnuplot, c.script, ChartFormat::kPng, c.width, c.height) : svg;
      if (svg.ok() && png.ok()) {
        d.svg = svg.value();
        made.chart_files.push_back({c.name + ".svg", svg.value()});
        made.chart_files.push_back({c.name + ".png", png.value()});
        ++files.drawn;
      } else {
        std::string why = (svg.ok() ? png : svg).status().message();
        while (!why.empty() && why.back() == '\n') why.pop_back();
        files.note += fmt::format("{}The chart `{}` could not be drawn: {}.",
                                  files.note.empty() ? "" : " ", c.title, why);
      }
    }
    drawn.push_back(std::move(d));
  }
  made.html = report_page_html(page, drawn, files.note);
  return made;
}

// Writes the workbook beside the page; a workbook that cannot be written leaves a note.
void write_book(const Workbook& book, ReportFiles& files) {
  const fs::path file = workbook_of(files.html);
  if (auto st = write_workbook(book, file); st.ok()) {
    files.workbook = file;
  } else {
    std::string why = st.message();
    while (!why.empty() && why.back() == '\n') why.pop_back();
    files.workbook_note = why;
  }
}

}  // namespace

core::Expected<ReportFiles> write_report(const fs::path& dir,
                                         const std::optional<std::string>& out) {
  auto content = page_of(dir, dir);
  if (!content.ok()) return content.status();
  const auto html = report_path(dir, out);
  if (!html.ok()) return html.status();
  auto m = make_report(content->page, html.value());
  if (!m.chart_files.empty()) {
    AtomicDirectory folder(m.files.charts_dir);
    for (const auto& [name, bytes] : m.chart_files) folder.write(name, bytes);
    folder.commit();
  }
  write_book(content->book, m.files);
  if (auto st = write_file_whole(m.files.html, m.html); !st.ok()) return st;
  return m.files;
}

std::string write_report_into(const fs::path& pending, const fs::path& target) {
  const auto start = std::chrono::steady_clock::now();
  // A message names the results' own directory, not the one they are written in before it.
  const auto not_written = [&](std::string message) {
    std::string from = pending.string(), to = target.string();
    while (from.size() > 1 && from.back() == '/') from.pop_back();
    while (to.size() > 1 && to.back() == '/') to.pop_back();
    for (std::size_t at = message.find(from); at != std::string::npos;
         at = message.find(from, at + to.size()))
      message.replace(at, from.size(), to);
    return "report not written: " + message + "\n";
  };
  auto content = page_of(pending, target);
  if (!content.ok()) return not_written(content.status().message());
  auto m = make_report(content->page, pending / "report.html");
  std::error_code ec;
  if (!m.chart_files.empty()) fs::create_directories(m.files.charts_dir, ec);
  for (const auto& [name, bytes] : m.chart_files)
    if (auto st = write_file_whole(m.files.charts_dir / name, bytes); !st.ok())
      return not_written(st.message());
  write_book(content->book, m.files);
  if (auto st = write_file_whole(m.files.html, m.html); !st.ok()) return not_written(st.message());
  ReportFiles shown = m.files;
  shown.html = target / "report.html";
  shown.charts_dir = target / shown.charts_dir.filename();
  if (shown.workbook) shown.workbook = target / shown.workbook->filename();
  return report_text(
      shown, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

std::vector<core::SettingSpec> report_setting_specs() {
  return {{"out", core::SettingSpec::Kind::kText,
           "the page to write, a file ending in .html (default: DIR/report.html); its charts go "
           "beside it, in NAME_charts/ for NAME.html, and its summary tables in NAME.xlsx"},
          {"pdf", core::SettingSpec::Kind::kSwitch,
           "also print the page to NAME.pdf beside it (A4), with headless Chromium (`chromium` "
           "on the PATH)"}};
}

core::Expected<ReportFiles> write_report(const fs::path& dir, const core::SettingValues& settings) {
  auto files = write_report(dir, settings.optional_text("out"));
  if (!files.ok() || !settings.has("pdf") || !settings.flag("pdf")) return files;
  auto pdf = print_pdf(files->html);
  if (pdf.ok())
    files->pdf = pdf.value();
  else
    files->pdf_note = pdf.status().message();
  return files;
}

std::string report_text(const ReportFiles& f, double seconds) {
  std::string text =
      f.charts == 0
          ? fmt::format("report in {} (no charts for these results", f.html.string())
          : fmt::format("report in {} ({} of {} charts drawn", f.html.string(), f.drawn, f.charts);
  if (f.drawn > 0) text += fmt::format(", also as SVG and PNG files in {}/", f.charts_dir.string());
  text += fmt::format("; {:.1f} s)\n", seconds);
  if (!f.note.empty()) text += "note: " + f.note + "\n";
  if (f.workbook) text += fmt::format("summary tables in {}\n", f.workbook->string());
  if (!f.workbook_note.empty()) text += "no workbook: " + f.workbook_note + "\n";
  if (f.pdf) text += fmt::format("PDF in {}\n", f.pdf->string());
  if (!f.pdf_note.empty()) text += "no PDF: " + f.pdf_note;
  return text;
}

}  // namespace pimhsim::output
