"""What the data already knows about words: which indicator a number's words count, and which programme they name.

Learned from the data package each time a draft is made, so each imported edition teaches it more:

* **indicators**: each indicator's label, definition and unit, and the words around its number in every stored
  quote ('472 Kosovars returned', 'trained 50 officers'), weighed by how rare a word is among indicators (tf-idf)
  and compared with the words around a new number (cosine);
* **programmes**: each programme's name, short name, acronym, aliases (``programmes.csv``) and section heading;
* **shares**: a percentage of a count takes a stored share indicator where one is kept by the same breakdown, and
  otherwise a proposed new one ('Share of returnees assisted, by country'), never another indicator's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from lib.newsletters.numbers import Mention, mentions
from lib.newsletters.sentences import stem

_STOPWORDS = (
    "a an the of and or in on at to for from by with as is are was were be been has have had its it this that these "
    "those their them they which who whom than then also more most some any all each per about over under into out "
    "up down iom kosovo s another further other new total number"
)
STOPWORDS = frozenset(_STOPWORDS.split())
# Units a number of each kind can carry; a count fits every unit not listed here.
PERCENT_UNITS = frozenset({"percent"})
DURATION_UNITS = frozenset({"days", "years", "months", "hours", "weeks"})
MONEY_UNITS = frozenset({"EUR", "GBP", "USD", "CHF"})
RATIO_UNITS = frozenset({"ratio"})


# Nouns another writer uses for what an indicator counts: read as the word the data uses.
SAME_THING = {
    "cours": "train",
    "works": "train",
    "semin": "train",
    "indiv": "perso",
    "peopl": "perso",
    "man-h": "perso",
    "displ": "idps",  # 'internally displaced families': IDPs
}


def words_of(text: str) -> list[str]:
    """Stems of the content words of ``text`` (numbers and stop words left out); 'courses' reads as 'trainings'."""
    stems = (stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text.lower()) if w not in STOPWORDS and len(w) > 1)
    return [SAME_THING.get(s, s) for s in stems]


@dataclass(frozen=True)
class IndicatorFit:
    indicator: str
    score: float  # cosine, 0-1
    words: tuple[str, ...]  # the stems both share, for the reasons


class IndicatorVocabulary:
    """Each indicator as a weighted bag of stems, from its catalogue row and every stored quote of its figures."""

    def __init__(self, bags: dict[str, Counter[str]], units: dict[str, str], labels: dict[str, str]) -> None:
        self.units, self.labels = units, labels
        # What each indicator counts, as nouns: its label and unit, and the words right after its stored numbers.
        self.heads: dict[str, set[str]] = {}
        documents = len(bags) or 1
        seen = Counter(word for bag in bags.values() for word in bag)
        self.idf = {word: math.log(1 + documents / count) for word, count in seen.items()}
        self.bags = bags

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame]) -> IndicatorVocabulary:
        indicators = tables.get("indicators", pd.DataFrame(columns=["indicator_id", "label", "unit", "definition"]))
        bags: dict[str, Counter[str]] = {}
        heads: dict[str, set[str]] = {}
        for row in indicators.to_dict("records"):
            bag = bags.setdefault(str(row["indicator_id"]), Counter())
            own = f"{row['label']} {row.get('unit') or ''} {str(row['indicator_id']).replace('_', ' ')}"
            bag.update({w: 2 for w in words_of(str(row["label"]))})
            bag.update(words_of(f"{row.get('definition') or ''} {row.get('unit') or ''} {row['indicator_id']}"))
            heads.setdefault(str(row["indicator_id"]), set()).update(words_of(own))
        figures = tables.get("figures")
        for figure in [] if figures is None else figures.to_dict("records"):
            bag = bags.setdefault(str(figure["indicator"]), Counter())
            before, after = _around_value(str(figure["source_quote"]), str(figure["value_as_written"] or ""))
            bag.update({w: 2 for w in after})
            bag.update(before)
            heads.setdefault(str(figure["indicator"]), set()).update(after[:1])  # the noun right after it
        units = {str(r["indicator_id"]): str(r.get("unit") or "") for r in indicators.to_dict("records")}
        labels = {str(r["indicator_id"]): str(r["label"]) for r in indicators.to_dict("records")}
        vocabulary = cls(bags, units, labels)
        vocabulary.heads = heads
        return vocabulary

    def _weigh(self, bag: Counter[str]) -> dict[str, float]:
        vector = {w: n * self.idf.get(w, 1.0) for w, n in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}

    def _label_held(self, name: str, weights: dict[str, float]) -> float:
        """How much of the indicator's own label (weighed by rarity) the number's words hold, 0-1."""
        label = set(words_of(self.labels.get(name, "")))
        whole = sum(self.idf.get(w, 0.0) for w in label)
        return sum(self.idf.get(w, 0.0) for w in label if w in weights) / whole if whole else 1.0

    def fits(self, context: Counter[str], kind: str) -> list[IndicatorFit]:
        """Indicators whose unit a number of ``kind`` can carry, best fit first. A fit is how much of the number's
        words (weighed by rarity) the indicator's words hold, a word seen often beside its numbers counting fully
        and one seen once half: a large vocabulary is not diluted, as it would be by a cosine."""
        weights = {w: n * self.idf.get(w, 0.0) for w, n in context.items()}
        whole = sum(weights.values()) or 1.0
        found = []
        for name, bag in self.bags.items():
            if not unit_fits(kind, self.units.get(name, "")):
                continue
            shared = [w for w in weights if w in bag]
            held = sum(weights[w] * (0.5 + 0.5 * min(1.0, bag[w] / 4)) for w in shared)
            named = self._label_held(name, weights)  # 'persons returned' is not 'Vulnerable persons …'
            found.append(IndicatorFit(name, held / whole * (0.6 + 0.4 * named), tuple(sorted(shared))))
        return sorted(found, key=lambda fit: -fit.score)


def unit_fits(kind: str, unit: str) -> bool:
    """Whether a number of ``kind`` ('percent', 'duration', 'money', 'ratio', 'count') can be in ``unit``."""
    special = {"percent": PERCENT_UNITS, "duration": DURATION_UNITS, "money": MONEY_UNITS, "ratio": RATIO_UNITS}
    if kind in special:
        return unit in special[kind]
    return unit not in PERCENT_UNITS | DURATION_UNITS | MONEY_UNITS | RATIO_UNITS


def _around_value(quote: str, written: str) -> tuple[list[str], list[str]]:
    """The stems of up to four words before a stored figure's number in its quote and of up to four after it."""
    numbers = mentions(quote)
    at = next((n for n in numbers if n.written.lower() == written.lower()), None)
    if at is None:
        return [], []
    return context_words(quote, numbers, numbers.index(at))


