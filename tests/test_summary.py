"""The summary layer (lib/summary/): an edition's and a donor's values, codes and sources, checked against real rows
of data/figures.csv; the pages and the briefs draw these, so what is tested here is what both say."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.dataset import trends
from lib.dataset.checks import STATUSES, CheckStatus, run_checks, summarise
from lib.dataset.data import load
from lib.importing.editions import import_edition
from lib.presenting.present import HEADLINES
from lib.presenting.wording import change_text, progress_text, relation_note, relation_word, tally_headline
from lib.summary import ChangeKind, donor_figures, donor_summary, edition_summary, target_pairs
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
    assert [card.label for card in summary.headlines] == [spec["label"] for spec in HEADLINES]
    quarter = summary.card("Returnees this quarter")
    assert quarter.figure["figure_id"] == "2004-11-001" and quarter.figure["value"] == 472
    assert quarter.change.kind is ChangeKind.FIRST_EDITION and quarter.previous is None and quarter.difference is None
    assert quarter.trend.basis == "period" and quarter.trend.period_kind == "3 months"
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
    assert quarter["status"] == trends.MOVED and quarter["difference"] == -92 and quarter["period_kind"] == "3 months"
    assert quarter["breakdown"] == ()
    split = table.loc[table["breakdown"].map(len) > 0].iloc[0]
    assert all(code in split["series"] for code in split["breakdown"])
    card = summary.card("Returnees this quarter")
    assert card.previous["figure_id"] == "2004-11-001" and card.difference == -92
    assert list(card.trend.through("2005-02")["edition"]) == [EDITION, "2005-02"]
    assert list(card.trend.through(EDITION)["edition"]) == [EDITION]


def test_a_summary_holds_no_sentences(data):
    """Values and codes only: the words are made where a summary is drawn."""
    summary = edition_summary(data, EDITION)
    assert all(isinstance(count, int) for count in summary.checks.counts.values())
    donor = donor_summary(data.tables, "ear", EDITION)
    assert all(isinstance(r.figure["value"], float) for r in donor.results)
    assert {link.relation for link in donor.programmes} <= {"funding", "expected", "sponsor"}
    assert isinstance(donor.figures, pd.DataFrame)
