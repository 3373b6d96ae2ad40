// Charts drawn by gnuplot (Williams, Kelley et al., gnuplot 5.4), run as a child process: a
// chart is a gnuplot script without its terminal (its data inline as `$NAME << EOD` blocks); this
// adds the terminal, runs `gnuplot` on the script in a temporary file (no shell, no command
// string: the arguments go to posix_spawn as they are) and returns what gnuplot wrote on its
// standard output, the SVG or PNG file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/core/status.h"

namespace pimhsim::output {

// The executable `name` on the PATH, or nothing.
std::optional<std::string> find_program(const std::string& name);
// The gnuplot executable on the PATH, or nothing.
std::optional<std::string> find_gnuplot();

// A text as a gnuplot string literal: in single quotes, a quote doubled, line breaks as spaces.
std::string gnuplot_quoted(std::string_view text);
// Lines of text as one gnuplot string literal that shows them one under another (double quotes,
// "\\n" between them; a double quote or backslash escaped).
std::string gnuplot_lines(const std::vector<std::string>& lines);
// `text` broken at spaces into lines of at most `width` characters (a longer word on its own).
std::vector<std::string> wrapped(const std::string& text, std::size_t width);

enum class ChartFormat { kSvg, kPng };

// The terminal line of a chart `width` x `height` (SVG units; the PNG is 2.5 times as large, 300
// dots per inch for a figure 17 cm wide at width 800, with every font and line scaled alike).
std::string gnuplot_terminal(ChartFormat format, int width, int height);

// Runs `gnuplot` (a path from find_gnuplot()) on `script` after its terminal line; returns its
// output, or a failed status with gnuplot's message.
core::Expected<std::string> run_gnuplot(const std::string& gnuplot, const std::string& script,
                                        ChartFormat format, int width, int height);

}  // namespace pimhsim::output
