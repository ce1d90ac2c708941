"""Fuzzing (Hypothesis): no input makes the CSV reader, the validator or the import plan raise.

Properties:
* ``read_csv_text`` and ``read_dicts`` return text or problems for any bytes, never an exception;
* ``python -m lib.validate`` on a data folder with any one file replaced by arbitrary bytes reports
  problems (``file:row: column: message``) and exits 1, never with a traceback;
* an import of arbitrary bytes, or of real rows mutated (cells, quotes, line endings, BOMs, huge
  cells, encodings), either lands whole or is refused with problems and changes no byte on disk;
* a valid upload round-trips: what is imported is what is read back.

CI runs a bounded number of examples (``FUZZ_EXAMPLES``, default 50 per property, well under a
minute); set it higher for a longer local run (see docs/testing.md for what such a run found).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.dataset.csvtext import read_csv_text, read_dicts
from lib.dataset.data import load
from lib.dataset.validate import main as validate_main
from lib.importing.editions import import_edition, plan_import
from tests.conftest import DATA_DIR, ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
FIXTURE_LINES = FIXTURE.read_bytes().split(b"\n")

# Pieces a careless editor or an attacker puts into a CSV.
ODD = [
    b'"',
    b'""',
    b",",
    b"\r",
    b"\r\n",
    b"\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b";",
    b"\xff\xfe",
    b"\xe9",
    b"=1+1",
    b"x" * 70_000,
    b"\t",
    b"2005-13",
    b"-1",
    b"NaN",
    b"1e309",
    "Pejë".encode(),
    "Pejë".encode("latin-1"),
    b"\\",
    b"#",
    b"$x$",
]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


@st.composite
def mutated_uploads(draw) -> bytes:
    """The synthetic edition, with a few lines or cells changed, removed, repeated or spliced with odd bytes."""
    lines = list(FIXTURE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["splice", "drop", "repeat", "odd_line", "newlines"]))
        if action == "splice":
            position = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:position] + draw(st.sampled_from(ODD)) + lines[index][position:]
        elif action == "drop" and len(lines) > 1:
            lines.pop(index)
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "odd_line":
            lines[index] = draw(st.binary(max_size=200))
        else:
            return draw(st.sampled_from([b"\r\n", b"\r"])).join(lines)
    return b"\n".join(lines)


@FUZZ
@given(st.binary(max_size=3000) | mutated_uploads())
def test_the_csv_reader_never_raises(content):
    text, problems = read_csv_text("upload.csv", content)
    assert bool(text) != bool(problems)
    if text:
        read_dicts("upload.csv", text)


@pytest.fixture(scope="module")
def fuzz_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("history", ".*"))
    return folder


@FUZZ
@given(
    content=st.binary(max_size=2000) | mutated_uploads(),
    name=st.sampled_from(["edition.csv", "x.CSV", "edition.xlsx", "../up.csv"]),
)
def test_an_import_of_anything_lands_whole_or_changes_nothing(fuzz_data, content, name):
    before = snapshot(fuzz_data)
    result = import_edition(fuzz_data, name, content, DETAILS)
    if result.written:
        dataset = load(fuzz_data)
        assert dataset.problems == (), [str(p) for p in dataset.problems[:3]]
        # Put the stored data back for the next example.
        for file in ("figures.csv", "editions.csv"):
            shutil.copy2(DATA_DIR / file, fuzz_data / file)
        shutil.rmtree(fuzz_data / "history", ignore_errors=True)
    else:
        assert result.plan.problems
        assert all(str(problem) for problem in result.plan.problems)
        assert snapshot(fuzz_data) == before


@FUZZ
@given(
    victim=st.sampled_from(["figures.csv", "editions.csv", "news.csv", "places.csv", "datapackage.json"]),
    content=st.binary(max_size=2000) | mutated_uploads(),
)
def test_validate_reports_any_broken_file_without_a_traceback(tmp_path_factory, victim, content):
    folder = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("history", ".*"))
    (folder / victim).write_bytes(content)
    assert validate_main([str(folder)]) in (0, 1)
    dataset = load(folder)
    assert isinstance(dataset.problems, tuple)


@FUZZ
@given(
    quote=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(
        str.strip
    ),
    note=st.text(max_size=100),
)
def test_a_valid_upload_round_trips(fuzz_data, quote, note):
    """Any text in a quote or a note (commas, quotes, line breaks, Markdown, formulas) is stored and read back as
    given."""
    quote = quote.strip()
    header, rows, _ = read_dicts("f", FIXTURE.read_text(encoding="utf-8"))
    rows[0]["source_quote"], rows[0]["note"] = quote, note.replace("\r\n", "\n").replace("\r", "\n")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    plan = plan_import(fuzz_data, "edition.csv", out.getvalue().encode("utf-8"), DETAILS)
    if not plan.ok:  # a quote over 400 characters, or an edition detail the schema refuses: said, not raised
        assert plan.problems
        return
    assert plan.added[0]["source_quote"] == quote and plan.added[0]["note"] == rows[0]["note"]
