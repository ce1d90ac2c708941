"""The Data page's "Add or correct an edition" tab: sign-in, template, upload, preview, confirm."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import auth
from lib.editions import DETAILS, EDITION_FIELDS, GUIDE, Plan, import_edition, plan_import, template_csv
from lib.ui import data_dir
from lib.text import md_text
from lib.validate import MAX_FILE_BYTES

EDITOR_KEY = "editor"  # who signed in as an editor, in this session
PLAN_KEY = "import_plan"
DONE_KEY = "import_done"
UPLOAD_GENERATION_KEY = "import_upload_generation"
LOCKOUT_FILE = ".editor-lockout.json"  # hidden: not data, not in the fingerprint
PASSWORD_ACCOUNT = "editor"  # the one account the editor password signs in
DETAIL_LABELS = {"title": "Title", "published": "Published (YYYY-MM)", "period_start": "Reporting period starts (YYYY-MM-DD)",
                 "period_end": "Reporting period ends (YYYY-MM-DD)", "source_file": "Source file name"}


def _secrets() -> dict:
    """The app's secrets as a plain dict; none (or an unreadable file) is an empty one."""
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets.toml, or a broken one: importing stays off
        return {}


def signed_in_editor() -> str | None:
    """Who may import in this session, after showing the sign-in this installation uses; None if nobody."""
    secrets_ = _secrets()
    mode = auth.auth_mode(secrets_)
    if mode is None:
        st.info(auth.HOW_TO_ENABLE, icon=":material/lock:")
        return None
    if mode == auth.OIDC:
        if not getattr(st.user, "is_logged_in", False):  # absent, not False, where no sign-in ever ran
            st.button("Sign in to import", icon=":material/login:", on_click=st.login, key="editor_login")
            return None
        email = st.user.get("email")
        if not auth.is_editor_email(email, secrets_):
            st.warning(f"Signed in as {md_text(email)}, who is not listed as an editor. Viewing stays open to everyone.")
            st.button("Sign out", on_click=st.logout, key="editor_logout")
            return None
        st.caption(f"Signed in as {md_text(email)} (editor).")
        st.button("Sign out", on_click=st.logout, key="editor_logout")
        return str(email)
    # One editor password, stored hashed.
    if st.session_state.get(EDITOR_KEY):
        st.caption("Signed in as editor.")
        if st.button("Sign out", key="editor_logout"):
            st.session_state.pop(EDITOR_KEY, None)
            st.rerun()
        return st.session_state[EDITOR_KEY]
    # The count of wrong passwords is the server's, not the session's: a reload does not reset it.
    lockout = _lockout()
    waiting = lockout.remaining(PASSWORD_ACCOUNT)
    if waiting:
        st.error(f"Too many wrong passwords: try again in {waiting} s.")
        return None
    with st.form("editor_sign_in", border=True):
        password = st.text_input("Editor password", type="password", key="editor_password")
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if submitted:
        waiting = lockout.attempt(PASSWORD_ACCOUNT)  # counted before it is checked: no race between sessions
        if waiting:
            st.error(f"Too many wrong passwords: try again in {waiting} s.")
            return None
        if auth.verify_password(password, str(secrets_["editors"]["password_hash"])):
            st.session_state[EDITOR_KEY] = "editor (password)"
            lockout.succeeded(PASSWORD_ACCOUNT)
            st.rerun()
        waiting = lockout.remaining(PASSWORD_ACCOUNT)
        if waiting:
            st.error(f"Too many wrong passwords: try again in {waiting} s.")
        else:
            st.error("That is not the editor password.")
    return None


@st.cache_resource(show_spinner=False)
def _lockout_for(path: str) -> auth.Lockout:
    return auth.Lockout(Path(path))


def _lockout() -> auth.Lockout:
    """One lockout record per data folder, shared by every session (and, through its file, every process)."""
    return _lockout_for(str(data_dir() / LOCKOUT_FILE))


def _problems_table(plan: Plan) -> pd.DataFrame:
    return pd.DataFrame([{"File": p.file, "Row": "" if p.row is None else str(p.row), "Column": p.column or "",
                          "Problem": p.message} for p in plan.problems])


