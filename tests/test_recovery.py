"""Recovery after a crash at any step of an import, a data folder the server cannot write, an odd lockout file.

A crash is simulated where the process would die: the function it would die in raises ``Killed``,
which no handler of the code under test catches, so what is on disk is what a kill there leaves.
(A lock held by a killed process is released by the operating system; here, by the ``with`` block
the exception leaves.) Other states a kill leaves are built on disk directly.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from lib.dataset import store
from lib.dataset.data import load
from lib.dataset.store import HISTORY_DIR, HISTORY_NOTE, JOURNAL_FILE, Recovery
from lib.importing import auth
from lib.importing.editions import RECOVERED, import_edition, main
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
CORRECTION = FIXTURE.read_bytes().replace(b",380,,,380,", b",381,,,381,")  # one value of 2005-02 corrected


class Killed(BaseException):
    """The process dies here: nothing after it runs, and no ``except Exception`` sees it."""


def snapshot(folder: Path) -> dict[str, str]:
    """Every data file's hash (not the lock, not history): equal snapshots, nothing changed on disk."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def killed_in(data_copy: Path, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """Import the 2005-02 edition and die the moment it calls ``owner.name``."""

    def dies(*args: object, **kwargs: object) -> None:
        raise Killed(name)

    with monkeypatch.context() as patch:
        patch.setattr(owner, name, dies)
        with pytest.raises(Killed):
            import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)


def histories(data_copy: Path) -> list[Path]:
    return sorted((data_copy / HISTORY_DIR).iterdir()) if (data_copy / HISTORY_DIR).is_dir() else []


def outcomes(data_copy: Path) -> list[str]:
    return [json.loads((h / HISTORY_NOTE).read_text(encoding="utf-8"))["outcome"] for h in histories(data_copy)]


def editions_stored(data_copy: Path) -> set[str]:
    dataset = load(data_copy)  # what every reader goes through: it recovers first
    assert dataset.problems == ()
    return set(dataset.table("editions")["edition_id"])


def recover(data_copy: Path) -> Recovery | None:
    with store.lock(data_copy, 10):  # as every caller of recover does
        return store.recover(data_copy)


# 1. The command line after a recovery: the outcome is its own typed field, printed as a line.
@pytest.mark.parametrize(("dies_in", "recovered"), [("commit", Recovery.ROLLED_BACK), ("_apply", Recovery.FINISHED)])
def test_the_command_line_says_what_it_recovered_before_importing(
    data_copy, tmp_path, monkeypatch, capsys, dies_in, recovered
):
    killed_in(data_copy, monkeypatch, store, dies_in)  # before the commit point, or after it
    upload = tmp_path / "correction.csv"
    upload.write_bytes(CORRECTION if recovered is Recovery.FINISHED else FIXTURE.read_bytes())
    details = [f"--{key.replace('_', '-')}={value}" for key, value in DETAILS.items()]
    assert main(["import", str(upload), "--data-dir", str(data_copy), *details]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == RECOVERED[recovered] == f"an interrupted import was {recovered} first"
    assert lines[-1].startswith("written; previous files kept in history/")
    assert editions_stored(data_copy) == {"2004-11", "2005-02"}


def test_a_plans_timings_are_seconds_and_its_recovery_a_field_of_its_own(data_copy, monkeypatch):
    killed_in(data_copy, monkeypatch, store, "commit")
    result = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
    assert result.written and result.plan.recovered is Recovery.ROLLED_BACK
    assert result.plan.timings and all(isinstance(seconds, float) for seconds in result.plan.timings.values())
    again = import_edition(data_copy, "correction.csv", CORRECTION)
    assert again.written and again.plan.recovered is None  # nothing was left to recover


# 2. The outcome is recorded before the journal goes, and a "started" note is decided by the data.
def test_killed_after_the_files_moved_before_the_outcome_the_journal_finishes_it(data_copy, monkeypatch):
    killed_in(data_copy, monkeypatch, store, "set_outcome")  # the files are in place; the note still says "started"
    assert (data_copy / JOURNAL_FILE).exists()  # so the next read knows the import landed
    assert editions_stored(data_copy) == {"2004-11", "2005-02"}
    assert not (data_copy / JOURNAL_FILE).exists()
    assert outcomes(data_copy) == [store.FINISHED]


def test_killed_after_the_outcome_before_the_journal_is_removed_the_note_stands(data_copy, monkeypatch):
    killed_in(data_copy, monkeypatch, store, "_remove_journal")
    assert (data_copy / JOURNAL_FILE).exists() and outcomes(data_copy) == [store.IMPORTED]
    assert editions_stored(data_copy) == {"2004-11", "2005-02"}
    assert not (data_copy / JOURNAL_FILE).exists() and not list(data_copy.glob(".*.tmp"))
    assert outcomes(data_copy) == [store.IMPORTED]


def test_a_started_note_whose_data_landed_says_imported(data_copy):
    """The state an import killed after its journal was removed, before its outcome was written, left."""
    history = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).history
    store.set_outcome(history, store.STARTED)
    before = snapshot(data_copy)
    assert recover(data_copy) is Recovery.FINISHED
    assert outcomes(data_copy) == [store.LANDED_UNRECORDED] and store.LANDED_UNRECORDED.startswith("imported")
    assert snapshot(data_copy) == before and editions_stored(data_copy) == {"2004-11", "2005-02"}


