"""Every bad input and every crash leaves the app up and the data whole (one test per finding of the probe)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import select
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from lib.dataset.csvtext import read_csv_text, read_dicts
from lib.dataset.data import load
from lib.dataset.store import HISTORY_DIR, JOURNAL_FILE
from lib.dataset.validate import validate_package
from lib.importing.editions import import_edition, main, plan_import, template_csv
from lib.presenting.export import FORMULA_STARTS
from lib.presenting.text import md_text
from tests.conftest import ROOT, shown

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
BOM = b"\xef\xbb\xbf"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


# 1. A data file that holds only a byte-order mark.
def test_a_file_of_only_a_byte_order_mark_is_reported_not_raised(data_copy, capsys):
    (data_copy / "news.csv").write_bytes(BOM)
    problems = validate_package(data_copy)
    assert [str(p) for p in problems] == ["news.csv:-: -: file is empty: it needs at least the header row"]
    dataset = load(data_copy)
    assert dataset.table("news") is None and dataset.table("figures") is not None  # only that table is left out


# 2. Import: parser errors are reported, never raised.
def upload(data_copy: Path, content: bytes, name: str = "upload.csv"):
    before = snapshot(data_copy)
    result = import_edition(data_copy, name, content, DETAILS)
    if not result.written:
        assert snapshot(data_copy) == before  # a refused import changes no byte
    return result


def test_cr_only_line_endings_import_as_any_other(data_copy):
    result = upload(data_copy, FIXTURE.read_bytes().replace(b"\n", b"\r"))
    assert result.written, [str(p) for p in result.plan.problems]
    assert len(result.plan.added) == 8


def test_a_cell_of_200000_characters_is_a_problem_with_its_row_and_column(data_copy):
    header, rows, _ = read_dicts("f", FIXTURE.read_text(encoding="utf-8"))
    rows[0]["source_quote"] = "x" * 200_000
    text = ",".join(header) + "\n" + "\n".join(",".join(f'"{r[c]}"' for c in header) for r in rows) + "\n"
    result = upload(data_copy, text.encode("utf-8"))
    assert not result.written
    assert any(p.row == 2 and p.column == "source_quote" for p in result.plan.problems), [
        str(p) for p in result.plan.problems
    ]


@pytest.mark.parametrize(
    "content, says",
    [
        (BOM, "file is empty"),
        (b"", "file is empty"),
        (b"\n\r\n", "file is empty"),
        (b"figure_id;edition\n1;2\n", "';' as the delimiter"),
        (b"\x00\x01\x02", "binary"),
        (b"caf\xe9,x\n", "not UTF-8"),
        (b'figure_id,edition\n"2005-02-001,2005-02\n', "never closed"),
    ],
)
def test_unreadable_uploads_are_refused_with_a_reason(data_copy, content, says):
    result = upload(data_copy, content)
    assert not result.written and any(says in p.message for p in result.plan.problems), [
        str(p) for p in result.plan.problems
    ]


def test_a_quoted_cell_holding_a_bare_cr_keeps_its_row_whole(data_copy):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "TEST DATA: returnees 380 (period)", '"TEST DATA: returnees\r380 (period)"', 1
    )
    result = upload(data_copy, text.encode("utf-8"))
    assert result.written, [str(p) for p in result.plan.problems]
    figures = load(data_copy).table("figures")
    assert (
        figures.loc[figures["figure_id"] == "2005-02-001", "source_quote"].item()
        == "TEST DATA: returnees\n380 (period)"
    )


def test_the_command_line_reports_a_bom_only_file_without_a_traceback(tmp_path, data_copy, capsys):
    path = tmp_path / "only-bom.csv"
    path.write_bytes(BOM)
    assert main(["import", str(path), "--dry-run", "--data-dir", str(data_copy)]) == 1
    assert "only-bom.csv:-: -: file is empty" in capsys.readouterr().out


def test_the_csv_reader_never_raises_on_text(data_copy):
    for content in (b'"', b'a,"b\nc', b'a,b\rc,d\r\n"e\r"', "x" * 10 + '"' + "y" * 300_000):
        data = content if isinstance(content, bytes) else content.encode()
        text, problems = read_csv_text("f.csv", data)
        assert bool(text) != bool(problems)


# 4. An import is one atomic step, whatever kills it.
STALL = """
import json, os, sys
from pathlib import Path
real = os.replace
def stalled(source, target):
    if {before!r} and str(target).endswith({target!r}):
        print("stalled", flush=True)
        sys.stdin.readline()  # never answered: killed here
    real(source, target)
    if not {before!r} and str(target).endswith({target!r}):
        print("stalled", flush=True)
        sys.stdin.readline()
os.replace = stalled
from lib.importing.editions import import_edition
data_dir, upload = Path(sys.argv[1]), Path(sys.argv[2])
import_edition(data_dir, upload.name, upload.read_bytes(), json.loads(sys.argv[3]))
"""


def killed_while_committing(data_copy: Path, target: str, before: bool) -> None:
    """Run an import and kill it just before (or after) it moves a file onto ``target``."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            STALL.format(target=target, before=before),
            str(data_copy),
            str(FIXTURE),
            json.dumps(DETAILS),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], 120)
    assert ready and process.stdout.readline().strip() == "stalled"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=120)


def history_outcomes(data_copy: Path) -> list[str]:
    return [json.loads((h / "import.json").read_text())["outcome"] for h in sorted((data_copy / HISTORY_DIR).iterdir())]


