"""The data folder as one store: writes that land whole, reads that see one state, recovery after a crash.

An import replaces two files, ``editions.csv`` and ``figures.csv``. Each replacement alone is
atomic (``os.replace``), but the pair is not: a reader between the two, or a crash between them,
would see an edition registered without its figures. So:

* **commit** writes every new file to a temporary file beside the old one (flushed to disk, with
  the old file's mode and owner), then writes a *journal* naming them (itself written and renamed
  atomically: the commit point), then moves each temporary file into place, then removes the
  journal. Before the journal exists nothing has changed; once it exists the import will land;
* **recover** runs under the lock before any read or write: with a journal, it finishes the
  moves a crash interrupted (roll forward); without one, it deletes temporary files a crash left
  (roll back). The history folder of that import says which (``outcome`` in ``import.json``);
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".import.lock"
JOURNAL_FILE = ".import-journal.json"
HISTORY_DIR = "history"
HISTORY_NOTE = "import.json"
READ_LOCK_TIMEOUT_S = 120  # an import holds the lock while it validates: seconds, not minutes
# The temporary files ``write_temporary`` makes (".figures.csv.x1y2.tmp"); nothing else in the folder is one.
TEMPORARY = re.compile(r"^\..+\.tmp$")
# Read once, while the process starts: os.umask can only be read by setting it, which is not thread-safe later.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def lock(data_dir: Path, timeout: float) -> FileLock:
    return FileLock(str(data_dir / LOCK_FILE), timeout=timeout)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)  # the renames themselves reach the disk
    finally:
        os.close(descriptor)


def write_temporary(target: Path, text: str) -> Path:
    """``text`` in a temporary file beside ``target``, on disk, with ``target``'s mode and owner."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=target.parent,
                                     prefix=f".{target.name}.", suffix=".tmp", delete=False) as handle:
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
    if note is None:
        return False
    note["outcome"] = outcome
    try:
        write_note(history, note)
    except OSError:
        return False
    return True


def commit(data_dir: Path, texts: dict[str, str], history: Path | None) -> None:
    """Replace the named files with ``texts`` as one step (the caller holds the lock)."""
    temporaries = {name: write_temporary(data_dir / name, text).name for name, text in texts.items()}
    _write_json_atomically(data_dir / JOURNAL_FILE, {"history": history.name if history else "", "files": temporaries})
    _apply(data_dir, temporaries)
    (data_dir / JOURNAL_FILE).unlink()  # the import is whole: nothing left to recover
    _fsync_folder(data_dir)
    set_outcome(history, "imported")


def _apply(data_dir: Path, temporaries: dict[str, str]) -> None:
    for name, temporary in temporaries.items():  # in the journal's order: editions before figures
        if (data_dir / temporary).exists():
            os.replace(data_dir / temporary, data_dir / name)
    _fsync_folder(data_dir)


def recover(data_dir: Path) -> str | None:
    """Finish or undo what an interrupted import left (the caller holds the lock); says what it did."""
    journal = data_dir / JOURNAL_FILE
    history_root = data_dir / HISTORY_DIR
    done = None
    if journal.exists():
        # Written whole by an atomic rename, so it is complete; it names only files in this folder.
        entry = json.loads(journal.read_text(encoding="utf-8"))
        _apply(data_dir, {name: Path(temporary).name for name, temporary in entry["files"].items()})
        journal.unlink()
        _fsync_folder(data_dir)
        history = history_root / Path(entry["history"]).name if entry.get("history") else None
        set_outcome(history, "imported: finished after the import was interrupted")
        done = "finished"
    for leftover in data_dir.iterdir():
        if TEMPORARY.match(leftover.name):
            leftover.unlink(missing_ok=True)
            done = done or "rolled back"
    if history_root.is_dir():
        for history in history_root.iterdir():
            note = _read_note(history) if history.is_dir() else None
            if note is not None and note.get("outcome") == "started":
                set_outcome(history, "rolled back: interrupted before it was committed, the data was not changed")
                done = done or "rolled back"
    return done


def needs_recovery(data_dir: Path) -> bool:
    return (data_dir / JOURNAL_FILE).exists() or any(TEMPORARY.match(p.name) for p in data_dir.iterdir())


@contextmanager
def consistent_copy(data_dir: Path) -> Iterator[Path]:
    """A private copy of the data files as one state (no import half-applied), for as long as the block runs.

    Where the folder is read-only to this process (a viewer-only server), no lock can be taken:
    the copy is made without it, and retried if an import's journal appears meanwhile.
    """
    with tempfile.TemporaryDirectory(prefix="iom-data-") as folder:
        target = Path(folder)
        held = lock(data_dir, READ_LOCK_TIMEOUT_S)
        try:
            held.acquire()
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
    return tuple(sorted((p.name, p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns) for p in data_dir.iterdir()
                        if p.is_file() and not p.name.startswith("."))) + ((data_dir / JOURNAL_FILE).exists(),)


def _copy_settled(data_dir: Path, target: Path, tries: int = 200) -> None:
    """Without the lock: copy until no import ran during the copy (no journal, no file replaced), as far as can be told."""
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
