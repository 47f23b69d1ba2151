#!/usr/bin/env python3
"""Writes a copy of an XLSX file (as Ratebook's exporter writes it) with some cells replaced
by inline text, for tests that need a spreadsheet with known bad or changed cells.

    edit_xlsx_cells.py IN.xlsx OUT.xlsx G3=ZZZ B2="New name" ...

Only the first worksheet is edited; every other part of the package is copied unchanged.
"""
import re
import sys
import zipfile
from xml.sax.saxutils import escape


def edit(sheet: str, ref: str, text: str) -> str:
    cell = re.compile(r'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % re.escape(ref), re.S)
    new = '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))
    edited, n = cell.subn(new, sheet, count=1)
    if n != 1:
        sys.exit(f"edit_xlsx_cells: no cell {ref} in the first worksheet")
    return edited


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                sheet = data.decode("utf-8")
                for e in edits:
                    ref, _, text = e.partition("=")
                    sheet = edit(sheet, ref, text)
                data = sheet.encode("utf-8")
            zout.writestr(item, data)


if __name__ == "__main__":
    main()
