"""What a brief says, as plain data for the template (every text a string): drawn from ``lib.summary``, worded
here and in ``lib.presenting.wording``, laid out by ``brief.typ``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from lib.briefs.errors import BriefError
from lib.briefs.notes import Notes, Sheet, clean, note_list
from lib.briefs.visuals import (
    NATURAL_EARTH,
    breakdown_charts,
    donor_map,
    fallback_chart,
    returns_chart,
    target_chart,
    trend_chart,
)
from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import INCONSISTENT
from lib.i18n import _, current, ngettext, translated, using
from lib.i18n.active import data_text
from lib.presenting.formats import CURRENCIES, format_number, month_label
from lib.presenting.present import basis_label, code_names, date_label, edition_label, edition_period, format_value
from lib.presenting.themes import THEMES
from lib.presenting.wording import (
    change_counts,
    change_text,
    relation_note,
    result_words,
    tally_detail,
    tally_headline,
)
from lib.summary.changes import Change, ChangeKind
from lib.summary.donor import DonorSummary, IndicatorResult, ProgrammeLink, donor_summary
from lib.summary.edition import EditionSummary, HeadlineCard, edition_summary

NEEDS_DONOR = ("figures", "programmes", "indicators", "donors", "programme_donors")
NEEDS_EDITION = ("figures", "programmes", "indicators")
NO_THEME_COLOUR = "#52606D"
Tables = Mapping[str, pd.DataFrame]


def require(tables: Tables, names: Sequence[str]) -> None:
    """A ``BriefError`` naming the files among ``names`` that could not be read."""
    missing = [name for name in names if tables.get(name) is None]
    if missing:
        raise BriefError(
            _(
                "%(files)s could not be read, so no brief was made (run `python -m lib.validate` to see every problem)",
                files=", ".join(name + ".csv" for name in missing),
            )
        )


def check_edition(catalogue: Catalogue, edition: str) -> None:
    if edition not in catalogue.editions:
        known = ", ".join(catalogue.editions) or _("no edition")
        raise BriefError(_("unknown edition %(edition)s; the data has %(known)s", edition=repr(edition), known=known))


def _sheet(tables: Tables) -> Sheet:
    return Sheet(tables, code_names(dict(tables)), Catalogue.of(tables), Notes())


def _colour(theme: str) -> str:
    return THEMES[theme].hex if theme in THEMES else NO_THEME_COLOUR


def _change(change: Change, notes: Notes) -> tuple[str, list[int]]:
    """The change in words, and the earlier figure's note (cited only where there is one)."""
    earlier = [notes.cite(change.previous)] if change.kind is ChangeKind.SINCE and change.previous is not None else []
    return change_text(change), earlier


def footer(tables: Tables, edition: str, version: str, made: date | None) -> dict:
    made = made or date.today()
    parts = (
        _("Made %(date)s", date=date_label(made.isoformat())),
        _("data version %(version)s", version=version[:8]) if version else "",
        translated(NATURAL_EARTH),
    )
    period = edition_period(tables.get("editions"), edition)
    return {
        "left": clean(
            _("IOM Kosovo · %(edition)s edition · %(period)s", edition=edition_label(edition), period=period)
        ),
        "right": clean(" · ".join(part for part in parts if part)),
    }


# ----- The donor brief


def _programme(link: ProgrammeLink, notes: Notes) -> dict:
    return {
        "short": clean(data_text(link.short_name)),
        "name": clean(data_text(link.name)),
        "objective": clean(data_text(link.objective)),
        "relation": relation_note(link.relation),
        "colour": _colour(link.theme),
        "theme": translated(THEMES[link.theme].name) if link.theme in THEMES else "",
        "note": str(notes.add(link.source_section, link.source_quote)),
    }


def _result_row(result: IndicatorResult, sheet: Sheet) -> dict:
    words = result_words(result, sheet.catalogue, sheet.names)
    cited = [sheet.notes.cite(result.figure)]
    if result.target is not None:
        cited.append(sheet.notes.cite(result.target))
    _said, earlier = _change(result.change, sheet.notes)
    return {
        "indicator": clean(words.indicator),
        "breakdown": clean(words.breakdown),
        "value": clean(words.achieved),
        "basis": clean(words.basis),
        "target": clean(words.target),
        "progress": words.progress,
        "change": clean(words.change),
        "notes": note_list(cited + earlier),
    }


