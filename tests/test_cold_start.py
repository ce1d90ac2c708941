"""What a cold start loads: the overview, opened first in a fresh process, imports none of the libraries that only
a click needs (a brief's Typst and vl-convert) or only an editor uses (the newsletter readers' pdfplumber and
python-docx). Each of them costs every process start, every new pod and every restart after a crash."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Babel (the catalogues, the locale formats) too: an English reader needs none of it.
NOT_AT_START = ("typst", "vl_convert", "pdfplumber", "docx", "babel")

# The app as a server runs it, its first page (the overview), then what it has imported.
COLD_START = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
print(json.dumps({"title": at.title[0].value, "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def in_a_new_process(script: str) -> dict:
    """What ``script`` prints last (JSON), run on the app in a process of its own: a cold start every time."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "app.py")], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cold_start() -> dict:
    return in_a_new_process(COLD_START)


def test_the_overview_was_drawn(cold_start):
    assert cold_start["title"].startswith("IOM Kosovo at a glance")


@pytest.mark.parametrize("library", NOT_AT_START)
def test_a_cold_start_of_the_overview_does_not_import(cold_start, library: str):
    assert library not in cold_start["modules"], f"{library} is imported by a cold start of the overview"


def test_a_brief_still_imports_what_it_needs_when_made():
    script = (
        "import sys; from lib.briefs import typeset, visuals; import altair as alt, pandas as pd; "
        "print('vl_convert' in sys.modules); "
        "visuals.chart_svg(alt.Chart(pd.DataFrame({'x': [1]})).mark_bar().encode(x='x:Q')); "
        "print('vl_convert' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.split() == ["False", "True"], result.stderr[-2000:]


# A new server process gets ready as it starts (ui.warm), then a reader's first run: what it finds ready.
WARMED_THEN_READ = """
import json, sys, time
from streamlit.testing.v1 import AppTest
from ui import state, warm, widgets
from ui.glance_view import glance_charts
warm.warm_up()
data = state.dataset()
latest = data.editions()[-1]
summary = state.edition_summary(data, latest)
specs = len(widgets._SPECS)
charts = glance_charts(data, latest)
after_warm = set(sys.modules)
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
print(json.dumps({
    "same_dataset": state.dataset() is data,
    "same_summary": state.edition_summary(state.dataset(), latest) is summary,
    "specs_kept": len(widgets._SPECS) == specs and len(charts) > 0,
    # Streamlit sends a spec's datasets apart and adds its own autosize: the rest is the chart as the warm-up made it.
    "overview_charts": [
        {k: v for k, v in json.loads(c.proto.spec).items() if k != "autosize"}
        == {k: v for k, v in spec.items() if k != "datasets"}
        for c, (_, spec) in zip(at.get("vega_lite_chart"), charts)
    ],
    "new_packages": sorted({m.split(".")[0] for m in sys.modules} - {m.split(".")[0] for m in after_warm}),
}))
"""


@pytest.fixture(scope="module")
def warmed() -> dict:
    return in_a_new_process(WARMED_THEN_READ)


def test_getting_ready_loads_what_the_first_reader_needs(warmed):
    """The dataset, the latest edition's summary and the Overview's charts are the ones the reader's run uses, and
    the run imports no package the warm-up had not (but what Streamlit's testing harness brings)."""
    assert warmed["same_dataset"] and warmed["same_summary"] and warmed["specs_kept"]
    assert warmed["overview_charts"] and all(warmed["overview_charts"])
    assert set(warmed["new_packages"]) <= {"difflib", "unittest"}, warmed["new_packages"]


def test_the_server_answers_once_ready_or_after_its_wait_and_a_failure_only_logs(monkeypatch, caplog):
    import asyncio
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import serve
    from ui import warm

    assert serve.app._user_lifespan is serve.get_ready

    async def answer_after() -> float:
        started = time.monotonic()
        async with serve.get_ready(serve.app):
            return time.monotonic() - started

    def open_time() -> float:
        # In a thread of its own: after the browser tests, this thread may already run an event loop (Playwright's).
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, answer_after()).result()

    # Ready: the lifespan lets the server answer when the warm-up is done.
    done = threading.Event()
    monkeypatch.setattr(warm, "warm_up", lambda: done.wait(0.3) or 0.3)
    assert 0.25 <= open_time() < 5
    # A warm-up that hangs (a data folder on a slow volume) keeps it closed only for READY_WITHIN_S.
    monkeypatch.setattr(serve, "READY_WITHIN_S", 0.2)
    monkeypatch.setattr(warm, "warm_up", lambda: done.wait(30) or 30.0)
    assert open_time() < 5
    done.set()

    def broken() -> float:
        raise OSError("data folder unreadable")

    monkeypatch.setattr(warm, "warm_up", broken)
    with caplog.at_level("WARNING", logger="ui.warm"):
        warm.start_warm_up().join(timeout=30)
    assert "first reader's page will do it" in caplog.text and "data folder unreadable" in caplog.text
