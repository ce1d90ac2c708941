"""The draft reviewed one proposal at a time: the whole sentence with its number marked, what it would be stored
as, the reasons in words; accept, correct or leave out, then the next, with how many are left. And the proposed
new indicators, listed apart for the editor to accept into the catalogue with the import.

Data is shown as text (``st.text``, tables): a sentence is never read as Markdown.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from lib.dataset.checks import BREAKDOWNS
from lib.dataset.data import Dataset
from lib.i18n import _
from lib.i18n.active import data_text
from lib.newsletters.review import ACCEPT, REVIEWED, USE, DraftReview
from lib.presenting.formats import format_number
from ui import keys

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"  # around the number in its sentence: plain characters, no markup


def marked_sentence(quote: str, written: str, at: object = "") -> str:
    """The sentence with the number marked where it stands ('… a total of ⟦472⟧ Kosovars …'): at its offset in the
    quote where the draft gives it ('3 projects, benefiting ⟦3⟧ persons'), else where it is first written."""
    offset = int(str(at)) if str(at).isdigit() else -1
    if written and offset >= 0 and quote[offset : offset + len(written)] == written:
        return f"{quote[:offset]}{MARK_OPEN}{written}{MARK_CLOSE}{quote[offset + len(written) :]}"
    found = re.search(rf"(?<![\w.,]){re.escape(written)}(?![\w]|[.,]\d)", quote) if written else None
    if found is None:
        return quote
    return f"{quote[: found.start()]}{MARK_OPEN}{written}{MARK_CLOSE}{quote[found.end() :]}"


def _period(start: str, end: str) -> str:
    """'2004-08-01 to 2004-10-31'; the one date where only one is given; 'none'."""
    if start and end:
        return _("%(start)s to %(end)s", start=start, end=end)
    return start or end or _("none")


def stored_as(row: dict, labels: dict[str, str]) -> pd.DataFrame:
    """What the row would be stored as, one line per field a reviewer judges; its words in the reader's language,
    what would be stored (codes, values, dates) as it would be."""
    breakdown = ", ".join(f"{c} {row[c]}" for c in BREAKDOWNS if str(row.get(c) or "")) or _("none (a total)")
    fields = [
        (_("Value"), _("%(value)s (written “%(written)s”)", value=row["value"], written=row["value_as_written"])),
        (_("Programme"), str(row["programme"])),
        (_("Indicator"), labels.get(str(row["indicator"]), str(row["indicator"]))),
        (_("Indicator id"), str(row["indicator"])),
        (_("Basis"), str(row["basis"])),
        (_("Period"), _period(str(row["period_start"]), str(row["period_end"]))),
        (_("Breakdown"), breakdown),
        (_("Continues"), str(row["continues"]) or _("no stored figure: read for its meaning")),
    ]
    return pd.DataFrame(fields, columns=[_("Field"), _("Stored as")])


def one_at_a_time(data: Dataset, review: DraftReview) -> None:
    """The next proposal to review, least sure first within its section, with accept / correct / leave out."""
    total, left = len(review.table), review.left()
    progress = _(
        "%(done)s of %(total)s reviewed · %(left)s left",
        done=format_number(total - left),
        total=format_number(total),
        left=format_number(left),
    )
    st.progress((total - left) / max(total, 1), text=progress)
    index = review.next_to_review()
    if index is None:
        st.success(_("Every proposal is reviewed: check the figures for the import below."), icon=":material/done_all:")
        _back_button(review)
        return
    row = review.table.loc[index].to_dict()
    labels = _indicator_labels(data, review)
    with st.container(border=True):
        section, confidence = row["source_section"] or _("(before any heading)"), f"{row['confidence']:.2f}"
        st.text(_("Section: %(section)s · confidence %(confidence)s", section=section, confidence=confidence))
        st.text(marked_sentence(str(row["source_quote"]), str(row["value_as_written"]), row.get("number_at", "")))
        if not row[USE]:
            st.text(_("Left out for now (not a figure): Accept uses it again."))
        left_column, right_column = st.columns([3, 2])
        with left_column:
            st.dataframe(
                stored_as(row, labels),
                hide_index=True,
                width="stretch",
                column_config={_("Stored as"): st.column_config.TextColumn(_("Stored as"), width="large")},
            )
        with right_column:
            reasons = "\n".join(f"• {reason}" for reason in str(row["reasons"]).split("; ") if reason)
            st.text(_("Why:") + "\n" + reasons)
        corrected = _corrections(data, review, index, row)
        _decision_buttons(review, index, corrected)


def _decision_buttons(review: DraftReview, index: int, corrected: dict[str, str]) -> None:
    """Accept (as proposed or as corrected), leave out, or go back to the row reviewed last."""
    accept, leave, back = st.columns(3)
    accept.button(
        _("Accept"),
        type="primary",
        icon=":material/check:",
        key=keys.ACCEPT_ROW,
        shortcut="A",  # no modifier: Streamlit ignores it while the editor types in a field
        on_click=_decide,
        args=(index, True, corrected),
        help=_("Key A"),
        width="stretch",
    )
    leave.button(
        _("Leave out"),
        icon=":material/block:",
        key=keys.LEAVE_ROW,
        shortcut="L",
        on_click=_decide,
        args=(index, False, {}),
        help=_("Not a figure (key L)"),
        width="stretch",
    )
    with back:
        _back_button(review)


def _indicator_labels(data: Dataset, review: DraftReview) -> dict[str, str]:
    """Each indicator's label in the reader's language, and the draft's proposed new ones ('new: …') as drafted."""
    indicators = data.table("indicators")
    labels = (
        {}
        if indicators is None
        else {i: data_text(label) for i, label in zip(indicators["indicator_id"], indicators["label"], strict=True)}
    )
    proposed = review.new_indicators
    return labels | {
        i: _("new: %(label)s", label=label)
        for i, label in zip(proposed["indicator_id"], proposed["label"], strict=True)
    }


