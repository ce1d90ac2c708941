"""Planning an import: the upload read and checked against the stored data, the edition's details, the
figures that change, the merged package validated exactly as ``python -m lib.validate`` does.

Nothing here writes: ``lib.importing.editions.import_edition`` commits a plan that is clean.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from lib.dataset.csvtext import problem_text, read_csv_text, read_dicts, read_rows, write_rows
from lib.dataset.data import content_version
from lib.dataset.store import Recovery
from lib.dataset.validate import (
    Problem,
    header_problems,
    read_descriptor,
    validate_package,
)
from lib.i18n import DEFAULT, _, current
from lib.presenting.formats import format_number

FIGURES_FILE = "figures.csv"
EDITIONS_FILE = "editions.csv"
INDICATORS_FILE = "indicators.csv"  # a draft's accepted new indicators join the catalogue with its figures
LOCK_TIMEOUT_S = 60
EDITION_ID = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
EDITION_FIELDS = ("edition_id", "title", "published", "period_start", "period_end", "source_file")
DETAILS = "edition details"  # the "file" a problem in the edition's details is reported against
RECOVERED = {
    Recovery.FINISHED: "an interrupted import was finished first",
    Recovery.ROLLED_BACK: "an interrupted import was rolled back first",
}


@dataclass(frozen=True)
class Change:
    figure_id: str
    column: str
    before: str | None  # None where the stored file leaves the cell out
    after: str | None


@dataclass
class Plan:
    """What an import would do: problems that stop it, or exactly what it adds, changes and removes."""

    upload_name: str
    base_version: str  # the content_version of the stored data this plan was made against
    problems: list[Problem] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)  # editions the upload replaces or adds
    new_editions: list[str] = field(default_factory=list)
    added: list[dict[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[dict[str, str | None]] = field(default_factory=list)
    edition_changes: list[Change] = field(default_factory=list)
    figures_text: str = ""  # the merged files, as they would be written
    editions_text: str = ""
    new_indicators: list[dict[str, str]] = field(default_factory=list)  # catalogue rows the import adds
    indicators_text: str = ""  # indicators.csv with them, or '' where the import adds none
    timings: dict[str, float] = field(default_factory=dict)  # seconds each stage took
    recovered: Recovery | None = None  # what an interrupted import had left, dealt with before this one

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """'news.csv: edition(s) 2005-02: 3 figure(s) added, …', in the reader's language; the file name first, as
        it is, before ': ' (the import tab drops it there)."""
        figures = {c.figure_id for c in self.changed}
        counts = {"count": len(self.problems), "added": len(self.added), "changed": len(self.changed)}
        values = {k: _count(v) for k, v in (counts | {"figures": len(figures), "removed": len(self.removed)}).items()}
        values |= {"editions": ", ".join(self.editions), "new": ", ".join(self.new_editions)}
        if self.problems:
            said = _("%(count)s problem(s); nothing was changed", **values)
        elif self.new_editions:
            said = _(
                "edition(s) %(editions)s: %(added)s figure(s) added, %(changed)s value(s) changed in %(figures)s "
                "figure(s), %(removed)s figure(s) removed; new edition(s): %(new)s",
                **values,
            )
        else:
            said = _(
                "edition(s) %(editions)s: %(added)s figure(s) added, %(changed)s value(s) changed in %(figures)s "
                "figure(s), %(removed)s figure(s) removed",
                **values,
            )
        return f"{self.upload_name}: {said}"


@dataclass(frozen=True)
class Result:
    plan: Plan
    written: bool
    history: Path | None = None


def _count(number: int) -> str:
    """A count in a message: as English has always written it here ('1200'), as another language writes numbers."""
    return str(number) if current() == DEFAULT else format_number(number)


def _read_rows(name: str, text: str) -> tuple[list[str], list[dict[str, str | None]]]:
    """Rows of CSV text already read by ``lib.dataset.csvtext`` (a stored file, or an upload that passed its checks)."""
    fields, rows, _problems = read_dicts(name, text)
    return fields, rows


def _stored_text(data_dir: Path, name: str) -> tuple[str, list[Problem]]:
    """A stored data file's text, through the same reader as an upload; a missing or broken file is a problem,
    not an error."""
    path = data_dir / name
    if not path.is_file():
        return "", [Problem(name, None, None, _("file named in datapackage.json is missing"))]
    return read_csv_text(name, path.read_bytes())


def _edition_row(details: dict[str, str] | None, edition_id: str) -> dict[str, str] | None:
    """The edition details given for the import, as a row of editions.csv; None when none were given."""
    if not details:
        return None
    return {key: str(details.get(key) or "").strip() for key in EDITION_FIELDS} | {"edition_id": edition_id}


@dataclass(frozen=True)
class _Stored:
    """The stored figures and editions, as rows, with their headers."""

    figure_fields: list[str]
    figures: list[dict[str, str | None]]
    edition_fields: list[str]
    editions: list[dict[str, str | None]]


@dataclass(frozen=True)
class _Editions:
    """The editions an upload names, and editions.csv as the import would write it."""

    named: list[str]  # every edition the upload's rows name, sorted (ids that are not editions too)
    new: list[str]
    changes: list[Change]
    rows: list[Mapping[str, str | None]]


@dataclass(frozen=True)
class _Diff:
    """The upload against what is stored for its editions."""

    added: list[dict[str, str]]
    changed: list[Change]
    removed: list[dict[str, str | None]]
    after: list[dict[str, str]]  # the upload's rows in the stored columns, in the upload's order


def plan_import(
    data_dir: Path | str,
    name: str,
    content: bytes,
    details: dict[str, str] | None = None,
    new_indicators: list[dict[str, str]] | None = None,
) -> Plan:
    """Check an upload against the stored data and say what importing it would do. Writes nothing.

    ``new_indicators``: catalogue rows (indicators.csv's columns) the upload's figures use, accepted by the editor
    with a draft; they join ``indicators.csv`` in the same commit, validated with the rest.
    The checks run in stages; the first stage that finds problems ends the plan with them.
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    plan = Plan(upload_name=name, base_version=_base_version(data_dir))
    descriptor, plan.problems = read_descriptor(data_dir)
    if descriptor is None:
        return plan
    text, plan.problems = _upload_problems(name, content, _figures_resource(descriptor))
    if plan.problems:
        return plan
    _fields, rows = _read_rows(name, text)
    stored, plan.problems = _read_stored(data_dir)
    if stored is None:
        return plan
    upload, plan.problems = _row_shape(name, rows)
    if plan.problems:
        return plan
    editions, plan.problems = _editions_named(name, upload, stored.editions, details)
    plan.editions, plan.new_editions, plan.edition_changes = editions.named, editions.new, editions.changes
    if plan.problems:
        return plan
    kept, plan.problems = _figure_ids(name, upload, stored.figures, set(plan.editions))
    if plan.problems:
        return plan
    diff, plan.problems = _diff(name, upload, stored, set(plan.editions), plan.edition_changes)
    plan.added, plan.changed, plan.removed = diff.added, diff.changed, diff.removed
    if plan.problems:
        return plan
    plan.figures_text = write_rows(stored.figure_fields, [*kept, *diff.after])
    plan.editions_text = write_rows(stored.edition_fields, editions.rows)
    if new_indicators:
        plan.new_indicators, plan.indicators_text, plan.problems = _indicators_added(data_dir, new_indicators, upload)
        if plan.problems:
            return plan
    plan.problems, plan.timings["validate_s"] = _validate_merged(
        data_dir, name, plan.figures_text, plan.editions_text, len(kept), plan.indicators_text
    )
    plan.timings["plan_s"] = time.perf_counter() - started
    return plan


def _figures_resource(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor's resource for figures.csv: the schema an upload must match."""
    return next(r for r in descriptor["resources"] if r.get("path") == FIGURES_FILE)


def _upload_problems(name: str, content: bytes, figures_resource: dict[str, Any]) -> tuple[str, list[Problem]]:
    """The upload's text, or its refusals before the rows are read: name, size, binary, encoding, delimiter,
    quotes, header."""
    if not name.lower().endswith(".csv"):
        return "", [
            Problem(name, None, None, _("is not a .csv file: export the sheet as 'CSV UTF-8 (Comma delimited)'"))
        ]
    text, problems = read_csv_text(name, content)
    if problems:
        return "", problems
    return text, header_problems(name, read_rows(name, text)[0], figures_resource)


def _read_stored(data_dir: Path) -> tuple[_Stored | None, list[Problem]]:
    """The stored figures and editions; None, with problems, when one of them must be fixed before any import."""
    texts = {}
    for stored_file in (FIGURES_FILE, EDITIONS_FILE):
        text, problems = _stored_text(data_dir, stored_file)
        if problems:
            fix = [
                _("%(problem)s (the stored file must be fixed before an import)", problem=problem_text(p))
                for p in problems
            ]
            return None, [Problem(p.file, p.row, p.column, told) for p, told in zip(problems, fix, strict=True)]
        texts[stored_file] = text
    figure_fields, figures = _read_rows(FIGURES_FILE, texts[FIGURES_FILE])
    edition_fields, editions = _read_rows(EDITIONS_FILE, texts[EDITIONS_FILE])
    return _Stored(figure_fields, figures, edition_fields, editions), []


def _row_shape(name: str, rows: list[dict[str, str | None]]) -> tuple[list[dict[str, str]], list[Problem]]:
    """The upload's rows, refused if there are none or one has more or fewer cells than the header."""
    if not rows:
        return [], [Problem(name, None, None, _("has a header but no rows: there is nothing to import"))]
    problems = []
    for number, row in enumerate(rows, start=2):
        if None in row:
            problems.append(Problem(name, number, None, _("row has more cells than the header")))
        elif any(value is None for value in row.values()):
            problems.append(
                Problem(name, number, next(k for k, v in row.items() if v is None), _("row has too few cells"))
            )
    return cast(list[dict[str, str]], rows), problems  # without problems, every cell has a value


def _editions_named(
    name: str,
    upload: list[dict[str, str]],
    stored_editions: list[dict[str, str | None]],
    details: dict[str, str] | None,
) -> tuple[_Editions, list[Problem]]:
    """The editions the upload names: each must look like 2005-02 and be known or described, one new one at a time."""
    named = sorted({row["edition"] for row in upload})
    bad_ids = {e for e in named if not EDITION_ID.match(e)}
    known = {row["edition_id"]: row for row in stored_editions}
    problems = _edition_id_problems(name, upload, bad_ids)
    new = [e for e in named if e not in known and e not in bad_ids]
    if len(new) > 1:
        problems.append(
            Problem(
                name,
                None,
                "edition",
                _(
                    "adds %(count)s new editions (%(editions)s): import one new edition at a time",
                    count=_count(len(new)),
                    editions=", ".join(new),
                ),
            )
        )
    rows: list[Mapping[str, str | None]] = [dict(row) for row in stored_editions]
    changes: list[Change] = []
    for edition in (e for e in named if e not in bad_ids):
        row = _edition_row(details, edition) if len(named) == 1 else None
        if edition in new:
            missing = _missing_details(edition, row)
            if missing is not None or row is None:  # no row means details are missing: a problem above
                problems += [missing] if missing is not None else []
            else:
                rows.append(row)
        elif row is not None and any(row[k] for k in EDITION_FIELDS if k != "edition_id"):
            changes += [
                Change(edition, key, known[edition][key], row[key])
                for key in EDITION_FIELDS
                if row[key] and row[key] != known[edition][key]
            ]
            rows = [({**r, **{k: v for k, v in row.items() if v}} if r["edition_id"] == edition else r) for r in rows]
    return _Editions(named, new, changes, rows), problems


def _edition_id_problems(name: str, upload: list[dict[str, str]], bad_ids: set[str]) -> list[Problem]:
    """Rows whose edition is not a YYYY-MM id, or whose figure id does not start with its edition."""
    problems = []
    for number, row in enumerate(upload, start=2):
        if row["edition"] in bad_ids:
            problems.append(
                Problem(
                    name,
                    number,
                    "edition",
                    _(
                        "'%(edition)s' is not an edition id: write the month of publication as YYYY-MM, e.g. 2005-02",
                        edition=row["edition"],
                    ),
                )
            )
        elif not row["figure_id"].startswith(row["edition"] + "-"):
            problems.append(
                Problem(
                    name,
                    number,
                    "figure_id",
                    _(
                        "'%(figure)s' must start with its edition, as %(edition)s-001 does",
                        figure=row["figure_id"],
                        edition=row["edition"],
                    ),
                )
            )
    return problems


def _missing_details(edition: str, row: dict[str, str] | None) -> Problem | None:
    """A new edition needs every detail: the problem naming those not given, or None."""
    if row is not None and all(row[key] for key in EDITION_FIELDS):
        return None
    missing = [key for key in EDITION_FIELDS[1:] if not (row or {}).get(key)]
    return Problem(
        DETAILS,
        None,
        ", ".join(missing) or None,
        _("edition %(edition)s is new: give its %(fields)s", edition=edition, fields=", ".join(missing)),
    )


def _figure_ids(
    name: str, upload: list[dict[str, str]], stored: list[dict[str, str | None]], touched: set[str]
) -> tuple[list[dict[str, str | None]], list[Problem]]:
    """Each figure once in the upload, and never with an id another edition uses; returns the other editions' rows."""
    problems = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(upload, start=2):
        if row["figure_id"] in first_row:
            problems.append(
                Problem(
                    name,
                    number,
                    "figure_id",
                    _(
                        "duplicate key: '%(figure)s' is also on row %(row)s",
                        figure=row["figure_id"],
                        row=_count(first_row[row["figure_id"]]),
                    ),
                )
            )
        first_row.setdefault(row["figure_id"], number)
    kept = [row for row in stored if row["edition"] not in touched]
    kept_ids = {row["figure_id"]: row["edition"] for row in kept}
    for number, row in enumerate(upload, start=2):
        if row["figure_id"] in kept_ids:
            problems.append(
                Problem(
                    name,
                    number,
                    "figure_id",
                    _(
                        "'%(figure)s' already exists in edition %(edition)s: a figure id is never reused",
                        figure=row["figure_id"],
                        edition=kept_ids[row["figure_id"]],
                    ),
                )
            )
    return kept, problems


def _diff(
    name: str, upload: list[dict[str, str]], stored: _Stored, touched: set[str], edition_changes: list[Change]
) -> tuple[_Diff, list[Problem]]:
    """What the upload adds, changes and removes in its editions; a problem when it changes nothing at all."""
    fields = stored.figure_fields
    before = {row["figure_id"]: row for row in stored.figures if row["edition"] in touched}
    after = {row["figure_id"]: {f: row.get(f, "") or "" for f in fields} for row in upload}
    diff = _Diff(
        added=[row for fid, row in after.items() if fid not in before],
        changed=[
            Change(fid, column, before[fid].get(column, ""), row[column])
            for fid, row in after.items()
            if fid in before
            for column in fields
            if (before[fid].get(column, "") or "") != row[column]
        ],
        removed=[row for fid, row in before.items() if fid not in after],
        after=list(after.values()),
    )
    if diff.added or diff.removed or diff.changed or edition_changes:
        return diff, []
    return diff, [
        Problem(
            name,
            None,
            None,
            _(
                "all %(count)s rows are already stored exactly so: there is nothing to import",
                count=_count(len(upload)),
            ),
        )
    ]


def _indicators_added(
    data_dir: Path, proposed: list[dict[str, str]], upload: list[dict[str, str]]
) -> tuple[list[dict[str, str]], str, list[Problem]]:
    """The accepted new indicators the upload's figures use, and indicators.csv with them; an id already stored
    with another meaning is a problem (a new indicator never redefines a stored one)."""
    text, problems = _stored_text(data_dir, INDICATORS_FILE)
    if problems:
        return [], "", problems
    fields, stored, problems = read_dicts(INDICATORS_FILE, text)
    if problems:
        return [], "", problems
    known = {str(row["indicator_id"]): row for row in stored}
    used = {row.get("indicator") for row in upload}
    added: list[dict[str, str]] = []
    for row in proposed:
        indicator = str(row.get("indicator_id") or "")
        if indicator not in used:
            continue  # accepted, but no figure of this import counts it: the catalogue does not take it
        if indicator in known:
            if any(str(known[indicator].get(f) or "") != str(row.get(f) or "") for f in ("label", "unit")):
                problems.append(
                    Problem(
                        INDICATORS_FILE,
                        None,
                        "indicator_id",
                        _(
                            "'%(indicator)s' is already an indicator with another label or unit: give the new one "
                            "another id",
                            indicator=indicator,
                        ),
                    )
                )
            continue
        added.append({f: str(row.get(f) or "") for f in fields})
    if problems or not added:
        return [], "", problems
    return added, write_rows(fields, [*stored, *added]), []


def _validate_merged(
    data_dir: Path, name: str, figures_text: str, editions_text: str, offset: int, indicators_text: str = ""
) -> tuple[list[Problem], float]:
    """The merged package's problems, validated in a staging folder as the app will read it, and the seconds
    that took."""
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder)
        for path in data_dir.iterdir():
            if path.is_file() and path.suffix in (".csv", ".json"):
                shutil.copy2(path, staging / path.name)
        (staging / FIGURES_FILE).write_text(figures_text, encoding="utf-8")
        (staging / EDITIONS_FILE).write_text(editions_text, encoding="utf-8")
        if indicators_text:
            (staging / INDICATORS_FILE).write_text(indicators_text, encoding="utf-8")
        checked = time.perf_counter()
        problems = [_told_against_upload(problem, name, offset) for problem in validate_package(staging)]
        return problems, time.perf_counter() - checked


def _told_against_upload(problem: Problem, name: str, offset: int) -> Problem:
    """A problem of the merged package, on the upload's own row (after ``offset`` kept rows) or the edition details."""
    if problem.file == FIGURES_FILE and problem.row is not None and problem.row - 1 > offset:
        return replace(problem, file=name, row=problem.row - offset)  # its template kept: said in the reader's words
    if problem.file == EDITIONS_FILE:
        return replace(problem, file=DETAILS, row=None)
    return problem


def _base_version(data_dir: Path) -> str:
    """The stored data's ``content_version``, which a plan is made against; empty when there are no figures yet."""
    return content_version(data_dir) if (data_dir / FIGURES_FILE).exists() else ""