def test_a_started_note_whose_data_did_not_change_says_rolled_back(data_copy, monkeypatch):
    before = snapshot(data_copy)
    killed_in(data_copy, monkeypatch, store, "commit")  # history kept, nothing written
    assert outcomes(data_copy) == [store.STARTED]
    assert recover(data_copy) is Recovery.ROLLED_BACK
    assert outcomes(data_copy) == [store.ROLLED_BACK] and snapshot(data_copy) == before


# 3. A history folder appears whole, with its note, or not at all.
def test_killed_while_the_history_is_kept_leaves_no_folder_without_its_note(data_copy, monkeypatch):
    before = snapshot(data_copy)
    killed_in(data_copy, monkeypatch, store, "write_note")  # the copies made, the note not yet
    assert all((h / HISTORY_NOTE).exists() for h in histories(data_copy) if not h.name.startswith("."))
    assert store.needs_recovery(data_copy)  # the next read removes what is left
    assert editions_stored(data_copy) == {"2004-11"} and snapshot(data_copy) == before
    assert histories(data_copy) == []
    result = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
    assert result.written and result.plan.recovered is None and outcomes(data_copy) == [store.IMPORTED]


def test_recovery_removes_only_history_folders_an_interrupted_import_left(data_copy):
    root = data_copy / HISTORY_DIR
    left = {
        "20260101T000000.000000Z-2005-02": {"figures.csv": "copy"},  # built in place by an earlier version
        "20260101T000000.000001Z-2005-02": {},
        "20260101T000000.000002Z-2005-02": {"editions.csv": "copy", ".import.json.x1y2.tmp": "{"},
        ".staging-20260101T000000.000003Z-2005-02": {"figures.csv": "copy", HISTORY_NOTE: "{}"},
    }
    kept = {
        "20040101T000000.000000Z-2004-11": {HISTORY_NOTE: "{ not json"},
        "20040101T000000.000001Z-2004-11": {HISTORY_NOTE: json.dumps({"outcome": store.IMPORTED})},
        "20260101T000000.000004Z-2005-02": {"figures.csv": "copy", "readme.txt": "a person's"},
        "my-backup": {"figures.csv": "copy"},
    }
    for name, files in {**left, **kept}.items():
        (root / name).mkdir(parents=True)
        for file, text in files.items():
            (root / name / file).write_text(text, encoding="utf-8")
    assert recover(data_copy) is Recovery.ROLLED_BACK
    assert sorted(h.name for h in histories(data_copy)) == sorted(kept)
    assert (root / "20040101T000000.000000Z-2004-11" / HISTORY_NOTE).read_text(encoding="utf-8") == "{ not json"
    result = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
    assert result.written and len(histories(data_copy)) == len(kept) + 1


# 4. A data folder the server cannot write: a problem that says so, never an error.
NOT_WRITABLE = {
    "permission": PermissionError(errno.EACCES, "Permission denied", "data/.import.lock"),
    "read-only file system": OSError(errno.EROFS, "Read-only file system", "data/.import.lock"),
}


@pytest.mark.parametrize("error", NOT_WRITABLE, ids=list(NOT_WRITABLE))
@pytest.mark.parametrize("fails_in", ["lock", "keep_history", "commit"])
def test_a_data_folder_the_server_cannot_write_is_a_problem_not_an_error(data_copy, monkeypatch, fails_in, error):
    def refused(*args: object, **kwargs: object) -> None:
        raise NOT_WRITABLE[error]

    before = snapshot(data_copy)
    with monkeypatch.context() as patch:
        patch.setattr(store, fails_in, refused)
        result = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
    assert not result.written and len(result.plan.problems) == 1
    message = result.plan.problems[0].message
    assert message.startswith(f"the data folder {data_copy} cannot be written by the server: ")
    assert NOT_WRITABLE[error].strerror in message and "ask whoever runs it to" in message
    assert snapshot(data_copy) == before and editions_stored(data_copy) == {"2004-11"}
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written  # once it can be written