def _groups(summary: DonorSummary, sheet: Sheet) -> list[dict]:
    """The figures table: one group per programme with figures, in the order the programmes are linked."""
    groups = []
    for pid in summary.programme_ids:
        own = [result for result in summary.results if result.programme_id == pid]
        if own:
            theme = sheet.catalogue.programme_themes.get(pid, "")
            rows = [_result_row(result, sheet) for result in own]
            name = data_text(sheet.catalogue.programme(pid))
            groups.append({"name": clean(name), "colour": _colour(theme), "rows": rows})
    return groups


def _donor_visuals(summary: DonorSummary, sheet: Sheet) -> tuple[list[dict], str]:
    """Up to two charts (targets first, then splits, else figures of one kind side by side), or why there is none."""
    rows = summary.figures
    visuals = [chart for chart in (target_chart(summary.results, sheet),) if chart]
    visuals += breakdown_charts(rows, sheet, limit=2 - len(visuals))
    if not visuals:
        visuals = [chart for chart in (fallback_chart(rows, sheet),) if chart]
    no_chart = (
        ""
        if visuals or rows.empty
        else _("No chart: no two of these figures count the same thing; the table gives each one.")
    )
    return visuals, no_chart


def _reports(programmes: int, figures: int, with_target: int) -> str:
    """The lede's second sentence: the edition's figures for the programme ("it") or programmes ("them")."""
    values = {"count": format_number(figures), "targets": format_number(with_target)}
    if programmes == 1 and with_target:
        return ngettext(
            "This edition reports %(count)s figure for it, %(targets)s with a target.",
            "This edition reports %(count)s figures for it, %(targets)s with a target.",
            figures,
            **values,
        )
    if programmes == 1:
        return ngettext(
            "This edition reports %(count)s figure for it.",
            "This edition reports %(count)s figures for it.",
            figures,
            **values,
        )
    if with_target:
        return ngettext(
            "This edition reports %(count)s figure for them, %(targets)s with a target.",
            "This edition reports %(count)s figures for them, %(targets)s with a target.",
            figures,
            **values,
        )
    return ngettext(
        "This edition reports %(count)s figure for them.",
        "This edition reports %(count)s figures for them.",
        figures,
        **values,
    )


def _lede(programmes: int, figures: int, with_target: int) -> str:
    funds = ngettext(
        "Funds %(count)s programme.", "Funds %(count)s programmes.", programmes, count=format_number(programmes)
    )
    return f"{funds} {_reports(programmes, figures, with_target)}"


def donor_document(
    tables: Tables,
    donor: str,
    edition: str,
    version: str = "",
    made: date | None = None,
    summary: DonorSummary | None = None,
    *,
    language: str | None = None,
) -> dict:
    """What a donor brief says, as plain data for the template, in ``language`` (None: this run's).
    ``summary``: the donor's summary, if at hand."""
    with using(language or current()):
        return _donor_document(tables, donor, edition, version, made, summary)


def _donor_document(
    tables: Tables, donor: str, edition: str, version: str, made: date | None, summary: DonorSummary | None
) -> dict:
    require(tables, NEEDS_DONOR)
    donors = tables["donors"]["donor_id"]
    if donor not in set(donors):
        raise BriefError(
            _("unknown donor %(donor)s; donors.csv has %(known)s", donor=repr(donor), known=", ".join(sorted(donors)))
        )
    sheet = _sheet(tables)
    check_edition(sheet.catalogue, edition)
    summary = summary or donor_summary(tables, donor, edition)
    funded = [_programme(link, sheet.notes) for link in summary.programmes]
    groups = _groups(summary, sheet)
    visuals, no_chart = _donor_visuals(summary, sheet)
    edition_rows = tables["figures"].loc[tables["figures"]["edition"] == edition]
    place_map = donor_map(sheet, edition_rows, list(summary.programme_ids), donor, summary.name)
    name, abbreviation, count = summary.name, summary.abbreviation, len(summary.figures)
    period = edition_period(tables.get("editions"), edition)
    return {
        "kind": "donor",
        "kicker": _("Donor brief · IOM Kosovo quarterly newsletter"),
        "title": clean(f"{name} ({abbreviation})" if abbreviation and abbreviation != name else name),
        "subtitle": clean(
            _("%(edition)s edition · reporting period %(period)s", edition=edition_label(edition), period=period)
        ),
        "lede": clean(_lede(len(funded), count, len(summary.pairs))),
        "programmes": funded,
        "charts": visuals,
        "no_chart": no_chart,
        "map": place_map,
        "groups": groups,
        "has_target": bool(summary.pairs),
        "first_edition": summary.first_edition,
        "previous": month_label(summary.previous_edition) if summary.previous_edition else "",
        "empty": _("This edition reports no figures for these programmes.") if not count else "",
        "notes": sheet.notes.grouped(),
        "footer": footer(tables, edition, version, made),
    }


