"""Collecting the texts to translate: the code's (marked with ``_``, ``ngettext``, ``N_``) and the data
catalogues' descriptive names (programme names and objectives, indicator labels, units and definitions,
breakdown words)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

from lib.dataset.checks import BREAKDOWNS
from lib.i18n.languages import FOLDERS
from lib.paths import DEFAULT_DATA_DIR, REPOSITORY

SOURCES = ("app.py", "serve.py", "app_pages", "ui", "lib")
# What a catalogue row describes in words (proper names, acronyms and codes stay as written).
DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "programmes": ("name", "short_name", "objective"),
    "indicators": ("label", "unit", "definition"),
}
# Breakdown codes shown as words ('under_reconstruction' -> 'under reconstruction'); places, regions,
# municipalities, countries and donors are named elsewhere (both languages, CLDR, proper names).
NAMED_BREAKDOWNS = ("country", "region", "aor", "municipality", "place", "donor")
WORD_BREAKDOWNS = tuple(b for b in BREAKDOWNS if b not in NAMED_BREAKDOWNS)


def _python_files(root: Path) -> Iterator[Path]:
    for source in SOURCES:
        path = root / source
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def code_template(root: Path = REPOSITORY) -> Catalog:
    """Every text the code marks for translation, with where it is used."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415 - Babel only for the translators' commands
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file  # noqa: PLC0415 - likewise

    template = Catalog(project="IOM Kosovo programme dashboard", domain="messages", fuzzy=False)
    for path in _python_files(root):
        relative = path.relative_to(root).as_posix()
        for line, message, comments, context in extract_from_file("python", str(path), DEFAULT_KEYWORDS):
            template.add(message, None, [(relative, line)], auto_comments=comments, context=context)
    return template


def data_texts(data_dir: Path = DEFAULT_DATA_DIR) -> Iterator[tuple[str, str]]:
    """(text, where) for every descriptive text of the data catalogues: 'indicators.csv#returnees.label'."""
    for table, columns in DATA_COLUMNS.items():
        with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                key = next(iter(row.values()))
                for column in columns:
                    if (row.get(column) or "").strip():
                        yield row[column].strip(), f"{table}.csv#{key}.{column}"  # no space: Babel quotes those
    with (data_dir / "figures.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for column in WORD_BREAKDOWNS:
                if (row.get(column) or "").strip():
                    yield row[column].strip().replace("_", " "), f"figures.csv#{column}"


def data_template(data_dir: Path = DEFAULT_DATA_DIR) -> Catalog:
    """The data catalogues' descriptive texts, each once, with the rows that use it."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415 - Babel only for the translators' commands

    template = Catalog(project="IOM Kosovo programme dashboard", domain="data", fuzzy=False)
    for text, where in data_texts(data_dir):
        template.add(text, None, [(where, 0)], flags=("no-python-format",))
    return template


def untranslated_rows(tables: dict[str, pd.DataFrame], language: str) -> list[dict[str, str]]:
    """The catalogue rows whose descriptive texts ``language`` has no translation of yet (they are shown in
    English): one row each, with the file, the row's id, the column and the English text, for the editor."""
    from lib.i18n.catalogues import translated_ids  # noqa: PLC0415 - the catalogues are read only for a language

    if language not in FOLDERS:
        return []
    known = translated_ids(language, "data")
    missing = []
    for table, columns in DATA_COLUMNS.items():
        frame = tables.get(table)
        if frame is None:
            continue
        key = frame.columns[0]
        for row in frame.to_dict("records"):
            for column in columns:
                text = str(row.get(column) or "").strip()
                if text and text not in known:
                    missing.append({"file": f"{table}.csv", "row": str(row[key]), "column": column, "text": text})
    return missing
