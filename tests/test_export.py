"""CSV exports are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pandas as pd

from lib.presenting.export import csv_bytes


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_formula_cells_are_defused():
    table = pd.DataFrame(
        {"text": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain"], "value": [1.0, 2.0, 3.0, 4.0, 5.0]}
    )
    rows = read(csv_bytes(table))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert [r[1] for r in rows[1:]] == ["1.0", "2.0", "3.0", "4.0", "5.0"]  # numbers untouched


def test_hxl_row_follows_the_header():
    table = pd.DataFrame({"country": ["DEU"], "value": [310.0]})
    rows = read(csv_bytes(table, {"country": "#country+code", "value": "#indicator+value+num"}))
    assert (
        rows[0] == ["country", "value"]
        and rows[1] == ["#country+code", "#indicator+value+num"]
        and rows[2] == ["DEU", "310.0"]
    )


def test_excel_reads_accents():
    assert csv_bytes(pd.DataFrame({"name": ["Pejë"]})).startswith(b"\xef\xbb\xbf")
