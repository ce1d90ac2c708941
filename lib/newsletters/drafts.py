"""An edition's figures drafted from its newsletter, continuing the previous edition's, as figures.csv rows.

Every matched number becomes a row that keeps the previous figure's meaning (programme, indicator, basis,
breakdown), its period moved on, and the new sentence as its quote; a number that continues nothing is listed for
the data officer, never dropped, and so is a previous figure the new text no longer states.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.dataset.rows import BREAKDOWNS, is_blank
from lib.newsletters.blocks import Newsletter
from lib.newsletters.matching import Match, Template, frames, match, score, templates
from lib.newsletters.numbers import Mention
from lib.newsletters.periods import Period, default_period, moved_period, period_of, previous_edition_of
from lib.newsletters.sentences import Sentence, sentences

FIGURE_COLUMNS = [  # data/figures.csv's columns, in its order (datapackage.json)
    *("figure_id", "edition", "programme", "indicator", "value", "value_max", "denominator", "value_as_written"),
    *("qualifier", "basis", "period_start", "period_end"),
    *BREAKDOWNS,
    *("source_section", "source_quote", "restates", "note"),
]
UNMATCHED_COLUMNS = ["written", "value", "source_section", "sentence", "section_programme", "best_guess", "best_score"]
NOT_RESTATED_COLUMNS = [
    "figure_id",
    "programme",
    "indicator",
    "basis",
    "value_as_written",
    "source_section",
    "source_quote",
    "reason",
]
SURE = 0.8  # at or above: a confident match
UNSURE = 0.5  # the confidence given to a row that needs a person's look whatever its words matched
MAX_QUOTE = 400  # figures.csv's source_quote and source_section are at most this long (datapackage.json)
_CLAUSE_BREAK = re.compile(r"(?:[;:]\s+|\s+(?=[-–→◆•]\s))")


@dataclass
class Draft:
    """An edition's drafted figures, and what the draft could not place."""

    edition: str
    rows: list[dict[str, str]] = field(default_factory=list)  # in figures.csv's columns
    unmatched: list[dict[str, str]] = field(default_factory=list)
    not_restated: list[dict[str, str]] = field(default_factory=list)  # previous figures the text no longer states
    numbers_found: int = 0

    def summary(self) -> str:
        """'226 numbers found, 180 figures drafted, 46 unmatched, 3 previous figures not restated'."""
        return (
            f"{self.numbers_found} numbers found, {len(self.rows)} figures drafted, {len(self.unmatched)} unmatched, "
            f"{len(self.not_restated)} previous figures not restated"
        )


def draft(
    newsletter: Newsletter,
    previous_figures: pd.DataFrame,
    edition: str,
    previous_period: Period,
    period: Period | None = None,
) -> Draft:
    """The figures of ``edition`` as its newsletter states them, continuing ``previous_figures``."""
    period = period or default_period(edition)
    templates_ = templates(previous_figures)
    sections = sorted({t.figure["source_section"] for t in templates_})
    sentences_ = sentences(newsletter, sections)
    frame_of = frames(sentences_, templates_)
    chosen = match(sentences_, templates_, frame_of)
    result = Draft(edition=edition, numbers_found=sum(len(s.numbers) for s in sentences_))
    by_number = {(id(m.sentence), m.mention.start): m for m in chosen}
    new_ids: dict[str, str] = {}
    order = 0
    for column, sentence in enumerate(sentences_):
        for mention in sentence.numbers:
            found = by_number.get((id(sentence), mention.start))
            if found is None:
                result.unmatched.append(_unmatched(sentence, mention, templates_, frame_of[:, column]))
                continue
            order += 1
            new_ids[found.template.figure["figure_id"]] = f"{edition}-{order:03d}"
            result.rows.append(_row(found, f"{edition}-{order:03d}", edition, previous_period, period))
    for row in result.rows:  # a restatement points at the new figure it repeats
        if row["restates"]:
            original = row["restates"]
            row["restates"] = new_ids.get(original, "")
            if not row["restates"]:  # it stands for a figure the text was not found to state: the officer decides
                row["confidence"] = f"{min(float(row['confidence']), UNSURE):.2f}"
                row["note"] = (
                    f"continues {row['continues']}, which repeats {original}; {original} was not found in the new "
                    f"text, so this row stands for it (match {row['confidence']}, check)"
                )
    stated = {m.template.figure["figure_id"] for m in chosen}
    readable = {t.figure["figure_id"] for t in templates_}
    for figure in previous_figures.to_dict("records"):
        if figure["figure_id"] not in stated:
            reason = (
                "not found in the new text"
                if figure["figure_id"] in readable
                else "its number is written in a way the scanner does not read: look for it by hand"
            )
            result.not_restated.append({**{str(k): cell(v) for k, v in figure.items()}, "reason": reason})
    return result