# ----- The edition brief


def _card(card: HeadlineCard, sheet: Sheet) -> dict:
    figure = card.figure
    if figure is None or card.change is None:
        return {
            "label": translated(card.label),
            "value": "—",
            "basis": _("Not reported in this edition."),
            "change": "",
            "notes": "",
        }
    unit = sheet.catalogue.units.get(figure["indicator"], "")
    cited = [sheet.notes.cite(figure)]
    change, earlier = _change(card.change, sheet.notes)
    label = translated(card.label)
    return {
        "label": clean(f"{label} ({unit})" if unit in CURRENCIES else label),
        "value": clean(format_value(figure, "" if unit in CURRENCIES else unit)),
        "basis": clean(basis_label(figure)),
        "change": clean(change),
        "notes": note_list(cited + earlier),
    }


def _edition_visuals(summary: EditionSummary, figures: pd.DataFrame, period: str, sheet: Sheet) -> list[dict]:
    """Returns by country, and the first headline with a trend (else returns by mode)."""
    trend = next(
        (
            chart
            for card in summary.headlines
            if card.figure is not None
            and card.trend is not None
            and (chart := trend_chart(card.trend, card.figure, translated(card.label), sheet))
        ),
        None,
    )
    made = (returns_chart(figures, sheet, period, "country"), trend or returns_chart(figures, sheet, period, "mode"))
    return [chart for chart in made if chart]


def _checks(summary: EditionSummary, sheet: Sheet) -> dict:
    tally = summary.checks
    return {
        "headline": tally_headline(tally.counts),
        "detail": tally_detail(tally.counts),
        "alarm": bool(tally.counts[INCONSISTENT]),
        "contradictions": [
            {"programme": clean(data_text(sheet.catalogue.programme(c["programme"]))), "message": clean(c["message"])}
            for c in tally.contradictions
        ],
    }


def _edition_lede(summary: EditionSummary) -> str:
    if summary.changes is not None:
        changes = summary.changes
        return _(
            "Since %(edition)s: %(changes)s.",
            edition=month_label(changes.previous_edition),
            changes=change_counts(changes.counts, of_figures=True),
        )
    return _("The first edition stored: no earlier edition to compare with.") if summary.first_edition else ""


def _subtitle(summary: EditionSummary, period: str) -> str:
    return ngettext(
        "Reporting period %(period)s · %(count)s figure from %(programmes)s programmes",
        "Reporting period %(period)s · %(count)s figures from %(programmes)s programmes",
        summary.figure_count,
        period=period,
        count=format_number(summary.figure_count),
        programmes=format_number(summary.programme_count),
    )


def edition_document(
    tables: Tables,
    edition: str,
    version: str = "",
    made: date | None = None,
    checks: pd.DataFrame | None = None,
    summary: EditionSummary | None = None,
    *,
    language: str | None = None,
) -> dict:
    """What an edition brief says: the overview's headline figures, the consistency checks, a chart or two; in
    ``language`` (None: this run's). ``summary``: the edition's summary, if at hand (else it is made, with
    ``checks`` or by running them)."""
    with using(language or current()):
        return _edition_document(tables, edition, version, made, checks, summary)


def _edition_document(
    tables: Tables,
    edition: str,
    version: str,
    made: date | None,
    checks: pd.DataFrame | None,
    summary: EditionSummary | None,
) -> dict:
    require(tables, NEEDS_EDITION)
    sheet = _sheet(tables)
    check_edition(sheet.catalogue, edition)
    summary = summary or edition_summary(tables, edition, checks)
    figures = tables["figures"].loc[tables["figures"]["edition"] == edition]
    period = edition_period(tables.get("editions"), edition)
    cards = [_card(card, sheet) for card in summary.headlines]
    checked = _checks(summary, sheet)
    visuals = _edition_visuals(summary, figures, period, sheet)
    return {
        "kind": "edition",
        "kicker": _("Edition brief · IOM Kosovo quarterly newsletter"),
        "title": clean(_("IOM Kosovo at a glance — %(edition)s", edition=edition_label(edition))),
        "subtitle": clean(_subtitle(summary, period)),
        "lede": clean(_edition_lede(summary)),
        "cards": cards,
        "checks": checked,
        "charts": visuals,
        "notes": sheet.notes.grouped(),
        "footer": footer(tables, edition, version, made),
    }