def context_words(text: str, numbers: list[Mention] | tuple[Mention, ...], index: int) -> tuple[list[str], list[str]]:
    """Stems of up to four content words before the number (not past the number before it) and up to four after
    (not past the next number)."""
    number = numbers[index]
    start = numbers[index - 1].end if index else max(0, number.start - 120)
    breaks = [m.end() for m in re.finditer(r"[:;]\s|\s[-–•]\s", text[start : number.start])]
    if breaks and re.fullmatch(r"\s*(?:EUR|GBP|USD|CHF)?\s*[€£$]?", text[start + breaks[-1] : number.start]):
        breaks.pop()  # 'Vacancies found: 316': the colon ends the number's own label, which is its context
    start += breaks[-1] if breaks else 0  # not back past a colon: '… three months: 441 of them flew'
    stop = re.search(r"[:;]\s", text[number.end :])
    end_of_clause = number.end + stop.start() if stop else len(text)
    end = numbers[index + 1].start if index + 1 < len(numbers) else min(len(text), number.end + 120)
    before = words_of(text[max(start, number.start - 120) : number.start])[-4:]
    after = words_of(text[number.end : min(end, end_of_clause, number.end + 120)])[:4]
    return before, after


def context_of(text: str, numbers: list[Mention] | tuple[Mention, ...], index: int) -> Counter[str]:
    """The words a new number is read by: those after it weigh double ('472 Kosovars returned')."""
    before, after = context_words(text, numbers, index)
    colon = re.search(
        r":\s*(?:EUR|GBP|USD|CHF)?\s*[€£$]?$", text[max(0, numbers[index].start - 12) : numbers[index].start]
    )
    bag: Counter[str] = Counter({w: 2 for w in before} if colon else before)  # 'Municipalities assessed: 19'
    bag.update({w: 1 if colon else 2 for w in after})
    return bag


