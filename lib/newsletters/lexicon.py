"""What the words beside a number say about its breakdown: a country, a place, a sector, a mode, a group, a status.

The lexicon is learned from the data package (municipalities, places, regions and AoRs in both languages and their
aliases; the codes stored figures use) and from pycountry (every ISO 3166 country by any of its names), with a few
common words for the schema's controlled codes ('flew' for mode ``air``, 'finished' for status ``completed``). A
phrase found in a sentence is then given to the number it belongs to, by how English lists things: '37.6% settled
in Pristina, 14.9% in Ferizaj' (a place after its number), 'followed by Switzerland (262' (before it), 'services for
13' (before it), '441 of them flew and 31 …' (after it, up to the conjunction).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from lib.newsletters.numbers import Mention

Code = tuple[str, str]  # (column, code): ('country', 'DEU'), ('place', 'brestovik')
PLACE_COLUMNS = ("country", "region", "aor", "municipality", "place", "area")
# Common words for the schema's controlled codes. The codes themselves ('services', 'zhupa_valley') are read from the
# stored figures; these are what another writer says instead.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "mode": {
        "air": ("air", "plane", "flew", "flown", "flight", "flights"),
        "land": ("land", "overland", "bus", "road"),
    },
    "sector": {
        "services": ("service", "services", "service sector"),
        "production": ("production", "production-based", "productive"),
        "trade": ("trade", "commerce", "retail"),
        "agriculture": ("agriculture", "agricultural", "farming"),
        "construction": ("construction",),
        "employment_referral": (
            *("job referral", "job referrals", "employment referral", "employment referrals"),
            *("referral to employment", "referrals to employment", "referred to employment"),
        ),
    },
    "group": {
        "direct": ("direct", "directly"),
        "indirect": ("indirect", "indirectly"),
        "foreign": ("foreign",),
        "kosovar": ("kosovar victims", "kosovar women"),
        "children": ("children", "minors"),
        "adults": ("adults",),
        "community": ("community projects", "community project"),
        "individual": ("individual grants", "individual projects", "individual grant"),
        "grant_loan": ("grant and loan", "grant/loan", "grant-loan", "grants and loans", "grant with a loan"),
        "full_loan": ("full loan", "full loans"),
        "returnees": ("held by returnees", "returnees hold"),
        "residents": ("receiving community", "local residents", "residents"),
    },
    "setting": {"urban": ("urban",), "rural": ("rural",)},
    "status": {
        "approved": ("approved", "approval", "approvals", "approve"),
        "completed": ("completed", "finished", "complete"),
        "implemented": ("implemented",),
        "ongoing": ("ongoing", "running", "under way", "underway"),
        "under_reconstruction": (
            *("reconstruction is under way", "under reconstruction", "being rebuilt", "being reconstructed"),
            *("rebuilding", "reconstruction of", "still being rebuilt"),
        ),
        "handed_over": ("handed over", "received the keys", "keys to"),
        "pending": ("pending",),
    },
    "area": {
        "zhupa_valley": ("zhupa valley", "zhupa"),
        "magure_moravska": ("magure", "magura", "moravska"),
        "north": ("north", "northern"),
        "southwest": ("southwest", "southwestern", "south-west", "south-western"),
    },
}
COUNTRY_EXTRAS = {  # names pycountry does not hold (historic states) or that newsletters use for short
    "Serbia and Montenegro": "SCG",
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "Holland": "NLD",
    "BiH": "BIH",
    "Bosnia": "BIH",
    "FYR Macedonia": "MKD",
    "FYROM": "MKD",
    "Macedonia": "MKD",
    "USA": "USA",
    "Moldova": "MDA",
    "Russia": "RUS",
    "Luxemburg": "LUX",
    "Czech Republic": "CZE",
    "Turkey": "TUR",
}
# Between a phrase and the next number: a list goes on to another item, so the phrase closes the earlier one.
# ('Austria with 8%', 'Moldova …, with 14 victims': 'with' leads to the phrase's own number.)
_CLOSES_EARLIER = re.compile(r"[,;:]|\b(?:and|while|whereas|against|compared|but|or)\b", re.IGNORECASE)
# A name's other spelling, then ', with' or a colon: the number after it is the name's ('Sigë/Siga, with 9').
_NAMES_LATER = re.compile(r"(?:/[^\W\d]+)?\s*(?:,\s*)?(?:with|at|numbering|totall?ing|:|\()\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """A phrase of the text that names a code, where it stands."""

    start: int
    end: int
    words: str
    codes: frozenset[Code]


class Lexicon:
    """Phrases → codes, found in a text; built once per draft from the data package."""

    def __init__(self, entries: dict[str, set[Code]], cased: dict[str, set[Code]]) -> None:
        # Spelt with or without the Albanian and Serbian letters ('Magurë', 'Magure'): one entry, its codes merged.
        self.entries, self.cased = _folded(entries), _folded(cased)
        self._plain = _alternation(self.entries, re.IGNORECASE)
        self._cased = _alternation(self.cased, 0)

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame]) -> Lexicon:
        entries: dict[str, set[Code]] = {}
        cased: dict[str, set[Code]] = {}
        # pycountry is loaded when a draft is made, not when a reader opens the Data page that offers drafting.
        for country in importlib.import_module("pycountry").countries:
            for attribute in ("name", "common_name", "official_name"):
                name = getattr(country, attribute, None)
                if name and "," not in name:
                    cased.setdefault(name, set()).add(("country", country.alpha_3))
        for name, code in COUNTRY_EXTRAS.items():
            cased.setdefault(name, set()).add(("country", code))
        for column, codes in SYNONYMS.items():
            for code, words in codes.items():
                for word in words:
                    entries.setdefault(word.lower(), set()).add((column, code))
        for column, code, names, aliases in _gazetteer(tables):
            # A name's spellings ('Pejë/Peć') are split; an alias is kept whole: 'Brestovik-Pejë/Pec' is a village
            # in Pejë, and 'Pec' alone is the municipality, not the village.
            spellings = {v for name in names for v in _variants(name)} | {
                v for a in aliases if a for v in _variants(a, split=False)
            }
            for variant in spellings:
                if len(variant) > 2:
                    entries.setdefault(variant.lower(), set()).add((column, code))
        for phrase, code in _phases(tables):
            cased.setdefault(phrase, set()).add(("phase", code))
        figures = tables.get("figures")
        if figures is not None:  # every code a stored figure uses, as words ('zhupa_valley' → 'zhupa valley')
            for column in ("sector", "mode", "group", "setting", "status", "area", "place"):
                if column in figures:
                    for code in figures[column].dropna().unique():
                        if str(code).strip():
                            entries.setdefault(str(code).replace("_", " ").lower(), set()).add((column, str(code)))
        return cls(entries, cased)

    def phrases(self, text: str) -> list[Phrase]:
        """Every phrase of ``text`` the lexicon knows, longest first where two overlap, in reading order."""
        folded = fold(text)  # letter for letter: a match's place in it is its place in ``text``
        found = [
            Phrase(m.start(), m.end(), text[m.start() : m.end()], frozenset(_codes(table, key, m.group(1))))
            for pattern, table, key in (
                (self._cased, self.cased, str),
                (self._plain, self.entries, str.lower),
            )
            if pattern is not None
            for m in pattern.finditer(folded)
        ]
        found.sort(key=lambda p: (p.start, -(p.end - p.start)))
        kept: list[Phrase] = []
        for phrase in found:
            if not kept or phrase.start >= kept[-1].end:
                kept.append(phrase)
        return kept


_FOLD = str.maketrans("ëËçÇšŠžŽčČćĆđĐ", "eEcCsSzZcCcCdD")


def fold(text: str) -> str:
    """``text`` without the Albanian and Serbian Latin letters' marks ('Pejë/Peć' → 'Peje/Pec'), letter for letter."""
    return text.translate(_FOLD)


