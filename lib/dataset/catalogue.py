"""One catalogue of the data's names and editions: which editions exist and which came before, and the
readable names of programmes, indicators and donors. Everything that needs them asks here.

Built from whichever tables could be read: a broken ``editions.csv`` still leaves the editions the
figures name, a broken ``programmes.csv`` leaves the ids as their own names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd


def _column_map(table: pd.DataFrame | None, key: str, value: str) -> dict[str, str]:
    if table is None or key not in table.columns or value not in table.columns:
        return {}
    return {str(k): str(v) for k, v in zip(table[key], table[value], strict=True)}


@dataclass(frozen=True)
class Catalogue:
    """Editions (oldest first) and the names of codes, from a dataset's tables."""

    editions: tuple[str, ...] = ()
    programmes: Mapping[str, str] = field(default_factory=dict)  # id -> short name
    programme_titles: Mapping[str, str] = field(default_factory=dict)  # id -> full name
    programme_themes: Mapping[str, str] = field(default_factory=dict)  # id -> theme key
    indicators: Mapping[str, str] = field(default_factory=dict)  # id -> label
    units: Mapping[str, str] = field(default_factory=dict)  # indicator id -> unit
    donors: Mapping[str, str] = field(default_factory=dict)  # id -> name

    @classmethod
    def of(cls, tables: Mapping[str, pd.DataFrame | None]) -> Catalogue:
        return cls(
            editions=tuple(edition_ids(tables)),
            programmes=_column_map(tables.get("programmes"), "programme_id", "short_name"),
            programme_titles=_column_map(tables.get("programmes"), "programme_id", "name"),
            programme_themes=_column_map(tables.get("programmes"), "programme_id", "theme"),
            indicators=_column_map(tables.get("indicators"), "indicator_id", "label"),
            units=_column_map(tables.get("indicators"), "indicator_id", "unit"),
            donors=_column_map(tables.get("donors"), "donor_id", "name"),
        )

    def latest(self) -> str | None:
        return self.editions[-1] if self.editions else None

    def previous_edition(self, edition: str) -> str | None:
        """The latest edition before ``edition``, or None for the first."""
        earlier = [e for e in self.editions if e < edition]
        return earlier[-1] if earlier else None

    def programme(self, programme_id: str) -> str:
        return self.programmes.get(programme_id, programme_id)

    def indicator(self, indicator_id: str) -> str:
        return self.indicators.get(indicator_id) or indicator_id.replace("_", " ")

    def donor(self, donor_id: str) -> str:
        return self.donors.get(donor_id, donor_id)


def edition_ids(tables: Mapping[str, pd.DataFrame | None]) -> list[str]:
    """Every edition the data knows, oldest first: those ``editions.csv`` lists and those the figures name."""
    found: set[str] = set()
    for name, column in (("figures", "edition"), ("editions", "edition_id")):
        table = tables.get(name)
        if table is not None and column in table.columns:
            found |= {str(e) for e in table[column] if e}
    return sorted(found)
