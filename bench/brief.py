"""How long a donor brief takes: the donor with the most programmes, once cold, then warm.

    python bench/brief.py [--repeat 5] [--donor ID] [--edition YYYY-MM] [--data FOLDER]

The cold run includes starting vl-convert's JavaScript engine and loading the fonts (once per
process, as the first click on a server does); the warm runs are what every later click costs.
Prints the cold time and the median, min and max of the warm ones; the target is 3 s warm.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.briefs.brief import donor_brief  # noqa: E402
from lib.dataset.data import load  # noqa: E402
from lib.paths import add_data_argument, data_dir  # noqa: E402
from lib.summary import donor_figures  # noqa: E402

TARGET_S = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--donor", help="default: the donor with the most programmes")
    parser.add_argument("--edition", help="default: the latest edition")
    add_data_argument(parser)
    args = parser.parse_args()

    data = load(data_dir(args.data))
    tables = data.tables
    donor = args.donor or tables["programme_donors"]["donor_id"].value_counts().index[0]
    edition = args.edition or max(tables["figures"]["edition"])
    programmes = int((tables["programme_donors"]["donor_id"] == donor).sum())
    figures = len(donor_figures(tables, donor, edition))

    started = time.perf_counter()
    pdf = donor_brief(tables, donor, edition, data.version)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        donor_brief(tables, donor, edition, data.version)
        warm.append(time.perf_counter() - started)
    median = statistics.median(warm)
    print(
        f"donor brief: {donor} ({programmes} programmes, {figures} figures, edition {edition}), {len(pdf) // 1024} KB"
    )
    print(
        f"cold {cold:.2f} s; warm median of {args.repeat} {median:.2f} s (min {min(warm):.2f}, max {max(warm):.2f}); "
        f"target {TARGET_S:.0f} s: {'met' if median <= TARGET_S else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
