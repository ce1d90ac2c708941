"""The Data page's "Add or correct an edition" tab: template, guide, sign-in, upload, preview, confirm."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from lib.dataset.csvtext import MAX_FILE_BYTES, MEGABYTE
from lib.importing.editions import GUIDE, import_edition, template_csv
from lib.importing.planning import DETAILS, Plan, plan_import
from lib.presenting.text import md_text
from ui import keys
from ui.draft_tab import draft_panel
from ui.sign_in import signed_in_editor
from ui.state import data_dir, dataset

# The CSV uploader refuses a larger file in the browser, before a byte is sent (the server allows a
# newsletter's size, .streamlit/config.toml): in whole MB of 1,000,000 bytes, as st.file_uploader takes and
# counts them (on Windows a browser counts 1,048,576; the server's own check then says no, with the limit).
CSV_UPLOAD_MB = MAX_FILE_BYTES // MEGABYTE
DETAIL_LABELS = {
    "title": "Title",
    "published": "Published (YYYY-MM)",
    "period_start": "Reporting period starts (YYYY-MM-DD)",
    "period_end": "Reporting period ends (YYYY-MM-DD)",
    "source_file": "Source file name",
}
NEWSLETTER, CSV_FILE = "The newsletter: draft its figures", "A CSV of figures"
SOURCES = (NEWSLETTER, CSV_FILE)
PREVIEW_COLUMNS = [
    "figure_id",
    "programme",
    "indicator",
    "value_as_written",
    "basis",
    "period_start",
    "period_end",
    "source_quote",
]


def import_tab() -> None:
    """Template and guide for everyone; upload, preview and import for a signed-in editor."""
    st.markdown(
        "Add the next newsletter's figures, or correct an edition. Uploading an edition that is already stored "
        "replaces its figures; you see every change before anything is written, and the previous files are kept."
    )
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.download_button(
            "Download the template",
            lambda: template_csv(data_dir()),
            file_name="figures-template.csv",
            mime="text/csv",
            key=keys.DOWNLOAD_TEMPLATE,
            icon=":material/download:",
            on_click="ignore",
        )
    with right, st.expander("How to enter a newsletter's figures", icon=":material/help:"):
        st.markdown(GUIDE)

    done = st.session_state.pop(keys.DONE, None)
    if done:
        st.success(md_text(done), icon=":material/check_circle:")

    editor = signed_in_editor()
    if editor is None:
        return
    source = st.segmented_control(
        "Start from", list(SOURCES), default=CSV_FILE, key=keys.IMPORT_SOURCE, required=True, persist_state="session"
    )
    new_indicators: list[dict[str, str]] | None = None
    if source == NEWSLETTER:
        file = draft_panel(dataset())
        review = st.session_state.get(keys.DRAFT)
        new_indicators = review.accepted_indicators() if review is not None else None
    else:
        # A new key after each import empties the uploader: the file just imported is not checked again.
        upload = st.file_uploader(
            f"CSV of figures (at most {CSV_UPLOAD_MB} MB)",
            type=["csv"],
            key=keys.edition_upload(st.session_state.get(keys.UPLOAD_GENERATION, 0)),
            max_upload_size=CSV_UPLOAD_MB,
        )
        file = None if upload is None else (upload.name, upload.getvalue())
    with st.expander("Edition details — needed when the upload adds a new edition", icon=":material/edit_note:"):
        details = {
            field: st.text_input(DETAIL_LABELS[field], key=keys.edition_detail(field), persist_state="session").strip()
            for field in keys.DETAIL_FIELDS
        }
    if file is None:
        return
    name, content = file
    plan = _plan(name, content, details, new_indicators)
    if not plan.ok:
        _refusal(name, plan)
        return
    _preview(plan)
    if st.button("Import these changes", type="primary", icon=":material/upload:", key=keys.CONFIRM_IMPORT):
        _import(name, content, details, plan, editor, new_indicators)


def _plan(name: str, content: bytes, details: dict[str, str], new_indicators: list[dict[str, str]] | None) -> Plan:
    """What importing the upload would do; remembered for this file, these details and these accepted new
    indicators, so that a rerun does not validate again."""
    given = repr(sorted(details.items())) + repr(new_indicators)
    upload_key = hashlib.sha256(content + given.encode()).hexdigest()
    remembered = st.session_state.get(keys.PLAN)
    if remembered is None or remembered[0] != upload_key:
        with st.spinner("Checking the file against the data package…"):
            plan = plan_import(data_dir(), name, content, details, new_indicators)
            st.session_state[keys.PLAN] = (upload_key, plan)
    return st.session_state[keys.PLAN][1]


def _refusal(name: str, plan: Plan) -> None:
    """Every problem, by file, row and column; nothing has been written."""
    needs_details = any(p.file == DETAILS for p in plan.problems)
    st.error(
        f"{len(plan.problems)} problem(s) in {md_text(name)}: nothing has been changed."
        + (" Fill in the edition details above." if needs_details else ""),
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "File": p.file,
                    "Row": "" if p.row is None else str(p.row),
                    "Column": p.column or "",
                    "Problem": p.message,
                }
                for p in plan.problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _preview(plan: Plan) -> None:
    """Exactly what the import adds, changes and removes."""
    st.success(md_text(plan.summary()), icon=":material/preview:")
    if plan.edition_changes:
        st.markdown("**Edition details that change**")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Edition": c.figure_id, "Field": c.column, "Now": c.before, "After import": c.after}
                    for c in plan.edition_changes
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if plan.new_indicators:
        st.markdown(f"**New indicators added to the catalogue — {len(plan.new_indicators)}**")
        st.dataframe(pd.DataFrame(plan.new_indicators), hide_index=True, width="stretch")
    added, changed, removed = st.tabs(
        [f"Added ({len(plan.added)})", f"Changed ({len(plan.changed)})", f"Removed ({len(plan.removed)})"]
    )
    with added:
        if plan.added:
            st.dataframe(pd.DataFrame(plan.added)[PREVIEW_COLUMNS], hide_index=True, width="stretch")
    with changed:
        if plan.changed:
            st.dataframe(
                pd.DataFrame(
                    [
                        {"Figure": c.figure_id, "Column": c.column, "Now": c.before, "After import": c.after}
                        for c in plan.changed
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
    with removed:
        if plan.removed:
            st.dataframe(pd.DataFrame(plan.removed)[PREVIEW_COLUMNS], hide_index=True, width="stretch")


def _import(
    name: str,
    content: bytes,
    details: dict[str, str],
    plan: Plan,
    editor: str,
    new_indicators: list[dict[str, str]] | None = None,
) -> None:
    """Write the confirmed plan, unless the stored data changed since it was shown; then empty the uploader."""
    result = import_edition(
        data_dir(),
        name,
        content,
        details,
        expected_base=plan.base_version,
        editor=editor,
        new_indicators=new_indicators,
    )
    st.session_state.pop(keys.PLAN, None)
    if not result.written:
        st.error(md_text("Nothing was imported: " + "; ".join(str(p) for p in result.plan.problems[:5])))
        return
    kept = f" The previous files are kept in data/history/{result.history.name}." if result.history else ""
    st.session_state[keys.DONE] = f"Imported {name}: {result.plan.summary().split(': ', 1)[1]}.{kept}"
    st.session_state[keys.UPLOAD_GENERATION] = st.session_state.get(keys.UPLOAD_GENERATION, 0) + 1
    # The draft is imported: it is done, and so are the edition details it filled in (kept, they would be
    # proposed as changes to whatever edition the next upload touches).
    for key in (keys.DRAFT, *(keys.edition_detail(field) for field in keys.DETAIL_FIELDS)):
        st.session_state.pop(key, None)
    st.rerun()
