"""HXL by the standard: every hashtag parses with libhxl, the HXL project's own library, and means what it says."""

from __future__ import annotations

import io

import hxl
import pytest

from lib.presenting.export import FIGURE_HXL, csv_bytes

# Hashtags the HXL core dictionary defines for names, codes, dates, places and organisations: never a count.
NOT_FOR_COUNTS = {"#contact", "#org", "#adm1", "#adm2", "#loc", "#activity", "#date", "#country", "#group", "#meta"}
# What a count of ours may be, by the dictionary: people reached or targeted, outputs, money, other indicators.
COUNT_HASHTAGS = {"#reached", "#targeted", "#output", "#value", "#indicator"}


def normalised(tag: str) -> str:
    """A hashtag with its attributes sorted: '#output+num+x' and '#output+x+num' are the same tag."""
    column = hxl.model.Column.parse(tag)
    assert column is not None, f"{tag!r} does not parse"
    return "#" + "+".join([column.tag.lstrip("#"), *sorted(column.attributes)])


@pytest.fixture(scope="module")
def indicators(dataset):
    return dataset.table("indicators")


def test_every_indicator_hashtag_parses_and_is_a_count(indicators):
    for row in indicators.itertuples():
        column = hxl.model.Column.parse(row.hxl)
        assert column is not None and column.display_tag == row.hxl, f"{row.indicator_id}: {row.hxl!r} does not parse"
        assert column.tag in COUNT_HASHTAGS, f"{row.indicator_id}: {row.hxl} is not a count hashtag"
        assert column.tag not in NOT_FOR_COUNTS


def test_no_two_indicators_share_a_hashtag(indicators):
    tags = [normalised(tag) for tag in indicators["hxl"]]
    assert len(set(tags)) == len(tags), sorted(t for t in tags if tags.count(t) > 1)


def test_people_assisted_are_reached_not_affected(indicators):
    # #affected counts people affected by a crisis; whom IOM assisted, returned, trained or evacuated it reached.
    assert not any(tag.startswith("#affected") for tag in indicators["hxl"])
    people = indicators.loc[indicators["unit"] == "people"]
    assert set(hxl.model.Column.parse(tag).tag for tag in people["hxl"]) <= {"#reached", "#targeted", "#indicator"}


@pytest.mark.parametrize(
    "forbidden", ["#date+duration", "#date+period", "#country+num", "#contact", "#adm2", "#loc", "#org"]
)
def test_counts_do_not_use_name_code_or_date_hashtags(indicators, forbidden):
    assert not any(tag.startswith(forbidden) for tag in indicators["hxl"])


def test_the_figures_columns_use_hxl_correctly():
    for column, tag in FIGURE_HXL.items():
        parsed = hxl.model.Column.parse(tag)
        assert parsed is not None and parsed.display_tag == tag, f"{column}: {tag!r}"
    assert not FIGURE_HXL["group"].startswith("#group")  # our group is a breakdown, not HXL's #group
    assert len({normalised(tag) for tag in FIGURE_HXL.values()}) == len(FIGURE_HXL)


@pytest.fixture(scope="module")
def export_bytes(figures) -> bytes:
    return csv_bytes(figures, FIGURE_HXL)


@pytest.fixture
def exported(export_bytes):
    """A fresh HXL reading of the export (libhxl streams: a dataset is read once)."""
    return lambda: hxl.data(io.BytesIO(export_bytes))


def test_the_export_reads_as_hxl(exported, figures):
    assert [column.display_tag for column in exported().columns] == [FIGURE_HXL[c] for c in figures.columns]
    assert len(list(exported())) == len(figures)


def test_filter_by_country_code_returns_the_right_rows(exported, figures):
    germany = [row.get("#meta+id") for row in exported().with_rows("#country+code=DEU")]
    assert germany == list(figures.loc[figures["country"] == "DEU", "figure_id"])
    assert germany == ["2004-11-004"]  # 310 returnees from Germany


def test_filter_by_district_code_returns_the_right_rows(exported, figures):
    prishtina = [row.get("#meta+id") for row in exported().with_rows("#adm1+code=PRI")]
    assert prishtina == list(figures.loc[figures["region"] == "PRI", "figure_id"]) == ["2004-11-010"]  # 37.6% settled
    # Only real districts: KTI's counts by IOM area of responsibility are not under #adm1.
    districts = [row.get("#meta+id") for row in exported().with_rows("#adm1+code~.")]
    assert districts == ["2004-11-010", "2004-11-011", "2004-11-012", "2004-11-013"]
    aors = [row.get("#meta+id") for row in exported().with_rows("#loc+aor+code~.")]
    assert aors == [f"2004-11-{n}" for n in range(136, 141)]
