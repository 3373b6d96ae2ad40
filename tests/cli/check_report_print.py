#!/usr/bin/env python3
"""The report printed on A4 (headless Chromium's PDF, read back by poppler's pdftotext) holds every
column of its widest tables: a comparison of 12 options side by side and the by-area table of 4
options. A table wider than the page is printed in parts that each fit; without them Chromium cuts
the columns beyond the page's edge, and their values are missing from the PDF.

    check_report_print.py PIMHSIM_EXE SOURCE_DIR WORK_DIR

Prints SKIPPED (a skip for CTest) where chromium or pdftotext is not installed.
"""
import csv
import html
import os
import re
import shutil
import subprocess
import sys

exe, source, work = sys.argv[1:4]
if not (shutil.which("chromium") or shutil.which("chromium-browser")):
    print("SKIPPED: chromium is not installed (Debian: apt-get install chromium)")
    sys.exit(0)
if not shutil.which("pdftotext"):
    print("SKIPPED: pdftotext is not installed (Debian: apt-get install poppler-utils)")
    sys.exit(0)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
scenario = os.path.join(source, "scenarios", "example_area.yaml")


def pimhsim(*args):
    done = subprocess.run([exe, *args, "--quiet"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"pimhsim {' '.join(args)} failed ({done.returncode}): {done.stderr}")


def printed(directory):
    """The PDF's pages: their width and the words on them with their right edges."""
    pimhsim("report", directory, "--pdf")
    bbox = subprocess.run(["pdftotext", "-bbox", os.path.join(directory, "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', bbox, re.S)
    if not pages:
        sys.exit(f"{directory}/report.pdf has no pages")
    out = []
    for width, body in pages:
        words = [(float(x), html.unescape(w))
                 for x, w in re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body)]
        out.append((float(width), words))
    return out


def check_inside(directory, pages):
    for number, (width, words) in enumerate(pages, 1):
        for right, word in words:
            if right > width:
                sys.exit(f"{directory}/report.pdf page {number}: `{word}` ends at {right:.0f} pt, "
                         f"beyond the page's {width:.0f} pt")


# A comparison of three variants of four options: 12 columns of headline figures.
comparison = os.path.join(work, "compare")
pimhsim("compare", scenario, "--variant", "low:parameters.detection.sensitivity.trained.value=0.8",
        "--variant", "high:parameters.detection.sensitivity.trained.value=0.86",
        "--set", "run.scale=0.1", "--set", "run.horizon=2", "--out", comparison)
pages = printed(comparison)
check_inside(comparison, pages)
# Every headline figure with a Monte Carlo SE is printed as "value ± SE": count them.
with open(os.path.join(comparison, "headline.csv"), newline="") as f:
    expected = sum(1 for row in csv.DictReader(f) if row["se"] not in ("", "0"))
signs = sum(1 for _, words in pages for _, w in words if w == "±")
if signs < expected:
    sys.exit(f"the printed comparison shows {signs} figures with their SE; headline.csv has "
             f"{expected}: columns were cut at the page's edge")
print(f"comparison: {len(pages)} pages, {signs} figures with an SE printed ({expected} in "
      "headline.csv), every word within the page")

# A run of three areas and four options: the by-area table has 3 + 4 x 3 columns.
run = os.path.join(work, "run")
pimhsim("run", scenario, "--set", "run.scale=0.1", "--set", "run.horizon=2", "--set",
        'areas.include=[E08000035, "E06000052, E06000053", E06000047]', "--out", run)
pages = printed(run)
check_inside(run, pages)
text = subprocess.run(["pdftotext", "-layout", os.path.join(run, "report.pdf"), "-"],
                      capture_output=True, text=True, check=True).stdout
start = text.find("Specialist staffing by area")
if start < 0:
    sys.exit("the printed run report has no by-area table")
table = text[start:]
percentages = 0
for code in ("E08000035", "E06000052", "E06000047"):
    for line in table.splitlines():
        if line.lstrip().startswith(code):
            percentages += len(re.findall(r"\d%", line))
# Each area's row shows, for each option, its share of need and its trained share.
if percentages < 3 * 4 * 2:
    sys.exit(f"the printed by-area table shows {percentages} percentages, expected "
             f"{3 * 4 * 2} (3 areas, 4 options, 2 each): columns were cut at the page's edge")
print(f"run: {len(pages)} pages; the by-area table prints all {percentages} percentages")
