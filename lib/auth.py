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

import getpass
import hashlib
import hmac
import secrets
import sys
from collections.abc import Mapping

OIDC = "oidc"
PASSWORD = "password"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_ATTEMPTS = 5  # wrong passwords in a session before it has to wait
LOCKOUT_S = 60


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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["hash-password"]:
        print("usage: python -m lib.auth hash-password", file=sys.stderr)
        return 2
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
