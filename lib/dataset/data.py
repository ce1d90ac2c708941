"""Load the data package once, through the same validation as ``python -m lib.validate``.

A table with a problem is left out and its problems are kept, so that one broken table does
not take down the pages that do not need it. Text columns are strings ("" where empty),
``number`` columns are floats (NaN where empty) and ``integer`` ones nullable integers, as
``datapackage.json`` declares them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TypeVar

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import run_checks
from lib.dataset.memo import Memo
from lib.dataset.store import consistent_copy
from lib.dataset.validate import DEFAULT_DATA_DIR, Problem, read_descriptor, validate_package
from lib.i18n.active import N_
from lib.i18n.active import current as current_language
from lib.i18n.active import using as using_language
from lib.i18n.languages import DEFAULT as DEFAULT_LANGUAGE

T = TypeVar("T")


@dataclass(frozen=True)
class Dataset:
    """The validated tables, the problems found, and the consistency checks."""

    tables: dict[str, pd.DataFrame]
    problems: tuple[Problem, ...] = ()
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: dict[str, str] = field(default_factory=dict)
    version: str = ""  # data_version() of the folder it was read from
    derived: Memo = field(default_factory=Memo, compare=False, repr=False)  # values computed from it, kept with it

    def table(self, name: str) -> pd.DataFrame | None:
        """The table, or None when it is missing or broken."""
        return self.tables.get(name)

    def problems_for(self, *names: str) -> list[Problem]:
        """Problems in the files behind the named tables (and in the descriptor)."""
        wanted = {self.files.get(name, f"{name}.csv") for name in names} | {"datapackage.json"}
        return [p for p in self.problems if p.file in wanted]

    @property
    def catalogue(self) -> Catalogue:
        """Editions and the names of programmes, indicators and donors (``lib.dataset.catalogue``), worked out once."""
        return self.derive(("catalogue",), lambda: Catalogue.of(self.tables))

    def editions(self) -> tuple[str, ...]:
        """Every edition, oldest first."""
        return self.catalogue.editions

    def previous_edition(self, edition: str) -> str | None:
        """The edition before ``edition``, or None."""
        return self.catalogue.previous_edition(edition)

    def checks_in_language(self) -> pd.DataFrame:
        """``checks`` with each message in the reader's language, for display: the same rows, statuses and order
        (the checks made again from the same figures, once per language); ``checks`` itself in English, and
        where there are none. ``checks`` stays English: the summary and the briefs share it."""
        figures = self.tables.get("figures")
        if current_language() == DEFAULT_LANGUAGE or figures is None or self.checks.empty:
            return self.checks
        return self.derive(("checks",), lambda: run_checks(figures))

    def derive(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, once per key and reader's language for this dataset (read-only: callers derive new
        frames, never assign into it). The language is in every key: what is derived may hold words."""
        return self.derived.get((*key, current_language()), compute)


def _data_files(data_dir: Path | str) -> list[Path]:
    """The package's files; hidden ones (the import lock, temporary files) are not data."""
    return sorted(path for path in Path(data_dir).glob("*") if not path.name.startswith("."))


def data_version(data_dir: Path | str) -> str:
    """Changes whenever a file in the folder changes (name, size, time), so the app reloads after an edit.

    Cheap: no file is read.
    """
    digest = hashlib.sha1()
    for path in _data_files(data_dir):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


VALIDATION_CACHE_VARIABLE = "IOM_VALIDATION_CACHE"  # a folder for validation results, or "off"
# The form of a cached result, in its file's name: 2 keeps each problem's template and values (``problem_text``);
# a result in an older form is not read, but validated again.
VALIDATION_CACHE_FORMAT = 2


def content_version(data_dir: Path | str) -> str:
    """A hash of every file's bytes and of the validator itself: equal versions, equal data and validation results."""
    digest = hashlib.sha256()
    digest.update(Path(__file__).with_name("validate.py").read_bytes())
    digest.update(Path(__file__).with_name("csvtext.py").read_bytes())  # the file-level checks and their messages
    digest.update(package_version("frictionless").encode())
    for path in _data_files(data_dir):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _validation_cache_dir() -> Path | None:
    setting = os.environ.get(VALIDATION_CACHE_VARIABLE, "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iom-dashboard" / "validation"


def validate_cached(data_dir: Path | str) -> list[Problem]:
    """``validate_package``, remembered per content: a restart with unchanged files skips Frictionless.

    Validating with Frictionless costs about a second (import and per-resource setup) and grows
    with the rows; the result depends only on the files' bytes and the validator, which the key
    covers. A result is stored only if the files did not change while they were validated.
    """
    cache = _validation_cache_dir()
    key = content_version(data_dir) if cache is not None else ""
    name = f"{key}.v{VALIDATION_CACHE_FORMAT}.json"
    if cache is not None:
        try:
            return [Problem(**problem) for problem in json.loads((cache / name).read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            pass
    problems = validate_package(data_dir)
    if cache is not None and content_version(data_dir) == key:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache, suffix=".tmp", delete=False) as handle:
                json.dump([asdict(problem) for problem in problems], handle)
            os.replace(handle.name, cache / name)
        except OSError:
            pass  # a read-only home: validate again next time
    return problems


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


def load(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    """Validate and load every table; broken tables are left out with their problems.

    The files are read from a copy taken as one state (``lib.dataset.store``): never half an import.
    """
    data_dir = Path(data_dir)
    version = data_version(data_dir)  # before reading: a file changed meanwhile gets a new version next time
    if not data_dir.is_dir():
        return Dataset(
            tables={},
            problems=(
                Problem.told(
                    "datapackage.json", None, None, N_("the data folder %(folder)s/ is missing"), folder=data_dir.name
                ),
            ),
            version=version,
        )
    # In English whatever the reader's language: the checks' messages are kept with the dataset for every session.
    with consistent_copy(data_dir) as copy, using_language("en"):
        return _load_from(copy, version)


def _load_from(data_dir: Path, version: str) -> Dataset:
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return Dataset(tables={}, problems=tuple(problems), version=version)
    problems = validate_cached(data_dir)
    broken = {p.file for p in problems}
    files = {r["name"]: r["path"] for r in descriptor["resources"]}
    tables: dict[str, pd.DataFrame] = {}
    for resource in descriptor["resources"]:
        if resource["path"] in broken or "datapackage.json" in broken:
            continue
        tables[resource["name"]] = read_table(data_dir / resource["path"], resource["schema"]["fields"])
    checks = run_checks(tables["figures"]) if "figures" in tables else pd.DataFrame()
    return Dataset(tables=tables, problems=tuple(problems), checks=checks, files=files, version=version)
