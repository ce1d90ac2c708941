"""Consistency checks come out as the newsletter makes them."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.checks import CONSISTENT, INCONSISTENT, NOT_ITEMISED, RESULT_COLUMNS, WORDING_DIFFERS, run_checks, summarise


@pytest.fixture(scope="module")
def results(figures) -> pd.DataFrame:
    return run_checks(figures)


def one(results: pd.DataFrame, programme: str, subject: str, total: float) -> pd.Series:
    rows = results[(results["programme"] == programme) & (results["subject"] == subject) & (results["total_value"] == total)]
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


def test_csp_four_totals_sum_to_332_not_322(results):
    row = one(results, "csp", "projects by phase x area", 322)
    assert (row["status"], row["parts_sum"]) == (INCONSISTENT, 332)
    assert "more than the total" in row["message"]


@pytest.mark.parametrize("total, parts, status", [
    (71, 71, CONSISTENT),      # CSP I southwest: 43 + 22 + 6
    (53, 50, NOT_ITEMISED),    # CSP I north: 39 + 11
    (96, 91, NOT_ITEMISED),    # CSP II southwest: 45 + 37 + 9
    (112, 91, NOT_ITEMISED),   # CSP II north: 48 + 43
])
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
    row = one(results, "ct_western_balkans", "trafficking_victims_assisted: year_to_date within cumulative", 404)
    assert row["status"] == CONSISTENT
    assert one(results, "avr", "returnees: period within cumulative", 187739)["status"] == CONSISTENT


def test_eas_vacancies_this_quarter_exceed_the_undated_total(results):
    # 76 vacancies "identified through this outreach", then 316 through outreach in August-October.
    assert one(results, "eas", "job_vacancies_identified: period within cumulative", 76)["status"] == INCONSISTENT


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
    assert counts[INCONSISTENT] >= 4