def test_the_command_line_reports_a_data_folder_it_cannot_write_and_exits_1(data_copy, monkeypatch, capsys):
    def refused(*args: object, **kwargs: object) -> None:
        raise NOT_WRITABLE["permission"]

    monkeypatch.setattr(store, "lock", refused)
    details = [f"--{key.replace('_', '-')}={value}" for key, value in DETAILS.items()]
    assert main(["import", str(FIXTURE), "--data-dir", str(data_copy), *details]) == 1
    out = capsys.readouterr().out
    assert "cannot be written by the server: Permission denied" in out and "1 problem(s); nothing was changed" in out


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root, whom a read-only mode does not stop writing; the patched tests above "
    "raise the same PermissionError where the lock or the commit would",
)
def test_a_read_only_data_folder_is_a_problem_not_an_error(data_copy, capsys):
    before = snapshot(data_copy)
    os.chmod(data_copy, 0o555)
    try:
        result = import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
        details = [f"--{key.replace('_', '-')}={value}" for key, value in DETAILS.items()]
        assert main(["import", str(FIXTURE), "--data-dir", str(data_copy), *details]) == 1
    finally:
        os.chmod(data_copy, 0o755)
    assert not result.written
    assert "cannot be written by the server: Permission denied" in result.plan.problems[0].message
    assert "cannot be written by the server" in capsys.readouterr().out
    assert snapshot(data_copy) == before


# 5. A lockout file with odd content: read strictly, one lockout from when it was first seen.
NOW = 1_000_000.0
ACCOUNT = "editor"
ODD_LOCKOUT_FILES = {
    "a number for a record": '{"editor": 5}',
    "a string count": f'{{"editor": {{"failures": "9", "since": {NOW}}}}}',
    "a NaN count": f'{{"editor": {{"failures": NaN, "since": {NOW}}}}}',
    "a negative count": f'{{"editor": {{"failures": -1000, "since": {NOW}}}}}',
    "an infinite time": '{"editor": {"failures": 5, "since": Infinity}}',
    "a NaN time": '{"editor": {"failures": 1, "since": NaN}}',
    "a time beyond any float": '{"editor": {"failures": 5, "since": 1' + "0" * 400 + "}}",
    "a time far in the future": f'{{"editor": {{"failures": 5, "since": {NOW + 10**9}}}}}',
    "a list": f'[{{"editor": {{"failures": 0, "since": {NOW}}}}}]',
    "invalid JSON": '{"editor": {"failures": 5,',
    "not UTF-8": b'{"editor": "\xff"}'.decode("latin-1"),
}
EXPECTED = {"remaining": auth.LOCKOUT_S, "attempt": auth.LOCKOUT_S, "failed": auth.LOCKOUT_S, "succeeded": None}


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
@pytest.mark.parametrize("method", EXPECTED)
@pytest.mark.parametrize("content", ODD_LOCKOUT_FILES, ids=list(ODD_LOCKOUT_FILES))
def test_an_odd_lockout_file_locks_once_then_counts_again(tmp_path, monkeypatch, content, method, writable):
    path = tmp_path / ".editor-lockout.json"
    path.write_bytes(ODD_LOCKOUT_FILES[content].encode("latin-1"))
    if not writable:  # as a folder the server cannot write: the file stays odd, this process's memory counts
        monkeypatch.setattr(
            auth.os, "replace", lambda *args: (_ for _ in ()).throw(PermissionError(errno.EACCES, "no"))
        )
    now = [NOW]
    lockout = auth.Lockout(path, clock=lambda: now[0])
    assert getattr(lockout, method)(ACCOUNT) == EXPECTED[method]  # never an exception
    if writable:  # stored as what it now counts as: a lockout from now, or (after a right password) none
        records = strict_json(path.read_text(encoding="utf-8"))
        assert isinstance(records, dict) and all(
            record == {"failures": auth.MAX_ATTEMPTS, "since": NOW} for record in records.values()
        )
    now[0] += 20
    if method != "succeeded":
        assert lockout.remaining(ACCOUNT) == auth.LOCKOUT_S - 20  # counted from when it was first seen
    now[0] += auth.LOCKOUT_S
    assert lockout.remaining(ACCOUNT) == 0  # never locked for good
    tries = [lockout.attempt(ACCOUNT) for _ in range(auth.MAX_ATTEMPTS + 1)]
    assert tries[:-1] == [0] * auth.MAX_ATTEMPTS and tries[-1] == auth.LOCKOUT_S  # never unlimited tries
    if writable:
        stored = strict_json(path.read_text(encoding="utf-8"))
        assert stored == {ACCOUNT: {"failures": auth.MAX_ATTEMPTS, "since": now[0]}}


def test_a_lockout_record_a_little_ahead_of_the_clock_is_another_servers_clock(tmp_path):
    path = tmp_path / ".editor-lockout.json"
    path.write_text(json.dumps({ACCOUNT: {"failures": 1, "since": NOW + auth.CLOCK_SKEW_S}}), encoding="utf-8")
    lockout = auth.Lockout(path, clock=lambda: NOW)
    assert lockout.remaining(ACCOUNT) == 0 and lockout.attempt(ACCOUNT) == 0
    assert strict_json(path.read_text(encoding="utf-8")) == {ACCOUNT: {"failures": 2, "since": NOW}}
