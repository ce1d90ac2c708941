"""Derived page tables."""

from __future__ import annotations

from lib.presenting.views import NOT_ITEMISED_LABEL, csp_split


def test_csp_split_by_sector_shows_what_each_phase_and_area_leaves_unitemised(figures):
    table = csp_split(figures, {}, "sector")
    north_one = table[table["label"] == "CSP I north · implemented"]
    assert dict(zip(north_one["series"], north_one["value"], strict=True)) == {
        "production": 39,
        "services": 11,
        NOT_ITEMISED_LABEL: 3,
    }
    southwest_one = table[table["label"] == "CSP I southwest · implemented"]
    assert NOT_ITEMISED_LABEL not in set(southwest_one["series"])  # 43 + 22 + 6 = 71
    assert table.groupby("label")["value"].sum().to_dict() == {
        "CSP I north · implemented": 53,
        "CSP I southwest · implemented": 71,
        "CSP II north · approved": 112,
        "CSP II southwest · approved": 96,
    }


def test_csp_split_by_kind_never_computes_the_unstated_kind(figures):
    table = csp_split(figures, {}, "group")
    south_two = table[table["label"] == "CSP II southwest · approved"]
    assert dict(zip(south_two["series"], south_two["value"], strict=True)) == {
        "community projects": 26,
        NOT_ITEMISED_LABEL: 70,
    }


def test_the_csp_phase_and_area_check_is_found_by_its_fields(figures, dataset):
    """The check of CSP's 322 projects against its four phase and area totals, whatever its wording."""
    from lib.presenting.views import phase_area_checks

    found = phase_area_checks(dataset.checks, figures)
    assert list(found["total_figure_id"]) == ["2004-11-095"]
    assert set(found["part_figure_ids"].iloc[0].split(";")) == {
        "2004-11-096",
        "2004-11-102",
        "2004-11-106",
        "2004-11-111",
    }
    reworded = dataset.checks.assign(subject="anything at all")
    assert list(phase_area_checks(reworded, figures)["check_id"]) == list(found["check_id"])
    assert phase_area_checks(dataset.checks.iloc[0:0], figures).empty
    assert phase_area_checks(dataset.checks, figures.iloc[0:0]).empty
