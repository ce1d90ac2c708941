"""The consistency checks in the reader's language: the same checks, their messages' numbers as the language
writes them; the dataset's own checks (shared by every session, the summary and the briefs) stay English."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.dataset.checks import STATUSES
from lib.i18n import using
from lib.presenting.formats import format_number

LANGUAGES = ("sq", "sr-Latn", "sr-Cyrl")
SAME = ["check_id", "edition", "programme", "kind", "subject", "total_figure_id", "status", "part_figure_ids"]
# "period 472 is within cumulative 187,739": AVR's returnees since 1999, a number with a thousands separator.
RETURNEES_SINCE_1999 = 187739


def test_english_checks_in_language_are_the_datasets_own(dataset):
    with using("en"):
        assert dataset.checks_in_language() is dataset.checks


@pytest.mark.parametrize("language", LANGUAGES)
def test_localised_checks_are_the_same_checks_in_the_same_order(dataset, language):
    english = dataset.checks.copy()
    with using(language):
        localised = dataset.checks_in_language()
        assert dataset.checks_in_language() is localised  # made once per language
    assert len(localised) == len(english) > 0
    assert list(localised.columns) == list(english.columns)
    pd.testing.assert_frame_equal(localised[SAME], english[SAME])
    numbers = ["total_value", "parts_sum", "difference"]
    pd.testing.assert_frame_equal(localised[numbers], english[numbers])
    assert not localised["message"].str.contains("%(", regex=False).any()  # every placeholder filled
    pd.testing.assert_frame_equal(dataset.checks, english)  # the shared English checks untouched


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_messages_numbers_follow_the_language(dataset, language):
    english_number = format_number(RETURNEES_SINCE_1999)
    with using(language):
        local_number = format_number(RETURNEES_SINCE_1999)
        localised = dataset.checks_in_language()
    assert local_number != english_number
    english = dataset.checks.set_index("check_id")["message"]
    local = localised.set_index("check_id")["message"]
    said = english[english.str.contains(english_number, regex=False)]
    assert len(said), "no check states 187,739 any more: pick another number"
    for check_id in said.index:
        assert local_number in local[check_id] and english_number not in local[check_id], local[check_id]
    assert english[said.index].str.contains(english_number, regex=False).all()  # English as it was


def test_the_data_page_shows_the_checks_in_the_readers_language():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "sq"
    with using("sq"):
        at.run()
        at.switch_page("app_pages/data_sources.py").run()
        local_number = format_number(RETURNEES_SINCE_1999)
    assert not at.exception, [e.value for e in at.exception]
    checks = next(frame.value for frame in at.dataframe if "message" in frame.value.columns)
    assert checks["message"].str.contains(local_number, regex=False).any()
    assert not checks["message"].str.contains(format_number(RETURNEES_SINCE_1999), regex=False).any()
    assert at.multiselect(key="check_status").value == list(STATUSES)  # the filter keeps the status codes
