"""The summary layer (lib/summary/): an edition's and a donor's values, codes and sources, checked against real rows
of data/figures.csv; the pages and the briefs draw these, so what is tested here is what both say."""

from __future__ import annotations

import ast
import json

import pandas as pd
import pytest

from lib.dataset import trends
from lib.dataset.checks import STATUSES, CheckStatus, run_checks, summarise
from lib.dataset.data import load
from lib.importing.editions import import_edition
from lib.presenting.wording import (
    change_text,
    donors_text,
    fixed_words,
    progress_percent,
    progress_text,
    relation_note,
    relation_word,
    series_basis,
    tally_headline,
    trend_basis,
)
from lib.summary import (
    HEADLINES,
    ChangeKind,
    Period,
    donor_figures,
    donor_summary,
    edition_summary,
    programme_pairs,
    target_pairs,
)
from lib.summary.donor import progress
from tests.conftest import DATA_DIR, ROOT

EDITION = "2004-11"
FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())


@pytest.fixture(scope="module")
def data():
    dataset = load(DATA_DIR)
    assert not dataset.problems
    return dataset


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """A copy of the data with the synthetic February 2005 edition imported after November 2004."""
    import shutil

    folder = tmp_path_factory.mktemp("two") / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("history"))
    assert import_edition(folder, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written
    return load(folder)


# ----- A donor


def test_returns_sustainability_targets_pair_with_their_own_areas(data):
    summary = donor_summary(data.tables, "ear", EDITION)
    paired = {r.figure["figure_id"]: r for r in summary.results if r.target is not None}
    # 49 projects approved in Magure/Moravska against the aim of 53 (2004-11-036), 61 in Zhupa against 65 (-037).
    assert set(paired) == {"2004-11-038", "2004-11-039"}
    magure = paired["2004-11-038"]
    assert (magure.figure["value_as_written"], magure.target["value_as_written"]) == ("49", "53")
    assert magure.target["figure_id"] == "2004-11-036" and magure.target["basis"] == "target"
    assert magure.progress == 49 / 53 and paired["2004-11-039"].progress == 61 / 65
    assert progress_text(magure.progress) == "92%"
    # The source stays with each value: the quotes are the stored ones.
    figures = data.tables["figures"].set_index("figure_id")
    assert magure.figure["source_quote"] == figures.loc["2004-11-038", "source_quote"]
    assert magure.target["source_quote"] == figures.loc["2004-11-036", "source_quote"]


def test_a_range_target_is_paired_but_has_no_progress(data):
    summary = donor_summary(data.tables, "italy", EDITION)
    (result,) = [r for r in summary.results if r.target is not None]
    assert (result.figure["value_as_written"], result.target["value_as_written"]) == ("17", "20-25")
    assert result.progress is None and progress_text(result.progress) == ""


def test_progress_shown_never_reads_as_met_while_short_of_the_target():
    assert (progress_percent(49 / 53), progress_percent(61 / 65)) == (92, 94)
    assert progress_percent(0.996) == 99 and progress_text(0.996) == "99%"  # not "100%": the target is not met
    assert (progress_percent(1.0), progress_percent(1.004), progress_percent(1.5)) == (100, 100, 150)


def test_a_programmes_targets_are_paired_as_for_a_donor(data):
    """The Returns page's pairs (a programme's) are the donor summary's pairs of that programme."""
    figures = data.tables["figures"].loc[data.tables["figures"]["edition"] == EDITION]
    pairs = programme_pairs(figures, "returns_sustainability")
    donor = donor_summary(data.tables, "ear", EDITION)
    expected = {
        r.figure_id: (r.target["figure_id"], r.progress)
        for r in donor.results
        if r.target is not None and r.programme_id == "returns_sustainability"
    }
    assert {p.achieved["figure_id"]: (p.target["figure_id"], p.progress) for p in pairs} == expected
    assert expected == {"2004-11-038": ("2004-11-036", 49 / 53), "2004-11-039": ("2004-11-037", 61 / 65)}


def test_progress_only_for_single_number_targets_above_zero():
    nan = float("nan")
    plain = {"value": 30.0, "value_max": nan, "denominator": nan}
    assert progress(plain, {**plain, "value": 40.0}) == 0.75
    assert progress(plain, {**plain, "value": 0.0}) is None
    assert progress(plain, {**plain, "value": 40.0, "value_max": 50.0}) is None
    assert progress({**plain, "denominator": 2.0}, {**plain, "value": 40.0}) is None


def test_every_donor_figure_is_a_result_or_the_target_of_one(data):
    for donor in data.tables["donors"]["donor_id"]:
        summary = donor_summary(data.tables, donor, EDITION)
        rows = donor_figures(data.tables, donor, EDITION)
        shown = [r.figure["figure_id"] for r in summary.results]
        targets = [r.target["figure_id"] for r in summary.results if r.target is not None]
        assert sorted(shown + targets) == sorted(rows["figure_id"]), donor
        assert len(targets) == len(target_pairs(rows)) == len(summary.pairs)
        # Grouped by programme, in the order the donor's programmes are linked.
        order = [pid for pid in summary.programme_ids if any(r.programme_id == pid for r in summary.results)]
        assert list(dict.fromkeys(r.programme_id for r in summary.results)) == order


def test_programme_links_keep_relation_codes_and_quotes(data):
    links = data.tables["programme_donors"]
    sponsor = links.loc[links["relation"] == "sponsor"].iloc[0]
    summary = donor_summary(data.tables, sponsor["donor_id"], EDITION)
    link = next(p for p in summary.programmes if p.programme_id == sponsor["programme_id"])
    assert link.relation == "sponsor" and link.source_quote == sponsor["source_quote"]
    assert relation_word(link.relation) == "sponsor" and relation_note("funding") == ""


def test_a_programmes_donors_are_named_with_the_relation_words_of_the_donors_page(data):
    links = data.tables["programme_donors"]
    for relation, note in (("expected", " (expected donation)"), ("sponsor", " (sponsor)")):
        link = links.loc[links["relation"] == relation].iloc[0]
        said = donors_text(links, data.catalogue, link["programme_id"])
        assert data.catalogue.donor(link["donor_id"]) + note in said
    funded = links.loc[links["relation"] == "funding"].iloc[0]
    assert data.catalogue.donor(funded["donor_id"]) in donors_text(links, data.catalogue, funded["programme_id"])
    assert donors_text(None, data.catalogue, funded["programme_id"]) == ""


def test_first_edition_has_no_change_and_another_donor_sees_none_of_a_donors_own_figures(data):
    liechtenstein = donor_summary(data.tables, "liechtenstein", EDITION)
    assert liechtenstein.first_edition and liechtenstein.previous_edition is None
    assert all(r.change.kind is ChangeKind.FIRST_EDITION and change_text(r.change) == "" for r in liechtenstein.results)
    own = {r.figure_id for r in liechtenstein.results if r.figure["donor"] == "liechtenstein"}
    assert own
    assert not own & {r.figure_id for r in donor_summary(data.tables, "switzerland", EDITION).results}


def test_unknown_donor_is_a_lookup_error(data):
    with pytest.raises(LookupError):
        donor_summary(data.tables, "atlantis", EDITION)


def test_a_donor_with_no_figures_in_an_edition(two_editions):
    summary = donor_summary(two_editions.tables, "ec", "2005-02")  # NGO reintegration, CARDS policing: not in Feb
    assert summary.programmes and summary.results == () and summary.figures.empty and not summary.pairs
    assert summary.previous_edition == EDITION


def test_change_since_the_last_comparable_edition(two_editions):
    summary = donor_summary(two_editions.tables, "various", "2005-02")
    by_id = {r.figure_id: r for r in summary.results}
    quarter = by_id["2005-02-001"].change  # AVR's quarter: 472, then 380
    assert quarter.kind is ChangeKind.SINCE and quarter.difference == 380 - 472
    assert quarter.previous["figure_id"] == "2004-11-001" and quarter.previous_edition == EDITION
    assert change_text(quarter) == "\u221292 since Nov 2004"
    assert by_id["2005-02-002"].change.difference == 188119 - 187739  # returnees since 1999


# ----- An edition


def test_edition_headlines_are_the_stored_figures(data):
    summary = edition_summary(data, EDITION)
    assert [(card.key, card.label) for card in summary.headlines] == [(s["key"], s["label"]) for s in HEADLINES]
    assert len({spec["key"] for spec in HEADLINES}) == len(HEADLINES)
    quarter = summary.card("returnees_quarter")
    assert quarter.label == "Returnees this quarter"
    assert quarter.figure["figure_id"] == "2004-11-001" and quarter.figure["value"] == 472
    assert quarter.change.kind is ChangeKind.FIRST_EDITION and quarter.previous is None and quarter.difference is None
    assert quarter.trend.basis == "period" and quarter.trend.period == Period(months=3)
    since = summary.card("returnees_since_1999").trend
    assert since.period.since and since.period.months is None
    assert trend_basis(since.basis, since.period.months, since.period.since) == "cumulative since 1999"
    assert list(quarter.trend.rows["figure_id"]) == ["2004-11-001"]
    figures = data.tables["figures"]
    assert summary.figure_count == int((figures["edition"] == EDITION).sum())
    assert summary.programme_count == figures.loc[figures["edition"] == EDITION, "programme"].nunique()
    assert summary.first_edition and summary.changes is None


def test_check_tally_is_the_checks_tables_and_the_same_from_tables_alone(data):
    summary = edition_summary(data, EDITION)
    expected = summarise(data.checks.loc[data.checks["edition"] == EDITION])
    assert dict(summary.checks.counts) == expected and summary.checks.ran
    assert set(summary.checks.counts) == set(STATUSES)
    assert len(summary.checks.contradictions) == expected[CheckStatus.INCONSISTENT] == 2
    assert {c["status"] for c in summary.checks.contradictions} == {"inconsistent"}
    alone = edition_summary(data.tables, EDITION)  # the checks are run on the figures
    assert dict(alone.checks.counts) == expected
    assert tally_headline(alone.checks.counts).startswith(f"{sum(expected.values())} consistency checks: 2 contra")
    empty = edition_summary(data.tables, EDITION, run_checks(data.tables["figures"].iloc[:0]))
    assert not empty.checks.ran and empty.checks.total == 0


def test_changes_since_the_previous_edition_name_breakdown_and_period(two_editions):
    summary = edition_summary(two_editions, "2005-02")
    assert summary.previous_edition == EDITION and summary.changes is not None
    changes = summary.changes
    table = changes.table
    counts = table["status"].value_counts()
    assert (changes.counts.moved, changes.counts.new) == (counts.get(trends.MOVED, 0), counts.get(trends.NEW, 0))
    assert changes.counts.stopped == counts.get(trends.STOPPED, 0) > 0
    assert sum(vars(changes.counts).values()) == len(table)
    quarter = table.loc[table["after_id"] == "2005-02-001"].iloc[0]
    assert quarter["status"] == trends.MOVED and quarter["difference"] == -92
    assert (quarter["months"], quarter["since"]) == (3, None) and quarter["breakdown"] == ()
    assert series_basis(quarter["basis"], quarter["months"], quarter["since"]) == "3-month period"
    split = table.loc[table["breakdown"].map(len) > 0].iloc[0]
    figures = two_editions.tables["figures"].set_index("figure_id")
    figure = figures.loc[split["after_id"] if isinstance(split["after_id"], str) else split["before_id"]]
    assert split["breakdown"] == tuple((c, figure[c]) for c, _ in split["breakdown"])
    assert all(code in split["series"] for _, code in split["breakdown"])
    assert fixed_words(split["breakdown"], {}) != ""
    running = table.loc[table["basis"] == "cumulative"].iloc[0]
    assert running["months"] is None and running["since"] == figures.loc[running["after_id"], "period_start"]
    card = summary.card("returnees_quarter")
    assert card.previous["figure_id"] == "2004-11-001" and card.difference == -92
    assert list(card.trend.rows["edition"]) == [EDITION, "2005-02"]


def test_a_trend_stops_at_the_edition_it_is_the_summary_of(two_editions):
    """November 2004 seen after February 2005 was imported: its trends end in November."""
    summary = edition_summary(two_editions, EDITION)
    trends_ = [card.trend for card in summary.headlines if card.trend is not None]
    assert trends_ and all(set(trend.rows["edition"]) == {EDITION} for trend in trends_)
    assert list(summary.card("returnees_quarter").trend.rows["figure_id"]) == ["2004-11-001"]


def test_the_summary_imports_nothing_from_presenting():
    """The pages and briefs draw the summary; the summary never draws on them."""
    for module in sorted((ROOT / "lib" / "summary").glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        assert not [name for name in imported if name.split(".")[:2] == ["lib", "presenting"]], module.name


def test_series_and_trend_basis_in_words():
    assert series_basis("period", 3, None) == "3-month period" and series_basis("period", None, None) == "period"
    assert series_basis("cumulative", None, "1999-06") == "cumulative since Jun 1999"
    assert series_basis("cumulative", None, "") == "cumulative"
    assert series_basis("year_to_date", None, "2004-01-01") == "year to date since 1 Jan 2004"
    assert (
        series_basis("point_in_time", None, None) == "point in time" and series_basis("target", None, None) == "target"
    )
    assert trend_basis("period", 3, None) == "each a 3-month period"
    assert trend_basis("period", None, None) == "each edition's period"


def test_a_summary_holds_no_sentences(data):
    """Values and codes only: the words are made where a summary is drawn."""
    summary = edition_summary(data, EDITION)
    assert all(isinstance(count, int) for count in summary.checks.counts.values())
    donor = donor_summary(data.tables, "ear", EDITION)
    assert all(isinstance(r.figure["value"], float) for r in donor.results)
    assert {link.relation for link in donor.programmes} <= {"funding", "expected", "sponsor"}
    assert isinstance(donor.figures, pd.DataFrame)
