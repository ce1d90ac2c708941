"""Validate the data package: ``python -m lib.validate [DATA_DIR]``.

Validation of types, constraints, keys and references is done by the Frictionless library
against ``datapackage.json``; this module adds the file-level checks that come before a CSV
can be parsed at all (missing, empty, too large, binary, not UTF-8, ``;``-delimited, an
unclosed quote) and turns every finding into one line ``file:row: column: message``.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is 2.

The command line also reports what an interrupted import left in the folder (``lib.dataset.store``): the
files are validated as they are, but they are not the data the app will read until it has
finished or rolled back that import.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from lib.dataset.csvtext import MAX_FILE_BYTES, Problem, read_csv_text, read_rows, too_large, universal_newlines
from lib.dataset.store import interrupted
from lib.i18n.active import N_
from lib.paths import DEFAULT_DATA_DIR, add_data_argument
from lib.paths import data_dir as data_dir_of

__all__ = ["MAX_FILE_BYTES", "Problem", "check_header", "check_raw_file", "main", "read_descriptor", "validate_package"]


PACKAGE_FILE = "datapackage.json"
ROW_CONSTRAINTS_KEY = "x-row-constraints"
MISSING_COLUMN = N_("missing column: the header must have this column")
UNEXPECTED_COLUMN = N_("unexpected column: it is not in the schema")
NOT_A_VALUE = {  # a cell that is not of its column's type, by type (the English as it has always been written)
    "integer": N_("'%(value)s' is not a integer"),
    "number": N_("'%(value)s' is not a number"),
    "date": N_("'%(value)s' is not a date"),
    "": N_("'%(value)s' is not a valid value"),
}
VALUE_REQUIRED = N_("a value is required")


def read_descriptor(data_dir: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read ``datapackage.json``; a problem instead of a traceback if it is missing or broken."""
    path = data_dir / PACKAGE_FILE
    if not path.is_file():
        return None, [
            Problem.told(
                PACKAGE_FILE,
                None,
                None,
                N_("not found in %(folder)s/: the data package descriptor is required"),
                folder=data_dir.name,
            )
        ]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [
            Problem.told(
                PACKAGE_FILE, getattr(error, "lineno", None), None, N_("is not valid JSON: %(error)s"), error=str(error)
            )
        ]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [
            Problem.told(
                PACKAGE_FILE, None, "resources", N_("the descriptor must be an object with a list of resources")
            )
        ]
    return descriptor, []


def check_raw_file(path: Path) -> list[Problem]:
    """File-level checks that must pass before the CSV can be parsed (see ``lib.dataset.csvtext``)."""
    name = path.name
    if not path.is_file():
        return [Problem.told(name, None, None, N_("file named in datapackage.json is missing"))]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # refused before reading a byte
        return [too_large(name, size)]
    data = path.read_bytes()
    _, problems = read_csv_text(name, data)
    if problems:
        return problems
    if b"\r" in data.replace(b"\r\n", b""):
        # Read here with universal newlines, but other tools (the schema validator among them) would not.
        return [
            Problem.told(
                name,
                _line_of_cr(data),
                None,
                N_(
                    "has line breaks that are a lone carriage return (old Mac): "
                    "save it again with Windows or Unix line endings"
                ),
            )
        ]
    return []


def _line_of_cr(data: bytes) -> int:
    text = data.decode("utf-8-sig")  # already known to decode
    lone = re.search(r"\r(?!\n)", text)
    return universal_newlines(text[: lone.start() if lone else 0]).count("\n") + 1


def header_problems(name: str, header: list[str], resource: dict[str, Any]) -> list[Problem]:
    """Columns the schema names but ``header`` lacks, and columns the schema does not know (a file or an upload)."""
    expected = [f.get("name") for f in resource.get("schema", {}).get("fields", [])]
    problems = [Problem.told(name, 1, column, MISSING_COLUMN) for column in expected if column not in header]
    problems += [
        Problem.told(name, 1, label or f"(column {i})", UNEXPECTED_COLUMN)
        for i, label in enumerate(header, start=1)
        if label not in expected
    ]
    return problems


def check_header(path: Path, resource: dict[str, Any]) -> list[Problem]:
    """``header_problems`` of a data file."""
    text, _ = read_csv_text(path.name, path.read_bytes())
    return header_problems(path.name, read_rows(path.name, text)[0] if text else [], resource)


def _resource_files(descriptor: dict[str, Any]) -> dict[str, str]:
    return {str(r.get("name")): str(r.get("path")) for r in descriptor["resources"] if isinstance(r, dict)}


def _error_problem(file: str, error: Any, constraints: dict[str, dict[str, str]]) -> Problem:
    """Turn one Frictionless error into a Problem with a plain message."""
    kind = error.type
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or None
    cell = getattr(error, "cell", None)
    if kind == "missing-label":
        return Problem.told(file, 1, column, MISSING_COLUMN)
    if kind == "extra-label":
        return Problem.told(file, 1, getattr(error, "label", None) or column, UNEXPECTED_COLUMN)
    if kind in ("duplicate-label", "blank-label", "incorrect-label"):
        return Problem(file, 1, getattr(error, "label", None) or column, error.note)
    if kind == "type-error":
        return _type_problem(file, row, column, cell, error.note)
    if kind == "constraint-error":
        return _constraint_problem(file, row, column, cell, error.note)
    if kind == "primary-key":
        return Problem.told(file, row, column, N_("duplicate key: %(note)s"), note=error.note)
    if kind == "foreign-key":
        return Problem.told(file, row, _foreign_key_column(error), N_("unknown reference: %(note)s"), note=error.note)
    if kind == "row-constraint":
        rule = constraints.get(getattr(error, "note", ""), {})
        return Problem(file, row, rule.get("field"), rule.get("message", error.note))
    if kind in ("missing-cell", "extra-cell"):
        return Problem.told(
            file,
            row,
            column,
            N_("row has too few cells") if kind == "missing-cell" else N_("row has more cells than the header"),
        )
    return Problem(file, row, column, error.message)  # the library's own words: no template, English


