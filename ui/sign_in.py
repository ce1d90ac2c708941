"""Who may import: the sign-in this installation uses (``lib.importing.auth`` decides; this draws it)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from lib.i18n import _, translated
from lib.importing import auth
from lib.presenting.formats import format_number
from lib.presenting.text import md_text
from ui.state import data_dir

EDITOR_KEY = "editor"  # who signed in as an editor, in this session
LOCKOUT_FILE = ".editor-lockout.json"  # hidden: not data, not in the data version
PASSWORD_ACCOUNT = "editor"  # the one account the editor password signs in
# The sign-in button's key as Streamlit made it from the form and the English label: kept explicitly, so that the
# button stays the same widget whatever language its label is shown in.
SIGN_IN_BUTTON = "FormSubmitter:editor_sign_in-Sign in"


def _secrets() -> dict:
    """The app's secrets as a plain dict; none (or an unreadable file) is an empty one."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or a broken one: importing stays off
        return {}


def signed_in_editor() -> str | None:
    """Who may import in this session, after showing the sign-in this installation uses; None if nobody."""
    secrets = _secrets()
    mode = auth.auth_mode(secrets)
    if mode is None:
        st.info(translated(auth.HOW_TO_ENABLE), icon=":material/lock:")
        return None
    if mode == auth.OIDC:
        return _identity_provider_editor(secrets)
    return _password_editor(secrets)


def _identity_provider_editor(secrets: dict) -> str | None:
    """Sign-in through the configured identity provider; an editor is a listed e-mail address."""
    if not getattr(st.user, "is_logged_in", False):  # absent, not False, where no sign-in ever ran
        st.button(_("Sign in to import"), icon=":material/login:", on_click=st.login, key="editor_login")
        return None
    claimed = st.user.get("email")
    email = claimed if isinstance(claimed, str) else None  # the identity provider's claim, if it is a text
    editor = auth.is_editor_email(email, secrets)
    if editor:
        st.caption(_("Signed in as %(email)s (editor).", email=md_text(email)))
    else:
        st.warning(
            _(
                "Signed in as %(email)s, who is not listed as an editor. Viewing stays open to everyone.",
                email=md_text(email),
            )
        )
    st.button(_("Sign out"), on_click=st.logout, key="editor_logout")
    return str(email) if editor else None


def _password_editor(secrets: dict) -> str | None:
    """The one editor password, stored hashed; wrong passwords lock the account for every session."""
    if st.session_state.get(EDITOR_KEY):
        st.caption(_("Signed in as editor."))
        if st.button(_("Sign out"), key="editor_logout"):
            st.session_state.pop(EDITOR_KEY, None)
            st.rerun()
        return st.session_state[EDITOR_KEY]
    # The count of wrong passwords is the server's, not the session's: a reload does not reset it.
    lockout = _lockout()
    if _locked_out(lockout.remaining(PASSWORD_ACCOUNT)):
        return None
    with st.form("editor_sign_in", border=True):
        password = st.text_input(_("Editor password"), type="password", key="editor_password")
        submitted = st.form_submit_button(_("Sign in"), icon=":material/login:", key=SIGN_IN_BUTTON)
    if not submitted:
        return None
    if _locked_out(lockout.attempt(PASSWORD_ACCOUNT)):  # counted before it is checked: no race between sessions
        return None
    if auth.verify_password(password, str(secrets["editors"]["password_hash"])):
        st.session_state[EDITOR_KEY] = "editor (password)"
        lockout.succeeded(PASSWORD_ACCOUNT)
        st.rerun()
    if not _locked_out(lockout.remaining(PASSWORD_ACCOUNT)):
        st.error(_("That is not the editor password."))
    return None


def _locked_out(waiting: int) -> bool:
    """Say how long to wait, where there is a wait."""
    if waiting:
        st.error(_("Too many wrong passwords: try again in %(seconds)s s.", seconds=format_number(waiting)))
    return bool(waiting)


@cache
def _lockout_for(path: str) -> auth.Lockout:
    return auth.Lockout(Path(path))


def _lockout() -> auth.Lockout:
    """One lockout record per data folder, shared by every session (and, through its file, every process)."""
    return _lockout_for(str(data_dir() / LOCKOUT_FILE))
