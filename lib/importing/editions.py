"""Add the next edition, or correct one, without touching code or losing anything.

An import is a CSV of figures in the schema of ``data/figures.csv``. For every edition it
contains, it replaces that edition's figures; other editions are not touched. A new edition
also needs its details (title, publication month, reporting period, source file), which go to
``editions.csv``.

Safety, in order:

* the upload is refused before parsing if it is over ``MAX_FILE_BYTES``, not named ``.csv``,
  binary or not UTF-8;
* the merged data package is validated exactly as ``python -m lib.validate`` does, and every
  problem is reported with the upload's own row and column; nothing is written unless it is clean;
* imports hold a file lock (``data/.import.lock``), so two editors importing at once are served
  one after the other, each against the data the other left;
* the files about to be replaced are first copied to ``data/history/<time>-<editions>/``, which
  appears whole, with its note, or not at all;
* the two files are replaced as one step (``lib.dataset.store``): written beside the old ones, committed
  by a journal, moved into place; a crash at any point is finished or rolled back before the next
  read or import, and readers in any process see the data before the import or after it, never
  an edition without its figures;
* a data folder the server cannot write is a problem reported like any other, not an error.

Command line::

    python -m lib.editions import FILE [--dry-run] [--title T --published YYYY-MM
                                        --period-start YYYY-MM-DD --period-end YYYY-MM-DD --source-file NAME]
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from filelock import Timeout

from lib.dataset import store
from lib.dataset.csvtext import write_rows
from lib.dataset.store import HISTORY_DIR
from lib.dataset.validate import (
    DEFAULT_DATA_DIR,
    MAX_FILE_BYTES,
    Problem,
)
from lib.i18n import N_, _
from lib.importing.planning import (
    DETAILS,
    EDITION_FIELDS,
    EDITION_ID,
    EDITIONS_FILE,
    FIGURES_FILE,
    INDICATORS_FILE,
    LOCK_TIMEOUT_S,
    RECOVERED,
    Change,
    Plan,
    Result,
    _read_rows,
    _stored_text,
    plan_import,
)
from lib.paths import add_data_argument, data_dir

# The import's public face: the app, the command line and the tests import these from here.
__all__ = [
    "DETAILS",
    "EDITION_FIELDS",
    "EDITION_ID",
    "GUIDE",
    "HISTORY_DIR",
    "RECOVERED",
    "Change",
    "Plan",
    "Result",
    "import_edition",
    "main",
    "plan_import",
    "template_csv",
]
from lib.presenting.export import defuse


def import_edition(
    data_dir: Path | str,
    name: str,
    content: bytes,
    details: dict[str, str] | None = None,
    *,
    dry_run: bool = False,
    expected_base: str | None = None,
    editor: str = "",
    new_indicators: list[dict[str, str]] | None = None,
) -> Result:
    """Plan the import and, if it is clean and not a dry run, write it (locked, atomic, with history).

    ``expected_base``: the ``base_version`` of the plan a person confirmed; if the stored data
    changed since, nothing is written and the person is asked to look again.
    """
    data_dir = Path(data_dir)
    if dry_run:
        return Result(plan_import(data_dir, name, content, details, new_indicators), written=False)
    try:
        with store.lock(data_dir, LOCK_TIMEOUT_S):
            recovered = store.recover(data_dir)  # what an interrupted import left: finished or rolled back
            plan = plan_import(data_dir, name, content, details, new_indicators)
            plan.recovered = recovered
            if expected_base is not None and plan.base_version != expected_base:
                changed = _(
                    "the data changed since this preview (another import?): look at the new preview and confirm again"
                )
                plan.problems.insert(0, Problem(name, None, None, changed))
            if not plan.ok:
                return Result(plan, written=False)
            started = time.perf_counter()
            history = _keep_history(data_dir, plan, editor)
            texts = {}
            if plan.editions_text != _stored_text(data_dir, EDITIONS_FILE)[0]:
                texts[EDITIONS_FILE] = plan.editions_text
            texts[FIGURES_FILE] = plan.figures_text
            if plan.indicators_text:  # the draft's accepted new indicators, with the figures that count them
                texts[INDICATORS_FILE] = plan.indicators_text
            store.commit(data_dir, texts, history)  # every file, or none, even across a crash
            plan.timings["write_s"] = time.perf_counter() - started
            return Result(plan, written=True, history=history)
    except Timeout:
        plan = Plan(upload_name=name, base_version="")
        held = _("another import has held the lock for %(seconds)s s: try again shortly", seconds=LOCK_TIMEOUT_S)
        plan.problems = [Problem(name, None, None, held)]
        return Result(plan, written=False)
    except OSError as error:
        if not _not_writable(error):
            raise
        plan = Plan(upload_name=name, base_version="")
        plan.problems = [_not_writable_problem(name, data_dir, error)]
        return Result(plan, written=False)


def _not_writable(error: OSError) -> bool:
    """A folder or file the server may not write (its permissions, or a read-only file system): the server's setup."""
    return isinstance(error, PermissionError) or error.errno == errno.EROFS


