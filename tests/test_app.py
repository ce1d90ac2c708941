"""AppTest: the app runs and shows the real counts."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_app_states_figures_programmes_and_checks(dataset):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Figures"] == f"{len(dataset.table('figures')):,}"
    assert metrics["Programmes"] == str(len(dataset.table("programmes")))
    assert metrics["Consistency checks"] == str(len(dataset.checks))
