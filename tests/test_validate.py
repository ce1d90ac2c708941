"""The validator: precise on every bad input, clean on the shipped data."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from lib.dataset.validate import MAX_FILE_BYTES, main, validate_package
from tests.conftest import DATA_DIR, ROOT


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell; data_row 2 is the first row under the header, as a spreadsheet numbers it."""
    rows = rows_of(path)
    rows[data_row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def run(data_dir: Path, capsys) -> tuple[int, list[str]]:
    code = main([str(data_dir)])
    return code, capsys.readouterr().out.strip().splitlines()


def assert_reports(lines: list[str], prefix: str, *words: str) -> None:
    """Some line starts with file:row: column: and says all the words."""
    hits = [line for line in lines if line.startswith(prefix) and all(w.lower() in line.lower() for w in words)]
    assert hits, f"no line starting {prefix!r} with {words}; got:\n" + "\n".join(lines)


def test_clean_data_exits_0_with_a_one_line_summary(capsys):
    code, lines = run(DATA_DIR, capsys)
    assert code == 0
    assert len(lines) == 1 and "is valid" in lines[0] and "figures" in lines[0]


def test_command_line_module_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lib.validate"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_missing_column(data_copy, capsys):
    rows = [row[:3] + row[4:] for row in rows_of(data_copy / "figures.csv")]  # drop "indicator"
    write_rows(data_copy / "figures.csv", rows)
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:1: indicator:", "missing column")


def test_unexpected_column(data_copy, capsys):
    rows = rows_of(data_copy / "figures.csv")
    write_rows(data_copy / "figures.csv", [row + (["comment"] if i == 0 else [""]) for i, row in enumerate(rows)])
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:1: comment:", "unexpected column")


def test_value_of_the_wrong_type(data_copy, capsys):
    set_cell(data_copy / "figures.csv", 5, "value", "three hundred")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:5: value:", "three hundred", "number")


def test_negative_count(data_copy, capsys):
    set_cell(data_copy / "figures.csv", 2, "value", "-472")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:2: value:", "-472", "minimum")


def test_share_outside_0_to_100(data_copy, capsys):
    rows = rows_of(data_copy / "figures.csv")
    header = rows[0]
    share_row = (
        next(
            i for i, r in enumerate(rows) if r[header.index("basis")] == "share" and not r[header.index("denominator")]
        )
        + 1
    )
    set_cell(data_copy / "figures.csv", share_row, "value", "137.6")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, f"figures.csv:{share_row}: value:", "0 to 100")


@pytest.mark.parametrize(
    "table, column, value, row",
    [
        ("figures.csv", "programme", "avr_typo", 3),
        ("figures.csv", "indicator", "returnes", 4),
        ("programme_donors.csv", "donor_id", "european_agency", 2),
        ("figures.csv", "place", "atlantis", 6),
    ],
)
def test_unknown_reference(data_copy, capsys, table, column, value, row):
    set_cell(data_copy / table, row, column, value)
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, f"{table}:{row}: {column}:", "unknown reference", value)


def test_duplicate_key(data_copy, capsys):
    set_cell(data_copy / "figures.csv", 4, "figure_id", "2004-11-001")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:4:", "duplicate key")


def test_empty_file(data_copy, capsys):
    (data_copy / "places.csv").write_text("", encoding="utf-8")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "places.csv:", "empty")


def test_binary_file(data_copy, capsys):
    (data_copy / "donors.csv").write_bytes(
        b"PK\x03\x04" + bytes(range(256)) * 4
    )  # e.g. an .xlsx saved under the CSV's name
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "donors.csv:1: -:", "binary")


def test_non_utf8_file(data_copy, capsys):
    text = (data_copy / "municipalities.csv").read_text(encoding="utf-8")
    (data_copy / "municipalities.csv").write_bytes(text.encode("cp1252", errors="replace"))
    code, lines = run(data_copy, capsys)
    assert code == 1
    line_of_first_accent = next(i for i, line in enumerate(text.splitlines(), start=1) if not line.isascii())
    assert_reports(lines, f"municipalities.csv:{line_of_first_accent}: -:", "not UTF-8", "CSV UTF-8")


def test_unbalanced_quotes(data_copy, capsys):
    lines_in = (data_copy / "donors.csv").read_text(encoding="utf-8").splitlines()
    lines_in[3] = lines_in[3].replace(",", ',"', 1)  # opens a quote on row 4 that never closes
    (data_copy / "donors.csv").write_text("\n".join(lines_in) + "\n", encoding="utf-8")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "donors.csv:4: -:", "never closed")


def test_missing_file_named_in_the_package(data_copy, capsys):
    (data_copy / "indicators.csv").unlink()
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "indicators.csv:-: -:", "missing")


def test_file_over_the_size_limit(data_copy, capsys):
    with open(data_copy / "donors.csv", "a", encoding="utf-8") as handle:
        handle.write(("x" * 1023 + "\n") * (MAX_FILE_BYTES // 1024 + 1))
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "donors.csv:", "limit")


def test_missing_or_broken_descriptor(data_copy, capsys):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "datapackage.json:1:", "not valid JSON")


def test_excel_utf8_bom_is_accepted(data_copy, capsys):
    path = data_copy / "figures.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, lines = run(data_copy, capsys)
    assert code == 0, lines


def test_excel_semicolons_and_decimal_commas_are_rejected_with_what_to_change(data_copy, capsys):
    # Excel in a decimal-comma locale writes ';' between cells and '37,6' for 37.6. Guessing which comma
    # is a decimal would risk changing a figure, so the file is refused with instructions.
    path = data_copy / "figures.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows_of(path):
        writer.writerow([cell.replace(".", ",") if cell.replace(".", "").isdigit() else cell for cell in row])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "figures.csv:1: -:", "';'", "CSV UTF-8 (Comma delimited)", "37.6")


def test_validate_package_returns_no_problems_on_shipped_data():
    assert validate_package(DATA_DIR) == []


def test_a_located_place_needs_coordinates(data_copy, capsys):
    rows = rows_of(data_copy / "places.csv")
    header = rows[0]
    row = next(i for i, r in enumerate(rows) if r[header.index("place_id")] == "brestovik") + 1
    set_cell(data_copy / "places.csv", row, "lat", "")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, f"places.csv:{row}: lat:", "coordinates exactly when it is located")


def test_coordinates_outside_kosovo_are_refused(data_copy, capsys):
    set_cell(data_copy / "places.csv", 2, "lat", "48.85")
    code, lines = run(data_copy, capsys)
    assert code == 1
    assert_reports(lines, "places.csv:2: lat:", "48.85", "maximum")
