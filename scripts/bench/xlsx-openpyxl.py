"""The benchmark's second .xlsx writer (scripts/bench/spreadsheets.mjs): the rows of a CSV written
by `chiso766 generate` saved again by openpyxl, as many Python-made exports are: one header row,
every text cell an inline string (`t="inlineStr"`, no shared-string table), dates as Excel
date-times (dd/mm/yyyy hh:mm:ss), numbers as numbers, by the rules of `chiso766 generate --xlsx`
(codes with a leading zero, such as phone numbers, stay text). Write-only mode: rows are streamed.

Usage: xlsx-openpyxl.py CSV_FILE XLSX_FILE
"""
import csv
import datetime
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

csv_file, xlsx_file = sys.argv[1:3]
wb = Workbook(write_only=True)
ws = wb.create_sheet("Hồ sơ")


def value(header, text):
    if header.startswith("Ngày") and text:
        try:
            return datetime.datetime.strptime(text, "%d/%m/%Y %H:%M:%S")
        except ValueError:
            return text
    if text and not (text.startswith("0") and len(text) > 1):
        try:
            return float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return text
    return text


with open(csv_file, encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    headers = next(rows)
    ws.append(headers)
    for record in rows:
        cells = []
        for header, text in zip(headers, record):
            v = value(header, text)
            if isinstance(v, datetime.datetime):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
                cells.append(cell)
            else:
                cells.append(v)
        ws.append(cells)
wb.save(xlsx_file)
