// The one CSV writer: fields typed as the codebook names them, rows of the header's width.
#include "pimhsim/core/csv_table.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using pimhsim::core::CsvTable;

TEST_CASE("CsvTable: text is quoted only when it must be, with quotes doubled") {
  CsvTable t({"a", "b,c"});
  t.row().text("E06000052, E06000053").text("say \"no\"").end();
  t.row().text("plain").text("line\nbreak").end();
  CHECK(t.text() ==
        "a,\"b,c\"\n\"E06000052, E06000053\",\"say \"\"no\"\"\"\nplain,\"line\nbreak\"\n");
}

TEST_CASE("CsvTable: numbers round-trip, undefined numbers are empty, never inf or nan") {
  CsvTable t({"x", "y", "z", "w"});
  t.row()
      .number(0.1 + 0.2)
      .number(std::numeric_limits<double>::infinity())
      .number(std::nan(""))
      .number(-0.0)
      .end();
  CHECK(t.text() == "x,y,z,w\n0.30000000000000004,,,0\n");
  CHECK(std::stod("0.30000000000000004") == 0.1 + 0.2);
}

TEST_CASE("CsvTable: counts with rounding error print as integers, true fractions as numbers") {
  CsvTable t({"a", "b", "c", "d"});
  t.row().count(896.0000000000001).count(448.5).count(-3.0000000000000004).count(1e20).end();
  CHECK(t.text() == "a,b,c,d\n896,448.5,-3,1e+20\n");
}

TEST_CASE("CsvTable: booleans are true and false, integers exact") {
  CsvTable t({"flag", "n"});
  t.row().flag(true).integer(-9007199254740993LL).end();
  t.row().flag(false).integer(0).end();
  CHECK(t.text() == "flag,n\ntrue,-9007199254740993\nfalse,0\n");
}

TEST_CASE("CsvTable: a row of the wrong width is a programming error, not a ragged file") {
  CsvTable t({"a", "b"});
  CHECK_THROWS_AS(t.row().text("x").end(), std::logic_error);
  CHECK_THROWS_AS(t.row().text("x").text("y").empty().end(), std::logic_error);
  std::string out;
  t.row(out).empty().empty().end();
  CHECK(out == ",\n");
}

TEST_CASE("CsvLead: every row of a table gains the leading columns, quoted fields kept whole") {
  const pimhsim::core::CsvLead lead({{"scenario", "Leeds, 2026"}, {"variant", ""}});
  pimhsim::core::CsvTable t({"option", "note"});
  t.row().text("A").text("two\nlines, \"quoted\"").end();
  t.row().text("B").empty().end();
  CHECK(lead.table(t.text()) ==
        "scenario,variant,option,note\n"
        "\"Leeds, 2026\",,A,\"two\nlines, \"\"quoted\"\"\"\n"
        "\"Leeds, 2026\",,B,\n");
  // A table that already leads with the columns is left as it is; so is a header alone.
  CHECK(lead.table(lead.table(t.text())) == lead.table(t.text()));
  CHECK(lead.table("option,note\n") == "scenario,variant,option,note\n");
  CHECK(lead.header({"option"}) == "scenario,variant,option\n");
  std::string rows;
  lead.rows("A,1\nB,2\n", rows);
  CHECK(rows == "\"Leeds, 2026\",,A,1\n\"Leeds, 2026\",,B,2\n");
  CHECK(pimhsim::core::CsvLead().table("a\n1\n") == "a\n1\n");
}
