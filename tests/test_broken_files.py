"""One broken data file stops only the pages that need it, and they say which file; the others keep working."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.presenting.pages import PAGES as REGISTERED
from tests.conftest import DATA_DIR, ROOT, shown

PAGES = [spec.file for spec in REGISTERED]
DATA_PAGE = "app_pages/data_sources.py"
EVERY_CHART_PAGE = {"figures.csv", "programmes.csv", "indicators.csv"}
# What each page cannot do without. Editions and news are not here: without editions.csv the picker lists
# the editions the figures name; without news.csv the overview says the news could not be read.
# A page added to the registry and not here is taken to need what every chart page needs.
NEEDS = {page: EVERY_CHART_PAGE for page in PAGES} | {
    "app_pages/map.py": EVERY_CHART_PAGE | {"places.csv", "municipalities.csv", "regions.csv"},
    "app_pages/donors.py": EVERY_CHART_PAGE | {"donors.csv", "programme_donors.csv"},
    DATA_PAGE: set(),  # shows every table it can, and names the broken one
}
FILES = [
    resource["path"]
    for resource in json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]
]


@pytest.mark.parametrize("broken", FILES)
def test_a_broken_file_stops_only_the_pages_that_need_it(data_copy, monkeypatch, broken):
    (data_copy / broken).write_bytes(b"\x00 not a CSV")
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        errors = [shown(e.value) for e in at.error]
        if broken in NEEDS[page] or page == DATA_PAGE:
            assert any(f"data/{broken}" in error for error in errors), (page, errors)
        else:
            assert not errors, (page, errors)
        if broken not in NEEDS[page]:
            assert at.title, page  # the page itself was drawn


def test_a_bad_date_in_editions_stops_no_page(data_copy, monkeypatch):
    editions = data_copy / "editions.csv"
    editions.write_text(editions.read_text(encoding="utf-8").replace("2004-10-31", "2004-13-31"), encoding="utf-8")
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert any("editions.csv" in shown(w.value) for w in at.sidebar.warning)
    for page in PAGES:
        if page == DATA_PAGE:
            continue  # it lists the broken file's problem, as it should
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, [e.value for e in at.error])
    assert at.sidebar.selectbox[0].value == "2004-11"


def test_a_broken_descriptor_stops_every_page_but_says_so(data_copy, monkeypatch):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
