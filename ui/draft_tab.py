"""Draft an edition from its newsletter (editors), and check a draft newsletter against the data (everyone).

The draft is kept in the session, with every edit, so it survives a page switch; nothing is written
until the editor confirms the import's preview, which is the same as for an uploaded CSV.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from lib.dataset.checks import BREAKDOWNS
from lib.dataset.csvtext import MEGABYTE
from lib.dataset.data import Dataset
from lib.importing.editions import EDITION_ID
from lib.newsletters import extract, upload_guard
from lib.newsletters.newsletter import FORMATS, MAX_NEWSLETTER_BYTES, NewsletterBusy, NewsletterError, ReaderStopped
from lib.newsletters.worker import parse_slot, read_guarded
from lib.presenting.formats import month_label
from lib.presenting.text import md_text

DRAFT_KEY = "edition_draft"  # the draft: its table (with the editor's changes), what it left unmatched, its source
CHECK_KEY = "newsletter_check"  # the last proof checked: (file, edition, data version), its report or refusal
READS_KEY = "newsletter_reads"  # when this session's newsletter reads started (``lib.newsletters.upload_guard``)
REFUSED_KEY = "newsletter_refused"  # file content hash -> why it was refused for what it is (not read again)
T = TypeVar("T")
DRAFT_GENERATION_KEY = "edition_draft_generation"  # a new editor widget after each change is folded into the draft
USE = "Use"  # a column: unticked means "not a figure"
# The number and its sentence first, then what it is said to be: what a reviewer reads across.
SHOWN = [
    USE,
    "confidence",
    "value_as_written",
    "source_quote",
    "programme",
    "indicator",
    "basis",
    "value",
    "period_start",
    "period_end",
    *BREAKDOWNS,
    "qualifier",
    "value_max",
    "denominator",
    "source_section",
    "continues",
    "figure_id",
]
EDITABLE = {
    USE,
    "value",
    "value_max",
    "denominator",
    "value_as_written",
    "qualifier",
    "programme",
    "indicator",
    "basis",
    "period_start",
    "period_end",
    *BREAKDOWNS,
}
UPLOAD_MB = MAX_NEWSLETTER_BYTES // MEGABYTE  # whole MB, as st.file_uploader takes and counts them
CHECK_COLUMNS = {
    "status": "Status",
    "written": "As written",
    "sentence": "Sentence",
    "section": "Section",
    "stored_figure": "Stored figure",
    "stored_value": "Stored value",
    "stored_sentence": "Stored sentence",
}


def next_edition(data: Dataset) -> str:
    """Three months after the latest stored edition: the quarterly rhythm."""
    latest = max(data.table("figures")["edition"])
    year, month = (int(p) for p in latest.split("-"))
    month += 3
    return f"{year + (month - 1) // 12:04d}-{(month - 1) % 12 + 1:02d}"


@dataclass(frozen=True)
class Refusal:
    """Why an upload was not read; ``final`` when reading it again would say the same (not so for 'busy')."""

    message: str
    final: bool


def _with_newsletter(upload, file_key: str, work: Callable[[extract.Newsletter], T]) -> T | Refusal:
    """``work`` done on the uploaded newsletter, read in the guarded worker, the reading slot held throughout (the
    matching too, so that two uploads are never matched at once); or, shown and logged, why it was not done.

    A file refused for what it is (too many pages, numbers in a sentence …) is remembered by its content: it is not
    read again at the next click, whatever edition is typed. Not final: "busy", a reader stopped from outside (the
    clock, a kill: the server may have been busy), and this session's own limit; only a read that starts counts
    against that limit."""
    refused = st.session_state.setdefault(REFUSED_KEY, {})
    if file_key in refused:
        st.error(md_text(refused[file_key]), icon=":material/error:")
        return Refusal(refused[file_key], final=True)
    now = time.time()
    started = upload_guard.recent(st.session_state.get(READS_KEY, []), now)
    if wait := upload_guard.seconds_to_wait(started, now):
        refusal = Refusal(
            f"{upload.name}: {upload_guard.READS_PER_SESSION} newsletters have been read for this session "
            f"in the last {upload_guard.READ_WINDOW_S / 60:g} minutes; try again in "
            f"{math.ceil(wait / 60)} minute(s)",
            final=False,
        )
    else:
        try:
            with parse_slot(upload.name):
                st.session_state[READS_KEY] = [*started, now]
                with st.spinner("Reading the newsletter…"):
                    return work(read_guarded(upload.name, upload.getvalue()))
        except NewsletterError as error:  # from reading, or from matching (a sentence of too many numbers)
            refusal = Refusal(str(error), final=not isinstance(error, (NewsletterBusy, ReaderStopped)))
    if refusal.final:
        refused[file_key] = refusal.message
    upload_guard.log_refusal(upload.name, upload.size, refusal.message)
    st.error(md_text(refusal.message), icon=":material/error:")
    return refusal


def _edition_problem(edition: str) -> str:
    return (
        ""
        if EDITION_ID.match(edition)
        else f"'{edition}' is not an edition: write the month of publication as YYYY-MM, e.g. 2005-02"
    )


def _missing_tables(data: Dataset) -> list[str]:
    return [
        f"data/{data.files.get(name, name + '.csv')}"
        for name in ("figures", "programmes", "indicators")
        if data.table(name) is None
    ]


def draft_panel(data: Dataset) -> tuple[str, bytes] | None:
    """Upload the newsletter, draft its figures, review them; the CSV to import once the editor hands it on."""
    missing = _missing_tables(data)
    if missing:
        st.error(
            md_text(f"Drafting needs {', '.join(missing)}, which could not be read: see Tables above."),
            icon=":material/error:",
        )
        return None
    upload = st.file_uploader(
        f"The new newsletter ({', '.join(FORMATS)}; at most {UPLOAD_MB} MB)",
        type=[f[1:] for f in FORMATS],
        key="newsletter_upload",
        max_upload_size=UPLOAD_MB,
    )
    edition = st.text_input(
        "Edition (month of publication, YYYY-MM)",
        value=next_edition(data),
        key="draft_edition",
        persist_state="session",
    ).strip()
    draft = st.session_state.get(DRAFT_KEY)
    if draft is not None and upload is not None and _file_key(upload) != draft["file"]:
        # Another file: the draft of the one before is not its draft (an empty uploader, after a page switch, keeps it).
        for key in (DRAFT_KEY, "draft_handed_on"):
            st.session_state.pop(key, None)
        draft = None
    if upload is not None and st.button("Draft the figures", icon=":material/auto_awesome:", key="draft_button"):
        problem = _edition_problem(edition)
        if problem:
            st.error(md_text(problem), icon=":material/error:")
        else:
            file_key = _file_key(upload)  # a hash of up to 20 MB: worked out once
            _with_newsletter(upload, file_key, lambda newsletter: _make_draft(newsletter, data, edition, file_key))
        draft = st.session_state.get(DRAFT_KEY)
    if draft is None:
        return None
    if draft["table"].empty:
        st.warning(
            md_text(
                f"{draft['source']}: {draft['summary']}. No number in it continues a figure of the previous "
                "edition: is it the right file?"
            ),
            icon=":material/warning:",
        )
        _leftovers(draft)
        return None
    st.success(md_text(f"{draft['source']}: {draft['summary']}"), icon=":material/auto_awesome:")
    st.caption(
        "Least sure first. Untick “Use” for a number that is not a figure; correct programme, indicator or basis "
        "from their lists. Every row keeps the sentence it comes from and the figure it continues."
    )
    _review(data)
    _leftovers(draft)
    if st.button("Check these figures for the import", type="primary", icon=":material/fact_check:", key="use_draft"):
        st.session_state["draft_handed_on"] = True
    if not st.session_state.get("draft_handed_on"):
        return None
    chosen = draft["table"].loc[draft["table"][USE]]
    rows = [
        {column: _cell(row.get(column, "")) for column in extract.FIGURE_COLUMNS} for row in chosen.to_dict("records")
    ]
    return f"draft-{draft['edition']}.csv", extract.write_csv(rows, extract.FIGURE_COLUMNS).encode("utf-8")


def _cell(value: object) -> str:
    if value is None or value != value:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    return str(value)


def _file_key(upload) -> str:
    return hashlib.sha256(upload.getvalue()).hexdigest()


def _make_draft(newsletter: extract.Newsletter, data: Dataset, edition: str, file_key: str) -> None:
    try:
        draft = extract.draft_from_store(newsletter, data.tables, edition)
    except NewsletterError:
        raise  # what the file holds (a sentence of too many numbers): refused, logged and kept like a reading refusal
    except ValueError as error:  # the edition asked for (no edition before it is stored …)
        st.error(md_text(str(error)), icon=":material/error:")
        return
    table = pd.DataFrame(draft.rows, columns=[*extract.FIGURE_COLUMNS, "continues", "confidence"]).assign(**{USE: True})
    table["confidence"] = table["confidence"].astype(float)
    table = table.sort_values("confidence", kind="stable").reset_index(drop=True)
    st.session_state[DRAFT_KEY] = {
        "edition": edition,
        "source": newsletter.name,
        "file": file_key,
        "summary": draft.summary(),
        "table": table,
        "unmatched": pd.DataFrame(draft.unmatched, columns=extract.UNMATCHED_COLUMNS),
        "not_restated": pd.DataFrame(draft.not_restated, columns=extract.NOT_RESTATED_COLUMNS),
    }
    st.session_state.pop("draft_handed_on", None)
    # The edition details the import asks for, where the editor has not filled them in.
    period = extract.period_of(data.table("editions"), edition) or extract.default_period(edition)
    defaults = {
        "title": f"IOM Kosovo News, Quarterly Newsletter of IOM Kosovo, {month_label(edition, long=True).replace(' ', ' edition ')}",
        "published": edition,
        "period_start": period.start,
        "period_end": period.end,
        "source_file": newsletter.name,
    }
    for key, value in defaults.items():  # a new draft names its edition: its details follow it
        st.session_state[f"edition_{key}"] = value


def _review(data: Dataset) -> None:
    """The draft in an editable table; each change is folded into the session's draft at once."""
    draft = st.session_state[DRAFT_KEY]
    generation = st.session_state.get(DRAFT_GENERATION_KEY, 0)
    catalogue = {
        "programme": sorted(data.table("programmes")["programme_id"]),
        "indicator": sorted(data.table("indicators")["indicator_id"]),
        "basis": sorted(set(data.table("figures")["basis"])),
    }
    config = {
        USE: st.column_config.CheckboxColumn(USE, help="Untick: not a figure"),
        "confidence": st.column_config.ProgressColumn("Match", min_value=0.0, max_value=1.0, format="%.2f"),
        "source_quote": st.column_config.TextColumn("Sentence", width="large"),
        "value_as_written": st.column_config.TextColumn("As written"),
        **{name: st.column_config.SelectboxColumn(name, options=options) for name, options in catalogue.items()},
    }
    columns = [c for c in SHOWN if c in draft["table"].columns]
    st.data_editor(
        draft["table"][columns],
        key=f"draft_editor_{generation}",
        hide_index=True,
        column_config=config,
        disabled=[c for c in columns if c not in EDITABLE],
        num_rows="fixed",
        height=420,
        on_change=_fold_edits,
        args=(f"draft_editor_{generation}",),
    )


