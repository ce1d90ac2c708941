"""Server-side page timings: cold first run and warm reruns of every page, with AppTest.

    python bench/pages.py [--repeat N]

Cold: the data cache is cleared, so the run loads and validates the data package.
Warm: the same page rerun with the data cached (what a user's click costs the server).
Prints a table and writes bench/results/pages.json. Targets (issue 3): warm <= 150 ms, cold <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib.presenting.pages import PAGES as REGISTERED  # noqa: E402

PAGES = {spec.key: spec.file for spec in REGISTERED}
WARM_TARGET_MS, COLD_TARGET_MS, DECK_TARGET_KB = 150, 2000, 300


def timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"page raised: {[e.value for e in at.exception]}")
    return elapsed


def deck_bytes(at: AppTest) -> int:
    """Bytes of the map specs the page sends (deck JSON), 0 where it has no map."""
    return sum(len(element.proto.json.encode()) for element in at.get("deck_gl_json_chart"))


def measure(page: str, repeat: int) -> dict[str, float]:
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(PAGES[page])
    cold = timed_run(at)
    warm = [timed_run(at) for _ in range(repeat)]
    return {
        "cold_ms": round(cold, 1),
        "warm_min_ms": round(min(warm), 1),
        "warm_median_ms": round(statistics.median(warm), 1),
        "warm_max_ms": round(max(warm), 1),
        "deck_bytes": deck_bytes(at),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # imports done once, outside the timings
    results = {page: measure(page, args.repeat) for page in PAGES}
    print(
        f"{'page':<22}{'cold ms':>9}{'warm min':>10}{'median':>9}{'max':>8}{'deck KB':>9}  "
        f"targets: warm <= {WARM_TARGET_MS} ms, cold <= {COLD_TARGET_MS} ms, map <= {DECK_TARGET_KB} KB"
    )
    for page, r in results.items():
        ok = (
            r["warm_median_ms"] <= WARM_TARGET_MS
            and r["cold_ms"] <= COLD_TARGET_MS
            and r["deck_bytes"] <= DECK_TARGET_KB * 1024
        )
        print(
            f"{page:<22}{r['cold_ms']:>9.0f}{r['warm_min_ms']:>10.0f}{r['warm_median_ms']:>9.0f}{r['warm_max_ms']:>8.0f}"
            f"{r['deck_bytes'] / 1024:>9.1f}{'' if ok else '  MISSED'}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.json").write_text(json.dumps({"repeat": args.repeat, "pages": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
