"""Importing an edition: the happy path, every bad input refused with nothing changed, locking, crash safety."""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lib.dataset.data import load
from lib.dataset.validate import MAX_FILE_BYTES
from lib.importing.editions import HISTORY_DIR, import_edition, main, plan_import, template_csv
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())


def snapshot(folder: Path) -> dict[str, str]:
    """Every data file's hash (not the lock, not history): equal snapshots, nothing changed on disk."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def fixture_bytes() -> bytes:
    return FIXTURE.read_bytes()


def test_happy_path_adds_the_edition_keeps_history_and_reloads(data_copy):
    before = snapshot(data_copy)
    result = import_edition(data_copy, FIXTURE.name, fixture_bytes(), DETAILS, editor="test")
    assert result.written, [str(p) for p in result.plan.problems]
    assert len(result.plan.added) == 8 and not result.plan.changed and not result.plan.removed
    assert result.plan.new_editions == ["2005-02"]
    dataset = load(data_copy)
    assert dataset.problems == ()
    figures = dataset.table("figures")
    assert sorted(figures["edition"].unique()) == ["2004-11", "2005-02"]
    assert figures.loc[figures["figure_id"] == "2005-02-002", "value"].item() == 188119
    stored = load(ROOT / "data").table("figures")
    assert figures.loc[figures["edition"] == "2004-11"].equals(stored)  # the other edition untouched
    # The previous files are kept, byte for byte, with a note of the import.
    history = result.history
    assert history.parent == data_copy / HISTORY_DIR
    assert hashlib.sha256((history / "figures.csv").read_bytes()).hexdigest() == before["figures.csv"]
    assert hashlib.sha256((history / "editions.csv").read_bytes()).hexdigest() == before["editions.csv"]
    assert json.loads((history / "import.json").read_text())["added"] == 8
    assert not list(data_copy.glob(".*.tmp"))


def test_dry_run_writes_nothing(data_copy):
    before = snapshot(data_copy)
    result = import_edition(data_copy, FIXTURE.name, fixture_bytes(), DETAILS, dry_run=True)
    assert result.plan.ok and not result.written and len(result.plan.added) == 8
    assert snapshot(data_copy) == before and not (data_copy / HISTORY_DIR).exists()


def test_a_correction_shows_what_changes(data_copy):
    import_edition(data_copy, FIXTURE.name, fixture_bytes(), DETAILS)
    corrected = fixture_bytes().replace(b",380,,,380,", b",381,,,381,").replace(b"\n2005-02-008,", b"\nREMOVED", 1)
    corrected = b"\n".join(line for line in corrected.split(b"\n") if not line.startswith(b"REMOVED"))
    plan = plan_import(data_copy, "correction.csv", corrected)
    assert plan.ok, [str(p) for p in plan.problems]
    assert {(c.figure_id, c.column, c.before, c.after) for c in plan.changed} == {
        ("2005-02-001", "value", "380", "381"),
        ("2005-02-001", "value_as_written", "380", "381"),
    }
    assert [row["figure_id"] for row in plan.removed] == ["2005-02-008"] and plan.added == []


def rejected(data_copy: Path, name: str, content: bytes, details: dict | None = DETAILS) -> list[str]:
    """Import, expect a refusal, check nothing changed on disk; the problems as text."""
    before = snapshot(data_copy)
    result = import_edition(data_copy, name, content, details)
    assert not result.written and result.plan.problems
    assert snapshot(data_copy) == before
    assert not (data_copy / HISTORY_DIR).exists()
    return [str(p) for p in result.plan.problems]


def test_schema_errors_name_the_upload_row_and_column(data_copy):
    broken = fixture_bytes().replace(b",380,,,380,", b",three hundred,,,380,").replace(b",csp,", b",no_such_programme,")
    problems = rejected(data_copy, "edition.csv", broken)
    assert any(p.startswith("edition.csv:2: value:") and "not a number" in p for p in problems), problems
    assert any(p.startswith("edition.csv:6: programme:") and "unknown reference" in p for p in problems), problems


def test_missing_columns_are_named(data_copy):
    lines = fixture_bytes().decode().splitlines()
    header = lines[0].replace(",source_quote", "")
    problems = rejected(data_copy, "edition.csv", "\n".join([header, *lines[1:]]).encode())
    assert "edition.csv:1: source_quote: missing column: the header must have this column" in problems


def test_duplicates_of_stored_rows_are_refused(data_copy):
    stored = (ROOT / "data" / "figures.csv").read_bytes()
    problems = rejected(data_copy, "figures.csv", stored, None)
    assert any("already stored exactly so" in p for p in problems), problems
    # A figure id another edition already uses
    reused = fixture_bytes().replace(b"2005-02-001,2005-02,", b"2004-11-001,2005-02,")
    assert any("must start with its edition" in p for p in rejected(data_copy, "edition.csv", reused))
    # The same id twice in the upload
    lines = fixture_bytes().decode().splitlines()
    twice = "\n".join([*lines, lines[1]]).encode()
    assert any(":10: figure_id: duplicate key" in p for p in rejected(data_copy, "edition.csv", twice))


def test_unknown_edition_id_format_is_refused(data_copy):
    wrong = fixture_bytes().replace(b"2005-02", b"2005-13")
    problems = rejected(data_copy, "edition.csv", wrong)
    assert any(p.startswith("edition.csv:2: edition: '2005-13' is not an edition id") for p in problems), problems


def test_a_new_edition_needs_its_details(data_copy):
    problems = rejected(data_copy, "edition.csv", fixture_bytes(), None)
    assert problems == [
        "edition details:-: title, published, period_start, period_end, source_file: "
        "edition 2005-02 is new: give its title, published, period_start, period_end, source_file"
    ]
    bad_dates = {**DETAILS, "period_end": "31/01/2005"}
    assert any("period_end" in p for p in rejected(data_copy, "edition.csv", fixture_bytes(), bad_dates))


def test_oversize_binary_and_wrong_type_are_refused_before_parsing(data_copy):
    assert "bytes; the limit is" in rejected(data_copy, "big.csv", b"a" * (MAX_FILE_BYTES + 1))[0]
    assert "binary" in rejected(data_copy, "edition.csv", b"figure_id\x00\x01\x02")[0]
    assert "not a .csv file" in rejected(data_copy, "edition.xlsx", b"PK\x03\x04")[0]
    assert "not UTF-8" in rejected(data_copy, "edition.csv", "figure_id,édition\n".encode("latin-1"))[0]
    assert "nothing to import" in rejected(data_copy, "edition.csv", fixture_bytes().split(b"\n")[0] + b"\n")[0]


def test_command_line_dry_run_and_import(data_copy, capsys):
    details = [f"--{key.replace('_', '-')}={value}" for key, value in DETAILS.items()]
    before = snapshot(data_copy)
    assert main(["import", str(FIXTURE), "--dry-run", "--data-dir", str(data_copy), *details]) == 0
    assert "8 figure(s) added" in capsys.readouterr().out and snapshot(data_copy) == before
    assert main(["import", str(FIXTURE), "--data-dir", str(data_copy)]) == 1  # a new edition without its details
    assert "is new: give its title" in capsys.readouterr().out
    assert main(["import", str(FIXTURE), "--data-dir", str(data_copy), *details]) == 0
    assert "written; previous files kept in history/" in capsys.readouterr().out
    assert len(load(data_copy).table("editions")) == 2


def test_template_has_the_schema_header_and_an_example_row(data_copy):
    lines = template_csv(data_copy).decode("utf-8-sig").splitlines()
    assert lines[0] == (ROOT / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert len(lines) == 2 and "EXAMPLE ROW" in lines[1]


IMPORTER = """
import json, sys
from pathlib import Path
from lib.importing.editions import import_edition
data_dir, name, details = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[4])
result = import_edition(data_dir, name, Path(sys.argv[3]).read_bytes(), details)
print(json.dumps({"written": result.written, "problems": [str(p) for p in result.plan.problems]}))
"""


def second_edition(tmp_path: Path) -> tuple[Path, dict]:
    """The fixture moved to 2005-05: another new edition for the concurrency test."""
    path = tmp_path / "edition-2005-05.csv"
    path.write_bytes(fixture_bytes().replace(b"2005-02", b"2005-05"))
    return path, {
        **DETAILS,
        "published": "2005-05",
        "period_start": "2005-02-01",
        "period_end": "2005-04-30",
        "title": "TEST DATA - synthetic edition 2005-05",
    }


# Patches that make a subprocess say where it is, so the test orders the processes by what they
# signal on their pipes, never by how long something takes.
HOLD_THE_LOCK = """
import sys, lib.importing.planning as e
real = e.validate_package
def holding(data_dir):
    print("holding the lock", flush=True)
    sys.stdin.readline()  # until the test says go
    return real(data_dir)
