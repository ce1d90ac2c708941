"""Each number of a new text to at most one previous figure and back: the best pairs first, then the steps that
mend what pairwise scores cannot see — two numbers that are surer swapped, a number left without a figure that its
neighbour did not need, a running total that counts what the number before it counts."""

from __future__ import annotations

import numpy as np

from lib.newsletters.matching import (
    MIN_SCORE,
    OTHER_SECTION_FRAME,
    UNKNOWN_SECTION_FRAME,
    Match,
    Template,
    frames,
    score,
)
from lib.newsletters.meaning import NumberMeaning
from lib.newsletters.sentences import Sentence


def match(
    sentences_: list[Sentence],
    templates_: list[Template],
    frame_of: np.ndarray | None = None,
    meanings: list[list[NumberMeaning]] | None = None,
) -> list[Match]:
    """Each number to at most one previous figure and back, best pairs first (``frame_of``: ``frames``' matrix;
    ``meanings``: each sentence's numbers read for meaning, in the same order)."""
    frame_of = frames(sentences_, templates_) if frame_of is None else frame_of
    candidates: list[Match] = []
    for column, sentence in enumerate(sentences_):
        for row, template in enumerate(templates_):
            frame = float(frame_of[row, column])
            if (
                frame < (UNKNOWN_SECTION_FRAME if not sentence.known_section else OTHER_SECTION_FRAME)
                and sentence.known_section != template.figure["source_section"]
            ):
                continue  # another section's figure, in other words: not worth scoring
            for position, mention in enumerate(sentence.numbers):
                meaning = meanings[column][position] if meanings is not None else None
                if meaning is not None and meaning.not_figure:
                    continue
                value = score(sentence, position, template, frame, meaning)
                if value >= NEAR_SCORE:
                    candidates.append(Match(sentence, mention, template, value))
    candidates.sort(key=lambda m: -m.score)
    near = [m for m in candidates if m.score < MIN_SCORE]
    candidates = [m for m in candidates if m.score >= MIN_SCORE]
    used_numbers: set[tuple[int, int]] = set()
    used_templates: set[str] = set()
    chosen = []
    for candidate in candidates:
        number_key = _number(candidate)
        figure_id = candidate.template.figure["figure_id"]
        if number_key in used_numbers or figure_id in used_templates:
            continue
        used_numbers.add(number_key)
        used_templates.add(figure_id)
        chosen.append(candidate)
    chosen = _augmented(_swapped(chosen, candidates), candidates)
    column_of = {id(s): column for column, s in enumerate(sentences_)}
    if meanings is not None:
        chosen = _running_totals(chosen, candidates, meanings, column_of)
    return _beside_its_neighbours(chosen, near, column_of, meanings) if meanings is not None else chosen


NEAR_SCORE = 0.45  # a pair this sure, though under the bar, is taken where its figure's neighbours are beside it
NEIGHBOURS = 2  # how far apart two figures' ids may stand in the previous edition to be told together


def _beside_its_neighbours(
    chosen: list[Match],
    near: list[Match],
    column_of: dict[int, int],
    meanings: list[list[NumberMeaning]],
) -> list[Match]:
    """A number just under the bar takes its figure where a figure told beside it in the previous edition (the same
    section, an id or two apart) is held by a number of its own sentence or the one next to it: facts told together
    are told together again ('472 persons came back home …' beside '441 of them flew and 31 came by bus')."""
    held_ids = {m.template.figure["figure_id"] for m in chosen}
    held_numbers = {_number(m) for m in chosen}
    for _ in range(3):  # a number taken lets its neighbour be taken in turn: 31 → 472 → 441
        by_column: dict[int, list[Match]] = {}
        for m in chosen:
            by_column.setdefault(column_of[id(m.sentence)], []).append(m)
        taken = False
        for candidate in near:  # best first
            figure = candidate.template.figure
            if _number(candidate) in held_numbers or figure["figure_id"] in held_ids:
                continue
            column = column_of[id(candidate.sentence)]
            if not _counts_it(candidate, meanings[column]):
                continue
            beside = [
                m
                for c in (column - 1, column, column + 1)
                for m in by_column.get(c, [])
                if m.sentence.section == candidate.sentence.section  # not across a heading
            ]
            if any(_told_together(m.template.figure, figure) for m in beside):
                chosen.append(candidate)
                held_ids.add(figure["figure_id"])
                held_numbers.add(_number(candidate))
                by_column.setdefault(column, []).append(candidate)
                taken = True
        if not taken:
            break
    return chosen


def _counts_it(candidate: Match, meanings: list[NumberMeaning]) -> bool:
    """The number's own words count what the figure counts (its indicator is their likeliest), and a target only a
    target."""
    if candidate.mention.small_in_words:
        return False  # 'two trainings': more often an aside (as ``drafts._aside``)
    meaning = meanings[candidate.sentence.numbers.index(candidate.mention)]
    bases = {meaning.time.basis if meaning.time is not None else "", candidate.template.figure["basis"]}
    if "target" in bases and len(bases) > 1:
        return False  # 'aims to assist a further 2,000 by the end of 2005' is a target, not the quarter's returns
    return bool(meaning.fits) and meaning.fits[0].indicator == candidate.template.figure["indicator"]


