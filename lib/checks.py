"""Consistency checks over the figures table; the result is a table, not a print-out.

The checks are generic, driven by the breakdown columns, so a new edition needs no code:

* ``parts_vs_total``: a figure with a breakdown column empty (the total) against the figures
  that match it in everything else and fill that column (the parts). Parts equal to the total
  are consistent; parts short of it leave a remainder the newsletter does not itemise; parts
  above it are inconsistent. Shares with no stated total are compared with 100%.
* ``within``: for one indicator and breakdown reported to the same date, a quarter's figure
  must not exceed the year-to-date figure, nor that the cumulative one.
* ``restatement``: a figure repeated elsewhere in the newsletter (News in Brief, headings) must
  state the same value in the same way.

Never changes a figure: it only says where the newsletter disagrees with itself.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

BREAKDOWNS: tuple[str, ...] = (
    "country", "region", "municipality", "place", "area", "setting", "sector", "phase", "status", "group", "mode", "donor",
)
# Breakdowns that partition a total. (phase, area) together: CSP reports its totals per phase and area.
DIMENSION_SETS: tuple[tuple[str, ...], ...] = tuple((column,) for column in BREAKDOWNS) + (("phase", "area"),)
# The start of a cumulative figure is stated in one sentence and not in the next, so figures are
# matched on basis and period end only.
MATCH_COLUMNS: tuple[str, ...] = ("edition", "programme", "indicator", "basis", "period_end")
NESTED_BASES: tuple[str, ...] = ("period", "year_to_date", "cumulative")
SHARE_WHOLE = 100.0

CONSISTENT = "consistent"
NOT_ITEMISED = "not_itemised"
INCONSISTENT = "inconsistent"
WORDING_DIFFERS = "wording_differs"
STATUSES: tuple[str, ...] = (CONSISTENT, NOT_ITEMISED, INCONSISTENT, WORDING_DIFFERS)

RESULT_COLUMNS: list[str] = [
    "check_id", "edition", "programme", "kind", "subject", "total_figure_id", "total_value",
    "part_figure_ids", "parts_sum", "difference", "status", "message",
]


def _comparable(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures a sum can use: not repeats, not ranges, not ratios."""
    keep = (figures["restates"].fillna("") == "") & figures["value_max"].isna() & figures["denominator"].isna()
    return figures.loc[keep].fillna({c: "" for c in BREAKDOWNS + ("period_end",)})


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _classify(total: float, parts: float) -> str:
    difference = round(total - parts, 6)
    if difference == 0:
        return CONSISTENT
    return NOT_ITEMISED if difference > 0 else INCONSISTENT


def _message(status: str, total: float, parts: float, unit_suffix: str) -> str:
    if status == CONSISTENT:
        return f"parts add up to the total ({_fmt(total)}{unit_suffix})"
    if status == NOT_ITEMISED:
        return f"parts add up to {_fmt(parts)}{unit_suffix} of {_fmt(total)}{unit_suffix}: {_fmt(total - parts)}{unit_suffix} not itemised"
    return f"parts add up to {_fmt(parts)}{unit_suffix}, more than the total {_fmt(total)}{unit_suffix}: the newsletter is inconsistent"


def _row(kind: str, subject: str, total_id: str, total: float | None, parts: pd.DataFrame, status: str,
         message: str, first: pd.Series) -> dict[str, object]:
    parts_sum = float(parts["value"].sum())
    return {
        "check_id": f"{kind}:{total_id or first['figure_id']}:{subject}",
        "edition": first["edition"], "programme": first["programme"], "kind": kind, "subject": subject,
        "total_figure_id": total_id, "total_value": total, "part_figure_ids": ";".join(parts["figure_id"]),
        "parts_sum": parts_sum, "difference": None if total is None else total - parts_sum,
        "status": status, "message": message,
    }