def cell(value: object) -> str:
    """A value as a CSV cell: '' for a blank (None, '', NaN, NA), a float as ``csv_number`` writes it, else its text."""
    if is_blank(value):
        return ""
    if isinstance(value, (float, np.floating)):
        return csv_number(float(value))
    return str(value)


def _row(found: Match, figure_id: str, edition: str, previous: Period, new: Period) -> dict[str, str]:
    """The figures.csv row of a matched number: the previous figure's meaning, the new value, period and quote."""
    figure, mention = found.template.figure, found.mention
    start, end = moved_period(figure, previous, new, found.sentence.text)
    sure = "sure" if found.score >= SURE else "check"
    if (start, end) == (figure["period_start"], figure["period_end"]) and figure["basis"] in ("period", "year_to_date"):
        sure += "; period kept from the previous figure: check it against the sentence"
    return {
        **{column: figure.get(column, "") for column in FIGURE_COLUMNS},
        "figure_id": figure_id,
        "edition": edition,
        "value": csv_number(mention.value),
        "value_max": csv_number(mention.value_max),
        "denominator": csv_number(mention.denominator),
        "value_as_written": mention.written,
        "qualifier": mention.qualifier or "",
        "period_start": start,
        "period_end": end,
        "source_section": found.sentence.section[:MAX_QUOTE],
        "source_quote": quote_around(found.sentence.text, mention),
        "restates": figure.get("restates", ""),
        "note": f"continues {figure['figure_id']} (match {found.score:.2f}, {sure})",
        "continues": figure["figure_id"],
        "confidence": f"{found.score:.2f}",
    }


def quote_around(sentence: str, mention: Mention, limit: int = MAX_QUOTE) -> str:
    """The sentence, or where it is longer than a quote may be, the clauses around the number (verbatim either way)."""
    if len(sentence) <= limit:
        return sentence
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    first = max(i for i, cut in enumerate(cuts) if cut <= mention.start)
    last = min(i for i, cut in enumerate(cuts) if cut >= mention.end)
    while True:  # widen by a clause on either side while it still fits
        wider = [(first - 1, last)] if first > 0 else []
        wider += [(first, last + 1)] if last < len(cuts) - 1 else []
        wider = [(a, b) for a, b in wider if cuts[b] - cuts[a] <= limit]
        if not wider:
            break
        first, last = wider[0]
    if cuts[last] - cuts[first] <= limit:
        return sentence[cuts[first] : cuts[last]].strip()
    start = max(0, mention.start - limit // 2)  # one clause too long: the words around the number
    end = min(len(sentence), start + limit)
    window = sentence[start:end]
    return window[window.find(" ") + 1 if start else 0 : window.rfind(" ") if end < len(sentence) else None].strip()


def csv_number(value: float | None) -> str:
    """A number as figures.csv writes it, '' for none: '472', '37.6', '1234567.5', '0.0000001'. Never rounded, never
    in exponent form: a whole number as its integer, any other as the shortest decimal that reads back as the same
    float (``repr``'s digits, written out in full)."""
    if value is None or is_blank(value):  # NaN too
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else np.format_float_positional(number, trim="-")


def _unmatched(
    sentence: Sentence, mention: Mention, templates_: list[Template], frame_of: np.ndarray
) -> dict[str, str]:
    """A number that continues nothing, with its likeliest figure (``frame_of``: each template's frame here)."""
    in_section = [i for i, t in enumerate(templates_) if t.figure["source_section"] == sentence.known_section]
    programmes = pd.Series([templates_[i].figure["programme"] for i in in_section])
    position = sentence.numbers.index(mention)
    scored = [
        (score(sentence, position, templates_[i], float(frame_of[i])), templates_[i])
        for i in (in_section or range(len(templates_)))
    ]
    best_score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return {
        "written": mention.written,
        "value": csv_number(mention.value),
        "source_section": sentence.section,
        "sentence": sentence.text,
        "section_programme": programmes.mode().iloc[0] if len(programmes) else "",
        "best_guess": best.figure["figure_id"] if best else "",
        "best_score": f"{best_score:.2f}" if best else "",
    }


def write_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    """Rows as CSV text in ``columns`` (others left out), a header first, lines ending in \\n."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def figures_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Drafted rows typed as ``lib.dataset.data`` types figures.csv: numbers as floats, text as text."""
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS).fillna("")
    for column in ("value", "value_max", "denominator"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype(float)
    return frame


def draft_from_store(
    newsletter: Newsletter, tables: dict[str, pd.DataFrame], edition: str, period: Period | None = None
) -> Draft:
    """Draft ``edition`` from its newsletter, continuing the latest stored edition before it."""
    figures, editions = tables["figures"], tables.get("editions")
    previous = previous_edition_of(editions, figures, edition)
    previous_period = period_of(editions, previous) or default_period(previous)
    period = period or period_of(editions, edition) or default_period(edition)
    return draft(newsletter, figures.loc[figures["edition"] == previous], edition, previous_period, period)
