"""Every page in Albanian and Serbian: drawn without an exception, at most 10% of the English page's UI strings
left unchanged (data, quotes, acronyms and proper names aside), and Serbian Cyrillic in Cyrillic."""

from __future__ import annotations

import re

import pytest

from lib.presenting.pages import PAGES
from tests.ui_strings import english_words_left, is_data, page_strings, unchanged_ui_strings

LANGUAGES = ("sq", "sr-Latn", "sr-Cyrl")
CYRILLIC = re.compile(r"[А-Яа-яЂђЈјЉљЊњЋћЏџ]")
LATIN_WORD = re.compile(r"[a-zčćđšž]{3,}")


@pytest.fixture(scope="module")
def english() -> dict[str, list[str]]:
    return {spec.key: page_strings(spec.file, "en") for spec in PAGES}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_a_page_in_another_language_leaves_little_english(spec, language, english):
    translated = page_strings(spec.file, language)
    ui, unchanged = unchanged_ui_strings(english[spec.key], translated)
    assert len(ui) >= 5, f"too few UI strings found on {spec.key}: the collector is broken"
    assert len(unchanged) <= 0.10 * len(ui), (
        f"{spec.key} in {language}: {len(unchanged)} of {len(ui)} UI strings still in English: {unchanged[:30]}"
    )
    if language != "sr-Cyrl":  # no English word left inside a translated string either
        left = english_words_left(english[spec.key], translated, language)
        assert not left, f"{spec.key} in {language}: English words left in translated strings: {left[:10]}"
    if language == "sr-Cyrl":
        words = [s for s in translated if not is_data(s)]
        latin = [s for s in words if LATIN_WORD.search(s) and not CYRILLIC.search(s)]
        assert len(latin) <= 0.10 * len(words), f"{spec.key}: Latin left in the Cyrillic page: {latin[:20]}"


def test_the_data_page_lists_catalogue_rows_added_without_a_translation(data_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from lib.i18n import using
    from tests.conftest import ROOT

    programmes = (data_copy / "programmes.csv").read_text(encoding="utf-8")
    objective = "Organised repatriation of Kosovar returnees with local transport and reinstallation and reintegration"
    (data_copy / "programmes.csv").write_text(
        programmes.replace(objective, "Bus tickets for returnees paid in advance", 1), encoding="utf-8"
    )
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "sq"
    with using("sq"):
        at.run()
        at.switch_page("app_pages/data_sources.py").run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    listed = next((e for e in at.expander if "1 " in e.label and "Shqip" in e.label), None)
    assert listed is not None, (labels, [c.value[:60] for c in at.caption])
    table = listed.dataframe[0].value
    assert list(table.iloc[0]) == ["programmes.csv", "avr", "objective", table.iloc[0, 3]]
    assert table.iloc[0, 3].startswith("Bus tickets for returnees")


def _app(language: str | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if language is not None:
        at.query_params["lang"] = language
    return at


def test_a_link_opens_in_its_language_and_an_unknown_one_says_so():
    from lib.i18n import using

    at = _app("SR-latn")
    with using("sr-Latn"):
        at.run()
    assert not at.exception
    assert at.selectbox(key="lang_choice").value == "sr-Latn"
    assert at.query_params["lang"] in ("sr-Latn", ["sr-Latn"])
    assert at.title[0].value.startswith("IOM Kosovo ukratko")
    at = _app("de").run()
    assert at.selectbox(key="lang_choice").value == "en"
    assert any("'de'" in notice.value and "English" in notice.value for notice in at.info)


def test_the_picker_changes_the_language_keeps_it_in_the_link_and_for_the_session():
    from lib.i18n import using

    at = _app().run()
    assert at.title[0].value.startswith("IOM Kosovo at a glance")
    assert "lang" not in at.query_params  # English for an English browser: the links stay as they were
    assert [option for option in at.selectbox(key="lang_choice").options] == ["English", "Shqip", "Srpski", "Српски"]
    # AppTest formats the widgets' options in the test's thread: the language they were last drawn in.
    at.selectbox(key="lang_choice").set_value("sr-Cyrl").run()
    assert at.title[0].value.startswith("IOM Косово укратко")
    assert at.query_params["lang"] in ("sr-Cyrl", ["sr-Cyrl"])
    with using("sr-Cyrl"):
        at.switch_page("app_pages/returns.py").run()
    assert not at.exception
    assert at.title[0].value == "Повратак"  # the next page, still in the session's language


def test_the_check_for_english_left_sees_a_half_translated_sentence():
    english = ["Indicators — 51 figures", "Donors"]
    assert english_words_left(english, ["Indicators — 51 shifra", "Donatorët"], "sq") == [
        ("indicators", "Indicators — 51 shifra")
    ]
    assert english_words_left(english, ["Treguesit — 51 shifra", "Donatorët"], "sq") == []


def test_the_newsletters_own_words_are_marked_as_english_for_a_reader_of_another_language():
    from lib.i18n import using

    at = _app("sq")
    with using("sq"):
        at.run()
    marks = [caption.value for caption in at.caption if "anglisht" in caption.value]
    assert marks and len(marks) >= 2  # under News in brief and in each card's source
    assert not [caption.value for caption in _app().run().caption if "in English" in caption.value]
