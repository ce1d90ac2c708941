"""The data folder as one store: writes that land whole, reads that see one state, recovery after a crash.

An import replaces ``editions.csv`` and ``figures.csv`` (and ``indicators.csv`` where a draft adds
indicators). Each replacement alone is atomic (``os.replace``), but the pair is not: a reader
between the two, or a crash between them, would see an edition registered without its figures. So:

* **commit** writes every new file to a temporary file beside the old one (flushed to disk, with
  the old file's mode and owner), then writes a *journal* naming them (itself written and renamed
  atomically: the commit point), then moves each temporary file into place, then records the
  outcome, then removes the journal. Before the journal exists nothing has changed; once it
  exists the import will land;
* **recover** runs under the lock before any read or write: with a journal, it finishes the
  moves a crash interrupted (roll forward); without one, it deletes temporary files a crash left
  (roll back). The history folder of that import says which (``outcome`` in ``import.json``);
  a note still saying "started" is decided by the data, against the copies kept beside it. The
  folder is built under a hidden staging name and renamed into place once its note is written,
  so a crash while it is kept leaves only a staging folder, which recovery removes;
* **readers** copy the files under the same lock (milliseconds), so every process sharing the
  folder reads one whole state: before an import or after it, never between. The lock is a file
  (``filelock``), released by the operating system when its holder dies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".import.lock"
JOURNAL_FILE = ".import-journal.json"
HISTORY_DIR = "history"
HISTORY_NOTE = "import.json"
STAGING_PREFIX = ".staging-"  # a history folder being built: "history/.staging-<name>", renamed to <name> when whole
# What an import begins its history folder's name with (its UTC time): a folder so named without a note
# was left by a crash.
HISTORY_NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-")
STARTED = "started"  # the outcome in a history note until the import ends one way or the other
IMPORTED = "imported"
FINISHED = "imported: finished after the import was interrupted"
LANDED_UNRECORDED = "imported: interrupted after the data was written, before this note was"
ROLLED_BACK = "rolled back: interrupted before it was committed, the data was not changed"
READ_LOCK_TIMEOUT_S = 120  # an import holds the lock while it validates: seconds, not minutes
# The temporary files ``write_temporary`` makes (".figures.csv.x1y2.tmp"); nothing else in the folder is one.
TEMPORARY = re.compile(r"^\..+\.tmp$")
# Read once, while the process starts: os.umask can only be read by setting it, which is not thread-safe later.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class Recovery(StrEnum):
    """What ``recover`` did about an interrupted import."""

    FINISHED = "finished"  # it had passed its commit point: it is whole now
    ROLLED_BACK = "rolled back"  # it had not: what it left is gone and the data is as it was before it


def lock(data_dir: Path, timeout: float) -> FileLock:
    return FileLock(str(data_dir / LOCK_FILE), timeout=timeout)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)  # the renames themselves reach the disk
    finally:
        os.close(descriptor)


def write_temporary(target: Path, text: str) -> Path:
    """``text`` in a temporary file beside ``target``, on disk, with ``target``'s mode and owner."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    ) as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary = Path(handle.name)
    if target.exists():
        # NamedTemporaryFile makes 0600 files: a server running as another user could no longer read the data.
        old = target.stat()
        os.chmod(temporary, stat.S_IMODE(old.st_mode))
        if hasattr(os, "chown"):
            for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):  # owner and group; else the group alone
                try:
                    os.chown(temporary, uid, gid)
                    break
                except PermissionError:
                    continue
    else:
        os.chmod(temporary, 0o666 & ~_UMASK)
    return temporary


def _write_json_atomically(path: Path, content: dict) -> None:
    temporary = write_temporary(path, json.dumps(content, indent=2))
    os.replace(temporary, path)
    _fsync_folder(path.parent)


def write_note(history: Path, note: dict) -> None:
    """An import's note in its history folder, written whole or not at all."""
    _write_json_atomically(history / HISTORY_NOTE, note)


def _read_note(history: Path) -> dict | None:
    try:
        note = json.loads((history / HISTORY_NOTE).read_text(encoding="utf-8"))
        return note if isinstance(note, dict) else None
    except (OSError, ValueError):
        return None