def _fold_edits(widget_key: str) -> None:
    """Apply the editor's changes to the stored draft, then start a fresh editor over it (so they are not applied twice)."""
    draft = st.session_state[DRAFT_KEY]
    table = draft["table"].copy()
    for index, changes in st.session_state[widget_key].get("edited_rows", {}).items():
        for column, value in changes.items():
            table.at[int(index), column] = value
    draft["table"] = table
    st.session_state[DRAFT_GENERATION_KEY] = st.session_state.get(DRAFT_GENERATION_KEY, 0) + 1
    st.session_state.pop("draft_handed_on", None)


def _leftovers(draft: dict) -> None:
    """What the draft could not place: numbers that continue no figure, figures the text no longer states."""
    unmatched, not_restated = draft["unmatched"], draft["not_restated"]
    with st.expander(f"Numbers that continue no figure — {len(unmatched)}", icon=":material/help:"):
        st.caption(
            "Dates, page numbers and counts that are not results are usually here; a new figure is too: add it by "
            "hand in the CSV template if it should be in the data."
        )
        st.dataframe(unmatched, hide_index=True, width="stretch")
    with st.expander(
        f"Figures of the previous edition the newsletter no longer states — {len(not_restated)}",
        icon=":material/history:",
    ):
        st.dataframe(not_restated, hide_index=True, width="stretch")