def parts_vs_total(figures: pd.DataFrame) -> list[dict[str, object]]:
    """Each stated total against its parts, one row per total and breakdown."""
    rows: list[dict[str, object]] = []
    data = _comparable(figures)
    for dims in DIMENSION_SETS:
        others = [c for c in BREAKDOWNS if c not in dims]
        is_part = (data[list(dims)] != "").all(axis=1)
        is_total = (data[list(dims)] == "").all(axis=1)
        key = list(MATCH_COLUMNS) + others
        totals = data.loc[is_total].set_index(key, drop=False)
        for group_key, parts in data.loc[is_part].groupby(key, sort=False):
            subject = f"{parts.iloc[0]['indicator']} by {' x '.join(dims)}"
            unit = "%" if parts.iloc[0]["basis"] == "share" else ""
            matches = totals.loc[[group_key]] if group_key in totals.index else None
            if matches is not None:
                for _, total_row in matches.iterrows():
                    total = float(total_row["value"])
                    status = _classify(total, float(parts["value"].sum()))
                    rows.append(_row("parts_vs_total", subject, total_row["figure_id"], total, parts, status,
                                     _message(status, total, float(parts["value"].sum()), unit), total_row))
            elif parts.iloc[0]["basis"] == "share" and (parts[others] == "").all(axis=None):
                # No stated whole: percentages of one breakdown with nothing else qualifying them add up to 100.
                status = _classify(SHARE_WHOLE, float(parts["value"].sum()))
                rows.append(_row("parts_vs_total", subject, "", SHARE_WHOLE, parts, status,
                                 _message(status, SHARE_WHOLE, float(parts["value"].sum()), "%"), parts.iloc[0]))
    return rows


def within(figures: pd.DataFrame) -> list[dict[str, object]]:
    """A quarter's figure must not exceed the year-to-date one, nor that the cumulative one."""
    rows: list[dict[str, object]] = []
    data = _comparable(figures)
    data = data.loc[data["basis"].isin(NESTED_BASES)]
    key = ["edition", "programme", "indicator", "period_end", *BREAKDOWNS]
    order = {basis: rank for rank, basis in enumerate(NESTED_BASES)}
    for _, group in data.groupby(key, sort=False):
        if group["basis"].nunique() < 2:
            continue
        ranked = group.assign(rank=group["basis"].map(order)).sort_values("rank")
        for (_, smaller), (_, larger) in zip(ranked.iloc[:-1].iterrows(), ranked.iloc[1:].iterrows()):
            if smaller["basis"] == larger["basis"]:
                continue
            ok = float(smaller["value"]) <= float(larger["value"])
            subject = f"{smaller['indicator']}: {smaller['basis']} within {larger['basis']}"
            message = (f"{smaller['basis']} {_fmt(smaller['value'])} is within {larger['basis']} {_fmt(larger['value'])}" if ok
                       else f"{smaller['basis']} {_fmt(smaller['value'])} exceeds {larger['basis']} {_fmt(larger['value'])}")
            rows.append(_row("within", subject, larger["figure_id"], float(larger["value"]), ranked.loc[[smaller.name]],
                             CONSISTENT if ok else INCONSISTENT, message, larger))
    return rows


def restatements(figures: pd.DataFrame) -> list[dict[str, object]]:
    """A figure the newsletter repeats must say the same thing each time."""
    rows: list[dict[str, object]] = []
    by_id = figures.set_index("figure_id", drop=False)
    repeats = figures.loc[figures["restates"].fillna("") != ""]
    for _, repeat in repeats.iterrows():
        if repeat["restates"] not in by_id.index:
            continue
        original = by_id.loc[repeat["restates"]]
        same_value = float(repeat["value"]) == float(original["value"])
        same_words = (repeat["qualifier"] or "") == (original["qualifier"] or "")
        if same_value and same_words:
            status, message = CONSISTENT, f"states {repeat['value_as_written']} as {original['figure_id']} does"
        elif same_value:
            status = WORDING_DIFFERS
            message = (f"'{_qualified(repeat)}' here, '{_qualified(original)}' in {original['source_section']}")
        else:
            status = INCONSISTENT
            message = f"{repeat['value_as_written']} here, {original['value_as_written']} in {original['source_section']}"
        rows.append(_row("restatement", f"{repeat['indicator']} restated", original["figure_id"], float(original["value"]),
                         by_id.loc[[repeat["figure_id"]]], status, message, original))
    return rows


def _qualified(figure: pd.Series) -> str:
    qualifier = (figure["qualifier"] or "").replace("_", " ")
    return f"{qualifier} {figure['value_as_written']}".strip()


def run_checks(figures: pd.DataFrame, kinds: Iterable[str] = ("parts_vs_total", "within", "restatement")) -> pd.DataFrame:
    """All consistency checks as one table (columns ``RESULT_COLUMNS``)."""
    builders = {"parts_vs_total": parts_vs_total, "within": within, "restatement": restatements}
    rows = [row for kind in kinds for row in builders[kind](figures)]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def summarise(results: pd.DataFrame) -> dict[str, int]:
    """How many checks ended in each status."""
    counts = results["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}
