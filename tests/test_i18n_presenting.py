"""The shared words of pages and briefs (``lib.presenting``) in the reader's language: numbers, months, countries
and place names as each language writes them, and English exactly as before.

No message is translated yet: what a language changes here is what the code does itself (Babel's numbers,
months and country names, Serbian Cyrillic place names); the messages fall back to English.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lib.i18n import translated, using
from lib.presenting import maps, present, views, wording
from lib.presenting.glance import GLANCES
from lib.presenting.present import code_label, code_names, date_label, edition_label, format_value, period_label

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # CLDR groups with a no-break space


def plain(text: str) -> str:
    return text.translate(SPACES)


def test_albanian_numbers_are_grouped_with_spaces_and_a_decimal_comma():
    with using("sq"):
        assert plain(format_value({"value": 1611672.0})) == "1 611 672"
        assert format_value({"value": 37.6}, "percent") == "37,6%"
        assert plain(format_value({"value": 1200.0, "value_max": 1500.0})) == "1 200–1 500"
        legend = [plain(text) for _colour, text in maps.legend(pd.DataFrame({"value": [20000.0]}), "")]
        assert legend[:2] == ["0–4 000", "4 000–8 000"]
        assert "4 900" in plain(wording.of_target_text({"value": 4900.0}, {"value": 5300.0}))
    with using("sr-Latn"):
        assert format_value({"value": 1611672.0}) == "1.611.672"


def test_albanian_months_and_dates():
    with using("sq"):
        assert edition_label("2004-11") == "nëntor 2004"
        assert date_label("2004-10-31") == "31 tet 2004"
        assert date_label("1999") == "1999"
        assert period_label("2004-08-01", "2004-10-31") == "1 gush – 31 tet 2004"
        assert "+380" in wording.difference_text(380, "2004-08")


def test_countries_are_named_by_cldr_in_another_language(dataset):
    with using("sq"):
        names = code_names(dataset.tables)
        assert names["country"]["DEU"] == "Gjermani"
        assert code_label("country", "DEU", names) == "Gjermani"
        # CLDR has no name for a country that is no more: the list's own name, translated where it can be
        assert names["country"]["SCG"] == translated("Serbia and Montenegro")
    with using("sr-Cyrl"):
        assert code_names(dataset.tables)["country"]["DEU"] == "Немачка"


def test_serbian_cyrillic_readers_read_the_serbian_names_in_cyrillic(dataset):
    with using("sr-Cyrl"):
        names = code_names(dataset.tables)
        assert names["place"]["siga"] == "Sigë/Сига"
        assert names["place"]["brestovik"] == "Brestovik"  # one name in both languages: as written
        assert names["region"]["PEJ"] == "Pejë/Пећ"
        labels = {
            f["properties"]["code"]: f["properties"]["label"]
            for f in maps.choropleth("region", _no_values())["features"]
        }
        assert labels["PEJ"] == "Pejë/Пећ"
        assert "Pejë/Пећ" in [label["text"] for label in maps.area_labels("region")]
    with using("sr-Latn"):
        assert code_names(dataset.tables)["place"]["siga"] == "Sigë/Siga"


def _no_values() -> pd.DataFrame:
    return pd.DataFrame(columns=views.MAP_COLUMNS)


@pytest.mark.parametrize("language", ["sq", "sr-Cyrl"])
def test_a_language_leaves_english_as_it_was(dataset, language):
    with using(language):
        code_names(dataset.tables)  # nothing of another language is kept for the English reader
        maps.area_labels("region")
    names = code_names(dataset.tables)
    assert names["country"]["DEU"] == "Germany" and names["country"]["SCG"] == "Serbia and Montenegro"
    assert names["place"]["siga"] == "Sigë/Siga" and names["region"]["PEJ"] == "Peja"
    assert names["aor"]["peja"] == "Peja/Pec AoR" and names["scope"]["iom"] == "IOM alone"
    assert code_label("status", "under_reconstruction", names) == "under reconstruction"
    assert format_value({"value": 1611672.0}) == "1,611,672"
    assert format_value({"value": 5500.0, "qualifier": "more_than"}) == "over 5,500"
    assert format_value({"value": 1.0, "denominator": 2.0, "qualifier": "nearly"}) == "nearly 1 in 2"
    assert edition_label("2004-11") == "November 2004" and date_label("1999-06") == "Jun 1999"
    assert period_label("2004-08-01", "2004-10-31") == "1 Aug – 31 Oct 2004"
    assert period_label("1999", "") == "since 1999"
    assert present.basis_label({"basis": "cumulative", "period_start": "1999", "period_end": "2004-10-31"}) == (
        "cumulative since 1999, to 31 Oct 2004"
    )
    assert [text for _colour, text in maps.legend(pd.DataFrame({"value": [20000.0]}), "")][:2] == [
        "0–4,000",
        "4,000–8,000",
    ]
    assert "Pejë/Peć" in [label["text"] for label in maps.area_labels("region")]
    assert maps.attribution() == maps.ATTRIBUTION
    assert wording.results_heading(1, 1, 0) == "1 figure: 1 row"
    assert wording.results_heading(51, 49, 2) == "51 figures: 49 rows, 2 targets each in its figure's row"
    assert wording.series_basis("cumulative", None, "1999-06") == "cumulative since Jun 1999"
    assert [(g.title_text(), g.x_title_text()) for g in GLANCES] == [(g.title, g.x_title) for g in GLANCES]
    assert GLANCES[1].x_title_text() == "% of projects"
