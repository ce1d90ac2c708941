"""Who may import: editors only. Viewing stays open and read-only.

Two ways to be an editor, both configured in Streamlit's secrets (``.streamlit/secrets.toml``,
never in the repository; see ``secrets.toml.example``):

* ``[auth]`` configured: sign in with the organisation's identity provider (OIDC, ``st.login``);
  editors are the addresses listed in ``[editors] emails``.
* otherwise ``[editors] password_hash``: one editor password, stored as a salted scrypt hash
  (``python -m lib.auth hash-password`` makes one) and compared in constant time.

Without either, importing is disabled and the page says how to enable it.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import math
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypedDict, cast

from filelock import FileLock

from lib.i18n import N_

OIDC = "oidc"
PASSWORD = "password"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_ATTEMPTS = 5  # wrong passwords for an account, from any session, before it has to wait
LOCKOUT_S = 60
# A lockout time this far ahead of the clock is another server's clock running a little fast; further, it is not valid.
CLOCK_SKEW_S = 30
EVERY_ACCOUNT = (
    "*"  # the record standing for a lockout file that could not be read as records (never an account's name)
)


class _Record(TypedDict):
    """One account's wrong passwords: how many, and when the last was counted (seconds since the epoch)."""

    failures: int
    since: float


class Lockout:
    """Wrong passwords counted per account for the whole server, not per browser session.

    A reload or a new session does not reset the count: it is kept in a small JSON file (beside the
    data, hidden) under a file lock, so every session of every server process sharing the data
    folder sees the same count, and a restart keeps it. Where the file cannot be written, the
    count is kept in this process's memory, shared by its sessions.

    The file is read strictly: a record that is not a count and a time (a string, NaN, a negative
    count, a time ahead of the clock), or a file that is not an object of records, counts as one
    lockout from when it was first seen, and is stored so; never unlimited tries, never locked for good.
    """

    def __init__(
        self,
        path: Path,
        max_attempts: int = MAX_ATTEMPTS,
        lockout_s: int = LOCKOUT_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path, self.max_attempts, self.lockout_s, self.clock = path, max_attempts, lockout_s, clock
        self._memory: dict[str, _Record] = {}
        self._in_memory = False  # the file could not be written: the latest count is in this process's memory

    def _records(self) -> dict[str, _Record]:
        """Every account's record, each checked (the caller holds the lock); what is not valid becomes a lockout
        from now."""
        if self._in_memory:
            return dict(self._memory)
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError:  # no file yet, or none that can be read
            return dict(self._memory)
        except ValueError:  # not JSON, or not UTF-8
            content = None
        now = self.clock()
        locked: _Record = {"failures": self.max_attempts, "since": now}
        if not isinstance(content, dict):
            records = {EVERY_ACCOUNT: locked}  # whose counts these were cannot be told: every account waits once
        else:
            checked = {account: _valid_record(record, now) for account, record in content.items()}
            if all(record is not None for record in checked.values()):
                return cast(dict[str, _Record], checked)
            records = {account: record or locked for account, record in checked.items()}
        self._write(records)  # the lockout starts now, once: read again, it is a valid record that ends
        return records

    def _write(self, records: dict[str, _Record]) -> None:
        self._memory = records
        try:
            temporary = self.path.with_name(f".{self.path.name.lstrip('.')}.{os.getpid()}.part")
            temporary.write_text(json.dumps(records, allow_nan=False), encoding="utf-8")
            os.replace(temporary, self.path)
            self._in_memory = False
        except OSError:
            self._in_memory = True  # a read-only folder: this process's memory holds the count

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The file lock, where it can be taken; else this process's own (a read-only folder, a lock held too long)."""
        lock = FileLock(str(self.path) + ".lock", timeout=10)
        try:
            lock.acquire()
        except OSError:  # Timeout is one too
            with _PROCESS_LOCK:
                yield
            return
        try:
            with _PROCESS_LOCK:
                yield
        finally:
            lock.release()

    def _waiting(self, records: dict[str, _Record], account: str) -> int:
        """Seconds until ``account`` may try again, by its own record and by a lockout of every account."""
        return max(self._wait(records.get(account)), self._wait(records.get(EVERY_ACCOUNT)))

    def _wait(self, record: _Record | None) -> int:
        if record is None or record["failures"] < self.max_attempts:
            return 0
        return max(0, int(record["since"] + self.lockout_s - self.clock() + 0.999))

    def remaining(self, account: str) -> int:
        """Seconds until ``account`` may try again; 0 when it is not locked."""
        with self._locked():
            return self._waiting(self._records(), account)

    def attempt(self, account: str) -> int:
        """Before a password is checked: count the attempt, or say how long the account must still wait.

        Counting first, under the lock, means sessions that submit at the same moment share the five
        tries instead of each seeing "not locked" and getting five of their own. A right password then
        clears the count (``succeeded``). Returns 0 when the attempt may go ahead.
        """
        with self._locked():
            records = self._records()
            waiting = self._waiting(records, account)
            if waiting:
                return waiting
            records.pop(EVERY_ACCOUNT, None)  # a lockout of every account that has ended
            record = records.get(account)
            # A lockout that has ended starts a fresh count.
            failures = record["failures"] if record is not None and record["failures"] < self.max_attempts else 0
            records[account] = {"failures": failures + 1, "since": self.clock()}
            self._write(records)
        return 0

    def failed(self, account: str) -> int:
        """Count a wrong password; returns the seconds the account is now locked for (0 if not yet)."""
        self.attempt(account)
        return self.remaining(account)

    def succeeded(self, account: str) -> None:
        with self._locked():
            records = self._records()
            if records.pop(account, None) is not None:
                self._write(records)


def _finite(value: object) -> float | None:
    """``value`` as a finite number; None for anything else (a string, a boolean, NaN, infinity, an int beyond
    a float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _valid_record(value: object, now: float) -> _Record | None:
    """A record as ``Lockout`` writes it: a count that is a non-negative integer and a finite time not ahead of
    ``now``."""
    if not isinstance(value, dict):
        return None
    failures, since = value.get("failures"), _finite(value.get("since"))
    if isinstance(failures, bool) or not isinstance(failures, int) or failures < 0:
        return None
    if since is None or since > now + CLOCK_SKEW_S:
        return None
    return {"failures": failures, "since": since}


_PROCESS_LOCK = threading.Lock()  # the sessions of one process, whatever the file lock does


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex): what goes in ``[editors] password_hash``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True if ``password`` matches the stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(expected)),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, bytes.fromhex(expected))


def auth_mode(secrets_: Mapping) -> str | None:
    """``oidc`` when ``[auth]`` is configured, ``password`` when an editor password hash is, else None."""
    try:
        if "auth" in secrets_:
            return OIDC
        editors = secrets_.get("editors", {})
        if isinstance(editors, Mapping) and editors.get("password_hash"):
            return PASSWORD
    except Exception:  # a broken secrets.toml means: not configured
        return None
    return None


def editor_emails(secrets_: Mapping) -> set[str]:
    editors = secrets_.get("editors", {})
    emails = editors.get("emails", []) if isinstance(editors, Mapping) else []
    return {str(email).strip().lower() for email in emails}


def is_editor_email(email: str | None, secrets_: Mapping) -> bool:
    """A signed-in address may import only if it is listed; no list means nobody may."""
    return bool(email and email.strip().lower() in editor_emails(secrets_))


HOW_TO_ENABLE = N_(  # drawn with ``translated``
    "Importing is switched off: no editor sign-in is configured. To switch it on, copy "
    "`secrets.toml.example` to `.streamlit/secrets.toml` and either configure `[auth]` "
    "(your organisation's sign-in, with editors listed in `[editors] emails`) or set "
    "`[editors] password_hash` to the output of `python -m lib.auth hash-password`. Then restart the app."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.auth", description="Set up the editor password that lets a person import data."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "hash-password",
        help="ask for an editor password and print the secrets.toml line that stores its hash",
        description="Ask for the editor password twice (at least 12 characters; nothing is echoed) and print "
        "the [editors] password_hash line, a salted scrypt hash, for .streamlit/secrets.toml. "
        "The password itself is not stored anywhere.",
        epilog="Exit status: 0 when the line is printed; 1 when the password is too short or the two entries "
        "differ; 2 for a usage error.",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command (there is one: ``hash-password``); the exit status (a usage error exits 2 through argparse)."""
    _parser().parse_args(argv)
    password = getpass.getpass("Editor password: ")
    if len(password) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != password:
        print("The two entries differ.", file=sys.stderr)
        return 1
    print(f'[editors]\npassword_hash = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
