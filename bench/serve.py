"""``streamlit run`` with every script run timed: the benchmark's view of the server.

    python bench/serve.py LOG_FILE streamlit-run-arguments...

Each finished script run appends ``{"ms": ..., "page": ...}`` to LOG_FILE. Nothing in the app
changes; the timing wraps Streamlit's own script runner.
"""

from __future__ import annotations

import json
import sys
import time

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

LOG = sys.argv[1]
_run_script = script_runner.ScriptRunner._run_script


def _timed_run_script(self, rerun_data):  # Streamlit's own signature
    started = time.perf_counter()
    try:
        return _run_script(self, rerun_data)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"ms": round(elapsed, 2), "page": rerun_data.page_name}) + "\n")


script_runner.ScriptRunner._run_script = _timed_run_script

if __name__ == "__main__":
    sys.exit(cli.main(args=["run", *sys.argv[2:]], prog_name="streamlit"))
