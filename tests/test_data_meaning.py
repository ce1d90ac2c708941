"""The data says what the newsletter means: each correction of the second reading, pinned.

These rows are the templates from which later editions are drafted, so a wrong status, scope,
basis or breakdown here would be copied forward every quarter. Each case names the words it rests on.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA_DIR


def row(figures, number: int):
    match = figures.loc[figures["figure_id"] == f"2004-11-{number:03d}"]
    assert len(match) == 1
    return match.iloc[0]


READINGS = [
    # "7 municipalities in Gjilan/Gnjilane AoR, 3 in Prizren AoR ...": IOM areas of responsibility, not districts.
    (136, {"aor": "gjilan", "region": ""}),
    (137, {"aor": "prizren", "region": ""}),
    (138, {"aor": "gjakova", "region": ""}),
    (139, {"aor": "peja", "region": ""}),
    (140, {"aor": "mitrovica", "region": ""}),
    # "During September 2004": the month, no invented days.
    (135, {"period_start": "2004-09", "period_end": "2004-09"}),
    # "excluding six pilot municipalities": not assessed, so not a count of municipalities assessed.
    (141, {"indicator": "municipalities_not_assessed", "status": ""}),
    # "To date, 322 ... projects have been implemented"; CSP I "were implemented" / "approved and implemented".
    (95, {"status": "implemented"}),
    (96, {"status": "implemented"}),
    (102, {"status": "implemented"}),
    (97, {"status": "implemented"}),
    (105, {"status": "implemented"}),
    # CSP II: "96 projects were approved"; "112 projects have been approved and are being implemented".
    *((n, {"status": "approved"}) for n in range(106, 115)),
    # EAS: "76 job vacancies were identified through this outreach" (IOM staff's visits) ...
    (77, {"scope": "iom"}),
    (78, {"scope": "iom", "group": "outreach", "basis": "cumulative"}),
    # ... "their combined efforts" with the Ministry's Regional Employment Offices.
    (79, {"scope": "joint"}),
    (80, {"scope": "joint", "basis": "period"}),
    (81, {"scope": "joint"}),
    (82, {"scope": "joint"}),
    # "35 projects have been completed ... These projects have created 106 long-term employment positions".
    (25, {"status": "completed"}),
    (26, {"status": "completed"}),
    (27, {"status": "completed"}),
    # "more than 3 hectares over the past two years": a flow over two years, not a running total.
    (94, {"basis": "period", "period_start": "2002", "period_end": "2004-10-31"}),
    # "by the end of October 2004 ... for 4 people ... To date, 2,931": the quarter, then to date.
    (16, {"basis": "period", "period_start": "2004-08-01", "period_end": "2004-10-31"}),
    # "From 2000 through the end of 2003 ... 2,762": the running total since the programme began.
    (176, {"basis": "cumulative", "period_start": "2000", "period_end": "2003-12-31"}),
    # "awaiting a donation by the Government of the Netherlands for EUR 400,000": a pledge pending, not a target.
    (91, {"basis": "point_in_time", "status": "pending", "donor": "netherlands"}),
    # "In this phase, ... participants from thirteen different countries": the second phase.
    (164, {"phase": "II", "basis": "target"}),
    # One meaning per indicator.
    (30, {"indicator": "families_returned"}),
    (93, {"indicator": "families_engaged"}),
    (92, {"indicator": "associations_established"}),
    (133, {"indicator": "associations_at_event"}),
    # "24 foreign victims have benefited from IOM's Return and Reintegration programme, 10 of them ...".
    (150, {"indicator": "trafficking_victims_returned", "basis": "year_to_date"}),
    (151, {"indicator": "trafficking_victims_returned", "basis": "period"}),
    (149, {"indicator": "trafficking_victims_assisted"}),  # "protection and assistance were provided to 404"
    # "IOM continued its support of 4 Trust Fund projects": supported in the quarter, one of them completed in it.
    (87, {"basis": "period", "status": ""}),
    # Event lengths: a property of the event, dated only where the text dates it.
    (143, {"basis": "parameter", "period_start": "", "period_end": ""}),
    (148, {"basis": "parameter", "period_start": "", "period_end": ""}),
    # "2 day and a half long trainings": two trainings of a day and a half (the grammatical reading).
    (180, {"indicator": "trainings_delivered", "value": 2.0, "programme": "ct_western_balkans"}),
    (181, {"indicator": "event_duration", "value": 1.5, "value_as_written": "day and a half"}),
    # "during the two-day fair": stored like the other event lengths.
    (182, {"indicator": "event_duration", "value": 2.0, "value_as_written": "two", "programme": "sedmin"}),
]


@pytest.mark.parametrize("number, expected", READINGS, ids=[f"{n:03d}-{'-'.join(e)}" for n, e in READINGS])
def test_the_figure_reads_as_the_newsletter_means(figures, number, expected):
    figure = row(figures, number)
    assert {column: figure[column] for column in expected} == expected


def test_ambiguous_readings_say_why_in_the_note(figures):
    assert "grammatical reading" in row(figures, 180)["note"]
    assert "combined efforts" in row(figures, 80)["note"]
    assert "another scope" in row(figures, 78)["note"]
    # The researchers' note was copied from the police rows; it now speaks of the research.
    assert "police" not in row(figures, 155)["note"] and "launched in October 2004" in row(figures, 155)["note"]


def test_areas_of_responsibility_are_their_own_catalogue(dataset):
    aors = dataset.table("aors")
    assert list(aors["name"]) == [
        "Gjilan/Gnjilane AoR",
        "Prizren AoR",
        "Gjakova/Djakovica AoR",
        "Peja/Pec AoR",
        "Mitrovica AoR",
    ]
    figures = dataset.table("figures")
    by_aor = figures.loc[figures["aor"] != ""]
    assert dict(zip(by_aor["aor"], by_aor["value"], strict=False)) == {
        "gjilan": 7,
        "prizren": 3,
        "gjakova": 2,
        "peja": 3,
        "mitrovica": 4,
    }
    # An AoR is not a district: Gjilan/Gnjilane AoR has 7 of the municipalities assessed, its district only 3 in all.
    municipalities = dataset.table("municipalities")
    assert (municipalities["region_id"] == "GJI").sum() < 7


def test_every_indicator_has_one_meaning_and_a_readable_label(dataset):
    indicators = dataset.table("indicators")
    assert not {"families", "associations"} & set(indicators["indicator_id"])
    figures = dataset.table("figures")
    assert set(indicators["indicator_id"]) == set(figures["indicator"])  # no indicator without a figure
    for row_ in indicators.itertuples():
        assert row_.label != row_.indicator_id and "_" not in row_.label, row_.indicator_id
    labels = dict(zip(indicators["indicator_id"], indicators["label"], strict=False))
    assert labels["reintegration_grant_ceiling"] == "Maximum reintegration support"


def test_the_country_column_says_returnees_came_from_it():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    country = next(f for f in figures["schema"]["fields"] if f["name"] == "country")
    assert "returned from" in country["description"] and "destination" in country["description"]


def test_the_corrections_log_agrees_with_the_data(dataset):
    """Every change to a published row is in corrections.csv, and each line's 'after' is what is stored now."""
    corrections = dataset.table("corrections")
    assert corrections is not None and len(corrections) >= 1
    keys = {"figures": "figure_id", "indicators": "indicator_id"}
    for line in corrections.to_dict("records"):
        table = dataset.table(line["table"]).set_index(keys[line["table"]])
        stored = table.loc[line["row_id"], line["column"]]
        assert str(stored) == line["after"], (line["row_id"], line["column"])
        assert line["before"] != line["after"] and line["reason"].strip()


def test_the_second_reading_s_corrections_are_in_the_data(dataset):
    figures = dataset.table("figures").set_index("figure_id")
    # The text dates both event lengths: "in the last 3 months" and "In October ... the two-day fair".
    assert (figures.loc["2004-11-181", "period_start"], figures.loc["2004-11-181", "period_end"]) == (
        "2004-08-01",
        "2004-10-31",
    )
    assert (figures.loc["2004-11-182", "period_start"], figures.loc["2004-11-182", "period_end"]) == (
        "2004-10",
        "2004-10",
    )
    assert all("Gjilan" not in figures.loc[f"2004-11-{n}", "note"] for n in (137, 138, 139, 140))
    tags = dataset.table("indicators").set_index("indicator_id")["hxl"]
    assert tags["idps_relocated"].startswith("#targeted")
    assert "+eur" in tags["amount_approved"] and "+gbp" in tags["reintegration_grant_ceiling"]
    assert "+pledged" in tags["donation_amount"]