@dataclass(frozen=True)
class ProgrammeNames:
    """Each programme's names as a text may write them, and its section heading."""

    names: dict[str, tuple[str, ...]]  # programme → names, longest first
    headings: dict[str, str]
    by_indicator: dict[str, tuple[str, ...]]  # indicator → programmes whose stored figures use it
    short_names: dict[str, str] = field(default_factory=dict)  # programme → its short name ('Vaud AVR')
    # Each text looked up once (a sentence of many numbers asks for each): text → what it names.
    _named: dict[str, list[tuple[str, str]]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame]) -> ProgrammeNames:
        programmes = tables.get("programmes", pd.DataFrame(columns=["programme_id", "name", "short_name"]))
        names: dict[str, tuple[str, ...]] = {}
        headings: dict[str, str] = {}
        short_names: dict[str, str] = {}
        for row in programmes.to_dict("records"):
            found = {str(row["name"]), *re.findall(r"\(([A-Z][A-Za-z]{1,9}(?: - [A-Z]{1,4})?)\)", str(row["name"]))}
            short = str(row.get("short_name") or "")
            short_names[str(row["programme_id"])] = short
            if short.isupper() and len(short) >= 3:
                found.add(short)
            found |= {a.strip() for a in str(row.get("aliases") or "").split(";") if a.strip() and a != "nan"}
            names[str(row["programme_id"])] = tuple(sorted(found, key=len, reverse=True))
            headings[str(row["programme_id"])] = str(row.get("source_section") or row["name"])
        figures = tables.get("figures")
        by_indicator: dict[str, tuple[str, ...]] = {}
        if figures is not None and len(figures):
            for indicator, group in figures.groupby("indicator"):
                by_indicator[str(indicator)] = tuple(group["programme"].value_counts().index.astype(str))
        return cls(names, headings, by_indicator, short_names)

    def named_in(self, text: str) -> list[tuple[str, str]]:
        """(programme, the words that name it) for each programme ``text`` names, the longest name first."""
        if text in self._named:
            return self._named[text]
        found: list[tuple[int, str, str]] = []
        for programme, names in self.names.items():
            for name in names:
                acronym = name.isupper() or (len(name) <= 10 and " " not in name)
                pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
                m = re.search(pattern, text) if acronym else re.search(pattern, text, re.IGNORECASE)
                if m:
                    found.append((len(name), programme, m.group(0)))
                    break
        self._named[text] = [(programme, words) for _, programme, words in sorted(found, reverse=True)]
        return self._named[text]

    def section_named(self, heading: str) -> str:
        """The section heading of the one programme ``heading`` names outright ('Vaud AVR', 'Assisted Voluntary
        Returns (AVR)'), or '' (none, or two alike: 'Kosovo Protection Corps' is the training and the trust fund)."""
        spelt = heading.strip().lower()
        exact = [
            p for p, names in self.names.items() if spelt in {n.lower() for n in (*names, self.short_names.get(p, ""))}
        ]
        if len(exact) == 1:  # 'Vaud AVR' is the Vaud programme's short name, though 'AVR' names another too
            return self.headings[exact[0]]
        named = [(likeness, p) for likeness, p in self._likeness(heading) if likeness >= HEADING_NAMES * 100]
        top = max(named, default=(0.0, ""))
        return self.headings[top[1]] if top[1] and sum(1 for n in named if n[0] == top[0]) == 1 else ""

    def heading_of(self, heading: str) -> tuple[str, float]:
        """The programme whose name or section heading is closest to ``heading`` (0-1), or '' when none is near."""
        # a programme's own name or alias wins a tie with another's section heading
        best = max(self._likeness(heading), default=(0.0, ""))
        return (best[1], min(1.0, best[0] / 100)) if best[0] >= 80 else ("", 0.0)

    def _likeness(self, heading: str) -> list[tuple[float, str]]:
        """Each programme's likeness to ``heading``: its section heading's, or its names' (a little more)."""
        if not heading:
            return []
        return [
            (max(heading_likeness(heading, self.headings[p]), *(heading_likeness(heading, n) + 0.5 for n in names)), p)
            for p, names in self.names.items()
        ]


