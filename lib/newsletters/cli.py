"""Draft an edition's figures from its newsletter, and check a newsletter against the data.

    python -m lib.extract draft NEWSLETTER --edition YYYY-MM --out DRAFT.csv [--data FOLDER]
    python -m lib.extract check NEWSLETTER --edition YYYY-MM [--data FOLDER]

The command line of ``lib.newsletters``: the newsletter is refused by its size before it is read, then read in
the guarded worker, as an upload is; the data folder is ``--data``, else ``$IOM_DATA_DIR``, else data/.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from lib.dataset.data import load
from lib.newsletters.blocks import Newsletter
from lib.newsletters.drafts import FIGURE_COLUMNS, NOT_RESTATED_COLUMNS, UNMATCHED_COLUMNS, draft_from_store, write_csv
from lib.newsletters.limits import NewsletterError, check_size
from lib.newsletters.periods import Period
from lib.newsletters.proof import check
from lib.newsletters.worker import read_guarded
from lib.paths import add_data_argument, data_dir

DESCRIPTION = "Draft an edition's figures from its newsletter, and check a newsletter against the data."


def _read(path: str) -> Newsletter:
    """The newsletter at ``path``, refused by its size before it is read, then read in the guarded worker."""
    file = Path(path)
    if not file.is_file():
        raise NewsletterError(f"{file.name}: no such file")
    check_size(file.name, file.stat().st_size)
    return read_guarded(file.name, file.read_bytes())


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The stored tables, figures.csv readable at least."""
    dataset = load(folder)
    if dataset.table("figures") is None:
        problems = "; ".join(str(p) for p in dataset.problems_for("figures")[:3])
        raise ValueError(f"the stored figures cannot be read ({problems}): run python -m lib.validate")
    return dataset.tables


def _draft_command(args: argparse.Namespace) -> int:
    newsletter, tables = _read(args.newsletter), _tables(data_dir(args.data))
    period = Period(args.period_start, args.period_end) if args.period_start and args.period_end else None
    result = draft_from_store(newsletter, tables, args.edition, period)
    out = Path(args.out)
    unmatched = out.with_name(out.stem + "-unmatched.csv")
    not_restated = out.with_name(out.stem + "-not-restated.csv")
    out.write_text(write_csv(result.rows, FIGURE_COLUMNS), encoding="utf-8")
    unmatched.write_text(write_csv(result.unmatched, UNMATCHED_COLUMNS), encoding="utf-8")
    not_restated.write_text(write_csv(result.not_restated, NOT_RESTATED_COLUMNS), encoding="utf-8")
    print(f"{newsletter.name}: {result.summary()}")
    print(f"wrote {out.name}, {unmatched.name} and {not_restated.name}")
    return 0


def _check_command(args: argparse.Namespace) -> int:
    newsletter, tables = _read(args.newsletter), _tables(data_dir(args.data))
    report = check(newsletter, tables, args.edition)
    against = "the stored" if report.against == "stored" else "the draft of"
    print(f"{newsletter.name} against {against} edition {report.edition}")
    for row in report.numbers:
        if row["status"] == "different":
            print(
                f"DIFFERENT  {row['written']} in “{row['sentence']}”\n           stored {row['stored_figure']}: "
                f"{row['stored_value']} in “{row['stored_sentence']}”"
            )
        elif row["status"] == "not in the data":
            print(f"NOT IN THE DATA  {row['written']} in “{row['sentence']}”")
    for _, contradiction in report.contradictions.iterrows():
        print(f"CONTRADICTS  {contradiction['programme']} {contradiction['subject']}: {contradiction['message']}")
    print(report.summary())
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.extract", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, about in (
        ("draft", "draft an edition's figures from its newsletter (.txt, .docx or .pdf)"),
        ("check", "check a newsletter's numbers against the data; exit 1 if one differs or contradicts"),
    ):
        command = commands.add_parser(name, help=about, description=about)
        command.add_argument("newsletter", help="the newsletter: .txt, .docx or .pdf")
        command.add_argument("--edition", required=True, help="the edition it is, YYYY-MM (month of publication)")
        add_data_argument(command)
        if name == "draft":
            command.add_argument(
                "--out", required=True, help="the draft CSV; -unmatched.csv and -not-restated.csv go beside it"
            )
            command.add_argument(
                "--period-start", help="the reporting period's first day, YYYY-MM-DD (default: three months before)"
            )
            command.add_argument(
                "--period-end", help="its last day, YYYY-MM-DD (default: the end of the month before publication)"
            )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.edition):
        parser.error(f"--edition {args.edition!r}: write the month of publication as YYYY-MM, e.g. 2005-02")
    try:
        return _draft_command(args) if args.command == "draft" else _check_command(args)
    except (NewsletterError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
