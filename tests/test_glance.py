"""The overview's picture of the mission: one small chart per theme, each of one kind of figure, each linked to
its page."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from lib.presenting.glance import GLANCES, subtitle
from lib.presenting.pages import BY_KEY
from lib.presenting.present import code_names
from lib.presenting.themes import THEMES
from tests.conftest import ROOT


def test_every_theme_page_has_a_picture_from_the_real_data(figures, dataset):
    names = code_names(dataset.tables)
    assert {glance.theme for glance in GLANCES} == {
        "returns",
        "stabilisation",
        "counter_trafficking",
        "migration_health",
    }
    for glance in GLANCES:
        assert glance.theme in THEMES and glance.page in BY_KEY
        table = glance.table(figures, names)
        assert table is not None and len(table) >= 2, glance.title
        stated = table.loc[~table["is_remainder"], "basis_text"]
        assert stated.nunique() == 1, (glance.title, set(stated))  # like with like: one basis, one period
        assert subtitle(table) == stated.iloc[0]


def test_the_returns_picture_is_the_quarters_countries_with_the_rest_not_itemised(figures, dataset):
    table = GLANCES[0].table(figures, code_names(dataset.tables))
    assert table.iloc[0][["label", "value_text"]].tolist() == ["Germany", "310"]
    assert table["is_remainder"].sum() == 1 and table["value"].sum() == 472  # the stated total, all of it shown


def test_figures_of_different_periods_are_not_drawn_side_by_side(figures, dataset):
    glance = next(g for g in GLANCES if g.theme == "counter_trafficking")
    changed = figures.copy()
    observers = (changed["programme"] == "ct_western_balkans") & (changed["indicator"] == "observers")
    changed.loc[observers, "period_start"] = "2004-01-01"
    assert glance.table(figures, code_names(dataset.tables)) is not None
    assert glance.table(changed, code_names(dataset.tables)) is None


def test_the_overview_draws_the_pictures_and_links_each_to_its_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    titles = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        title = spec.get("title")
        titles.append(title if isinstance(title, str) else title.get("text"))
    assert [g.title for g in GLANCES] == [t for t in titles if t in {g.title for g in GLANCES}]
    linked = {}
    for column in at.columns:  # each picture stands in its own column with the link to its page under it
        charts_here = [json.loads(element.proto.spec).get("title") for element in column.get("vega_lite_chart")]
        titles_here = [t if isinstance(t, str) else (t or {}).get("text") for t in charts_here]
        pages_here = [str(link.proto.page).strip("/").split("/")[-1] for link in column.get("page_link")]
        for title in titles_here:
            linked[title] = pages_here
    assert {g.title: [g.page] for g in GLANCES} == {title: linked[title] for title in (g.title for g in GLANCES)}
