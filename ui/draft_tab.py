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
from lib.i18n import DEFAULT, N_, _, ngettext, translated, using
from lib.importing.planning import EDITION_ID
from lib.newsletters import upload_guard
from lib.newsletters.blocks import Newsletter
from lib.newsletters.drafts import draft_from_store
from lib.newsletters.limits import FORMATS, MAX_NEWSLETTER_BYTES, NewsletterBusy, NewsletterError, ReaderStopped
from lib.newsletters.proof import CheckReport, check
from lib.newsletters.review import REVIEWED, USE, DraftReview, edition_details, next_edition
from lib.newsletters.worker import parse_slot, read_guarded
from lib.presenting.formats import format_number
from lib.presenting.text import md_text
from ui import keys
from ui.proposal_review import fresh_editors, new_indicators_panel, one_at_a_time, with_edits

T = TypeVar("T")
# The number and its sentence first, then what it is said to be: what a reviewer reads across.
SHOWN = [
    USE,
    REVIEWED,
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
    "reasons",
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
CHECK_COLUMNS = {  # the check report's columns and their headers, drawn with ``translated``
    "status": N_("Status"),
    "written": N_("As written"),
    "sentence": N_("Sentence"),
    "section": N_("Section"),
    "stored_figure": N_("Stored figure"),
    "stored_value": N_("Stored value"),
    "stored_sentence": N_("Stored sentence"),
}
# Each number's status in the check report, differences first; shown in words, in the reader's language.
STATUS_ORDER = {"different": 0, "not in the data": 1, "drafted": 2, "equal": 3}
STATUS_WORDS = {
    "different": N_("different"),
    "not in the data": N_("not in the data"),
    "drafted": N_("drafted"),
    "equal": N_("equal"),
}


@dataclass(frozen=True)
class Refusal:
    """Why an upload was not read; ``final`` when reading it again would say the same (not so for 'busy')."""

    message: str
    final: bool
    logged: str = ""  # what the log keeps: the English (the message is in the reader's language)


def _with_newsletter(upload, file_key: str, work: Callable[[Newsletter], T]) -> T | Refusal:
    """``work`` done on the uploaded newsletter, read in the guarded worker, the reading slot held throughout (the
    matching too, so that two uploads are never matched at once); or, shown and logged, why it was not done.

    A file refused for what it is (too many pages, numbers in a sentence …) is remembered by its content: it is not
    read again at the next click, whatever edition is typed. Not final: "busy", a reader stopped from outside (the
    clock, a kill: the server may have been busy), and this session's own limit; only a read that starts counts
    against that limit."""
    refused = st.session_state.setdefault(keys.REFUSED, {})
    if file_key in refused:
        st.error(md_text(refused[file_key]), icon=":material/error:")
        return Refusal(refused[file_key], final=True)
    now = time.time()
    started = upload_guard.recent(st.session_state.get(keys.READS, []), now)
    if wait := upload_guard.seconds_to_wait(started, now):
        minutes = math.ceil(wait / 60)

        def said() -> str:
            return ngettext(  # "minute(s)" in English whatever the count; the forms are for other languages
                "%(file)s: %(reads)s newsletters have been read for this session in the last %(window)s minutes; "
                "try again in %(wait)s minute(s)",
                "%(file)s: %(reads)s newsletters have been read for this session in the last %(window)s minutes; "
                "try again in %(wait)s minute(s)",
                minutes,
                file=upload.name,
                reads=format_number(upload_guard.READS_PER_SESSION),
                window=format_number(upload_guard.READ_WINDOW_S / 60),
                wait=format_number(minutes),
            )

        message = said()
        with using(DEFAULT):  # what the log keeps
            logged = said()
        refusal = Refusal(message, final=False, logged=logged)
    else:
        try:
            with parse_slot(upload.name):
                st.session_state[keys.READS] = [*started, now]
                with st.spinner(_("Reading the newsletter…")):
                    return work(read_guarded(upload.name, upload.getvalue()))
        except NewsletterError as error:  # from reading, or from matching (a sentence of too many numbers)
            refusal = Refusal(
                str(error), final=not isinstance(error, (NewsletterBusy, ReaderStopped)), logged=error.english
            )
    if refusal.final:
        refused[file_key] = refusal.message
    upload_guard.log_refusal(upload.name, upload.size, refusal.logged or refusal.message)
    st.error(md_text(refusal.message), icon=":material/error:")
    return refusal


def _edition_problem(edition: str) -> str:
    return (
        ""
        if EDITION_ID.match(edition)
        else _(
            "'%(edition)s' is not an edition: write the month of publication as YYYY-MM, e.g. 2005-02", edition=edition
        )
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
            md_text(
                _("Drafting needs %(files)s, which could not be read: see Tables above.", files=", ".join(missing))
            ),
            icon=":material/error:",
        )
        return None
    upload = st.file_uploader(
        _(
            "The new newsletter (%(formats)s; at most %(size)s MB)",
            formats=", ".join(FORMATS),
            size=format_number(UPLOAD_MB),
        ),
        type=[f[1:] for f in FORMATS],
        key=keys.NEWSLETTER_UPLOAD,
        max_upload_size=UPLOAD_MB,
    )
    edition = st.text_input(
        _("Edition (month of publication, YYYY-MM)"),
        value=_next_edition(data),
        key=keys.DRAFT_EDITION,
        persist_state="session",
    ).strip()
    review = _review_of(upload)
    if upload is not None and st.button(_("Draft the figures"), icon=":material/auto_awesome:", key=keys.DRAFT_BUTTON):
        _draft(upload, data, edition)
        review = st.session_state.get(keys.DRAFT)
    return None if review is None else _review_panel(data, review)


def _next_edition(data: Dataset) -> str:
    """The edition a new newsletter most likely is: the quarter after the latest the data knows ('' for none)."""
    editions = data.editions()
    return next_edition(editions) if editions else ""


def _review_of(upload) -> DraftReview | None:
    """The session's draft, unless another file is uploaded now: the draft of the one before is not its draft (an
    empty uploader, after a page switch, keeps it)."""
    review: DraftReview | None = st.session_state.get(keys.DRAFT)
    if review is not None and upload is not None and _file_key(upload) != review.file:
        st.session_state.pop(keys.DRAFT, None)
        return None
    return review


def _draft(upload, data: Dataset, edition: str) -> None:
    """Draft the uploaded newsletter as ``edition``, read in the guarded worker; or say why not."""
    problem = _edition_problem(edition)
    if problem:
        st.error(md_text(problem), icon=":material/error:")
        return
    file_key = _file_key(upload)  # a hash of up to 20 MB: worked out once
    _with_newsletter(upload, file_key, lambda newsletter: _make_draft(newsletter, data, edition, file_key))


def _review_panel(data: Dataset, review: DraftReview) -> tuple[str, bytes] | None:
    """The draft to review, and its CSV for the import once the editor hands it on."""
    if review.table.empty:
        st.warning(
            md_text(
                _(
                    "%(file)s: %(summary)s. No number in it continues a figure of the previous edition: is it the "
                    "right file?",
                    file=review.source,
                    summary=review.summary,
                )
            ),
            icon=":material/warning:",
        )
        _leftovers(review)
        return None
    drafted = _("%(file)s: %(summary)s", file=review.source, summary=review.summary)
    st.success(md_text(drafted), icon=":material/auto_awesome:")
    st.caption(
        _(
            "One proposal at a time, by section, least sure first: the whole sentence with its number marked, what "
            "it would be stored as and why. Accept it, correct it, or leave it out."
        )
    )
    one_at_a_time(data, review)
    new_indicators_panel(review)
    with st.expander(_("Every row of the draft, as a table"), icon=":material/table:"):
        st.caption(_("Untick “Use” for a number that is not a figure; correct programme, indicator or basis here too."))
        _review(data, review)
    _leftovers(review)
    if st.button(
        _("Check these figures for the import"), type="primary", icon=":material/fact_check:", key=keys.USE_DRAFT
    ):
        review.handed_on = True
    return review.import_file() if review.handed_on else None


def _file_key(upload) -> str:
    return hashlib.sha256(upload.getvalue()).hexdigest()


def _table(data: Dataset, name: str) -> pd.DataFrame:
    """A table the panels need (``_missing_tables`` has said so where one is missing)."""
    table = data.table(name)
    if table is None:
        raise ValueError(f"the {name} table could not be read")
    return table


def _make_draft(newsletter: Newsletter, data: Dataset, edition: str, file_key: str) -> None:
    """The session's new draft, with the edition details it proposes; or, shown, why the edition cannot be drafted."""
    try:
        draft = draft_from_store(newsletter, data.tables, edition)
    except NewsletterError:
        raise  # what the file holds (a sentence of too many numbers): refused, logged and kept like a reading refusal
    except ValueError as error:  # the edition asked for (no edition before it is stored …)
        st.error(md_text(str(error)), icon=":material/error:")
        return
    st.session_state[keys.DRAFT] = DraftReview.of(draft, source=newsletter.name, file=file_key)
    # The edition details the import asks for, where the editor has not filled them in.
    for field, value in edition_details(edition, data.table("editions"), newsletter.name).items():
        st.session_state[keys.edition_detail(field)] = value  # a new draft names its edition: its details follow it


def _review(data: Dataset, review: DraftReview) -> None:
    """The draft in an editable table; each change is folded into the session's draft at once."""
    generation = st.session_state.get(keys.DRAFT_GENERATION, 0)
    catalogue = {
        "programme": sorted(_table(data, "programmes")["programme_id"]),
        "indicator": sorted(_table(data, "indicators")["indicator_id"]),
        "basis": sorted(set(_table(data, "figures")["basis"])),
    }
    config = {
        USE: st.column_config.CheckboxColumn(_("Use"), help=_("Untick: not a figure")),
        "confidence": st.column_config.ProgressColumn(_("Match"), min_value=0.0, max_value=1.0, format="%.2f"),
        "source_quote": st.column_config.TextColumn(_("Sentence"), width="large"),
        "reasons": st.column_config.TextColumn(_("Why"), width="large"),
        "value_as_written": st.column_config.TextColumn(_("As written")),
        **{name: st.column_config.SelectboxColumn(name, options=options) for name, options in catalogue.items()},
    }
    if (reviewed := _("Reviewed")) != REVIEWED:  # headed by its own name in English, as it always was
        config[REVIEWED] = st.column_config.CheckboxColumn(reviewed)
    columns = [c for c in SHOWN if c in review.table.columns]
    st.data_editor(
        review.table[columns],
        key=keys.draft_editor(generation),
        hide_index=True,
        column_config=config,
        disabled=[c for c in columns if c not in EDITABLE],
        num_rows="fixed",
        height=420,
        on_change=_fold_edits,
        args=(keys.draft_editor(generation),),
    )


def _fold_edits(widget_key: str) -> None:
    """Apply the editor's changes to the stored draft, then start a fresh editor over it (so they are not applied
    twice); a changed draft is no longer handed on."""
    review: DraftReview = st.session_state[keys.DRAFT]
    review.table = with_edits(review.table, widget_key)
    fresh_editors()


def _leftovers(review: DraftReview) -> None:
    """What the draft could not place: numbers that continue no figure, figures the text no longer states."""
    unmatched, not_restated = review.unmatched, review.not_restated
    with st.expander(
        _("Numbers that continue no figure — %(count)s", count=format_number(len(unmatched))), icon=":material/help:"
    ):
        st.caption(
            _(
                "Dates, page numbers and counts that are not results are usually here; a new figure is too: add it "
                "by hand in the CSV template if it should be in the data."
            )
        )
        st.dataframe(unmatched, hide_index=True, width="stretch")
    with st.expander(
        _(
            "Figures of the previous edition the newsletter no longer states — %(count)s",
            count=format_number(len(not_restated)),
        ),
        icon=":material/history:",
    ):
        st.dataframe(not_restated, hide_index=True, width="stretch")


def _check_report(upload, data: Dataset, edition: str) -> CheckReport | None:
    """The report for this file, edition and data, worked out once: every rerun of the page runs this tab too.
    A refusal is kept the same way, so that a file refused once is not read again at every click."""
    key = (_file_key(upload), edition, data.version)
    kept = st.session_state.get(keys.CHECK)
    if kept is not None and kept[0] == key:
        if isinstance(kept[1], str):
            st.error(md_text(kept[1]), icon=":material/error:")
            return None
        return kept[1]
    try:
        report = _with_newsletter(upload, key[0], lambda newsletter: check(newsletter, data.tables, edition))
    except ValueError as error:  # the edition asked for cannot be checked (nothing stored before it …)
        st.error(md_text(str(error)), icon=":material/error:")
        st.session_state[keys.CHECK] = (key, str(error))
        return None
    if isinstance(report, Refusal):
        return None
    st.session_state[keys.CHECK] = (key, report)
    return report


def check_panel(data: Dataset) -> None:
    """A draft newsletter's numbers against the data, and the consistency checks on them: read-only, for anyone."""
    upload = st.file_uploader(
        _(
            "A draft newsletter (%(formats)s; at most %(size)s MB)",
            formats=", ".join(FORMATS),
            size=format_number(UPLOAD_MB),
        ),
        type=[f[1:] for f in FORMATS],
        key=keys.CHECK_UPLOAD,
        max_upload_size=UPLOAD_MB,
    )
    edition = st.text_input(
        _("Edition it is (YYYY-MM)"), value=data.catalogue.latest() or "", key=keys.CHECK_EDITION
    ).strip()
    if upload is None:
        return
    if problem := _edition_problem(edition):
        st.error(md_text(problem), icon=":material/error:")
        return
    report = _check_report(upload, data, edition)
    if report is None:
        return
    summary = (
        _("Checked against the stored edition: %(summary)s.", summary=report.summary())
        if report.against == "stored"
        else _("Checked against its own draft (the edition is not stored yet): %(summary)s.", summary=report.summary())
    )
    (st.error if report.failed else st.success)(md_text(summary), icon=":material/fact_check:")
    if len(report.contradictions):
        st.markdown(_("**Contradictions in the figures as drafted**"))
        headers = {"programme": _("Programme"), "subject": _("Subject"), "message": _("Message")}
        st.dataframe(report.contradictions[list(headers)].rename(columns=headers), hide_index=True, width="stretch")
    numbers = pd.DataFrame(report.numbers)
    if len(numbers):
        st.markdown(_("**Every number, differences first**"))
        _numbers_table(numbers)


def _numbers_table(numbers: pd.DataFrame) -> None:
    """Every number of the check, differences first; its status and headers in the reader's language."""
    shown = numbers.sort_values("status", key=lambda s: s.map(STATUS_ORDER), kind="stable")
    shown = shown.assign(status=[translated(STATUS_WORDS.get(status, status)) for status in shown["status"]])
    st.dataframe(
        shown.rename(columns={column: translated(header) for column, header in CHECK_COLUMNS.items()}),
        hide_index=True,
        width="stretch",
        column_config={translated(CHECK_COLUMNS["sentence"]): st.column_config.TextColumn(width="large")},
    )
