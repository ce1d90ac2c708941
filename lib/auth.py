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
import secrets
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

OIDC = "oidc"
PASSWORD = "password"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_ATTEMPTS = 5  # wrong passwords for an account, from any session, before it has to wait
LOCKOUT_S = 60


class Lockout:
    """Wrong passwords counted per account for the whole server, not per browser session.

    A reload or a new session does not reset the count: it is kept in a small JSON file (beside the
    data, hidden) under a file lock, so every session of every server process sharing the data
    folder sees the same count, and a restart keeps it. Where the file cannot be written, the
    count is kept in this process's memory, shared by its sessions.
    """

    def __init__(self, path: Path, max_attempts: int = MAX_ATTEMPTS, lockout_s: int = LOCKOUT_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.path, self.max_attempts, self.lockout_s, self.clock = path, max_attempts, lockout_s, clock
        self._memory: dict[str, dict[str, float]] = {}

    def _read(self) -> dict[str, dict[str, float]]:
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))
            return records if isinstance(records, dict) else {}
        except (OSError, ValueError):
            return dict(self._memory)

    def _write(self, records: dict[str, dict[str, float]]) -> None:
        self._memory = records
        try:
            temporary = self.path.with_name(f".{self.path.name.lstrip('.')}.{os.getpid()}.part")
            temporary.write_text(json.dumps(records), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only folder: this process's memory holds the count

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

    def remaining(self, account: str) -> int:
        """Seconds until ``account`` may try again; 0 when it is not locked."""
        record = self._read().get(account)
        if not record or record.get("failures", 0) < self.max_attempts:
            return 0
        return max(0, int(record.get("since", 0) + self.lockout_s - self.clock() + 0.999))

    def attempt(self, account: str) -> int:
        """Before a password is checked: count the attempt, or say how long the account must still wait.

        Counting first, under the lock, means sessions that submit at the same moment share the five
        tries instead of each seeing "not locked" and getting five of their own. A right password then
        clears the count (``succeeded``). Returns 0 when the attempt may go ahead.
        """
        with self._locked():
            waiting = self.remaining(account)
            if waiting:
                return waiting
            records = self._read()
            record = records.get(account, {"failures": 0, "since": 0.0})
            if record["failures"] >= self.max_attempts:
                record = {"failures": 0, "since": 0.0}  # the lock has expired: a fresh count
            records[account] = {"failures": record["failures"] + 1, "since": self.clock()}
            self._write(records)
        return 0

    def failed(self, account: str) -> int:
        """Count a wrong password; returns the seconds the account is now locked for (0 if not yet)."""
        self.attempt(account)
        return self.remaining(account)

    def succeeded(self, account: str) -> None:
        with self._locked():
            records = self._read()
            if records.pop(account, None) is not None:
                self._write(records)


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
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(bytes.fromhex(expected)), maxmem=256 * 1024 * 1024)
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
    except Exception:  # noqa: BLE001 - a broken secrets.toml means: not configured
        return None
    return None


def editor_emails(secrets_: Mapping) -> set[str]:
    editors = secrets_.get("editors", {})
    emails = editors.get("emails", []) if isinstance(editors, Mapping) else []
    return {str(email).strip().lower() for email in emails}


def is_editor_email(email: str | None, secrets_: Mapping) -> bool:
    """A signed-in address may import only if it is listed; no list means nobody may."""
    return bool(email) and email.strip().lower() in editor_emails(secrets_)


HOW_TO_ENABLE = (
    "Importing is switched off: no editor sign-in is configured. To switch it on, copy "
    "`secrets.toml.example` to `.streamlit/secrets.toml` and either configure `[auth]` "
    "(your organisation's sign-in, with editors listed in `[editors] emails`) or set "
    "`[editors] password_hash` to the output of `python -m lib.auth hash-password`. Then restart the app."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.auth",
                                     description="Set up the editor password that lets a person import data.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "hash-password", help="ask for an editor password and print the secrets.toml line that stores its hash",
        description="Ask for the editor password twice (at least 12 characters; nothing is echoed) and print "
                    "the [editors] password_hash line, a salted scrypt hash, for .streamlit/secrets.toml. "
                    "The password itself is not stored anywhere.",
        epilog="Exit status: 0 when the line is printed; 1 when the password is too short or the two entries "
               "differ; 2 for a usage error.")
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
