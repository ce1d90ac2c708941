"""Briefs as PDF: a donor's brief and an edition's brief, one or two A4 pages, every figure with its source.

``donor_brief(tables, donor, edition)`` and ``edition_brief(tables, edition)`` return the PDF's
bytes, in the run's language or the one ``language=`` names; ``python -m lib.brief`` writes one from the command
line (``--lang sq``: in Albanian). What a brief states comes from ``lib.summary``, the
very summaries the Donors page and the Overview draw; it is worded by ``lib.presenting.wording`` and
``lib.presenting.present``, charted by the same pure functions (``lib.presenting.charts``), and nothing here
imports Streamlit.

The modules: ``document`` (the document as plain data), ``visuals`` (charts and map as SVG), ``notes`` (the
sources, numbered), ``typeset`` (Typst with ``brief.typ``); this one makes the PDF and runs the command.

**Why Typst and vl-convert.** Both are pip wheels with everything inside: no browser, no system
library, no network, on any machine the app runs on. vl-convert turns the very Vega-Lite spec the
app draws into an SVG (its own JavaScript engine, about 0.15 s a chart once warm), and Typst sets a
real report around it (fonts, tables that break across pages, footers) and embeds the SVG as
vectors, in tens of milliseconds: a donor brief takes about half a second (``bench/brief.py``).
WeasyPrint would need the system's Pango and Cairo (apt, not pip); a headless browser (Chromium
through Playwright) is hundreds of megabytes to install, takes seconds to start, and would be the
heaviest process on a small server.

**Data never becomes markup.** Every text from the data (names, quotes, labels) goes to the
template as JSON through ``sys.inputs`` and is placed there as a *string*, which Typst sets as
text: a quote with ``#set page(width: 1pt)``, ``*bold*``, ``$x$`` or ``]`` reads exactly as
written. The template (``brief.typ``) is the only markup.

A brief must fit on two pages: it is set at the template's first density and, if it runs longer,
set again a little denser (smaller type, then one chart instead of two) until it fits; a brief
whose second page would hold only a few lines is set a little denser to fit on one. The densest
setting holds about 75 figures; the largest donor today has 51 in an edition.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from lib.briefs.document import NEEDS_DONOR, NEEDS_EDITION, Tables, donor_document, edition_document
from lib.briefs.errors import BriefError
from lib.briefs.notes import Notes, clean, note_list
from lib.briefs.typeset import TEMPLATE, typeset
from lib.dataset.data import load
from lib.i18n import DEFAULT, LANGUAGES, _, current, using
from lib.paths import add_data_argument, data_dir
from lib.presenting.formats import format_number
from lib.summary.donor import DonorSummary, donor_figures, target_pairs
from lib.summary.edition import EditionSummary

__all__ = [
    "TEMPLATE",
    "BriefError",
    "Notes",
    "clean",
    "donor_brief",
    "donor_document",
    "donor_figures",
    "edition_brief",
    "edition_document",
    "main",
    "note_list",
    "target_pairs",
    "typeset",
]


def donor_brief(
    tables: Tables,
    donor: str,
    edition: str,
    version: str = "",
    *,
    made: date | None = None,
    summary: DonorSummary | None = None,
    language: str | None = None,
) -> bytes:
    """A donor's brief as PDF bytes: what it funds, those programmes' figures in the edition with targets and
    changes, a chart or two, a map, every figure's source. ``version``: the data version, for the footer;
    ``summary``: the donor's summary, if at hand; ``language``: the brief's (None: this run's)."""
    with using(language or current()):
        return typeset(donor_document(tables, donor, edition, version, made, summary))


def edition_brief(
    tables: Tables,
    edition: str,
    version: str = "",
    *,
    made: date | None = None,
    checks: pd.DataFrame | None = None,
    summary: EditionSummary | None = None,
    language: str | None = None,
) -> bytes:
    """An edition's brief as PDF bytes: the headline figures with their sources, the consistency checks, charts.
    ``checks``: the dataset's checks, if at hand (else they are run on the figures); ``summary``: the edition's
    summary, if at hand; ``language``: the brief's (None: this run's)."""
    with using(language or current()):
        return typeset(edition_document(tables, edition, version, made, checks, summary))


def _write(pdf: bytes, out: Path) -> None:
    """Written beside the target and moved into place: never half a PDF under the name asked for."""
    folder = out.parent if str(out.parent) else Path(".")
    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as handle:
        handle.write(pdf)
    os.replace(handle.name, out)


def parser() -> argparse.ArgumentParser:
    """The command's arguments (its help stays in English, as every command's does)."""
    arguments = argparse.ArgumentParser(
        prog="python -m lib.brief", description="Write a donor's or an edition's brief as PDF."
    )
    arguments.add_argument("--donor", help="a donor id from donors.csv (without it: the edition brief)")
    arguments.add_argument("--edition", help="YYYY-MM (default: the latest edition)")
    arguments.add_argument("--out", required=True, type=Path, help="the PDF to write")
    arguments.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default=DEFAULT,
        help=f"the brief's language (default: {DEFAULT}): " + ", ".join(f"{k} {v}" for k, v in LANGUAGES.items()),
    )
    add_data_argument(arguments)
    return arguments


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with using(args.lang):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The brief the arguments ask for, written; 2 where it cannot be made (what is wrong on stderr)."""
    dataset = load(data_dir(args.data))
    needed = NEEDS_DONOR if args.donor else NEEDS_EDITION
    broken = [name for name in needed if dataset.table(name) is None]
    if broken:
        files = ", ".join(dataset.files.get(name, f"{name}.csv") for name in broken)
        print("brief: " + _("%(files)s could not be read, so no brief was made:", files=files), file=sys.stderr)
        for problem in dataset.problems_for(*broken)[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 2
    edition = args.edition or dataset.catalogue.latest() or ""
    try:
        if args.donor:
            pdf = donor_brief(dataset.tables, args.donor, edition, dataset.version)
        else:
            pdf = edition_brief(dataset.tables, edition, dataset.version, checks=dataset.checks_in_language())
    except BriefError as error:
        print(f"brief: {error}", file=sys.stderr)
        return 2
    _write(pdf, args.out)
    print(_("wrote %(file)s (%(size)s KB)", file=args.out, size=format_number(len(pdf) // 1024)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
