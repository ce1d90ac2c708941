"""Consistency checks come out as the newsletter makes them."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.dataset.checks import (
    CONSISTENT,
    INCONSISTENT,
    NOT_COMPARABLE,
    NOT_ITEMISED,
    RESULT_COLUMNS,
    WORDING_DIFFERS,
    run_checks,
    summarise,
)


@pytest.fixture(scope="module")
def results(figures) -> pd.DataFrame:
    return run_checks(figures)


def one(results: pd.DataFrame, programme: str, subject: str, total: float) -> pd.Series:
    rows = results[
        (results["programme"] == programme) & (results["subject"] == subject) & (results["total_value"] == total)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_result_is_a_table_with_the_documented_columns(results):
    assert list(results.columns) == RESULT_COLUMNS
    assert results["check_id"].is_unique


def test_returns_by_mode_add_up_to_472(results):
    row = one(results, "avr", "returnees by mode", 472)
    assert (row["status"], row["parts_sum"]) == (CONSISTENT, 441 + 31)


def test_returns_by_country_leave_26_not_itemised(results):
    row = one(results, "avr", "returnees by country", 472)
    assert (row["status"], row["parts_sum"], row["difference"]) == (NOT_ITEMISED, 446, 26)


def test_csp_322_implemented_is_not_compared_with_approved_projects(results):
    # "To date, 322 ... projects have been implemented"; of the four phase/area totals, CSP II's 96 and 112 were
    # only approved. 71 + 53 + 96 + 112 = 332 is no contradiction: approved and implemented are different counts.
    row = one(results, "csp", "projects by phase x area", 322)
    assert row["status"] == NOT_COMPARABLE
    assert row["message"].startswith("not comparable (approved vs implemented)")
    assert "2004-11-106, 2004-11-111 count approved" in row["message"]
    assert "add up to 124 of 322" in row["message"]  # CSP I's 71 + 53, the parts that were implemented


def test_parts_of_the_total_kind_that_exceed_it_are_a_contradiction_beside_other_kinds(figures):
    # CSP I's 71 read as 300: the implemented parts alone (300 + 53) exceed the 322 implemented.
    changed = figures.copy()
    changed.loc[changed["figure_id"] == "2004-11-096", "value"] = 300.0
    row = one(run_checks(changed), "csp", "projects by phase x area", 322)
    assert (row["status"], row["parts_sum"]) == (INCONSISTENT, 353)


def test_parts_of_the_same_kind_as_the_total_are_still_compared(figures):
    # Were CSP II's projects implemented too, the four totals would exceed the 322: the check can still fail.
    changed = figures.copy()
    changed.loc[changed["figure_id"].isin(["2004-11-106", "2004-11-111"]), "status"] = "implemented"
    row = one(run_checks(changed), "csp", "projects by phase x area", 322)
    assert (row["status"], row["parts_sum"]) == (INCONSISTENT, 332)


@pytest.mark.parametrize(
    "total, parts, status",
    [
        (71, 71, CONSISTENT),  # CSP I southwest: 43 + 22 + 6
        (53, 50, NOT_ITEMISED),  # CSP I north: 39 + 11
        (96, 91, NOT_ITEMISED),  # CSP II southwest: 45 + 37 + 9
        (112, 91, NOT_ITEMISED),  # CSP II north: 48 + 43
    ],
)
def test_csp_sectors_against_each_phase_and_area_total(results, total, parts, status):
    row = one(results, "csp", "projects by sector", total)
    assert (row["parts_sum"], row["status"]) == (parts, status)


def test_varrp_categories_exceed_its_45_projects(results):
    row = one(results, "varrp", "projects by sector", 45)
    assert (row["status"], row["parts_sum"]) == (INCONSISTENT, 46)
    assert one(results, "varrp", "projects by status", 45)["status"] == CONSISTENT  # 35 completed + 10 ongoing


def test_sedmin_sector_shares_make_100_percent(results):
    row = one(results, "sedmin", "projects_share by sector", 100)
    assert (row["status"], row["parts_sum"]) == (CONSISTENT, 100)


def test_regional_shares_of_returnees_leave_the_rest_not_itemised(results):
    row = one(results, "avr", "returnees_settled_share by region", 100)
    assert row["status"] == NOT_ITEMISED and row["parts_sum"] == pytest.approx(74.5)


def test_vulnerable_cases_7_plus_3_exceed_9(results):
    assert one(results, "vulnerable_cases", "vulnerable_cases by status", 9)["status"] == INCONSISTENT


def test_quarter_within_cumulative(results):
    row = one(results, "ct_western_balkans", "trafficking_victims_returned: period within year_to_date", 24)
    assert row["status"] == CONSISTENT  # 10 of the 24 returned this year
    assert one(results, "avr", "returnees: period within cumulative", 187739)["status"] == CONSISTENT


def test_victims_returned_are_not_nested_in_victims_protected(results):
    # 404 given protection and assistance since 1999; 24 benefited from return and reintegration: other counts.
    assert results[(results["kind"] == "within") & (results["total_value"] == 404)].empty


def test_eas_vacancies_of_different_scope_are_not_comparable(results):
    # 76 found by IOM staff's own outreach; 316 in August-October by IOM with the Ministry's employment offices.
    row = one(results, "eas", "job_vacancies_identified: period within cumulative", 76)
    assert row["status"] == NOT_COMPARABLE
    assert row["message"].startswith("not comparable (IOM with partners vs IOM alone)")


def test_a_quarter_of_the_same_scope_is_still_nested(figures):
    changed = figures.copy()
    changed.loc[changed["figure_id"] == "2004-11-080", "scope"] = "iom"
    row = one(run_checks(changed), "eas", "job_vacancies_identified: period within cumulative", 76)
    assert row["status"] == INCONSISTENT


def test_municipalities_assessed_add_up_by_area_of_responsibility(results):
    row = one(results, "kti", "municipalities_assessed by aor", 19)
    assert (row["status"], row["parts_sum"]) == (CONSISTENT, 19)  # 7 + 3 + 2 + 3 + 4, the six pilots not among them


def test_only_the_newsletters_own_contradictions_are_reported(results):
    # After a reading for meaning: VARRP's 46 of 45 and the 7 + 3 of 9 vulnerable cases contradict each other in the
    # text; "over 50" against "approximately 50" is the same figure worded differently. Nothing else.
    contradictions = results[results["status"] == INCONSISTENT]
    assert sorted(contradictions["total_figure_id"]) == ["2004-11-045", "2004-11-057"]
    assert list(results.loc[results["status"] == WORDING_DIFFERS, "total_figure_id"]) == ["2004-11-152"]


def test_news_in_brief_restates_police_training_in_other_words(results):
    row = results[(results["kind"] == "restatement") & (results["subject"] == "police_trained restated")].iloc[0]
    assert row["status"] == WORDING_DIFFERS
    assert "more than 50" in row["message"] and "approximately 50" in row["message"]


def test_restatements_of_returns_agree(results):
    rows = results[(results["kind"] == "restatement") & (results["programme"] == "avr")]
    assert len(rows) == 3 and (rows["status"] == CONSISTENT).all()


def test_a_changed_part_is_caught(figures):
    # The checks can fail: with Germany at 340 the countries add up to 476, more than the stated 472.
    changed = figures.copy()
    changed.loc[(changed["country"] == "DEU") & (changed["indicator"] == "returnees"), "value"] = 340.0
    row = one(run_checks(changed), "avr", "returnees by country", 472)
    assert row["status"] == INCONSISTENT and row["parts_sum"] == 476


def test_summary_counts_every_check(results):
    counts = summarise(results)
    assert sum(counts.values()) == len(results)
    assert counts[INCONSISTENT] == 2 and counts[NOT_COMPARABLE] == 2
