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
from lib.i18n import N_, _
from lib.newsletters.assignment import match
from lib.newsletters.blocks import Newsletter
from lib.newsletters.matching import Match, Template, frame_alike, frames, score, templates
from lib.newsletters.meaning import BREAKDOWN_COLUMNS, Knowledge, NumberMeaning, read_text, section_period
from lib.newsletters.numbers import Mention
from lib.newsletters.periods import Period, default_period, moved_period, period_of, previous_edition_of
from lib.newsletters.proposals import Context, Proposal, part_of, propose
from lib.newsletters.sentences import Sentence, sentences
from lib.newsletters.timewords import NAMED_PERIODS, TimeReading
from lib.newsletters.wording import decimal, number_text

FIGURE_COLUMNS = [  # data/figures.csv's columns, in its order (datapackage.json)
    *("figure_id", "edition", "programme", "indicator", "value", "value_max", "denominator", "value_as_written"),
    *("qualifier", "basis", "period_start", "period_end"),
    *BREAKDOWNS,
    *("source_section", "source_quote", "restates", "note"),
]
UNMATCHED_COLUMNS = [
    *("written", "value", "source_section", "sentence", "section_programme", "best_guess", "best_score"),
    "reasons",
]
NEW_INDICATOR_COLUMNS = ["indicator_id", "label", "unit", "definition", "hxl"]  # indicators.csv's
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
NO_HEADING = "(before any heading)"  # the source_section of a number the text gives before its first heading
SAME_FRAME = 0.8  # a sentence this alike to a figure's quote (numbers masked) restates it in its own words
_FLOWS_AND_STOCKS = {"period", "cumulative", "point_in_time", "year_to_date"}
# Both are a level at the period's end ('now', 'so far', 'already'): whether it is a running total or a stock is the
# figure's own nature, which the stored figure knows and a text's 'now' or 'to date' does not tell apart.
_LEVELS = {"cumulative", "point_in_time"}
GUESSES = 24  # how many figures an unmatched number out of a known section is weighed against for its best guess
SMALL_SURE = 0.7  # below this a count of one to three in words, read for its meaning alone, is left unmatched
SMALL_ASIDE = N_(
    "a small number in words that continues no stored figure, read with little evidence: more often an aside"
)
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
    new_indicators: list[dict[str, str]] = field(default_factory=list)  # proposed for the catalogue, in its columns

    def summary(self) -> str:
        """'226 numbers found, 180 figures drafted, 46 unmatched, 3 previous figures not restated', in the reader's
        language."""
        return _(
            "%(numbers)s numbers found, %(drafted)s figures drafted, %(unmatched)s unmatched, %(not_restated)s "
            "previous figures not restated",
            numbers=number_text(self.numbers_found, grouped=False),
            drafted=number_text(len(self.rows), grouped=False),
            unmatched=number_text(len(self.unmatched), grouped=False),
            not_restated=number_text(len(self.not_restated), grouped=False),
        )


