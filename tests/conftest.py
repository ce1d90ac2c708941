"""Shared fixtures: the repository's data folder and the newsletter text."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# The newsletter lives in the read-only shared folder beside the repository (also in CI).
SOURCE_FILE = Path(os.environ.get("IOM_SOURCE_FILE", ROOT.parent / "shared" / "source" / "iom-kosovo-news-2004-11.txt"))


# Validation results are cached per content; the tests keep theirs out of the user's cache folder.
os.environ.setdefault("IOM_VALIDATION_CACHE", tempfile.mkdtemp(prefix="iom-validation-cache-"))


def shown(markdown: object) -> str:
    """What a reader sees of Markdown made by ``lib.presenting.text.md_text``: escapes and word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


def normalise(text: str) -> str:
    """Collapse every run of whitespace (newlines, no-break spaces) to one space."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def source_text() -> str:
    if not SOURCE_FILE.is_file():
        pytest.skip(f"the newsletter text is not present ({SOURCE_FILE.name}); provenance cannot be checked")
    return normalise(SOURCE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def figures():
    from lib.dataset.data import load

    dataset = load(DATA_DIR)
    assert not dataset.problems, [str(p) for p in dataset.problems]
    return dataset.table("figures")


@pytest.fixture(scope="session")
def dataset():
    from lib.dataset.data import load

    return load(DATA_DIR)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("history"))
    return target
