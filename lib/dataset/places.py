"""Gazetteer and name resolution: every spelling of a place, municipality or district to one id.

The newsletter writes names both ways and in shorthand: "Pejë/Pec", "Peja/Pec", "Siga/ë",
"Dragas/h", "Magure/a", "Prishtina/Pristina region", "Gjilan/Gnjilane AoR". Resolution ignores case and diacritics
("Peć" = "Pec", "Đakovica" = "Djakovica"), tries each half of a "/" pair, expands a short
suffix after "/" ("Siga/ë" → "Siga", "Sigë"), and drops generic words ("municipality",
"region", "AoR"). A name it cannot resolve is reported, never dropped.

An IOM area of responsibility ("Peja/Pec AoR") is named after a district but is not one: it resolves
to its own kind, ``aor`` (aors.csv), never to the district of the same name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from lib.presenting.formats import bilingual

GENERIC_WORDS = ("municipality", "region", "aor", "village", "area", "district of", "the")
# Letters NFKD does not take apart.
EXTRA_FOLDS = str.maketrans({"đ": "dj", "Đ": "dj", "ð": "dj", "ł": "l", "ø": "o"})
SHORT_SUFFIX = 2  # "Siga/ë", "Dragas/h": the part after "/" completes the word before it
KIND_ORDER = ("place", "municipality", "region", "aor")  # a bare "Prizren" is the municipality, not the district


@dataclass(frozen=True)
class Resolved:
    """What a name stands for."""

    kind: str  # place | municipality | region | aor
    id: str
    name_sq: str
    name_sr: str
    municipality: str = ""  # KV code, for places and municipalities

    @property
    def label(self) -> str:
        """Both names where they differ: 'Pejë/Peć'."""
        return bilingual(self.name_sq, self.name_sr, self.id)


def normalise(name: str) -> str:
    """Lower case, no diacritics, single spaces: 'Pejë/Peć' → 'peje/pec'."""
    folded = unicodedata.normalize("NFKD", name.translate(EXTRA_FOLDS))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", plain).strip()


def _without_generic_words(name: str) -> str:
    words = [w for w in name.split(" ") if w not in GENERIC_WORDS]
    return " ".join(words)


def variants(name: str) -> list[str]:
    """Normalised forms to look up, most specific first."""
    text = normalise(name)
    forms = [text, _without_generic_words(text)]
    for piece in re.split(r"\s+-\s+|-(?=[^\s])", text):  # "brestovik-peje/pec"
        parts = [p.strip() for p in piece.split("/")]
        for index, part in enumerate(parts):
            if index > 0 and len(part) <= SHORT_SUFFIX and parts[index - 1]:
                stem = parts[index - 1].split(" ")[-1]
                head = parts[index - 1][: len(parts[index - 1]) - len(stem)]
                forms += [head + stem + part, head + stem[: -len(part)] + part]
            else:
                forms.append(part)
        forms += [_without_generic_words(p) for p in parts]
    return [f for f in dict.fromkeys(forms) if f]


class Gazetteer:
    """Looks names up in the places, municipalities, regions and areas-of-responsibility catalogues."""

    def __init__(
        self,
        places: pd.DataFrame | None,
        municipalities: pd.DataFrame | None,
        regions: pd.DataFrame | None,
        aors: pd.DataFrame | None = None,
    ):
        self._index: dict[str, list[Resolved]] = {}
        for row in _rows(aors):
            self._add(Resolved("aor", row["aor_id"], row["name_sq"], row["name_sr"]), row, ("name",))
        seats = {row["name_sq"]: row for row in _rows(municipalities)}
        for row in _rows(regions):
            # A district is named after its seat municipality and written the same ways.
            seat = seats.get(row["name_sq"], {})
            self._add(
                Resolved("region", row["region_id"], row["name_sq"], row["name_sr"]),
                {**row, "aliases": seat.get("aliases", ""), "seat_en": seat.get("name_en", "")},
                ("name_en", "aliases", "seat_en"),
            )
        for row in _rows(municipalities):
            self._add(
                Resolved(
                    "municipality", row["municipality_id"], row["name_sq"], row["name_sr"], row["municipality_id"]
                ),
                row,
                ("name_en", "aliases"),
            )
        for row in _rows(places):
            self._add(
                Resolved(
                    "place",
                    row["place_id"],
                    row["name_sq"] or row["name_en"],
                    row["name_sr"] or row["name_en"],
                    row["municipality_id"],
                ),
                row,
                ("name_en", "aliases"),
            )

    def _add(self, resolved: Resolved, row: dict, extra_columns: tuple[str, ...]) -> None:
        names = [resolved.name_sq, resolved.name_sr, f"{resolved.name_sq}/{resolved.name_sr}"]
        for column in extra_columns:
            names += [n for n in str(row.get(column, "") or "").split("; ")]
        for name in names:
            key = normalise(name)
            if key and resolved not in self._index.setdefault(key, []):
                self._index[key].append(resolved)

    def resolve(self, name: str) -> Resolved | None:
        """The place, municipality or district a name stands for, or None if unknown."""
        if not name or not name.strip():
            return None
        forms = variants(name)
        if re.search(r"\baor\b", normalise(name)):  # "Peja/Pec AoR": the area of responsibility, or nothing
            for form in forms:
                aors = [r for r in self._index.get(form, []) if r.kind == "aor"]
                if aors:
                    return aors[0]
            return None
        if re.search(r"\b(region|district)\b", normalise(name)):  # "Prishtina/Pristina region": the district first
            for form in forms:
                regions = [r for r in self._index.get(form, []) if r.kind == "region"]
                if regions:
                    return regions[0]
        for form in forms:
            matches = self._index.get(form)
            if matches:
                return sorted(matches, key=lambda r: KIND_ORDER.index(r.kind))[0]
        return None


def _rows(frame: pd.DataFrame | None) -> list[dict]:
    if frame is None:
        return []
    return [dict(zip(frame.columns, values, strict=True)) for values in frame.to_numpy(dtype=object)]
