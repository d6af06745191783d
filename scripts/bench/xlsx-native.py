"""The native anchors of the spreadsheet benchmark (scripts/bench/spreadsheets.mjs), timed from
inside Python: fastexcel (calamine underneath) loading the workbook's first sheet, and a floor,
the sheet part inflated alone (zlib through zipfile), nothing done with its XML.

Usage: xlsx-native.py XLSX_FILE RUNS
Prints JSON: {"version", "rows", "fastexcel": [seconds...], "floor": [seconds...]}.
"""
import json
import sys
import time
import zipfile

import fastexcel

path, runs = sys.argv[1], int(sys.argv[2])


def load():
    return fastexcel.read_excel(path).load_sheet(0, header_row=None)


def inflate():
    with zipfile.ZipFile(path) as z:
        sheet = next(
            n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )
        return len(z.read(sheet))


def timed(f):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return out


print(
    json.dumps(
        {
            "version": fastexcel.__version__,
            "rows": load().height,
            "fastexcel": timed(load),
            "floor": timed(inflate),
        }
    )
)