def _type_problem(file: str, row: int | None, column: str | None, cell: Any, note: str) -> Problem:
    """'x' is not a number: the type the schema declares, from the library's note."""
    found = re.search(r'type is "(\w+)', note)
    declared = found.group(1) if found else ""
    if declared in NOT_A_VALUE:
        return Problem.told(file, row, column, NOT_A_VALUE[declared], value=str(cell))
    return Problem.told(file, row, column, N_("'%(value)s' is not a %(type)s"), value=str(cell), type=declared)


def _constraint_problem(file: str, row: int | None, column: str | None, cell: Any, note: str) -> Problem:
    """A value that breaks a rule of its column; the rule in the library's words (a required value in ours)."""
    note = note.replace('constraint "required" is "True"', "a value is required")
    if cell not in (None, ""):
        return Problem.told(file, row, column, N_("'%(value)s' breaks the rule: %(rule)s"), value=str(cell), rule=note)
    return (
        Problem.told(file, row, column, VALUE_REQUIRED) if note == VALUE_REQUIRED else Problem(file, row, column, note)
    )


def _foreign_key_column(error: Any) -> str | None:
    note = getattr(error, "note", "")
    if 'for "' in note:
        return note.split('for "', 1)[1].split('"', 1)[0]
    return None


def _row_constraints(descriptor: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    rules = descriptor.get(ROW_CONSTRAINTS_KEY, {})
    return rules if isinstance(rules, dict) else {}


def validate_package(data_dir: Path | str = DEFAULT_DATA_DIR) -> list[Problem]:
    """Every problem in the package at ``data_dir``; an empty list means it is clean."""
    data_dir = Path(data_dir)
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return problems
    files = _resource_files(descriptor)
    for resource in descriptor["resources"]:
        path = data_dir / str(resource.get("path"))
        raw = check_raw_file(path)
        problems.extend(raw or check_header(path, resource))
    if problems:
        return sorted(problems, key=Problem.sort_key)
    return sorted(_frictionless_problems(data_dir, descriptor, files), key=Problem.sort_key)


def _frictionless_problems(data_dir: Path, descriptor: dict[str, Any], files: dict[str, str]) -> list[Problem]:
    # Imported here: 0.14-0.19 s (python -X importtime), needed only when the validation cache misses.
    from frictionless import Checklist, Detector, Package, checks  # noqa: PLC0415

    problems: list[Problem] = []
    rules = _row_constraints(descriptor)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            package = Package(str(data_dir / PACKAGE_FILE), detector=Detector(schema_sync=True))
        except Exception as error:  # the library raises its own error types for a bad descriptor
            return [
                Problem.told(PACKAGE_FILE, None, None, N_("is not a valid data package: %(error)s"), error=str(error))
            ]
        for resource in package.resources:
            file = files.get(resource.name, f"{resource.name}.csv")
            resource_rules = rules.get(resource.name, [])
            checklist = Checklist(checks=[checks.row_constraint(formula=r["formula"]) for r in resource_rules])
            by_formula = {f'the row constraint to conform is "{r["formula"]}"': r for r in resource_rules}
            report = resource.validate(checklist=checklist)
            for task in report.tasks:
                problems.extend(_error_problem(file, error, by_formula) for error in task.errors)
            problems.extend(Problem(file, None, None, error.message) for error in report.errors)
    return problems


def summary(data_dir: Path | str = DEFAULT_DATA_DIR) -> str:
    """One line saying what a clean package holds."""
    data_dir = Path(data_dir)
    descriptor, _ = read_descriptor(data_dir)
    counts = []
    for name, path in _resource_files(descriptor or {"resources": []}).items():
        with open(data_dir / path, encoding="utf-8-sig", newline="") as handle:
            counts.append(f"{sum(1 for _ in csv.DictReader(handle))} {name}")
    return f"{data_dir.name}/ is valid: " + ", ".join(counts)


def interrupted_import(data_dir: Path) -> list[Problem]:
    """What an interrupted import left, each with what the app will do about it on its next read."""
    return [Problem(file, None, None, message) for file, message in interrupted(data_dir)]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.validate",
        description="Check every file of the data package against its datapackage.json: columns, types, "
        "constraints, keys and references, and files that are missing, empty, too large, binary, "
        "not UTF-8, ';'-delimited or with an unclosed quote. Prints each problem as "
        "'file:row: column: message' (the header is row 1), or a one-line summary when it is clean. "
        "Files an interrupted import left are reported too, with what the app will do about them.",
        epilog="Exit status: 0 when the package is clean; 1 when it has problems, an import was interrupted or "
        "DATA_DIR is not a folder; 2 for a usage error.",
    )
    parser.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=None,
        metavar="DATA_DIR",
        help="the data folder, as people have always given it (same as --data)",
    )
    add_data_argument(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Validate DATA_DIR and print the result; the exit status (a usage error exits 2 through argparse)."""
    args = _parser().parse_args(argv)
    if args.data_dir is not None and args.data is not None and args.data_dir != args.data:
        print(f"two data folders given ({args.data_dir} and --data {args.data}): give one")
        return 2
    data_dir = data_dir_of(args.data_dir or args.data)
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder")
        return 1
    problems = interrupted_import(data_dir) + validate_package(data_dir)  # first: it may explain the others
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found")
        return 1
    print(summary(data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
