"""What a cold start loads: the overview, opened first in a fresh process, imports none of the libraries that only
a click needs (a brief's Typst and vl-convert) or only an editor uses (the newsletter readers' pdfplumber and
python-docx). Each of them costs every process start, every new pod and every restart after a crash."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NOT_AT_START = ("typst", "vl_convert", "pdfplumber", "docx")

# The app as a server runs it, its first page (the overview), then what it has imported.
COLD_START = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
print(json.dumps({"title": at.title[0].value, "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


@pytest.fixture(scope="module")
def cold_start() -> dict:
    result = subprocess.run(
        [sys.executable, "-c", COLD_START, str(ROOT / "app.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


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