HEADING_NAMES = 0.95  # a heading this close to a programme's name or alias names that programme outright


def heading_likeness(heading: str, name: str) -> float:
    """How alike two headings are (0-100): their words in common, fuzzily, but only where the shorter holds at
    least half as many words as the longer ('Voluntary Returns to Kosovo' is not a 25-word programme title)."""
    short, long = sorted((len(heading.split()), len(name.split())))
    if short * 2 < long:
        return 0.0
    return fuzz.token_set_ratio(heading.lower(), name.lower())


def share_indicator(
    base: str, column: str, programme: str, figures: pd.DataFrame | None, vocabulary: IndicatorVocabulary
) -> str:
    """A stored share indicator of ``base`` (the count it is a share of) kept by ``column`` in ``programme``, or ''."""
    if figures is None or not len(figures):
        return ""
    shares = figures.loc[figures["basis"] == "share"]
    found = []
    for indicator, group in shares.groupby("indicator"):
        name = str(indicator)
        if vocabulary.units.get(name) not in PERCENT_UNITS or not name.startswith(base.split("_")[0]):
            continue
        columns = {c for c in group.columns if c in BREAKDOWN_WORDS and group[c].astype(str).str.strip().ne("").any()}
        unbroken = (
            not column and bool(group[sorted(columns)].astype(str).apply(lambda r: "".join(r), axis=1).eq("").any())
            if columns
            else not column
        )
        if column in columns or unbroken:  # the same programme's first, else another's of the same count and breakdown
            found.append((programme not in set(group["programme"]), name))
    return min(found)[1] if found else ""


BREAKDOWN_WORDS = {
    "country": "country",
    "region": "region",
    "municipality": "municipality",
    "place": "place",
    "area": "area",
    "sector": "sector",
    "group": "group",
    "mode": "mode",
    "aor": "AoR",
}


def proposed_share(base: str, column: str, vocabulary: IndicatorVocabulary, hxl: dict[str, str]) -> dict[str, str]:
    """A new indicator for the share of ``base`` by ``column``: id, label, unit, definition, HXL hashtag."""
    label = vocabulary.labels.get(base, base.replace("_", " "))
    by = f", by {BREAKDOWN_WORDS.get(column, column)}" if column else ""
    tag = hxl.get(base, "#indicator+num").split("+")
    return {
        "indicator_id": f"{base}_share" + (f"_by_{column}" if column else ""),
        "label": f"Share of {label[0].lower()}{label[1:]}{by}",
        "unit": "percent",
        "definition": f"{label}{by}, as a percentage of all {label[0].lower()}{label[1:]} in the period.",
        "hxl": "+".join([tag[0], *[t for t in tag[1:] if t not in ("num", "eur", "gbp")], "pct"]),
    }
