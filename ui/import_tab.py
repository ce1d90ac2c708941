"""The Data page's "Add or correct an edition" tab: template, guide, sign-in, upload, preview, confirm."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from lib.dataset.csvtext import MAX_FILE_BYTES, MEGABYTE, problem_line, problem_text
from lib.i18n import N_, _, ngettext, translated
from lib.importing.editions import GUIDE, import_edition, template_csv
from lib.importing.planning import DETAILS, Plan, plan_import
from lib.presenting.formats import format_number
from lib.presenting.text import md_text
from ui import keys
from ui.draft_tab import draft_panel
from ui.sign_in import signed_in_editor
from ui.state import data_dir, dataset

# The CSV uploader refuses a larger file in the browser, before a byte is sent (the server allows a
# newsletter's size, .streamlit/config.toml): in whole MB of 1,000,000 bytes, as st.file_uploader takes and
# counts them (on Windows a browser counts 1,048,576; the server's own check then says no, with the limit).
CSV_UPLOAD_MB = MAX_FILE_BYTES // MEGABYTE
DETAIL_LABELS = {  # drawn with ``translated``
    "title": N_("Title"),
    "published": N_("Published (YYYY-MM)"),
    "period_start": N_("Reporting period starts (YYYY-MM-DD)"),
    "period_end": N_("Reporting period ends (YYYY-MM-DD)"),
    "source_file": N_("Source file name"),
}
# The two ways to start: the options' values (kept in the session, so never translated) are their English labels;
# the reader sees them in their language (``translated`` as the control's format_func).
NEWSLETTER, CSV_FILE = N_("The newsletter: draft its figures"), N_("A CSV of figures")
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
        _(
            "Add the next newsletter's figures, or correct an edition. Uploading an edition that is already stored "
            "replaces its figures; you see every change before anything is written, and the previous files are kept."
        )
    )
    _template_and_guide()
    done = st.session_state.pop(keys.DONE, None)
    if done:
        st.success(md_text(done), icon=":material/check_circle:")

    editor = signed_in_editor()
    if editor is None:
        return
    source = st.segmented_control(
        _("Start from"),
        list(SOURCES),
        default=CSV_FILE,
        format_func=translated,
        key=keys.IMPORT_SOURCE,
        required=True,
        persist_state="session",
    )
    new_indicators: list[dict[str, str]] | None = None
    if source == NEWSLETTER:
        file = draft_panel(dataset())
        review = st.session_state.get(keys.DRAFT)
        new_indicators = review.accepted_indicators() if review is not None else None
    else:
        # A new key after each import empties the uploader: the file just imported is not checked again.
        upload = st.file_uploader(
            _("CSV of figures (at most %(size)s MB)", size=format_number(CSV_UPLOAD_MB)),
            type=["csv"],
            key=keys.edition_upload(st.session_state.get(keys.UPLOAD_GENERATION, 0)),
            max_upload_size=CSV_UPLOAD_MB,
        )
        file = None if upload is None else (upload.name, upload.getvalue())
    details = _edition_details()
    if file is None:
        return
    name, content = file
    plan = _plan(name, content, details, new_indicators)
    if not plan.ok:
        _refusal(name, plan)
        return
    _preview(plan)
    if st.button(_("Import these changes"), type="primary", icon=":material/upload:", key=keys.CONFIRM_IMPORT):
        _import(name, content, details, plan, editor, new_indicators)


def _template_and_guide() -> None:
    """The CSV template to download, and how to fill it in."""
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.download_button(
            _("Download the template"),
            lambda: template_csv(data_dir()),
            file_name="figures-template.csv",
            mime="text/csv",
            key=keys.DOWNLOAD_TEMPLATE,
            icon=":material/download:",
            on_click="ignore",
        )
    with right, st.expander(_("How to enter a newsletter's figures"), icon=":material/help:"):
        st.markdown(translated(GUIDE))


def _edition_details() -> dict[str, str]:
    """The edition details the import asks for where the upload adds an edition (a new draft fills them in)."""
    with st.expander(_("Edition details — needed when the upload adds a new edition"), icon=":material/edit_note:"):
        return {
            field: st.text_input(
                translated(DETAIL_LABELS[field]), key=keys.edition_detail(field), persist_state="session"
            ).strip()
            for field in keys.DETAIL_FIELDS
        }


def _plan(name: str, content: bytes, details: dict[str, str], new_indicators: list[dict[str, str]] | None) -> Plan:
    """What importing the upload would do; remembered for this file, these details and these accepted new
    indicators, so that a rerun does not validate again."""
    given = repr(sorted(details.items())) + repr(new_indicators)
    upload_key = hashlib.sha256(content + given.encode()).hexdigest()
    remembered = st.session_state.get(keys.PLAN)
    if remembered is None or remembered[0] != upload_key:
        with st.spinner(_("Checking the file against the data package…")):
            plan = plan_import(data_dir(), name, content, details, new_indicators)
            st.session_state[keys.PLAN] = (upload_key, plan)
    return st.session_state[keys.PLAN][1]


def _refusal(name: str, plan: Plan) -> None:
    """Every problem, by file, row and column; nothing has been written."""
    needs_details = any(p.file == DETAILS for p in plan.problems)
    problems = ngettext(  # "problem(s)" in English whatever the count; the forms are for other languages
        "%(count)s problem(s) in %(file)s: nothing has been changed.",
        "%(count)s problem(s) in %(file)s: nothing has been changed.",
        len(plan.problems),
        count=format_number(len(plan.problems)),
        file=md_text(name),
    )
    details = " " + _("Fill in the edition details above.") if needs_details else ""
    st.error(problems + details, icon=":material/error:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("File"): p.file,
                    _("Row"): "" if p.row is None else str(p.row),
                    _("Column"): p.column or "",
                    _("Problem"): problem_text(p),
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
        st.markdown(_("**Edition details that change**"))
        st.dataframe(
            pd.DataFrame(
                [
                    {_("Edition"): c.figure_id, _("Field"): c.column, _("Now"): c.before, _("After import"): c.after}
                    for c in plan.edition_changes
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    if plan.new_indicators:
        st.markdown(
            _("**New indicators added to the catalogue — %(count)s**", count=format_number(len(plan.new_indicators)))
        )
        st.dataframe(pd.DataFrame(plan.new_indicators), hide_index=True, width="stretch")
    added, changed, removed = st.tabs(
        [
            _("Added (%(count)s)", count=format_number(len(plan.added))),
            _("Changed (%(count)s)", count=format_number(len(plan.changed))),
            _("Removed (%(count)s)", count=format_number(len(plan.removed))),
        ]
    )
    with added:
        if plan.added:
            st.dataframe(pd.DataFrame(plan.added)[PREVIEW_COLUMNS], hide_index=True, width="stretch")
    with changed:
        if plan.changed:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            _("Figure"): c.figure_id,
                            _("Column"): c.column,
                            _("Now"): c.before,
                            _("After import"): c.after,
                        }
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
        problems = "; ".join(problem_line(p) for p in result.plan.problems[:5])
        st.error(md_text(_("Nothing was imported: %(problems)s", problems=problems)))
        return
    done = _("Imported %(file)s: %(summary)s.", file=name, summary=result.plan.summary().split(": ", 1)[1])
    if result.history:
        folder = f"data/history/{result.history.name}"
        done += " " + _("The previous files are kept in %(folder)s.", folder=folder)
    st.session_state[keys.DONE] = done
    st.session_state[keys.UPLOAD_GENERATION] = st.session_state.get(keys.UPLOAD_GENERATION, 0) + 1
    # The draft is imported: it is done, and so are the edition details it filled in (kept, they would be
    # proposed as changes to whatever edition the next upload touches).
    for key in (keys.DRAFT, *(keys.edition_detail(field) for field in keys.DETAIL_FIELDS)):
        st.session_state.pop(key, None)
    st.rerun()
