"""A chart said in words: the text Vega-Lite puts in a chart's ``description`` (the SVG's ``aria-label``).

Each function takes the table a chart draws and says what it shows, in the chart's order, with every
figure as the table writes it (``value_text``, ``progress_text``: "over 40", "37.6%"), never
recomputed or rounded, and every row named as the table labels it. One sentence, starting with the
chart's title. No Streamlit, no Altair: plain text from a frame. In the reader's language (``lib.i18n``): the
sentence's words are, the rows' labels and figures come as the table writes them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.dataset.rows import is_blank
from lib.i18n import _
from lib.presenting.formats import format_number

# A screen reader reads the whole description at once: past this many items a list is cut, and the
# description says how many it left out ("… and 5 more"). Every chart this dashboard draws is shorter.
MAX_ITEMS = 12


def heading(title: str, subtitle: str = "") -> str:
    """'Returnees by country of return, 1 Aug – 31 Oct 2004': the title, then the subtitle if there is one."""
    return f"{title}, {subtitle}" if subtitle else title


def listed(items: Sequence[str], limit: int = MAX_ITEMS, separator: str = "") -> str:
    """'a, b, c'; past ``limit`` items, the first ``limit`` and '… and N more'.

    Items with a comma of their own ('Foreign victims assisted, in all 404', '2,762') are set apart
    by semicolons, unless ``separator`` says otherwise.
    """
    separator = separator or ("; " if any("," in said for said in items) else ", ")
    said = separator.join(items[:limit])
    return _more(said, len(items) - limit) if len(items) > limit else said


def _more(said: str, left_out: int) -> str:
    """'a, b, c … and 5 more'."""
    return _("%(items)s … and %(count)s more", items=said, count=format_number(left_out))


def item(label: object, figure: str) -> str:
    """'Germany 310'; 'since Dec 2003: 200' where the label ends in a number the figure would run into."""
    label = str(label).strip()
    return f"{label}: {figure}" if label[-1:].isdigit() else f"{label} {figure}"


def _sentence(head: str, body: str) -> str:
    return _("%(heading)s: %(body)s.", heading=head, body=body) if body else _("%(heading)s: no figures.", heading=head)


def _written(row: pd.Series, column: str) -> str:
    """A text column of the row, '' where it is missing or blank."""
    text = row.get(column)
    return text.strip() if isinstance(text, str) else ""


def _text(row: pd.Series) -> str:
    """The figure as the table writes it; the number itself only where the table has no text for it."""
    if _written(row, "value_text"):
        return _written(row, "value_text")
    value = row.get("value")
    return format_number(float(value)) if value is not None and pd.notna(value) else ""


def _unit(row: pd.Series) -> str | None:
    """What follows the number in a plainly written figure ('%', ' EUR', ''); None where the figure is not
    just its number ('over 40', 'about 7', '15–20'), so that no sum of it can be said."""
    if is_blank(row.get("value")):
        return None
    number, written = format_number(float(row["value"])), _text(row)
    if not written.startswith(number):
        return None
    rest = written[len(number) :]
    return rest if rest in ("", "%") or (rest.startswith(" ") and rest[1:].isalpha()) else None


def _remainder(table: pd.DataFrame) -> pd.Series:
    """Rows that are the part of a stated total the newsletter does not itemise (missing or blank: none)."""
    if "is_remainder" not in table.columns:
        return pd.Series(False, index=table.index)
    return table["is_remainder"].eq(True)


def stated_total_text(table: pd.DataFrame) -> str:
    """The stated total of a table built against one (it has a not-itemised row), written like its rows; '' otherwise.

    ``lib.presenting.present.chart_table`` adds that row as the total less the itemised parts, so the rows add up
    to the stated total: this is the newsletter's figure, not a new one. Without such a row the rows
    need not be parts of one whole (404 assisted in all, 24 returned this year), so nothing is said.
    """
    remainder = _remainder(table)
    if not remainder.any():
        return ""
    unit = _unit(table.loc[remainder].iloc[-1]) or ""  # written like the not-itemised row: "%", " EUR"
    return format_number(round(float(table["value"].sum()), 6)) + unit


def bar_total_text(rows: pd.DataFrame) -> str:
    """The length of one stacked bar, written like its segments, where it is a total the newsletter states
    (the bar has a 'not itemised' part made against it); '' for a bar of one segment, a bar of parts
    alone, or where a segment is not a plain number ('about 50'): a sum of those would be a figure the
    newsletter does not give."""
    units = [_unit(row) for _index, row in rows.iterrows()]
    known = [unit for unit in units if unit is not None]
    if len(units) < 2 or len(known) < len(units) or len(set(known)) > 1:
        return ""
    if "is_remainder" not in rows.columns or not rows["is_remainder"].astype(bool).any():
        return ""  # no stated total behind the bar (no 'not itemised' part): its sum is not the newsletter's figure
    return format_number(round(float(rows["value"].sum()), 6)) + known[0]


def describe(title: str, table: pd.DataFrame, subtitle: str = "", total_text: str = "") -> str:
    """One bar per row, in the table's order: 'Title, subtitle: Germany 310, …, Other / not itemised 26; 472 in all.'"""
    body = listed([item(row["label"], _text(row)) for _index, row in table.iterrows()])
    if body and total_text:
        body = _("%(items)s; %(total)s in all", items=body, total=total_text)
    return _sentence(heading(title, subtitle), body)


