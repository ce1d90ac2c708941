"""Consistency checks over the figures table; the result is a table, not a print-out.

The checks are generic, driven by the breakdown columns, so a new edition needs no code:

* ``parts_vs_total``: a figure with a breakdown column empty (the total) against the figures
  that match it in everything else and fill that column (the parts). Parts equal to the total
  are consistent; parts short of it leave a remainder the newsletter does not itemise; parts
  above it are inconsistent. Shares with no stated total are compared with 100%.
* ``within``: for one indicator and breakdown reported to the same date, a quarter's figure
  must not exceed the year-to-date figure, nor that the cumulative one.

Like with like: ``status`` (approved, implemented, completed…) and ``scope`` (IOM alone, IOM with
partners) say *what kind* of count a figure is. Figures that differ there count different things:
where parts and their total, or a quarter and its running total, would otherwise be compared, the
check says ``not_comparable`` and why ("approved vs implemented"), never "inconsistent".
* ``restatement``: a figure repeated elsewhere in the newsletter (News in Brief, headings) must
  state the same value in the same way.
* ``across_editions``: a cumulative figure must not fall from one edition to the next, and a
  quarter's figure must equal the rise of the cumulative figure over that quarter.

Never changes a figure: it only says where the newsletter disagrees with itself. Each ``message`` is written in
the language of the run (``lib.i18n``): the dataset's own checks are made in English when it loads, and
``lib.dataset.data.Dataset.checks_in_language`` makes them again in the reader's language for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

from lib.dataset.rows import (
    BREAKDOWNS,
    CONSISTENT,
    DIMENSION_SETS,
    INCONSISTENT,
    MATCH_COLUMNS,
    NESTED_BASES,
    NOT_COMPARABLE,
    NOT_ITEMISED,
    QUALIFYING,
    RESULT_COLUMNS,
    SCOPE_WORDS,
    SHARE_WHOLE,
    STATUSES,
    WORDING_DIFFERS,
    CheckStatus,
    Record,
    is_blank,
)
from lib.dataset.rows import (
    classify as _classify,
)
from lib.dataset.rows import (
    comparable as _comparable,
)
from lib.dataset.rows import (
    conflicts as _conflicts,
)
from lib.dataset.rows import (
    group as _group,
)
from lib.dataset.rows import (
    kind as _kind,
)
from lib.dataset.rows import (
    message as _message,
)
from lib.dataset.rows import (
    not_comparable as _not_comparable,
)
from lib.dataset.rows import (
    qualifiers as _qualifiers,
)
from lib.dataset.rows import (
    records as _records,
)
from lib.dataset.rows import (
    row as _row,
)
from lib.dataset.rows import (
    sum_of as _sum,
)
from lib.i18n import _, ngettext
from lib.presenting.formats import format_number

__all__ = [
    "BREAKDOWNS",
    "CONSISTENT",
    "DIMENSION_SETS",
    "INCONSISTENT",
    "MATCH_COLUMNS",
    "NESTED_BASES",
    "NOT_COMPARABLE",
    "NOT_ITEMISED",
    "QUALIFYING",
    "RESULT_COLUMNS",
    "SCOPE_WORDS",
    "SHARE_WHOLE",
    "STATUSES",
    "WORDING_DIFFERS",
    "CheckStatus",
    "Record",
    "is_blank",
    "run_checks",
    "summarise",
    "parts_vs_total",
    "within",
    "restatements",
    "across_editions",
]


def parts_vs_total(figures: pd.DataFrame) -> list[Record]:
    """Each stated total against its parts, one row per total and breakdown.

    Parts are compared with a total that counts the same kind of thing (same status and scope).
    Parts that count another kind (approved projects against a total of implemented ones) and
    have no total of their own kind make the comparison ``not_comparable``, unless the parts of
    the total's own kind already exceed it: that is a contradiction. A figure whose status or
    scope is not stated is compared only with figures that do not state it either.
    """
    rows: list[Record] = []
    data = _comparable(figures)
    for dims in DIMENSION_SETS:
        qualifying = [c for c in QUALIFYING if c not in dims]
        others = [c for c in BREAKDOWNS if c not in dims and c not in qualifying]
        key = list(MATCH_COLUMNS) + others
        totals = _group((r for r in data if all(r[d] == "" for d in dims)), key)
        for group_key, group_parts in _group((r for r in data if all(r[d] != "" for d in dims)), key).items():
            subject = f"{group_parts[0]['indicator']} by {' x '.join(dims)}"
            group_totals = totals.get(group_key, [])
            kinds_with_a_total = {_qualifiers(t, qualifying) for t in group_totals}
            for total_row in group_totals:
                row = _against_total(total_row, group_parts, qualifying, kinds_with_a_total, subject)
                if row is not None:
                    rows.append(row)
            if not group_totals and group_parts[0]["basis"] == "share":
                rows.extend(_shares_without_total(group_parts, qualifying, others, subject))
    return rows


def _against_total(
    total_row: Record, group_parts: list[Record], qualifying: list[str], kinds_with_a_total: set[tuple], subject: str
) -> Record | None:
    """One total against the parts of its breakdown: consistent, not itemised, contradictory or not comparable."""
    unit = "%" if total_row["basis"] == "share" else ""
    total = float(total_row["value"])
    parts = [p for p in group_parts if _qualifiers(p, qualifying) == _qualifiers(total_row, qualifying)]
    # Parts of another kind, with no total of their own kind to be compared with.
    strays = [
        p
        for p in group_parts
        if _conflicts(p, total_row, qualifying) and _qualifiers(p, qualifying) not in kinds_with_a_total
    ]
    parts_sum = _sum(parts)

    def checked(compared: list[Record], status: str, message: str) -> Record:
        return _row("parts_vs_total", subject, str(total_row["figure_id"]), total, compared, status, message, total_row)

    if parts and _classify(total, parts_sum) == INCONSISTENT:
        # Parts of the total's own kind already exceed it: a contradiction, whatever else is beside them.
        return checked(parts, INCONSISTENT, _message(INCONSISTENT, total, parts_sum, unit))
    if strays:
        return checked(parts + strays, NOT_COMPARABLE, _strays_message(total_row, parts, strays, qualifying, unit))
    if parts:
        status = _classify(total, parts_sum)
        return checked(parts, status, _message(status, total, parts_sum, unit))
    return None


def _strays_message(
    total_row: Record, parts: list[Record], strays: list[Record], qualifying: list[str], unit: str
) -> str:
    """Why parts of another kind are not compared with the total: what each counts, what the total counts."""
    counted = "; ".join(
        ngettext(
            "%(figures)s counts %(kind)s",
            "%(figures)s count %(kind)s",
            len(kind),
            figures=", ".join(str(p["figure_id"]) for p in kind),
            kind=_kind(kind[0], qualifying),
        )
        for kind in _group(strays, qualifying).values()
    )
    words = {
        "not_comparable": _not_comparable(strays, total_row, qualifying),
        "counted": counted,
        "kind": _kind(total_row, qualifying),
    }
    if not parts:
        return _("%(not_comparable)s: %(counted)s; the total counts %(kind)s", **words)
    return _(
        "%(not_comparable)s: %(counted)s; the total counts %(kind)s, and the parts of that kind add up to "
        "%(parts)s of %(total)s",
        **words,
        parts=format_number(_sum(parts)) + unit,
        total=format_number(float(total_row["value"])) + unit,
    )


def _shares_without_total(
    group_parts: list[Record], qualifying: list[str], others: list[str], subject: str
) -> list[Record]:
    """No stated whole: percentages of one breakdown with nothing else qualifying them add up to 100."""
    rows = []
    for parts in _group(group_parts, qualifying).values():
        if all(part[c] == "" for part in parts for c in others):
            parts_sum = _sum(parts)
            status = _classify(SHARE_WHOLE, parts_sum)
            rows.append(
                _row(
                    "parts_vs_total",
                    subject,
                    "",
                    SHARE_WHOLE,
                    parts,
                    status,
                    _message(status, SHARE_WHOLE, parts_sum, "%"),
                    parts[0],
                )
            )
    return rows


def within(figures: pd.DataFrame) -> list[Record]:
    """A quarter's figure must not exceed the year-to-date one, nor that the cumulative one.

    Only figures of the same kind (status, scope) are nested; a quarter of one kind beside a
    running total of another, with none of its own, is reported as ``not_comparable``.
    """
    rows: list[Record] = []
    order = {basis: rank for rank, basis in enumerate(NESTED_BASES)}
    data = [row for row in _comparable(figures) if row["basis"] in order]
    key = ["edition", "programme", "indicator", "period_end", *(c for c in BREAKDOWNS if c not in QUALIFYING)]
    for group in _group(data, key).values():
        kinds = _group(group, QUALIFYING)
        for same_kind in kinds.values():
            rows += _nested_of_one_kind(same_kind, order)
        rows += _nested_across_kinds(group, kinds, order)
    return rows


def _within_row(smaller: Record, larger: Record, status: str, message: str) -> Record:
    subject = f"{smaller['indicator']}: {smaller['basis']} within {larger['basis']}"
    return _row("within", subject, str(larger["figure_id"]), float(larger["value"]), [smaller], status, message, larger)


def _nested_of_one_kind(same_kind: list[Record], order: dict[str, int]) -> list[Record]:
    """Each basis against the next larger one of the same kind: within it, or exceeding it."""
    rows = []
    ranked = sorted(same_kind, key=lambda row: order[row["basis"]])
    for smaller, larger in zip(ranked[:-1], ranked[1:], strict=True):
        if smaller["basis"] == larger["basis"]:
            continue
        ok = float(smaller["value"]) <= float(larger["value"])
        values = {
            "basis": smaller["basis"],
            "value": format_number(smaller["value"]),
            "larger_basis": larger["basis"],
            "larger_value": format_number(larger["value"]),
        }
        if ok:
            message = _("%(basis)s %(value)s is within %(larger_basis)s %(larger_value)s", **values)
        else:
            message = _("%(basis)s %(value)s exceeds %(larger_basis)s %(larger_value)s", **values)
        rows.append(_within_row(smaller, larger, CONSISTENT if ok else INCONSISTENT, message))
    return rows


def _nested_across_kinds(group: list[Record], kinds: dict[tuple, list[Record]], order: dict[str, int]) -> list[Record]:
    """A figure with no running total of its own kind, beside one of another kind: not comparable, and why."""
    rows = []
    for smaller in group:
        if any(order[row["basis"]] > order[smaller["basis"]] for row in kinds[_qualifiers(smaller, QUALIFYING)]):
            continue  # compared with a running total of its own kind above
        larger_of_other_kinds = sorted(
            (
                row
                for row in group
                if order[row["basis"]] > order[smaller["basis"]] and _conflicts(row, smaller, QUALIFYING)
            ),
            key=lambda row: order[row["basis"]],
        )
        if larger_of_other_kinds:
            larger = larger_of_other_kinds[0]
            message = _(
                "%(not_comparable)s: %(basis)s %(value)s (%(figure)s) counts %(kind)s, "
                "%(larger_basis)s %(larger_value)s (%(larger_figure)s) counts %(larger_kind)s",
                not_comparable=_not_comparable([smaller], larger, QUALIFYING),
                basis=smaller["basis"],
                value=format_number(smaller["value"]),
                figure=smaller["figure_id"],
                kind=_kind(smaller, QUALIFYING),
                larger_basis=larger["basis"],
                larger_value=format_number(larger["value"]),
                larger_figure=larger["figure_id"],
                larger_kind=_kind(larger, QUALIFYING),
            )
            rows.append(_within_row(smaller, larger, NOT_COMPARABLE, message))
    return rows


def restatements(figures: pd.DataFrame) -> list[Record]:
    """A figure the newsletter repeats must say the same thing each time."""
    rows: list[Record] = []
    records = _records(figures)
    by_id = {row["figure_id"]: row for row in records}
    for repeat in records:
        if is_blank(repeat["restates"]) or repeat["restates"] not in by_id:
            continue
        original = by_id[repeat["restates"]]
        same_value = float(repeat["value"]) == float(original["value"])
        same_words = (repeat["qualifier"] or "") == (original["qualifier"] or "")
        if same_value and same_words:
            status = CONSISTENT
            message = _(
                "states %(written)s as %(figure)s does",
                written=repeat["value_as_written"],
                figure=original["figure_id"],
            )
        elif same_value:
            status = WORDING_DIFFERS
            message = _(
                "'%(here)s' here, '%(there)s' in %(section)s",
                here=_qualified(repeat),
                there=_qualified(original),
                section=original["source_section"],
            )
        else:
            status = INCONSISTENT
            message = _(
                "%(here)s here, %(there)s in %(section)s",
                here=repeat["value_as_written"],
                there=original["value_as_written"],
                section=original["source_section"],
            )
        rows.append(
            _row(
                "restatement",
                f"{repeat['indicator']} restated",
                str(original["figure_id"]),
                float(original["value"]),
                [repeat],
                status,
                message,
                original,
            )
        )
    return rows


def _next_day(value: str) -> str | None:
    try:
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    except (TypeError, ValueError):
        return None


def across_editions(figures: pd.DataFrame) -> list[Record]:
    """Between editions: a cumulative figure must not fall, and a quarter must equal the rise of the cumulative one.

    A cumulative series is one programme, indicator and breakdown counted from the same start.
    For two consecutive editions' figures A and B of such a series, a period figure of B's
    edition that runs from the day after A's end to B's end must equal B - A.
    """
    rows: list[Record] = []
    data = _comparable(figures)
    series_key = ["programme", "indicator", *BREAKDOWNS, "period_start"]
    cumulative = _group((r for r in data if r["basis"] == "cumulative"), series_key)
    periods = _group((r for r in data if r["basis"] == "period"), ["edition", "programme", "indicator", *BREAKDOWNS])
    for series in cumulative.values():
        by_edition = _group(series, ["edition"])
        if len(by_edition) < 2 or any(len(group) > 1 for group in by_edition.values()):
            continue  # one edition only, or a series stated twice in an edition: nothing certain to compare
        ordered = sorted(series, key=lambda row: row["edition"])
        for earlier, later in zip(ordered[:-1], ordered[1:], strict=True):
            rows += _cumulative_step(earlier, later, periods)
    return rows


def _cumulative_step(earlier: Record, later: Record, periods: dict[tuple, list[Record]]) -> list[Record]:
    """One edition to the next of a cumulative series: a fall, and each quarter against the rise."""
    rows: list[Record] = []
    rise = float(later["value"]) - float(earlier["value"])
    if rise < 0:
        message = _(
            "cumulative fell from %(earlier)s (%(earlier_edition)s, %(earlier_figure)s) "
            "to %(later)s (%(later_edition)s, %(later_figure)s)",
            earlier=format_number(earlier["value"]),
            earlier_edition=earlier["edition"],
            earlier_figure=earlier["figure_id"],
            later=format_number(later["value"]),
            later_edition=later["edition"],
            later_figure=later["figure_id"],
        )
        subject = f"{later['indicator']}: cumulative across editions"
        rows.append(
            _row(
                "across_editions",
                subject,
                str(later["figure_id"]),
                float(later["value"]),
                [earlier],
                INCONSISTENT,
                message,
                later,
            )
        )
    quarter_key = (later["edition"], later["programme"], later["indicator"], *(later[c] for c in BREAKDOWNS))
    start = _next_day(str(earlier["period_end"]))
    for period in periods.get(quarter_key, []):
        if start is None or period["period_start"] != start or period["period_end"] != later["period_end"]:
            continue
        ok = round(float(period["value"]) - rise, 6) == 0
        message = _rise_message(ok, period, earlier, later, rise)
        subject = f"{later['indicator']}: period vs cumulative rise"
        status = CONSISTENT if ok else INCONSISTENT
        rows.append(
            _row("across_editions", subject, str(later["figure_id"]), rise, [period, earlier], status, message, later)
        )
    return rows


def _rise_message(ok: bool, period: Record, earlier: Record, later: Record, rise: float) -> str:
    """A quarter's figure against the rise of the cumulative one over that quarter: equal, or not."""
    values = {
        "value": format_number(period["value"]),
        "figure": period["figure_id"],
        "earlier": format_number(earlier["value"]),
        "later": format_number(later["value"]),
        "earlier_figure": earlier["figure_id"],
        "later_figure": later["figure_id"],
        "rise": format_number(rise),
    }
    if ok:
        return _(
            "the period figure %(value)s (%(figure)s) equals the rise of the cumulative figure, %(earlier)s -> "
            "%(later)s (%(earlier_figure)s, %(later_figure)s) = %(rise)s",
            **values,
        )
    return _(
        "the period figure %(value)s (%(figure)s) differs from the rise of the cumulative figure, %(earlier)s -> "
        "%(later)s (%(earlier_figure)s, %(later_figure)s) = %(rise)s",
        **values,
    )


def _qualified(figure: Record) -> str:
    qualifier = (figure["qualifier"] or "").replace("_", " ")
    return f"{qualifier} {figure['value_as_written']}".strip()


def run_checks(
    figures: pd.DataFrame, kinds: Iterable[str] = ("parts_vs_total", "within", "restatement", "across_editions")
) -> pd.DataFrame:
    """All consistency checks as one table (columns ``RESULT_COLUMNS``)."""
    builders = {
        "parts_vs_total": parts_vs_total,
        "within": within,
        "restatement": restatements,
        "across_editions": across_editions,
    }
    rows = [row for kind in kinds for row in builders[kind](figures)]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def summarise(results: pd.DataFrame) -> dict[str, int]:
    """How many checks ended in each status."""
    counts = results["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}