def _corrections(data: Dataset, review: DraftReview, index: int, row: dict) -> dict[str, str]:
    """The programme, indicator and basis as the editor would have them (the proposal's by default)."""
    options = {
        "programme": sorted(_ids(data, "programmes", "programme_id")),
        "indicator": sorted(_ids(data, "indicators", "indicator_id") | set(review.new_indicators["indicator_id"])),
        "basis": sorted(set(_ids(data, "figures", "basis")) | {str(row["basis"])}),
    }
    titles = {
        "programme": _("Correct the programme"),
        "indicator": _("Correct the indicator"),
        "basis": _("Correct the basis"),
    }
    chosen = {}
    for column, (field, values) in zip(st.columns(3), options.items(), strict=True):
        current = str(row[field])
        values = values if current in values else [current, *values]
        chosen[field] = column.selectbox(
            titles[field],
            values,
            index=values.index(current),
            key=keys.correction(field, index, st.session_state.get(keys.DRAFT_GENERATION, 0)),
        )
    return {field: value for field, value in chosen.items() if value != str(row[field])}


def _ids(data: Dataset, table: str, column: str) -> set[str]:
    frame = data.table(table)
    return set() if frame is None or column not in frame else {str(v) for v in frame[column] if str(v)}


def _decide(index: int, use: bool, corrected: dict[str, str]) -> None:
    """Record the editor's decision on row ``index``: used as proposed or as corrected, or left out."""
    review: DraftReview = st.session_state[keys.DRAFT]
    table = review.table.copy()
    for field, value in corrected.items():
        table.at[index, field] = value
    table.at[index, USE] = use
    table.at[index, REVIEWED] = True
    review.table = table
    review.handed_on = False
    st.session_state[keys.DRAFT_GENERATION] = st.session_state.get(keys.DRAFT_GENERATION, 0) + 1


def _back_button(review: DraftReview) -> None:
    reviewed = review.table.index[review.table[REVIEWED].astype(bool)]
    st.button(
        _("Back to the last one"),
        icon=":material/undo:",
        key=keys.BACK_ROW,
        disabled=not len(reviewed),
        on_click=_undo,
        width="stretch",
    )


def _undo() -> None:
    """The row reviewed last is to review again."""
    review: DraftReview = st.session_state[keys.DRAFT]
    reviewed = review.table.index[review.table[REVIEWED].astype(bool)]
    if len(reviewed):
        table = review.table.copy()
        table.at[reviewed[-1], REVIEWED] = False
        review.table = table


def new_indicators_panel(review: DraftReview) -> None:
    """The proposed new indicators, apart: accept one (its label, unit and hashtag may be corrected) and it joins
    the catalogue with the import; until then the rows that count it stay out of the import."""
    proposed = review.new_indicators
    if proposed.empty:
        return
    st.markdown(_("**New indicators the draft proposes — %(count)s**", count=format_number(len(proposed))))
    st.caption(
        _(
            "No stored indicator holds these figures. Accept one to add it to indicators.csv with the import "
            "(validated like the rest); its figures are left out of the import until you do."
        )
    )
    st.data_editor(
        proposed[[ACCEPT, "indicator_id", "label", "unit", "hxl", "definition"]],
        key=keys.new_indicators_editor(st.session_state.get(keys.DRAFT_GENERATION, 0)),
        hide_index=True,
        num_rows="fixed",
        disabled=["indicator_id"],
        column_config={ACCEPT: st.column_config.CheckboxColumn(_("Accept"), help=_("Add it to the catalogue"))},
        on_change=_fold_indicator_edits,
        args=(keys.new_indicators_editor(st.session_state.get(keys.DRAFT_GENERATION, 0)),),
        width="stretch",
    )


def with_edits(table: pd.DataFrame, widget_key: str) -> pd.DataFrame:
    """A copy of ``table`` with the changes made in its data editor (``widget_key``)."""
    edited = table.copy()
    for index, changes in st.session_state[widget_key].get("edited_rows", {}).items():
        for column, value in changes.items():
            edited.at[int(index), column] = value
    return edited


def fresh_editors() -> None:
    """The draft's editors start anew over the tables their edits were folded into (so none is applied twice); a
    changed draft is no longer handed on."""
    st.session_state[keys.DRAFT].handed_on = False
    st.session_state[keys.DRAFT_GENERATION] = st.session_state.get(keys.DRAFT_GENERATION, 0) + 1


def _fold_indicator_edits(widget_key: str) -> None:
    """Fold the edits into the draft's table of proposed indicators."""
    review: DraftReview = st.session_state[keys.DRAFT]
    review.new_indicators = with_edits(review.new_indicators, widget_key)
    fresh_editors()