def describe_series(title: str, table: pd.DataFrame, subtitle: str = "", series_order: Sequence[str] = ()) -> str:
    """Stacked bars, by label then series: 'Title: CSP I north: production 39, services 11, not itemised 3
    (53 in all); …'.

    Labels in the table's order (the chart's rows), each bar's segments in ``series_order`` (the stack's
    order), then any others in the table's order. A bar of two or more segments, each written as a
    plain number, says its length: the sum the chart draws as one whole (``bar_total_text``).
    """
    rank = {name: i for i, name in enumerate(series_order)}
    groups = []
    for label in dict.fromkeys(table["label"]):
        rows = table.loc[table["label"] == label]
        rows = rows.assign(_rank=[rank.get(s, len(rank)) for s in rows["series"]]).sort_values("_rank", kind="stable")
        total = bar_total_text(rows)
        segments = listed([item(row["series"], _text(row)) for _index, row in rows.iterrows()], separator=", ")
        if total:
            groups.append(_("%(label)s: %(segments)s (%(total)s in all)", label=label, segments=segments, total=total))
        else:
            groups.append(f"{label}: {segments}")
    body = "; ".join(groups[:MAX_ITEMS])
    if len(groups) > MAX_ITEMS:
        body = _more(body, len(groups) - MAX_ITEMS)
    return _sentence(heading(title, subtitle), body)


def describe_targets(title: str, table: pd.DataFrame, subtitle: str = "") -> str:
    """Achieved against target, 'N of T' per row: 'Title: Zhupa Valley 61 of 65, …'."""
    items = []
    for _index, row in table.iterrows():
        target = _written(row, "target_text")
        of_target = _("%(achieved)s of %(target)s", achieved=_text(row), target=target) if target else _text(row)
        progress = _written(row, "progress_text") or of_target
        items.append(item(row["label"], progress))
    return _sentence(heading(title, subtitle), listed(items))


def describe_trend(title: str, table: pd.DataFrame, subtitle: str = "") -> str:
    """Each edition's value in order: 'Title: Aug 2004 400, Nov 2004 472.'

    A long trend keeps its first edition and its latest ones, and says how many between it leaves out.
    """
    rows = table.sort_values("order", kind="stable") if "order" in table.columns else table
    items = [item(row["label"], _text(row)) for _index, row in rows.iterrows()]
    if len(items) > MAX_ITEMS:
        left_out = len(items) - MAX_ITEMS
        return _sentence(
            heading(title, subtitle),
            listed(
                [items[0], _("… %(count)s more …", count=format_number(left_out))] + items[-(MAX_ITEMS - 1) :],
                MAX_ITEMS + 1,
            ),
        )
    return _sentence(heading(title, subtitle), listed(items))
