"""Load the data package once, through the same validation as ``python -m lib.validate``.

A table with a problem is left out and its problems are kept, so that one broken table does
not take down the pages that do not need it. Text columns are strings ("" where empty),
``number`` columns are floats (NaN where empty) and ``integer`` ones nullable integers, as
``datapackage.json`` declares them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.checks import run_checks
from lib.validate import DEFAULT_DATA_DIR, Problem, read_descriptor, validate_package


@dataclass(frozen=True)
class Dataset:
    """The validated tables, the problems found, and the consistency checks."""

    tables: dict[str, pd.DataFrame]
    problems: tuple[Problem, ...] = ()
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: dict[str, str] = field(default_factory=dict)
    version: str = ""  # fingerprint of the files it was read from

    def table(self, name: str) -> pd.DataFrame | None:
        """The table, or None when it is missing or broken."""
        return self.tables.get(name)

    def problems_for(self, *names: str) -> list[Problem]:
        """Problems in the files behind the named tables (and in the descriptor)."""
        wanted = {self.files.get(name, f"{name}.csv") for name in names} | {"datapackage.json"}
        return [p for p in self.problems if p.file in wanted]


def fingerprint(data_dir: Path | str) -> str:
    """Changes whenever a file in the folder changes, so the cache reloads after an edit."""
    digest = hashlib.sha1()
    for path in sorted(Path(data_dir).glob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def read_table(path: Path, fields: list[dict]) -> pd.DataFrame:
    """Read one CSV as its schema types it: numbers as floats, everything else as text."""
    # Text as plain Python strings: the tables are small, and numpy's object comparisons are
    # several times faster on them than pandas' Arrow-backed strings.
    frame = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    for spec in fields:
        if spec.get("type") in ("number", "integer") and spec["name"] in frame.columns:
            numbers = pd.to_numeric(frame[spec["name"]].replace("", None), errors="coerce")
            frame[spec["name"]] = numbers.astype("Int64" if spec["type"] == "integer" else float)
    return frame


def load_uncached(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """Validate and load every table; broken tables are left out with their problems."""
    data_dir = Path(data_dir)
    version = fingerprint(data_dir)  # before reading: a file changed meanwhile gets a new version next time
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return Dataset(tables={}, problems=tuple(problems), version=version)
    problems = validate_package(data_dir)
    broken = {p.file for p in problems}
    files = {r["name"]: r["path"] for r in descriptor["resources"]}
    tables: dict[str, pd.DataFrame] = {}
    for resource in descriptor["resources"]:
        if resource["path"] in broken or "datapackage.json" in broken:
            continue
        tables[resource["name"]] = read_table(data_dir / resource["path"], resource["schema"]["fields"])
    checks = run_checks(tables["figures"]) if "figures" in tables else pd.DataFrame()
    return Dataset(tables=tables, problems=tuple(problems), checks=checks, files=files, version=version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_cached(data_dir: str, version: str) -> Dataset:
    return load_uncached(data_dir)


def load(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """The dataset, validated once and cached until a file in ``data_dir`` changes.

    One shared copy for every session (``cache_resource``): callers treat it as read-only and
    derive new frames from it, never assign into it.
    """
    return _load_cached(str(data_dir), fingerprint(data_dir))