def _check_report(upload, data: Dataset, edition: str) -> extract.CheckReport | None:
    """The report for this file, edition and data, worked out once: every rerun of the page runs this tab too.
    A refusal is kept the same way, so that a file refused once is not read again at every click."""
    key = (_file_key(upload), edition, data.version)
    kept = st.session_state.get(CHECK_KEY)
    if kept is not None and kept[0] == key:
        if isinstance(kept[1], str):
            st.error(md_text(kept[1]), icon=":material/error:")
            return None
        return kept[1]
    try:
        report = _with_newsletter(upload, key[0], lambda newsletter: extract.check(newsletter, data.tables, edition))
    except ValueError as error:  # the edition asked for cannot be checked (nothing stored before it …)
        st.error(md_text(str(error)), icon=":material/error:")
        st.session_state[CHECK_KEY] = (key, str(error))
        return None
    if isinstance(report, Refusal):
        return None
    st.session_state[CHECK_KEY] = (key, report)
    return report


def check_panel(data: Dataset) -> None:
    """A draft newsletter's numbers against the data, and the consistency checks on them: read-only, for anyone."""
    upload = st.file_uploader(
        f"A draft newsletter ({', '.join(FORMATS)}; at most {UPLOAD_MB} MB)",
        type=[f[1:] for f in FORMATS],
        key="check_upload",
        max_upload_size=UPLOAD_MB,
    )
    edition = st.text_input(
        "Edition it is (YYYY-MM)", value=max(data.table("figures")["edition"]), key="check_edition"
    ).strip()
    if upload is None:
        return
    if problem := _edition_problem(edition):
        st.error(md_text(problem), icon=":material/error:")
        return
    report = _check_report(upload, data, edition)
    if report is None:
        return
    against = "the stored edition" if report.against == "stored" else "its own draft (the edition is not stored yet)"
    summary = f"Checked against {against}: {report.summary()}."
    (st.error if report.failed else st.success)(md_text(summary), icon=":material/fact_check:")
    if len(report.contradictions):
        st.markdown("**Contradictions in the figures as drafted**")
        st.dataframe(
            report.contradictions[["programme", "subject", "message"]].rename(columns=str.capitalize),
            hide_index=True,
            width="stretch",
        )
    numbers = pd.DataFrame(report.numbers)
    if len(numbers):
        order = {"different": 0, "not in the data": 1, "drafted": 2, "equal": 3}
        st.markdown("**Every number, differences first**")
        st.dataframe(
            numbers.sort_values("status", key=lambda s: s.map(order), kind="stable").rename(columns=CHECK_COLUMNS),
            hide_index=True,
            width="stretch",
            column_config={"Sentence": st.column_config.TextColumn(width="large")},
        )
