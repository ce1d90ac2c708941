"""Tables that pages show, derived from an edition's figures: pure functions, no Streamlit.

Pages call them through ``lib.ui.view``, which keeps each result until the data changes.
"""

from __future__ import annotations

import pandas as pd

from lib.present import AREA_NAMES, chart_table, pick, records

NOT_ITEMISED = "not itemised"
CSP_KINDS = {"community": "community projects", "individual": "individual projects"}


def phase_area_label(phase: str, area: str) -> str:
    """'CSP I · northern Kosovo'."""
    return f"CSP {phase} · {AREA_NAMES.get(area, area)}"


def csp_split(figures: pd.DataFrame, by: str) -> pd.DataFrame:
    """Each CSP phase/area total split by ``by`` (sector or group), with the part the newsletter does not itemise."""
    frames = []
    for total in records(pick(figures, "csp", "projects", "cumulative", by=("phase", "area"))):
        label = phase_area_label(total["phase"], total["area"])
        parts = pick(figures, "csp", "projects", "cumulative", by=by, phase=total["phase"], area=total["area"])
        parts = parts.assign(series=[CSP_KINDS.get(code, code) for code in parts[by]])
        table = chart_table(parts, [label] * len(parts), "projects", pd.Series(total), keep=("series",))
        table.loc[table["is_remainder"], ["label", "series"]] = [label, NOT_ITEMISED]
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