def set_outcome(history: Path | None, outcome: str) -> bool:
    """Record in an import's history folder how it ended. Best effort: the data, not the record, is what counts."""
    note = None if history is None else _read_note(history)
    if history is None or note is None:
        return False
    note["outcome"] = outcome
    try:
        write_note(history, note)
    except OSError:
        return False
    return True


def keep_history(data_dir: Path, name: str, files: Iterable[str], note: dict) -> Path:
    """Copies of ``files`` and the import's ``note`` in ``history/<name>/``, which appears whole or not at all.

    Built as ``history/.staging-<name>`` and renamed into place once its note is on disk: a crash
    part-way leaves a staging folder (removed by ``recover``), never a history folder without its note.
    """
    root = data_dir / HISTORY_DIR
    root.mkdir(exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{name}"
    staging.mkdir()
    for file in files:
        shutil.copy2(data_dir / file, staging / file)
        _fsync_file(staging / file)  # the copies are what recovery compares the data with: on disk before the rename
    write_note(staging, note)
    folder = root / name
    os.rename(staging, folder)
    _fsync_folder(root)
    return folder


def commit(data_dir: Path, texts: dict[str, str], history: Path | None) -> None:
    """Replace the named files with ``texts`` as one step (the caller holds the lock)."""
    temporaries = {name: write_temporary(data_dir / name, text).name for name, text in texts.items()}
    _write_json_atomically(data_dir / JOURNAL_FILE, {"history": history.name if history else "", "files": temporaries})
    _apply(data_dir, temporaries)
    # Recorded while the journal still exists: a crash before it is removed is found, and finished, by ``recover``.
    set_outcome(history, IMPORTED)
    _remove_journal(data_dir)  # the import is whole and says so: nothing left to recover


def _apply(data_dir: Path, temporaries: dict[str, str]) -> None:
    for name, temporary in temporaries.items():  # in the journal's order: editions before figures
        if (data_dir / temporary).exists():
            os.replace(data_dir / temporary, data_dir / name)
    _fsync_folder(data_dir)


def _remove_journal(data_dir: Path) -> None:
    (data_dir / JOURNAL_FILE).unlink()
    _fsync_folder(data_dir)


def recover(data_dir: Path) -> Recovery | None:
    """Finish or undo what an interrupted import left (the caller holds the lock); says what it did."""
    done = _roll_forward(data_dir)
    for leftover in data_dir.iterdir():
        if TEMPORARY.match(leftover.name):
            leftover.unlink(missing_ok=True)
            done = done or Recovery.ROLLED_BACK
    history_root = data_dir / HISTORY_DIR
    if history_root.is_dir():
        for history in history_root.iterdir():
            if _unfinished_history(history):
                # An import that never reached its commit: nothing of it is in the data. Tried again on the next read.
                shutil.rmtree(history, ignore_errors=True)
                if not history.exists():  # a folder that could not be removed is not reported removed, every time
                    done = done or Recovery.ROLLED_BACK
        for history in history_root.iterdir():
            note = _read_note(history) if history.is_dir() else None
            if note is not None and note.get("outcome") == STARTED:
                landed = _landed(data_dir, history)
                set_outcome(history, LANDED_UNRECORDED if landed else ROLLED_BACK)
                done = done or (Recovery.FINISHED if landed else Recovery.ROLLED_BACK)
    return done


def _roll_forward(data_dir: Path) -> Recovery | None:
    """With a journal, the moves it names, done; its import's note says so unless it already said how it ended."""
    journal = data_dir / JOURNAL_FILE
    if not journal.exists():
        return None
    # Written whole by an atomic rename, so it is complete; it names only files in this folder.
    entry = json.loads(journal.read_text(encoding="utf-8"))
    _apply(data_dir, {name: Path(temporary).name for name, temporary in entry["files"].items()})
    _remove_journal(data_dir)
    history = data_dir / HISTORY_DIR / Path(entry["history"]).name if entry.get("history") else None
    note = None if history is None else _read_note(history)
    if note is not None and note.get("outcome") == STARTED:
        set_outcome(history, FINISHED)
    return Recovery.FINISHED


def _unfinished_history(folder: Path) -> bool:
    """A history folder an import began and never completed: a staging folder, or (as earlier versions built it in
    place) a folder named as an import names it, with no note and nothing in it but copies of data files."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    if folder.name.startswith(STAGING_PREFIX):
        return True  # renamed into place before the commit: never part of an import that changed the data
    if not HISTORY_NAME.match(folder.name) or (folder / HISTORY_NOTE).exists():
        return False
    return all(path.is_file() and (path.suffix == ".csv" or TEMPORARY.match(path.name)) for path in folder.iterdir())


def _landed(data_dir: Path, history: Path) -> bool:
    """Whether an import whose note says only "started" changed the data: a stored file differs from its copy,
    kept in ``history`` just before the import."""
    return any(_bytes(copy) != _bytes(data_dir / copy.name) for copy in history.glob("*.csv"))


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _staging_folders(data_dir: Path) -> list[Path]:
    root = data_dir / HISTORY_DIR
    return sorted(p for p in root.iterdir() if p.name.startswith(STAGING_PREFIX)) if root.is_dir() else []


PENDING_JOURNAL = (
    "an import was interrupted after its commit point (this journal): the app finishes it on its "
    "next read, moving the new files the journal names into place"
)
PENDING_TEMPORARY = (
    "left by an import interrupted before its commit point: the app deletes it on its next read "
    "(the import is rolled back; the data files stay as they are)"
)
PENDING_STAGING = (
    "left by an import interrupted while it kept its history: the app removes it on its next read "
    "(the data files stay as they are)"
)


def interrupted(data_dir: Path) -> list[tuple[str, str]]:
    """What an interrupted import left, as (file, what the app does about it on its next read or import)."""
    if (data_dir / JOURNAL_FILE).exists():
        return [(JOURNAL_FILE, PENDING_JOURNAL)]
    temporaries = [(path.name, PENDING_TEMPORARY) for path in sorted(data_dir.iterdir()) if TEMPORARY.match(path.name)]
    return temporaries + [(f"{HISTORY_DIR}/{folder.name}", PENDING_STAGING) for folder in _staging_folders(data_dir)]


def needs_recovery(data_dir: Path) -> bool:
    return (
        (data_dir / JOURNAL_FILE).exists()
        or any(TEMPORARY.match(p.name) for p in data_dir.iterdir())
        or bool(_staging_folders(data_dir))
    )


@contextmanager
def consistent_copy(data_dir: Path) -> Iterator[Path]:
    """A private copy of the data files as one state (no import half-applied), for as long as the block runs.

    Where the folder is read-only to this process (a viewer-only server), no lock can be taken:
    the copy is made without it, and retried if an import's journal appears meanwhile.
    """
    with tempfile.TemporaryDirectory(prefix="iom-data-") as folder:
        target = Path(folder)
        taken = lock(data_dir, READ_LOCK_TIMEOUT_S)
        held: FileLock | None = taken
        try:
            taken.acquire()
        except Timeout:
            held = None  # an import has held the lock for minutes: read without it, carefully
        except OSError:
            held = None  # the lock file cannot be created in a read-only folder
        if held is not None:
            try:
                if needs_recovery(data_dir):
                    recover(data_dir)
                _copy_files(data_dir, target)
            finally:
                held.release()
        else:
            _copy_settled(data_dir, target)
        yield target


def _state(data_dir: Path) -> tuple:
    """What changes when any file is replaced: names, inodes, sizes, times; and whether a journal exists."""
    return tuple(
        sorted(
            (p.name, p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
            for p in data_dir.iterdir()
            if p.is_file() and not p.name.startswith(".")
        )
    ) + ((data_dir / JOURNAL_FILE).exists(),)


def _copy_settled(data_dir: Path, target: Path, tries: int = 200) -> None:
    """Without the lock: copy until no import ran during the copy (no journal, no file replaced), as far as can
    be told."""
    for _ in range(tries):
        before = _state(data_dir)
        if not before[-1]:
            _copy_files(data_dir, target)
            if _state(data_dir) == before:
                return
        time.sleep(0.05)  # an import is committing: its moves take milliseconds
    _copy_files(data_dir, target)


def _copy_files(source: Path, target: Path) -> None:
    for path in source.iterdir():
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, target / path.name)
