#!/usr/bin/env python3
"""Reads a report's workbook back and checks it against its results directory.

    check_workbook.py DIR SHEET [SHEET ...]

DIR/report.xlsx is opened as what it is, a zip of XML (ECMA-376, Office Open XML), with Python's
standard library alone. Checked: the named sheets are there, after a first sheet "About" that
gives the directory's scenario, command line, seed and PIMHsim version as manifest.json has them;
every sheet taken from a CSV file of the directory holds that file's rows, cell for cell, numbers
as numbers (equal to the CSV's to 1e-14 relative), booleans as booleans, texts as texts and empty
fields as empty cells, each header naming its column with the codebook's unit (columns.csv); the
sheets taken from a JSON summary hold its figures. Prints what was checked; exits 1 naming the
first difference.
"""
import csv
import json
import math
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return int(ref[len(letters):]) - 1, n - 1


def read_workbook(path):
    """{sheet name: {(row, col): (kind, value)}}, in the workbook's order."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("rel:Relationship", NS)}
    sheets = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS).findall("m:sheet", NS):
        target = rels[s.get("{%s}id" % NS["r"])]
        xml = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        cells = {}
        for c in xml.iter("{%s}c" % NS["m"]):
            kind = c.get("t", "n")
            v = c.find("m:v", NS)
            if kind == "s":
                cells[column_index(c.get("r"))] = ("text", shared[int(v.text)])
            elif kind == "b":
                cells[column_index(c.get("r"))] = ("boolean", v.text == "1")
            elif kind in ("str", "inlineStr"):
                text = v.text if v is not None else "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
                cells[column_index(c.get("r"))] = ("text", text)
            elif v is not None:
                cells[column_index(c.get("r"))] = ("number", float(v.text))
        sheets[s.get("name")] = cells
    return sheets


def rows_of(cells):
    n_rows = 1 + max((r for r, _ in cells), default=-1)
    n_cols = 1 + max((c for _, c in cells), default=-1)
    return [[cells.get((r, c)) for c in range(n_cols)] for r in range(n_rows)]


def same_number(a, b):
    return math.isclose(a, b, rel_tol=1e-14, abs_tol=1e-300)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_csv_sheet(directory, sheet, cells, file, codebook, extra=None):
    header, rows = read_csv(f"{directory}/{file}")
    grid = rows_of(cells)
    names = []
    for c, cell in enumerate(grid[0]):
        if cell is None or cell[0] != "text":
            fail(f"{sheet}: header cell {c + 1} is not a text")
        name = cell[1].split(" (")[0]
        names.append(name)
        unit = codebook.get((file, name), {}).get("unit", "")
        if unit and unit != "see unit" and f"({unit})" not in cell[1]:
            fail(f"{sheet}: header `{cell[1]}` does not give the unit `{unit}` of {file}'s `{name}`")
    dropped = [h for h in header if h not in names]
    for h in dropped:
        if h not in ("scenario", "variant") or len({r[header.index(h)] for r in rows}) > 1:
            fail(f"{sheet}: column `{h}` of {file} is missing")
    if len(grid) - 1 != len(rows):
        fail(f"{sheet}: {len(grid) - 1} rows, {file} has {len(rows)}")
    checked = 0
    for i, row in enumerate(rows):
        for c, name in enumerate(names):
            cell = grid[i + 1][c] if c < len(grid[i + 1]) else None
            if name not in header:
                if extra and name in extra:
                    extra[name](row, header, cell, f"{sheet} row {i + 2}")
                    checked += 1
                    continue
                fail(f"{sheet}: column `{name}` is not in {file}")
            text = row[header.index(name)]
            kind = codebook.get((file, name), {}).get("type", "")
            where = f"{sheet} row {i + 2} `{name}` ({file} line {i + 2})"
            if text == "":
                if cell is not None:
                    fail(f"{where}: {cell} where the file's field is empty")
            elif kind in ("integer", "number"):
                if cell is None or cell[0] != "number" or not same_number(cell[1], float(text)):
                    fail(f"{where}: {cell} is not the number {text}")
            elif kind == "boolean":
                if cell != ("boolean", text == "true"):
                    fail(f"{where}: {cell} is not the boolean {text}")
            elif cell != ("text", text):
                fail(f"{where}: {cell} is not the text {text!r}")
            checked += 1
    return checked


def by_header(cells):
    grid = rows_of(cells)
    names = [c[1].split(" (")[0] for c in grid[0]]
    return [{n: (r[k] if k < len(r) else None) for k, n in enumerate(names)} for r in grid[1:]]


def number_cell(cell, value, where):
    if value is None:
        if cell is not None:
            fail(f"{where}: {cell} where the file has no number")
    elif cell is None or cell[0] != "number" or not same_number(cell[1], value):
        fail(f"{where}: {cell} is not {value}")


def check_json_sheet(directory, sheet, cells):
    """The sheets made from a JSON summary: their figures against the file."""
    rows = by_header(cells)
    checked = 0
    if sheet == "Economics by perspective":
        s = json.load(open(f"{directory}/summary.json"))
        expected = [(i["option"], p, v) for i in s["economics"]["increments"]
                    for p, v in i["by_perspective"].items()]
        if len(expected) != len(rows):
            fail(f"{sheet}: {len(rows)} rows, summary.json has {len(expected)}")
        for row, (option, perspective, v) in zip(rows, expected):
            if row["option"] != ("text", option) or row["perspective"] != ("text", perspective):
                fail(f"{sheet}: row {row} is not {option}, {perspective}")
            number_cell(row["savings"], v["savings"]["estimate"], f"{sheet} {option} savings")
            number_cell(row["net_savings"], v["npv_net_savings"]["estimate"], f"{sheet} net savings")
            number_cell(row["roi"], (v["roi"] or {}).get("estimate"), f"{sheet} roi")
            number_cell(row["payback_year"], v["payback_year"], f"{sheet} payback_year")
            checked += 4
    elif sheet == "Cost-effectiveness":
        s = json.load(open(f"{directory}/summary.json"))
        for row, i in zip(rows, s["economics"]["increments"]):
            number_cell(row["incremental_qalys"], i["incremental_qalys"]["estimate"], f"{sheet} QALYs")
            checked += 1
    elif sheet == "Decision":
        file = "summary.json" if json_exists(directory, "summary.json") else "comparison.json"
        margins = json.load(open(f"{directory}/{file}"))["frontier"]["optimal_margin"]
        expected = sorted(margins.items(), key=lambda kv: float(kv[0]))
        if len(expected) != len(rows):
            fail(f"{sheet}: {len(rows)} rows, {file} has {len(expected)} thresholds")
        for row, (w, best) in zip(rows, expected):
            number_cell(row["threshold"], float(w), f"{sheet} threshold")
            if row["recommended_option"] != ("text", best["option"]):
                fail(f"{sheet}: {row['recommended_option']} is not {best['option']}")
            number_cell(row["lead"], best.get("estimate"), f"{sheet} lead at {w}")
            checked += 3
    elif sheet == "Reconciliation":
        expected = json.load(open(f"{directory}/plan.json"))["reconciliation"]
        for row, r in zip(rows, expected):
            number_cell(row["total_wte"], r["total_wte"], f"{sheet} {r['question']}")
            checked += 1
    elif sheet == "EVPPI":
        for row in rows:
            if row["evppi"] is None or row["evppi"][0] != "number":
                fail(f"{sheet}: {row['evppi']} is not a number")
            checked += 1
    return checked


def json_exists(directory, name):
    try:
        open(f"{directory}/{name}").close()
        return True
    except OSError:
        return False


def main():
    if len(sys.argv) < 3:
        fail("usage: check_workbook.py DIR SHEET [SHEET ...]")
    directory, wanted = sys.argv[1], sys.argv[2:]
    sheets = read_workbook(f"{directory}/report.xlsx")
    # The same directory makes the same bytes: no clock in the document or its zip entries.
    book = zipfile.ZipFile(f"{directory}/report.xlsx")
    stamps = {i.date_time for i in book.infolist()}
    core = book.read("docProps/core.xml").decode()
    if stamps != {(1980, 1, 1, 0, 0, 0)} or "1980-01-01T00:00:00Z" not in core:
        fail(f"report.xlsx carries a clock time ({sorted(stamps)[:2]}), not 1980-01-01")
    names = list(sheets)
    if not names or names[0] != "About":
        fail(f"the first sheet is not About: {names}")
    for w in wanted:
        if w not in sheets:
            fail(f"no sheet `{w}` (sheets: {names})")
    about = {r[0][1]: r[1][1] for r in rows_of(sheets["About"]) if r and r[0] and len(r) > 1 and r[1]}
    manifest = json.load(open(f"{directory}/manifest.json"))
    for label, key in (("Command", "command_line"), ("PIMHsim version", "pimhsim_version"),
                       ("Seed", "seed")):
        if key in manifest and about.get(label) != str(manifest[key]):
            fail(f"About: {label} is {about.get(label)!r}, manifest.json has {manifest[key]!r}")
    sources = {}
    for r in rows_of(sheets["About"]):
        if r and r[0] and r[0][1] in sheets and len(r) > 2 and r[2]:
            sources[r[0][1]] = r[2][1]
    codebook = {}
    header, rows = read_csv(f"{directory}/columns.csv")
    for r in rows:
        codebook[(r[0], r[1])] = dict(zip(header, r))
    births = {}
    try:
        import glob
        for t in glob.glob(f"{directory}/tables/*.csv"):
            h, rs = read_csv(t)
            if "area_code" in h and "births" in h:
                for r in rs:
                    births[r[h.index("area_code")]] = float(r[h.index("births")])
    except OSError:
        pass
    # An area the scenario merges others into (areas: merge: - into: X from: [Y]) has their births.
    merging, into = False, None
    for line in open(f"{directory}/scenario.resolved.yaml", encoding="utf-8") if json_exists(
            directory, "scenario.resolved.yaml") else []:
        stripped = line.strip()
        if line.startswith("  merge:"):
            merging = True
        elif merging and not line.startswith("    "):
            merging = False
        elif merging and stripped.startswith("- into:"):
            into = stripped.split(":", 1)[1].strip().strip('"')
        elif merging and stripped.startswith("- ") and into in births:
            births[into] += births.get(stripped[2:].strip().strip('"'), 0)

    def births_cell(row, header_, cell, where):
        code = row[header_.index("area_code")]
        codes = [code] if code in births else code.split(", ")
        number_cell(cell, sum(births[c] for c in codes) if all(c in births for c in codes) else None,
                    where + " births")

    checked = 0
    for name in names[1:]:
        source = sources.get(name)
        if source is None:
            fail(f"About does not give the source of sheet `{name}`")
        file = source.split(" ")[0]
        if file.endswith(".csv"):
            checked += check_csv_sheet(directory, name, sheets[name], file, codebook,
                                       {"births": births_cell})
        else:
            checked += check_json_sheet(directory, name, sheets[name])
    print(f"OK: {directory}/report.xlsx, {len(names)} sheets ({', '.join(names)}), "
          f"{checked} cells equal to the directory's files")


if __name__ == "__main__":
    main()