e.validate_package = holding
from lib.importing.editions import import_edition"""
ANNOUNCE_THE_WAIT = """
import lib.dataset.store as store
class Announcing(store.FileLock):
    def acquire(self, *args, **kwargs):
        print("waiting for the lock", flush=True)
        return super().acquire(*args, **kwargs)
store.FileLock = Announcing
from lib.importing.editions import import_edition"""
STALL_AFTER_FIRST_WRITE = """
import os, sys
real = os.fsync
def stalled(fd):
    real(fd)
    name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
    if name.endswith(".tmp") and ".csv." in name:  # a data file's new version, written beside the old one
        print("wrote a temporary file", flush=True)
        sys.stdin.readline()  # never answered: the test kills the process here
os.fsync = stalled
from lib.importing.editions import import_edition"""
SIGNAL_TIMEOUT_S = 120  # only the ceiling of a wait for a line that normally comes at once


def read_signal(process: subprocess.Popen) -> str:
    """The next line the process prints, or a failure if it exits or says nothing within the ceiling."""
    ready, _, _ = select.select([process.stdout], [], [], SIGNAL_TIMEOUT_S)
    assert ready, f"the import said nothing in {SIGNAL_TIMEOUT_S} s"
    line = process.stdout.readline()
    assert line, f"the import exited ({process.wait()}) before signalling"
    return line.strip()


def importer(script: str, data_dir: Path, upload: Path, details: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            IMPORTER.replace("from lib.importing.editions import import_edition", script),
            str(data_dir),
            upload.name,
            str(upload),
            json.dumps(details),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_imports_are_serialised(data_copy, tmp_path):
    """Both land: the second waits for the lock and merges into what the first wrote (no lost update)."""
    other, other_details = second_edition(tmp_path)
    first = importer(HOLD_THE_LOCK, data_copy, FIXTURE, DETAILS)
    assert read_signal(first) == "holding the lock"
    second = importer(ANNOUNCE_THE_WAIT, data_copy, other, other_details)
    assert read_signal(second) == "waiting for the lock"  # while the first still holds it
    first.stdin.write("go\n")
    first.stdin.flush()
    outcomes = [
        json.loads(process.communicate(timeout=SIGNAL_TIMEOUT_S)[0].splitlines()[-1]) for process in (first, second)
    ]
    assert all(o["written"] for o in outcomes), outcomes
    figures = load(data_copy).table("figures")
    assert sorted(figures["edition"].unique()) == ["2004-11", "2005-02", "2005-05"]
    assert len(list((data_copy / HISTORY_DIR).iterdir())) == 2


def test_a_process_killed_mid_write_leaves_the_previous_data_intact(data_copy):
    """Killed after writing the new figures to a temporary file, before replacing the old one."""
    before = snapshot(data_copy)
    process = importer(STALL_AFTER_FIRST_WRITE, data_copy, FIXTURE, DETAILS)
    assert read_signal(process) == "wrote a temporary file"
    assert list(data_copy.glob(".*.tmp")), "the import never started writing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=SIGNAL_TIMEOUT_S)
    assert snapshot(data_copy) == before  # the old files, whole
    assert load(data_copy).problems == ()
    # The lock died with the process; the next import clears the leftover and succeeds.
    result = import_edition(data_copy, FIXTURE.name, fixture_bytes(), DETAILS)
    assert result.written and not list(data_copy.glob(".*.tmp"))


def test_a_stale_preview_is_not_written(data_copy):
    plan = plan_import(data_copy, FIXTURE.name, fixture_bytes(), DETAILS)
    other = data_copy / "news.csv"
    other.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes: still the same data
    assert import_edition(data_copy, FIXTURE.name, fixture_bytes(), DETAILS, expected_base=plan.base_version).written
    again = import_edition(
        data_copy,
        "correction.csv",
        fixture_bytes().replace(b",380,,,380,", b",381,,,381,"),
        expected_base=plan.base_version,
    )  # previewed before the import above
    assert not again.written and "changed since this preview" in str(again.plan.problems[0])


@pytest.mark.parametrize("rows", [300])
def test_an_edition_of_300_rows_imports(data_copy, tmp_path, rows):
    from bench.import_edition import make_edition

    path = make_edition(ROOT / "data", tmp_path, rows)
    result = import_edition(data_copy, path.name, path.read_bytes(), DETAILS)
    assert result.written, [str(p) for p in result.plan.problems[:5]]
    assert len(result.plan.added) == rows