def _not_writable_problem(name: str, data_dir: Path, error: OSError) -> Problem:
    """Said to the editor, who cannot fix it, in words they can pass on to whoever can."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename:
        reason = f"{reason}: {error.filename}"
    return Problem(
        name,
        None,
        None,
        _(
            "the data folder %(folder)s cannot be written by the server: %(reason)s; ask whoever runs it to let the "
            "server's user write to that folder and its files, then import again",
            folder=str(data_dir),
            reason=reason,
        ),
    )


def _keep_history(data_dir: Path, plan: Plan, editor: str) -> Path:
    """Copies of the files about to be replaced, and a note of the import, under data/history/."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")  # store.HISTORY_NAME knows folders by it
    manifest = {
        "time": stamp,
        "upload": plan.upload_name,
        "editor": editor,
        "editions": plan.editions,
        "new_editions": plan.new_editions,
        "added": len(plan.added),
        "changed": len(plan.changed),
        "removed": len(plan.removed),
        "new_indicators": [row["indicator_id"] for row in plan.new_indicators],
        "replaced_content_key": plan.base_version,
        "outcome": store.STARTED,
    }  # "imported" once committed; a crash is finished or rolled back on the next start
    files = (FIGURES_FILE, EDITIONS_FILE, *((INDICATORS_FILE,) if plan.indicators_text else ()))
    return store.keep_history(data_dir, f"{stamp}-{'_'.join(plan.editions)}", files, manifest)


def template_csv(data_dir: Path | str = DEFAULT_DATA_DIR) -> bytes:
    """The header of figures.csv and one example row (a real figure, re-labelled as the next edition's)."""
    fields, rows = _read_rows(FIGURES_FILE, _stored_text(Path(data_dir), FIGURES_FILE)[0])
    example: dict[str, str | None] = dict(rows[0]) if rows else dict.fromkeys(fields, "")
    example.update(
        {
            "figure_id": "2005-02-001",
            "edition": "2005-02",
            "note": "EXAMPLE ROW: replace it with a figure of the new edition",
        }
    )
    # Opened in a spreadsheet like every other download: a stored quote must not run as a formula.
    return write_rows(fields, [{key: defuse(value) for key, value in example.items()}]).encode("utf-8-sig")


GUIDE = N_(  # the import tab's steps, as Markdown (the text is ours; no data goes into it), drawn with ``translated``
    "1. One row per number the newsletter states. Keep `value_as_written` exactly as printed "
    "(`1,611,672`, `37.6%`, `four`) and put the number in `value` with a decimal point.\n"
    "2. `figure_id` is the edition and a running number: `2005-02-001`, `2005-02-002`, ... `edition` is "
    "the month of publication, `YYYY-MM`.\n"
    "3. `basis` says what kind of figure it is: `period` (this quarter), `cumulative` (since a start), "
    "`year_to_date`, `point_in_time`, `target`, `projection`, `share` (a percentage) or `parameter`.\n"
    "4. Dates at the precision the text gives: `2005`, `2005-01` or `2005-01-31`. Breakdown columns "
    "(country as ISO code, municipality as KV01-KV30, sector, phase...) stay empty for a total.\n"
    "5. Copy the sentence that states the figure into `source_quote` and its heading into "
    "`source_section`. Use `restates` for a repeat (News in Brief) and `note` for anything a reader "
    "needs.\n"
    '6. Save as "CSV UTF-8 (Comma delimited)". Uploading an edition that is already stored replaces its '
    "figures: the preview shows every change before anything is written, and the previous files are kept "
    "in `data/history/`.\n"
)


def _print_plan(plan: Plan, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for problem in plan.problems:
        print(problem, file=out)
    if plan.ok:
        for change in plan.edition_changes:
            print(f"edition {change.figure_id}: {change.column}: '{change.before}' -> '{change.after}'", file=out)
        for row in plan.added:
            print(f"+ {row['figure_id']}: {row['indicator']} = {row['value_as_written']}", file=out)
        for change in plan.changed:
            print(f"~ {change.figure_id}: {change.column}: '{change.before}' -> '{change.after}'", file=out)
        for gone in plan.removed:
            print(f"- {gone['figure_id']}: {gone['indicator']} = {gone['value_as_written']}", file=out)
    print(plan.summary(), file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.editions", description="Add or correct an edition of the figures."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import a CSV of figures (one edition, or corrections)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="check and show the changes; write nothing")
    add_data_argument(importing)
    # The old spelling, kept: scripts written before --data still run.
    importing.add_argument("--data-dir", dest="data", type=Path, help=argparse.SUPPRESS)
    for key in EDITION_FIELDS[1:]:
        importing.add_argument(
            f"--{key.replace('_', '-')}", dest=key, default="", help=f"the new edition's {key.replace('_', ' ')}"
        )
    template = commands.add_parser("template", help="print the CSV template (header and an example row)")
    add_data_argument(template)
    args = parser.parse_args(argv)
    if args.command == "template":
        sys.stdout.write(template_csv(data_dir(args.data)).decode("utf-8-sig"))
        return 0
    try:
        size = args.file.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before reading it into memory
            print(Problem(args.file.name, None, None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"))
            return 1
        content = args.file.read_bytes()
    except OSError as error:
        print(f"{args.file}: cannot be read: {error.strerror}", file=sys.stderr)
        return 2
    details = {key: getattr(args, key) for key in EDITION_FIELDS[1:]}
    result = import_edition(
        data_dir(args.data), args.file.name, content, details, dry_run=args.dry_run, editor=os.environ.get("USER", "")
    )
    if result.plan.recovered:
        print(RECOVERED[result.plan.recovered])
    _print_plan(result.plan)
    timings = ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in result.plan.timings.items())
    if result.written and result.history is not None:
        print(f"written; previous files kept in {HISTORY_DIR}/{result.history.name} ({timings})")
    elif result.plan.ok:
        print(f"dry run: nothing written ({timings})")
    return 0 if result.plan.ok else 1


if __name__ == "__main__":
    sys.exit(main())
