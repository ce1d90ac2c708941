"""Where the repository's folders are, and the one convention every command uses for the data folder.

Computed here once, from this file's place at the top of ``lib/``: a module moved into a package
does not change where ``data/`` or ``geo/`` is.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPOSITORY / "data"
GEO_DIR = REPOSITORY / "geo"
LOCALES_DIR = REPOSITORY / "locales"  # the gettext catalogues (lib.i18n)
DATA_DIR_VARIABLE = "IOM_DATA_DIR"  # another data folder, e.g. a copy under test or a mounted volume


def data_dir(given: Path | str | None = None) -> Path:
    """The data folder: ``given`` (``--data``), else ``$IOM_DATA_DIR``, else ``data/``."""
    return Path(given or os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """``--data FOLDER``, the same in every ``python -m`` command; resolve it with ``data_dir(args.data)``."""
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="FOLDER",
        help=f"the data folder (default: ${DATA_DIR_VARIABLE}, else data/)",
    )
