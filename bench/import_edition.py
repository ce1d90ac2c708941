"""How long checking and importing an edition takes (issue 6 asks for 300 rows).

    python bench/import_edition.py [--rows 300] [--repeat 5]

Makes a synthetic edition (rows of the stored edition, re-labelled 2005-02; in a temporary
folder, never in data/), then times the dry run (validation and diff) and the import (lock,
history, atomic writes) into a temporary copy of data/.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.importing.editions import import_edition  # noqa: E402

DETAILS = {
    "title": "SYNTHETIC benchmark edition 2005-02",
    "published": "2005-02",
    "period_start": "2004-11-01",
    "period_end": "2005-01-31",
    "source_file": "synthetic.txt",
}


def make_edition(data_dir: Path, folder: Path, rows: int, edition: str = "2005-02") -> Path:
    """``rows`` figures for a new edition: the stored figures, cycled and re-numbered."""
    with (data_dir / "figures.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, stored = reader.fieldnames, [row for row in reader if not row["restates"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for number in range(rows):
        row = dict(stored[number % len(stored)])
        row.update(
            figure_id=f"{edition}-{number + 1:03d}",
            edition=edition,
            source_section="SYNTHETIC benchmark edition",
            note="SYNTHETIC: not a real figure",
        )
        writer.writerow(row)
    path = folder / f"edition-{edition}-{rows}-rows.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dry, full = [], []
    with tempfile.TemporaryDirectory() as folder:
        upload = make_edition(ROOT / "data", Path(folder), args.rows)
        for attempt in range(args.repeat):
            data_dir = Path(folder) / f"data-{attempt}"
            shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", ".*"))
            started = time.perf_counter()
            checked = import_edition(data_dir, upload.name, upload.read_bytes(), DETAILS, dry_run=True)
            dry.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = import_edition(data_dir, upload.name, upload.read_bytes(), DETAILS)
            full.append(time.perf_counter() - started)
            assert checked.plan.ok and result.written, checked.plan.problems[:3]
    for label, times in (("check (dry run: validate + diff)", dry), ("import (lock, check, history, write)", full)):
        print(
            f"{label:<40} {args.rows} rows: min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