def _preview(plan: Plan) -> None:
    """Exactly what the import adds, changes and removes."""
    st.success(md_text(plan.summary()), icon=":material/preview:")
    if plan.edition_changes:
        st.markdown("**Edition details that change**")
        st.dataframe(pd.DataFrame([{"Edition": c.figure_id, "Field": c.column, "Now": c.before, "After import": c.after}
                                   for c in plan.edition_changes]), hide_index=True, width="stretch")
    added, changed, removed = st.tabs([f"Added ({len(plan.added)})", f"Changed ({len(plan.changed)})", f"Removed ({len(plan.removed)})"])
    columns = ["figure_id", "programme", "indicator", "value_as_written", "basis", "period_start", "period_end", "source_quote"]
    with added:
        if plan.added:
            st.dataframe(pd.DataFrame(plan.added)[columns], hide_index=True, width="stretch")
    with changed:
        if plan.changed:
            st.dataframe(pd.DataFrame([{"Figure": c.figure_id, "Column": c.column, "Now": c.before, "After import": c.after}
                                       for c in plan.changed]), hide_index=True, width="stretch")
    with removed:
        if plan.removed:
            st.dataframe(pd.DataFrame(plan.removed)[columns], hide_index=True, width="stretch")


def import_tab() -> None:
    """Template and guide for everyone; upload, preview and import for a signed-in editor."""
    st.markdown("Add the next newsletter's figures, or correct an edition. Uploading an edition that is already stored "
                "replaces its figures; you see every change before anything is written, and the previous files are kept.")
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.download_button("Download the template", lambda: template_csv(data_dir()), file_name="figures-template.csv", mime="text/csv",
                           key="download_template", icon=":material/download:", on_click="ignore")
    with right, st.expander("How to enter a newsletter's figures", icon=":material/help:"):
        st.markdown(GUIDE)

    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(md_text(done), icon=":material/check_circle:")

    editor = signed_in_editor()
    if editor is None:
        return
    # A new key after each import empties the uploader: the file just imported is not checked again.
    upload = st.file_uploader(f"CSV of figures (at most {MAX_FILE_BYTES // (1024 * 1024)} MB)", type=["csv"],
                              key=f"edition_upload_{st.session_state.get(UPLOAD_GENERATION_KEY, 0)}")
    with st.expander("Edition details — needed when the upload adds a new edition", icon=":material/edit_note:"):
        details = {key: st.text_input(DETAIL_LABELS[key], key=f"edition_{key}").strip() for key in EDITION_FIELDS[1:]}
    if upload is None:
        return
    content = upload.getvalue()
    # The plan is remembered for this file and these details, so a rerun does not validate again.
    fingerprint = hashlib.sha256(content + repr(sorted(details.items())).encode()).hexdigest()
    cached = st.session_state.get(PLAN_KEY)
    if cached is None or cached[0] != fingerprint:
        with st.spinner("Checking the file against the data package…"):
            plan = plan_import(data_dir(), upload.name, content, details)
        st.session_state[PLAN_KEY] = (fingerprint, plan)
    plan: Plan = st.session_state[PLAN_KEY][1]
    if not plan.ok:
        needs_details = any(p.file == DETAILS for p in plan.problems)
        st.error(f"{len(plan.problems)} problem(s) in {md_text(upload.name)}: nothing has been changed."
                 + (" Fill in the edition details above." if needs_details else ""), icon=":material/error:")
        st.dataframe(_problems_table(plan), hide_index=True, width="stretch")
        return
    _preview(plan)
    if st.button("Import these changes", type="primary", icon=":material/upload:", key="confirm_import"):
        result = import_edition(data_dir(), upload.name, content, details, expected_base=plan.base_key, editor=editor)
        st.session_state.pop(PLAN_KEY, None)
        if not result.written:
            st.error(md_text("Nothing was imported: " + "; ".join(str(p) for p in result.plan.problems[:5])))
            return
        st.session_state[DONE_KEY] = (f"Imported {upload.name}: {result.plan.summary().split(': ', 1)[1]}. "
                                      f"The previous files are kept in data/history/{result.history.name}.")
        st.session_state[UPLOAD_GENERATION_KEY] = st.session_state.get(UPLOAD_GENERATION_KEY, 0) + 1
        st.rerun()
