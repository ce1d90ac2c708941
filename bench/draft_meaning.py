"""Drafting by meaning, measured: today's matcher on texts written by another writer (tests/fixtures/unseen).

    python bench/draft_meaning.py [--all]

For each text it drafts the figures (``lib.newsletters.extract.draft``, the November figures as the previous
edition) and scores every drafted row against the text's answer key, by the issue's measures:

* **right**: the number stands in the key's sentence and the row means what the key says (programme, indicator,
  basis, period, country; for the retold November: it continues the keyed figure with its value);
* **wrong value**: the row sits on a number of the key but carries another value (or continues another figure);
* **wrong meaning**: the number is the key's, its meaning is not (or the key says it is no figure at all, or a
  new indicator, and the row forces it onto a stored one);
* **missed**: a key row with no drafted row.

The retold November is split as its README proposes: part A (before "Fighting Human Trafficking") for tuning,
part B for measuring only at the end. ``--all`` scores part B and the measure-only short texts too (do that once,
at the end of a change). Writes ``bench/results/draft_meaning.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from lib.dataset.data import load  # noqa: E402
from lib.dataset.rows import is_blank  # noqa: E402
from lib.newsletters import extract  # noqa: E402
from lib.newsletters.newsletter import read_newsletter  # noqa: E402
from lib.newsletters.numbers import mentions  # noqa: E402

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
SPLIT_HEADING = "Fighting Human Trafficking"
NOVEMBER = extract.Period("2004-08-01", "2004-10-31")
SHORT_TEXTS = {  # text: (its edition, the period it reports as its own words say, tuned on it)
    "report-returns": ("2006-01", extract.Period("2005-01-01", "2005-12-31"), True),
    "press-release-trafficking": ("2006-07", extract.Period("2006-01-01", "2006-06-30"), False),
    "report-stabilisation": ("2005-10", extract.Period("2005-07-01", "2005-09-30"), False),
}
TIME = ("basis", "period_start", "period_end")
MEANING = ("programme", "indicator", "basis", "period_start", "period_end", "country", "status")


def read_key(name: str) -> list[dict[str, str]]:
    with open(UNSEEN / f"{name}.key.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def same_number(row: dict, key_row: dict) -> bool:
    """The drafted row stands on the key's number: the same written form, give or take the currency or unit the
    data keeps with it ('400,000 euros' for a key's '400,000'), in the key's sentence."""
    drafted, keyed = row["value_as_written"], key_row["value_as_written"]
    currency = r"(?:[€£$]|(?:EUR|GBP|USD|CHF)\s)?"
    same = drafted == keyed or re.fullmatch(rf"{currency}{re.escape(keyed)}(?:\s?(?:euros?|EUR|GBP|pounds?))?", drafted)
    return bool(same) and (row["source_quote"] in key_row["sentence"] or key_row["sentence"] in row["source_quote"])


def score(rows: list[dict], key: list[dict[str, str]], right_meaning) -> dict[str, float]:
    """Each key row with the drafted row on its number (at most one), and what that row got right."""
    figures = [k for k in key if k.get("indicator") != "UNMATCHED"]
    counts = {"figures": len(figures), "drafted": len(rows), "right": 0, "wrong_value": 0, "wrong_meaning": 0}
    counts |= {"missed": 0, "non_figures": len(key) - len(figures), "non_figures_left": 0}
    unused = list(rows)
    for key_row in key:
        found = next((row for row in unused if same_number(row, key_row)), None)
        if found is None:
            if key_row.get("indicator") == "UNMATCHED":
                counts["non_figures_left"] += 1  # rightly left out
            else:
                counts["missed"] += 1
            continue
        unused.remove(found)
        verdict = right_meaning(found, key_row)
        counts[verdict] += 1
    counts["wrong_value"] += len(unused)  # drafted on a number the key does not hold in that sentence
    for name in ("right", "wrong_value", "wrong_meaning"):
        counts[f"{name}_share"] = round(counts[name] / max(counts["figures"], 1), 3)
    return counts


def november_verdict(november: pd.DataFrame):
    """Right when the row continues the keyed figure with its value, and with its basis and period: the retold
    November is drafted as November itself, so each row should mean exactly what the stored figure means."""
    stored = {str(f["figure_id"]): f for f in november.to_dict("records")}

    def verdict(row: dict, key_row: dict) -> str:
        figure = stored[key_row["figure_id"]]
        if float(row["value"]) != float(figure["value"]):
            return "wrong_value"
        if row["continues"] != key_row["figure_id"]:
            return "wrong_meaning"
        same_time = all((row[c] or "") == ("" if is_blank(figure[c]) else str(figure[c])) for c in TIME)
        return "right" if same_time else "wrong_meaning"

    return verdict


def short_verdict(stored_indicators: set[str]):
    """Right when every column of MEANING is the key's; a key's NEW indicator is right only as a proposed new one
    (an indicator not in the catalogue), never forced onto a stored one; a key's UNMATCHED drafted is wrong."""

    def verdict(row: dict, key_row: dict) -> str:
        if key_row["indicator"] == "UNMATCHED":
            return "wrong_meaning"
        if key_row["indicator"].startswith("NEW:"):
            if row["indicator"] in stored_indicators:
                return "wrong_meaning"  # forced onto a stored indicator
            columns = [c for c in MEANING if c != "indicator"]
        else:
            columns = list(MEANING)
        written = mentions(key_row["value_as_written"])  # the key's number read as the data reads numbers
        if not written or float(row["value"]) != written[0].value:
            return "wrong_value"
        return "right" if all((row.get(c) or "") == (key_row.get(c) or "") for c in columns) else "wrong_meaning"

    return verdict


def november_parts() -> dict[str, tuple[bytes, list[dict[str, str]]]]:
    text = (UNSEEN / "november-rewritten.txt").read_text(encoding="utf-8")
    cut = text.index("\n" + SPLIT_HEADING)
    key = read_key("november-rewritten")
    halves = {"A": text[:cut], "B": text[cut:]}
    return {
        f"november-rewritten {part}": (body.encode("utf-8"), [k for k in key if k["sentence"] in body])
        for part, body in halves.items()
    }


def held_out_set(folder: Path, data, november) -> dict[str, dict]:
    """A held-out set (tests/fixtures/unseen-2, unseen-3): another writer's retold November (whole, its key the one
    with a figure_id column) and short texts with their periods (periods.csv), measured once."""
    stored = set(data.tables["indicators"]["indicator_id"])
    results = {}
    retold = next(p for p in sorted(folder.glob("november-*.txt")))
    started = time.perf_counter()
    newsletter = read_newsletter(retold.name, retold.read_bytes())
    draft = extract.draft(newsletter, november, "2004-11", NOVEMBER, NOVEMBER, data.tables)
    with open(retold.with_suffix(".key.csv"), encoding="utf-8", newline="") as handle:
        key = list(csv.DictReader(handle))
    results[retold.stem] = score(draft.rows, key, november_verdict(november)) | {
        "seconds": time.perf_counter() - started
    }
    with open(folder / "periods.csv", encoding="utf-8", newline="") as handle:
        periods = list(csv.DictReader(handle))
    for row in periods:
        name = row["text"].removesuffix(".txt")
        period = extract.Period(row["period_start"], row["period_end"])
        newsletter = read_newsletter(row["text"], (folder / row["text"]).read_bytes())
        draft = extract.draft(newsletter, november, row["edition"], NOVEMBER, period, data.tables)
        with open(folder / f"{name}.key.csv", encoding="utf-8", newline="") as handle:
            key = list(csv.DictReader(handle))
        results[name] = score(draft.rows, key, short_verdict(stored)) | {"unmatched": len(draft.unmatched)}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also the texts kept for measuring only")
    parser.add_argument(
        "--held-out",
        choices=("unseen-2", "unseen-3", "unseen-4", "unseen-5", "unseen-6", "unseen-7", "unseen-8", "unseen-9"),
        help="only this held-out set of tests/fixtures (measure once)",
    )
    args = parser.parse_args()
    data = load(ROOT / "data")
    figures = data.tables["figures"]
    november = figures.loc[figures["edition"] == "2004-11"]
    results: dict[str, dict] = {}
    for name, (content, key) in ({} if args.held_out else november_parts()).items():
        if name.endswith("B") and not args.all:
            continue
        started = time.perf_counter()
        draft = extract.draft(
            read_newsletter("november-rewritten.txt", content), november, "2004-11", NOVEMBER, NOVEMBER, data.tables
        )
        results[name] = score(draft.rows, key, november_verdict(november)) | {"seconds": time.perf_counter() - started}
    stored = set(data.tables["indicators"]["indicator_id"])
    for name, (edition, period, tuning) in SHORT_TEXTS.items():
        if (not tuning and not args.all) or args.held_out:
            continue
        content = (UNSEEN / f"{name}.txt").read_bytes()
        started = time.perf_counter()
        draft = extract.draft(read_newsletter(f"{name}.txt", content), november, edition, NOVEMBER, period, data.tables)
        results[name] = score(draft.rows, read_key(name), short_verdict(stored)) | {
            "unmatched": len(draft.unmatched),
            "seconds": time.perf_counter() - started,
        }
    if args.held_out:
        results = held_out_set(ROOT / "tests" / "fixtures" / args.held_out, data, november)
    print(
        f"{'text':<30}{'figures':>8}{'drafted':>8}{'right':>8}{'wrong value':>12}{'wrong meaning':>14}{'missed':>8}"
        f"{'non-figures left':>18}"
    )
    for name, r in results.items():
        print(
            f"{name:<30}{r['figures']:>8}{r['drafted']:>8}{r['right_share']:>8.0%}{r['wrong_value_share']:>12.0%}"
            f"{r['wrong_meaning_share']:>14.0%}{r['missed']:>8}{r['non_figures_left']:>12}/{r['non_figures']}"
        )
    out = (
        ROOT / "bench" / "results" / (f"draft_meaning_{args.held_out}.json" if args.held_out else "draft_meaning.json")
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