def draft(
    newsletter: Newsletter,
    previous_figures: pd.DataFrame,
    edition: str,
    previous_period: Period,
    period: Period | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> Draft:
    """The figures of ``edition`` as its newsletter states them: each number continuing ``previous_figures`` where
    it restates one, else read for its meaning against what ``tables`` (the data package) knows."""
    period = period or default_period(edition)
    knowledge = Knowledge.of(tables if tables is not None else {"figures": previous_figures})
    templates_ = templates(previous_figures, knowledge.lexicon)
    sections = sorted({t.figure["source_section"] for t in templates_})
    sentences_ = sentences(newsletter, sections, programme_section=knowledge.programmes.section_named)
    title_programme = _title_programme(newsletter, knowledge)
    meanings = read_text(sentences_, knowledge, period, title_programme[0])
    frame_of = frames(sentences_, templates_)
    chosen = match(sentences_, templates_, frame_of, meanings)
    drafting = _Drafting(
        Draft(edition=edition, numbers_found=sum(len(s.numbers) for s in sentences_)),
        knowledge,
        templates_,
        (previous_period, period),
        {(id(m.sentence), m.mention.start): m for m in chosen},
        used={m.template.figure["figure_id"] for m in chosen},
    )
    drafting.context.document_programme = title_programme
    for column, sentence in enumerate(sentences_):
        drafting.context = _next_context(drafting.context, sentence, knowledge)
        for position in range(len(sentence.numbers)):
            drafting.place(sentence, position, meanings[column][position], frame_of[:, column])
        drafting.context.last_period = section_period(sentence, period, drafting.context.last_period)
    result = drafting.result
    _point_restatements(result, drafting.new_ids)
    readable = {t.figure["figure_id"] for t in templates_}
    for figure in previous_figures.to_dict("records"):
        if figure["figure_id"] not in drafting.used:
            reason = (
                _("not found in the new text")
                if figure["figure_id"] in readable
                else _("its number is written in a way the scanner does not read: look for it by hand")
            )
            result.not_restated.append({**{str(k): cell(v) for k, v in figure.items()}, "reason": reason})
    return result


@dataclass
class _Drafting:
    """A draft being made, number by number in reading order."""

    result: Draft
    knowledge: Knowledge
    templates_: list[Template]
    periods: tuple[Period, Period]  # the previous edition's and the new one's
    by_number: dict[tuple[int, int], Match]  # the continuations the matcher chose
    used: set[str]  # previous figures continued so far
    new_ids: dict[str, str] = field(default_factory=dict)
    context: Context = field(default_factory=Context)

    def place(self, sentence: Sentence, position: int, meaning: NumberMeaning, frame_of: np.ndarray) -> None:
        """The number's row: the figure it continues, else what it means, else an unmatched line with why."""
        mention = sentence.numbers[position]
        figure_id = f"{self.result.edition}-{len(self.result.rows) + 1:03d}"
        found = self.by_number.get((id(sentence), mention.start))
        proposal = None
        if found is None:
            proposal = propose(sentence, position, meaning, self.knowledge, self.periods[1], self.context)
            if not _aside(mention, meaning, proposal):  # an aside continues nothing by its meaning alone either
                found = _continued_by_meaning(proposal, sentence, position, meaning, self.templates_, self.used)
        if found is not None:  # it continues a stored figure: the strongest evidence there is
            self.used.add(found.template.figure["figure_id"])
            self.new_ids[found.template.figure["figure_id"]] = figure_id
            row = _row(found, figure_id, self.result.edition, *self.periods, meaning)
            if proposal is not None:
                row["reasons"] += "; " + _(
                    "read for its meaning as %(indicator)s in %(programme)s",
                    indicator=proposal.indicator,
                    programme=proposal.programme,
                )
            whole = part_of(sentence, position, meaning, self.context) if meaning.time is None else None
            if whole is not None and whole.basis in _FLOWS_AND_STOCKS and row["basis"] in _FLOWS_AND_STOCKS:
                # '… approved 38 new projects. … accounted for 21 of them': a part is over its whole's period
                row.update(basis=whole.basis, period_start=whole.period_start, period_end=whole.period_end)
                row["reasons"] += "; " + _("basis and period of the count it is part of (%(basis)s)", basis=whole.basis)
            self.result.rows.append(row)
            proposal = Proposal.of_row(row, BREAKDOWN_COLUMNS)
        elif proposal is not None and (proposal.left or _aside(mention, meaning, proposal)):
            reasons = proposal.reasons if proposal.left else [*proposal.reasons, _(SMALL_ASIDE)]
            self.result.unmatched.append(_unmatched(sentence, mention, self.templates_, frame_of, reasons))
        elif proposal is not None:
            self.result.rows.append(_proposed_row(proposal, sentence, mention, figure_id, self.result.edition))
            if proposal.new_indicator and proposal.new_indicator not in self.result.new_indicators:
                self.result.new_indicators.append(proposal.new_indicator)
        self.context.previous = proposal
        if proposal is not None:
            self.context.earlier.append((meaning, proposal))
            if meaning.kind == "count" and proposal.indicator:
                self.context.last_count = proposal


def _aside(mention: Mention, meaning: NumberMeaning, proposal: Proposal) -> bool:
    """'two partner NGOs', 'three areas': a count of one to three in words, read for its meaning alone and not
    surely, is left to the officer rather than guessed (not a length of time: 'two days')."""
    return mention.small_in_words and meaning.kind == "count" and proposal.confidence < SMALL_SURE


def _continued_by_meaning(
    proposal: Proposal,
    sentence: Sentence,
    position: int,
    meaning: NumberMeaning,
    templates_: list[Template],
    used: set[str],
) -> Match | None:
    """The stored figure a number continues although its words are not alike: one nothing else continued, of the
    indicator, programme, basis and breakdown the number was read as."""
    if proposal.left or proposal.new_indicator:
        return None
    breakdown = {(c, v) for c, v in proposal.breakdown.items() if c != "status"}
    fitting = [
        t
        for t in templates_
        if t.figure["figure_id"] not in used
        and t.figure["indicator"] == proposal.indicator
        and (t.figure["programme"] == proposal.programme or proposal.programme_guessed)  # a guess yields
        and (t.figure["basis"] == proposal.basis or meaning.time is None)  # no time words: its basis is a guess
        and t.codes <= breakdown
        and breakdown - t.codes <= t.named  # 'persons now living in Switzerland': the figure's quote says it too
        and t.figure["source_section"]
    ]
    if not fitting:
        return None
    scored = [(score(sentence, position, t, None, meaning), t) for t in fitting]
    best, template = max(scored, key=lambda pair: pair[0])
    return Match(sentence, sentence.numbers[position], template, max(0.0, min(best, UNSURE)))


def _title_programme(newsletter: Newsletter, knowledge: Knowledge) -> tuple[str, str]:
    """The programme a report's title names (its headings before the first paragraph), or ('', '')."""
    for block in newsletter.blocks:
        if not block.heading and (len(block.text) > 120 or block.text.rstrip().endswith((".", "!", "?"))):
            break  # the first paragraph: 'our EAS team …' in a short one is not the report's title
        named = knowledge.programmes.named_in(block.text)
        if named:
            return named[0]
    return "", ""


def _next_context(context: Context, sentence: Sentence, knowledge: Knowledge) -> Context:
    """The context a sentence is read in: a new section forgets the last one's programme and period."""
    if sentence.section != context.section:
        context = Context(
            section=sentence.section,
            document_period=context.document_period or context.last_period,
            document_programme=context.document_programme,
        )
    named = knowledge.programmes.named_in(sentence.text) or knowledge.programmes.named_in(sentence.section)
    if named:
        context.programme, context.programme_words = named[0]
    elif not context.programme and context.document_programme[0]:  # 'KPC TRAINING NOTE': the report's programme
        context.programme, context.programme_words = context.document_programme
    context.previous = None
    context.earlier = []
    return context


def _point_restatements(result: Draft, new_ids: dict[str, str]) -> None:
    """A restatement points at the new figure it repeats; where that one was not found, the officer decides."""
    for row in result.rows:
        if row["restates"]:
            original = row["restates"]
            row["restates"] = new_ids.get(original, "")
            if not row["restates"]:
                row["confidence"] = f"{min(float(row['confidence']), UNSURE):.2f}"
                row["note"] = (
                    f"continues {row['continues']}, which repeats {original}; {original} was not found in the new "
                    f"text, so this row stands for it (match {row['confidence']}, check)"
                )


def cell(value: object) -> str:
    """A value as a CSV cell: '' for a blank (None, '', NaN, NA), a float as ``csv_number`` writes it, else its text."""
    if is_blank(value):
        return ""
    if isinstance(value, (float, np.floating)):
        return csv_number(float(value))
    return str(value)


def _row(
    found: Match, figure_id: str, edition: str, previous: Period, new: Period, meaning: NumberMeaning | None = None
) -> dict[str, str]:
    """The figures.csv row of a matched number: the previous figure's meaning, the new value, period and quote."""
    figure, mention = found.template.figure, found.mention
    sureness = min(1.0, found.score)
    basis, start, end, dated, kept = _dated(found, previous, new, meaning)
    sure = ("sure" if found.score >= SURE else "check") + kept
    reasons = [
        _(
            "continues %(figure)s: its words and place are alike (match %(match)s)",
            figure=figure["figure_id"],
            match=decimal(sureness),
        ),
        *dated,
    ]
    if meaning is not None:
        reasons += [
            _("%(column)s from '%(words)s'", column=code[0], words=p.words)
            for p in meaning.phrases
            for code in p.codes
            if code in found.template.codes
        ]
    return {
        **{column: figure.get(column, "") for column in FIGURE_COLUMNS},
        "figure_id": figure_id,
        "edition": edition,
        "value": csv_number(mention.value),
        "value_max": csv_number(mention.value_max),
        "denominator": csv_number(mention.denominator),
        "value_as_written": mention.written,
        "qualifier": mention.qualifier or "",
        "basis": basis,
        "period_start": start,
        "period_end": end,
        "source_section": (found.sentence.section or NO_HEADING)[:MAX_QUOTE],
        "source_quote": (quote := quote_around(found.sentence.text, mention)),
        "number_at": str(mention.start - found.sentence.text.find(quote)),
        "restates": figure.get("restates", ""),
        "note": f"continues {figure['figure_id']} (match {sureness:.2f}, {sure})",
        "continues": figure["figure_id"],
        "confidence": f"{sureness:.2f}",
        "reasons": "; ".join(dict.fromkeys(reasons)),
    }


def _dated(
    found: Match, previous: Period, new: Period, meaning: NumberMeaning | None
) -> tuple[str, str, str, list[str], str]:
    """A matched number's basis and period, the reasons for them (in the reader's language), and what its note adds
    (in English: data) where the period is kept from the previous figure: moved on from the previous figure's, or as
    the new sentence's time words say."""
    figure = found.template.figure
    start, end = moved_period(figure, previous, new, found.sentence.text)
    time = meaning.time if meaning is not None else None
    basis = figure["basis"]
    if time is not None and time.basis == basis and time.period_start and time.period_end:
        # the new sentence dates it outright
        return (
            basis,
            time.period_start,
            time.period_end,
            [_("period from '%(words)s'", words=" … ".join(time.evidence))],
            "",
        )
    if (
        time is not None
        and time.basis != basis
        and {time.basis, basis} <= _FLOWS_AND_STOCKS
        and {time.basis, basis} != _LEVELS
        and time.kind != "now"  # the present tense ('7 are now assisted') restates a figure, it does not re-base it
        and time.period_end
        and not found.mention.percent
        and (frame_alike(found.sentence, found.template) < SAME_FRAME or _dates_it(time, found))
    ):
        # Another writer's text says what it is ('Between July and September 2005, … approved 38'): a flow where
        # the previous figure was a total to date, or the other way round; the text decides. (In the figure's own
        # words the stored basis is kept: the sentence's time words there may date another of its numbers.)
        said = _(
            "basis %(basis)s and period from '%(words)s' (it was %(previous)s)",
            basis=time.basis,
            words=" … ".join(time.evidence),
            previous=basis,
        )
        return time.basis, time.period_start, time.period_end, [said], ""
    if (start, end) == (figure["period_start"], figure["period_end"]) and basis in ("period", "year_to_date"):
        return basis, start, end, [], "; period kept from the previous figure: check it against the sentence"
    return basis, start, end, [], ""


def _dates_it(time: TimeReading, found: Match) -> bool:
    """The sentence dates this number outright: a period, month or year named before it, no other number between
    ('During calendar year 2005, SEDMIN approved 148 new projects')."""
    if time.kind not in NAMED_PERIODS or not 0 <= time.clue_end <= found.mention.start:
        return False
    return not any(time.clue_end <= n.start < found.mention.start for n in found.sentence.numbers)


def _proposed_row(
    proposal: Proposal, sentence: Sentence, mention: Mention, figure_id: str, edition: str
) -> dict[str, str]:
    """The figures.csv row of a number read for its meaning alone."""
    row = {column: "" for column in FIGURE_COLUMNS}
    row.update(proposal.breakdown)
    sure = "sure" if proposal.confidence >= SURE else "check"
    new = " (a proposed new indicator: accept it with the draft)" if proposal.new_indicator else ""
    return {
        **row,
        "figure_id": figure_id,
        "edition": edition,
        "programme": proposal.programme,
        "indicator": proposal.indicator,
        "value": csv_number(mention.value),
        "value_max": csv_number(mention.value_max),
        "denominator": csv_number(mention.denominator),
        "value_as_written": mention.written,
        "qualifier": mention.qualifier or "",
        "basis": proposal.basis,
        "period_start": proposal.period_start,
        "period_end": proposal.period_end,
        "source_section": (sentence.section or NO_HEADING)[:MAX_QUOTE],
        "source_quote": (quote := quote_around(sentence.text, mention)),
        "number_at": str(mention.start - sentence.text.find(quote)),
        "note": f"read for its meaning{new} (confidence {proposal.confidence:.2f}, {sure})",
        "continues": "",
        "confidence": f"{proposal.confidence:.2f}",
        "reasons": "; ".join(r for r in proposal.reasons if r),
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
    sentence: Sentence, mention: Mention, templates_: list[Template], frame_of: np.ndarray, reasons: list[str]
) -> dict[str, str]:
    """A number that continues nothing, with its likeliest figure (``frame_of``: each template's frame here)."""
    in_section = [i for i, t in enumerate(templates_) if t.figure["source_section"] == sentence.known_section]
    programmes = pd.Series([templates_[i].figure["programme"] for i in in_section])
    position = sentence.numbers.index(mention)
    # Out of any known section, the likeliest are among the figures whose words are most alike (a dense text of a
    # thousand unmatched numbers would otherwise weigh each against every figure again).
    likeliest = in_section or [int(i) for i in np.argsort(frame_of, kind="stable")[-GUESSES:]]
    scored = [(score(sentence, position, templates_[i], float(frame_of[i])), templates_[i]) for i in likeliest]
    best_score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return {
        "written": mention.written,
        "value": csv_number(mention.value),
        "source_section": sentence.section,
        "sentence": sentence.text,
        "section_programme": programmes.mode().iloc[0] if len(programmes) else "",
        "best_guess": best.figure["figure_id"] if best else "",
        "best_score": f"{min(1.0, best_score):.2f}" if best else "",
        "reasons": "; ".join(reasons),
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
    return draft(newsletter, figures.loc[figures["edition"] == previous], edition, previous_period, period, tables)
