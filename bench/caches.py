"""What each cache saves: the cost of computing a value against the cost of finding it again.

    python bench/caches.py [--repeat N]

Prints, for every cache the app keeps, the median time to compute its value and to work out its
key (or look it up). A cache earns its keep where the first is much larger than the second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.dataset import trends  # noqa: E402
from lib.dataset.data import data_version, load  # noqa: E402
from lib.dataset.validate import DEFAULT_DATA_DIR  # noqa: E402
from lib.presenting import charts, maps, views  # noqa: E402
from lib.presenting.present import chart_table, code_label, code_names, pick, pick_one  # noqa: E402
from ui.widgets import content_key  # noqa: E402


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    repeat = args.repeat
    data = load(DEFAULT_DATA_DIR)
    figures = data.table("figures")
    edition = sorted(figures["edition"].unique())[-1]
    edition_figures = figures.loc[figures["edition"] == edition]
    names = code_names(data.tables)
    by_country = pick(edition_figures, "avr", "returnees", "period", by="country")
    table = chart_table(
        by_country,
        [code_label("country", c, names) for c in by_country["country"]],
        "people",
        pick_one(edition_figures, "avr", "returnees", "period"),
    )
    values = views.programmes_by_municipality(edition_figures, data.tables)
    sites = views.sites(edition_figures, data.tables)
    rows = [
        (
            "dataset (load and validate, validation cache on)",
            lambda: load(DEFAULT_DATA_DIR),
            lambda: data_version(DEFAULT_DATA_DIR),
        ),
        (
            "an edition's figures",
            lambda: figures.loc[figures["edition"] == edition],
            lambda: ("edition figures", edition),
        ),
        (
            "view: programmes by municipality",
            lambda: views.programmes_by_municipality(edition_figures, data.tables),
            lambda: ("view", "programmes_by_municipality", edition, ()),
        ),
        ("view: sites", lambda: views.sites(edition_figures, data.tables), lambda: ("view", "sites", edition, ())),
        ("series figures (every edition keyed)", lambda: trends.keyed(figures), lambda: ("series figures",)),
        (
            "chart spec: returns by country",
            lambda: charts.returns_by_country(table, "period").to_dict(),
            lambda: content_key(table),  # the key ui.widgets.chart_spec uses: the frame's content
        ),
        (
            "map deck: programmes by municipality",
            lambda: maps.deck(maps.map_layers("municipality", values, sites), maps.VIEW).to_json(),
            lambda: (content_key(values), content_key(sites)),  # as ui.map_view keys its decks
        ),
    ]
    print(f"{'cache':<52}{'compute ms':>11}{'key ms':>9}{'ratio':>8}")
    for name, compute, key in rows:
        computed, keyed = median_ms(compute, repeat), median_ms(key, repeat)
        print(f"{name:<52}{computed:>11.2f}{keyed:>9.3f}{computed / max(keyed, 1e-6):>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
