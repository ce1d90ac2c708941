"""The chart-spec cache (``ui.widgets.chart_spec``) keeps a spec per input content, never per a shortened ``repr``."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.widgets import chart_spec, content_key, frame_digest

BUILDS: list[str] = []


def _listed(table: pd.DataFrame, other: pd.DataFrame, title: str = "") -> alt.Chart:
    """A chart of both tables' texts, counting its builds."""
    BUILDS.append(title)
    rows = pd.concat([table, other], ignore_index=True)
    return alt.Chart(rows).mark_text().encode(text="text:N").properties(description="; ".join(rows["text"]))


def _long(middle: str) -> pd.DataFrame:
    """200 rows: pandas' ``repr`` shows the first and last few, never the middle one."""
    texts = [f"row {i}" for i in range(200)]
    texts[100] = middle
    return pd.DataFrame({"text": texts})


def test_frames_with_one_repr_but_other_content_get_their_own_specs():
    one, other = _long("first"), _long("second")
    assert repr(one) == repr(other)  # as a key, the repr would not see the difference
    wordy = pd.DataFrame({"text": ["x" * 80 + " a"]})
    reworded = pd.DataFrame({"text": ["x" * 80 + " b"]})
    assert repr(wordy) == repr(reworded)  # a long text is cut short too
    small = pd.DataFrame({"text": ["small"]})
    # The first table and a table among the other arguments, each changed alone.
    specs = [
        chart_spec(_listed, one, small, title="case 1"),
        chart_spec(_listed, other, small, title="case 1"),
        chart_spec(_listed, small, wordy, title="case 1"),
        chart_spec(_listed, small, reworded, title="case 1"),
    ]
    descriptions = [spec["description"] for spec in specs]
    assert "first" in descriptions[0] and "second" in descriptions[1]
    assert descriptions[2].endswith(" a") and descriptions[3].endswith(" b")


def test_equal_frames_hit_the_cache():
    table = pd.DataFrame({"text": ["a", "b"], "value": [1.0, 2.0]})
    other = pd.DataFrame({"text": ["c"]})
    first = chart_spec(_listed, table, other, title="case 2")
    builds = len(BUILDS)
    again = chart_spec(_listed, table.copy(), other.copy(), title="case 2")
    assert again is first and len(BUILDS) == builds  # equal content, another object: the spec kept
    chart_spec(_listed, table, other, title="case 2, retitled")
    assert len(BUILDS) == builds + 1  # another argument: built anew


def test_a_frames_key_is_its_content_names_and_types():
    table = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert frame_digest(table) == frame_digest(table.copy())
    assert frame_digest(table) != frame_digest(table.rename(columns={"b": "c"}))  # same values, other names
    assert frame_digest(table) != frame_digest(table.astype({"a": float}))  # same numbers, another type
    assert frame_digest(table) != frame_digest(table.set_axis([5, 6]))  # another index
    assert frame_digest(table) != frame_digest(table.iloc[::-1])  # another order
    assert content_key("text") == repr("text") and content_key(table) != content_key(table.iloc[:1])