def _folded(table: dict[str, set[Code]]) -> dict[str, set[Code]]:
    merged: dict[str, set[Code]] = {}
    for words, codes in table.items():
        merged.setdefault(fold(words), set()).update(codes)
    return merged


def _codes(table: dict[str, set[Code]], key: Callable[[str], str], words: str) -> set[Code]:
    """The codes of a phrase, and of each spelling of 'Prishtina/Pristina' (a municipality's and a region's name)."""
    found = set(table.get(key(words), set()))
    for part in words.split("/"):
        found |= table.get(key(part.strip()), set())
    return found


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _phases(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """A programme's phase as texts name it: 'Phase II', 'second phase', 'CSP II' (codes as figures.csv's)."""
    acronyms = set()
    programmes = tables.get("programmes")
    if programmes is not None:
        acronyms = {str(a) for a in programmes["short_name"] if str(a).isupper() and len(str(a)) >= 3}
    found = []
    for roman, ordinal in zip(ROMAN, ORDINALS, strict=True):
        found += [(f"Phase {roman}", roman), (f"phase {roman}", roman), (f"{ordinal} phase", roman)]
        found += [(f"{ordinal.capitalize()} phase", roman)] + [(f"{a} {roman}", roman) for a in acronyms]
    return found


def _alternation(table: dict[str, set[Code]], flags: int) -> re.Pattern[str] | None:
    if not table:
        return None
    names = sorted(table, key=len, reverse=True)
    # 'construction-related', 'production-oriented', 'service-based': the name with a suffix says the same
    return re.compile(
        r"(?<![\w/-])(" + "|".join(map(re.escape, names)) + r")(?:-(?:related|based|oriented))?(?![\w-])", flags
    )


def _gazetteer(tables: dict[str, pd.DataFrame]) -> Iterable[tuple[str, str, list[str], list[str]]]:
    """(column, code, names, aliases) of every municipality, place, region and AoR, in Albanian, Serbian and
    English."""
    for table, column, id_column in (
        ("municipalities", "municipality", "municipality_id"),
        ("places", "place", "place_id"),
        ("regions", "region", "region_id"),
        ("aors", "aor", "aor_id"),
    ):
        frame = tables.get(table)
        if frame is None:
            continue
        for row in frame.to_dict("records"):
            names = [str(row.get(c) or "") for c in ("name", "name_sq", "name_sr", "name_en")]
            if table == "aors":
                names = [n.replace(" AoR", "") for n in names]
            aliases = [a.strip() for a in str(row.get("aliases") or "").split(";")]
            yield column, str(row[id_column]), [n for n in names if n and n.lower() != "nan"], aliases


def _variants(name: str, split: bool = True) -> set[str]:
    """A name as texts write it: as stored, without diacritics, and Albanian's definite form ('Pejë' → 'Peja');
    with ``split``, each spelling of 'Pejë/Peć' too."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    variants = {name, plain}
    for form in (name, plain):
        if form.endswith(("ë", "e")) and len(form) > 3:
            variants.add(form[:-1] + "a")
    parts = re.split(r"\s*/\s*", name)
    if split and len(parts) > 1 and all(len(part.split()) <= 2 for part in parts):  # 'Pejë/Peć' names two spellings
        for part in parts:
            variants |= _variants(part)
    return variants


def clues(
    text: str, numbers: tuple[Mention, ...] | list[Mention], lexicon: Lexicon, phrases: list[Phrase] | None = None
) -> list[list[Phrase]]:
    """For each number of ``text``, the phrases that belong to it (see the module's docstring for the rule);
    ``phrases``: ``lexicon.phrases(text)`` where the caller has them already."""
    own: list[list[Phrase]] = [[] for _ in numbers]
    if not numbers:
        return own
    for phrase in lexicon.phrases(text) if phrases is None else phrases:
        later = next((i for i, n in enumerate(numbers) if n.start >= phrase.end), None)
        earlier = next((i for i in range(len(numbers) - 1, -1, -1) if numbers[i].end <= phrase.start), None)
        if later is None and earlier is None:
            continue  # inside a number's own words ('1 in every 2')
        if later is None:
            chosen = earlier
        elif earlier is None:
            chosen = later
        else:
            gap = text[phrase.end : numbers[later].start]
            closes = _CLOSES_EARLIER.search(gap) and not _NAMES_LATER.fullmatch(gap)
            chosen = earlier if closes else later
        if chosen is not None:
            own[chosen].append(phrase)
    for index, number in enumerate(numbers):  # '1,123 returnees, or 61.0%' / '(262; 14.2%)': a share of the count
        if index and number.percent and not _places(own[index]):
            between = text[numbers[index - 1].end : number.start]
            if len(re.findall(r"[A-Za-z]+", between)) <= 3:
                own[index] = own[index] + [p for p in own[index - 1] if _places([p])]
        elif index and _MONEY.search(number.written) and not _groups(own[index]) and _groups(own[index - 1]):
            # '25 combine a grant with a loan, for EUR 78,310': a sum right after a count is that count's
            between = text[numbers[index - 1].end : number.start]
            if len(re.findall(r"[A-Za-z]+", between)) <= 8 and not re.search(r"[;.]", between):
                own[index] = own[index] + [p for p in own[index - 1] if _groups([p])]
    return own


_MONEY = re.compile(r"[€£$]|\b(?:EUR|GBP|USD|CHF|euros?)\b", re.IGNORECASE)


def _groups(phrases: list[Phrase]) -> set[Code]:
    return {code for p in phrases for code in p.codes if code[0] == "group"}


def _places(phrases: list[Phrase]) -> set[Code]:
    """The places and sectors ``phrases`` name: what a share right after a count shares with it."""
    return {code for p in phrases for code in p.codes if code[0] in (*PLACE_COLUMNS, "sector", "mode")}


def codes_of(phrases: list[Phrase], exclude: tuple[str, ...] = ("status",)) -> frozenset[Code]:
    """The codes ``phrases`` name, leaving out the columns ``exclude`` names."""
    return frozenset(code for p in phrases for code in p.codes if code[0] not in exclude)