def _told_together(one: dict[str, str], other: dict[str, str]) -> bool:
    """Two figures the previous edition told side by side: of one section, their ids an id or two apart."""
    if one["source_section"] != other["source_section"] or one["edition"] != other["edition"]:
        return False
    try:
        return (
            0 < abs(int(one["figure_id"].rsplit("-", 1)[1]) - int(other["figure_id"].rsplit("-", 1)[1])) <= NEIGHBOURS
        )
    except (ValueError, IndexError):
        return False


def _number(found: Match) -> tuple[int, int]:
    """A number's identity: its sentence and where it stands in it."""
    return id(found.sentence), found.mention.start


def _augmented(chosen: list[Match], candidates: list[Match]) -> list[Match]:
    """A number left without a figure takes the figure another number of its sentence holds, where that number has
    another figure free and loses less by taking it than this one scores above the bar: 'nine new cases …, bringing
    the total assisted so far to 15' (the nine held the running total's figure)."""
    holder = {m.template.figure["figure_id"]: m for m in chosen}
    held = {_number(m) for m in chosen}
    by_number: dict[tuple[int, int], list[Match]] = {}
    for candidate in candidates:  # best first
        by_number.setdefault(_number(candidate), []).append(candidate)
    for number, options in by_number.items():
        if number in held:
            continue
        best = options[0]
        other = holder.get(best.template.figure["figure_id"])
        if other is None or other.sentence is not best.sentence:
            continue
        alternative = next((m for m in by_number[_number(other)] if m.template.figure["figure_id"] not in holder), None)
        # The neighbour loses less than the number gains above the bar ('nine' 0.70 → 0.67; '15' 0.60).
        if alternative is not None and other.score - alternative.score < best.score - MIN_SCORE:
            chosen[chosen.index(other)] = alternative
            chosen.append(best)
            holder[alternative.template.figure["figure_id"]] = alternative
            holder[best.template.figure["figure_id"]] = best
            held.add(number)
    return chosen


def _running_totals(
    chosen: list[Match],
    candidates: list[Match],
    meanings: list[list[NumberMeaning]],
    column_of: dict[int, int],
) -> list[Match]:
    """A running total counts what the number before it counts: '9 new vulnerable cases …, which brings the total
    assisted to date to 15' is a total of vulnerable cases, not of all returnees; it takes the best free total or
    level of that indicator, where it was given another."""
    held = {m.template.figure["figure_id"] for m in chosen}
    by_number = {_number(m): m for m in chosen}
    for index, found in enumerate(chosen):
        position = found.sentence.numbers.index(found.mention)
        time = meanings[column_of[id(found.sentence)]][position].time if position else None
        if time is None or not time.running_total:
            continue
        before = by_number.get((id(found.sentence), found.sentence.numbers[position - 1].start))
        if before is None:
            continue
        indicator = before.template.figure["indicator"]
        if found.template.figure["indicator"] == indicator:
            continue
        better = next(
            (
                m
                for m in candidates
                if _number(m) == _number(found)
                and m.template.figure["indicator"] == indicator
                and m.template.figure["basis"] in ("cumulative", "point_in_time")
                and m.template.figure["figure_id"] not in held
            ),
            None,
        )
        if better is not None:
            held.discard(found.template.figure["figure_id"])
            held.add(better.template.figure["figure_id"])
            chosen[index] = better
    return chosen


def _root(found: Match) -> str:
    """The stored figure a match's figure restates, or its own id: one fact told twice has one root."""
    return found.template.figure.get("restates") or found.template.figure["figure_id"]


def _swapped(chosen: list[Match], candidates: list[Match]) -> list[Match]:
    """The best pairs first, then two numbers swap their figures where the two swapped pairs are surer together: two
    of one sentence ('11,642 training hours, … 436,566 training man-hours' in the other order than before), or two of
    one section that count the same thing (phase I's production projects, named later, and phase II's)."""
    by_pair = {(_number(m), m.template.figure["figure_id"]): m for m in candidates}
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, found in enumerate(chosen):
        groups.setdefault(("sentence", id(found.sentence)), []).append(index)
        groups.setdefault(("counts", found.sentence.section, found.template.figure["indicator"]), []).append(index)
        groups.setdefault(("fact", _root(found)), []).append(index)  # a News in Brief item and its story's sentence
    for members in groups.values():
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                first, second = chosen[i], chosen[j]
                one = by_pair.get((_number(first), second.template.figure["figure_id"]))
                two = by_pair.get((_number(second), first.template.figure["figure_id"]))
                if one and two and one.score + two.score > first.score + second.score:
                    chosen[i], chosen[j] = one, two
    return chosen
