"""How long drafting an edition from its newsletter takes: reading the file and drafting, median of N.

    python bench/draft.py [--repeat N]

Drafts the TEST DATA February 2005 edition (tests/fixtures, 60 KB of text) against the stored November
figures, as .txt and as the .docx and two-column .pdf the tests make of it. Target (issue 13): under 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from lib.newsletters import extract  # noqa: E402
from lib.newsletters.newsletter import read_newsletter  # noqa: E402
from tests.newsletter_files import to_docx, to_pdf  # noqa: E402

TARGET_S = 5.0
TEXT = ROOT / "tests" / "fixtures" / "newsletter-2005-02.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    stored = pd.read_csv(ROOT / "data" / "figures.csv", dtype=str, keep_default_na=False)
    tables = {  # what drafting by meaning learns from, as the editor's draft gets it
        name: pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("indicators", "programmes", "municipalities", "places", "regions", "aors")
    } | {"figures": stored}
    november = extract.Period("2004-08-01", "2004-10-31")
    blocks = read_newsletter(TEXT.name, TEXT.read_bytes()).blocks
    files = {"txt": TEXT.read_bytes(), "docx": to_docx(blocks), "pdf": to_pdf(blocks, columns=2)}
    print(
        f"{'format':<8}{'file KB':>9}{'read s':>9}{'draft s':>9}{'total s':>9}  "
        f"target: total < {TARGET_S} s (median of {args.repeat})"
    )
    for fmt, content in files.items():
        reads, drafts = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            newsletter = read_newsletter(f"newsletter.{fmt}", content)
            read = time.perf_counter()
            extract.draft(newsletter, stored, "2005-02", november, None, tables)
            reads.append(read - started)
            drafts.append(time.perf_counter() - read)
        totals = [r + d for r, d in zip(reads, drafts, strict=True)]
        print(
            f"{fmt:<8}{len(content) / 1024:>9.0f}{statistics.median(reads):>9.2f}{statistics.median(drafts):>9.2f}"
            f"{statistics.median(totals):>9.2f}{'' if statistics.median(totals) < TARGET_S else '  MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