def test_killed_between_the_two_files_the_import_is_finished_on_the_next_read(data_copy):
    killed_while_committing(data_copy, "editions.csv", before=False)  # editions.csv replaced, figures.csv not yet
    assert (data_copy / JOURNAL_FILE).exists()
    dataset = load(data_copy)  # what every reader, in any process, goes through
    editions, figures = dataset.table("editions"), dataset.table("figures")
    assert "2005-02" in set(editions["edition_id"]) and (figures["edition"] == "2005-02").sum() == 8
    assert not (data_copy / JOURNAL_FILE).exists() and not list(data_copy.glob(".*.tmp"))
    assert history_outcomes(data_copy) == ["imported: finished after the import was interrupted"]


def test_killed_before_the_commit_the_import_is_rolled_back(data_copy):
    before = snapshot(data_copy)
    killed_while_committing(data_copy, JOURNAL_FILE, before=True)  # new files written beside the old; no journal yet
    assert snapshot(data_copy) == before
    dataset = load(data_copy)
    assert "2005-02" not in set(dataset.table("editions")["edition_id"])
    assert not list(data_copy.glob(".*.tmp"))
    assert history_outcomes(data_copy) == ["rolled back: interrupted before it was committed, the data was not changed"]
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written  # and the next import lands


def test_a_whole_import_says_so_in_its_history(data_copy):
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written
    assert history_outcomes(data_copy) == ["imported"]


# 5. File modes are kept.
def test_an_import_keeps_the_files_modes(data_copy):
    for name in ("figures.csv", "editions.csv"):
        os.chmod(data_copy / name, 0o644)
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written
    for name in ("figures.csv", "editions.csv"):
        assert stat.S_IMODE((data_copy / name).stat().st_mode) == 0o644


# 6. Data text is shown as text.
HOSTILE = [
    "![x](http://example.invalid/x.png)",
    "[link](http://example.invalid)",
    "## heading",
    ":red[colour]",
    ":streamlit:",
    "$x^2$",
    "<b>bold</b>",
    "KCSF -- x <- y",
    ":material/home:",
    "www.example.invalid",
    "> quote",
    "1. list",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_escapes_everything_markdown_would_interpret(text):
    escaped = md_text(text)
    assert shown(escaped) == text  # a reader sees every character as written
    # Every punctuation mark escaped, so none can open a link, image, heading, shortcode, formula or tag.
    assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~\\])*", escaped), escaped


# 7. CSV exports are defused everywhere.
def test_the_template_is_defused(data_copy):
    # The template copies the first stored figure: give it cells a spreadsheet would run as formulas.
    header, rows, _ = read_dicts("figures.csv", (data_copy / "figures.csv").read_text(encoding="utf-8"))
    rows[0]["source_quote"], rows[0]["value_as_written"] = '=HYPERLINK("http://example.invalid")', "+472"
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writeheader()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerows(rows)
    (data_copy / "figures.csv").write_text(out.getvalue(), encoding="utf-8")
    template = list(csv.DictReader(io.StringIO(template_csv(data_copy).decode("utf-8-sig"))))
    assert (
        template[0]["source_quote"] == '\'=HYPERLINK("http://example.invalid")'
        and template[0]["value_as_written"] == "'+472"
    )
    assert not any(cell.startswith(FORMULA_STARTS) for cell in template[0].values())


def test_the_tables_built_in_download_is_off():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "disableDataExport = true" in config


def test_a_refused_import_of_the_stored_figures_changes_nothing(data_copy):
    plan = plan_import(data_copy, "figures.csv", (data_copy / "figures.csv").read_bytes())
    assert not plan.ok and "already stored" in plan.problems[0].message


def test_an_import_with_editions_missing_says_so(data_copy):
    (data_copy / "editions.csv").unlink()
    plan = plan_import(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS)
    assert not plan.ok and any(p.file == "editions.csv" and "missing" in p.message for p in plan.problems)


def test_an_unreadable_history_note_does_not_stop_reads_or_imports(data_copy):
    broken = data_copy / HISTORY_DIR / "20040101T000000.000000Z-2004-11"
    broken.mkdir(parents=True)
    (broken / "import.json").write_text("{ not json", encoding="utf-8")
    (data_copy / ".figures.csv.leftover.tmp").write_text("half", encoding="utf-8")
    assert load(data_copy).problems == ()
    assert not (data_copy / ".figures.csv.leftover.tmp").exists()
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written


def test_the_lockout_counts_in_memory_where_its_file_cannot_be_written(tmp_path):
    from lib.importing import auth

    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("x", encoding="utf-8")
    lockout = auth.Lockout(not_a_folder / ".editor-lockout.json")  # its folder cannot exist: every write fails
    for _ in range(auth.MAX_ATTEMPTS - 1):
        assert lockout.failed("editor") == 0
    assert lockout.failed("editor") == auth.LOCKOUT_S


def test_sessions_submitting_at_once_share_the_five_tries(tmp_path):
    from lib.importing import auth

    path = tmp_path / ".editor-lockout.json"
    sessions = [auth.Lockout(path) for _ in range(8)]
    # Eight sessions submit at the same moment, before any password is found wrong: only five may try.
    allowed = [lockout.attempt("editor") == 0 for lockout in sessions]
    assert allowed.count(True) == auth.MAX_ATTEMPTS
