"""The command lines the README documents: ``python -m lib.validate`` and ``python -m lib.auth hash-password``."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from lib.dataset import store
from lib.importing import auth
from lib.importing.auth import verify_password
from tests.conftest import ROOT

TIMEOUT_S = 120  # a ceiling, not a wait: each command returns as soon as it is done


def python_m(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ...`` from the repository root, as the README does, detached from any terminal."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        start_new_session=True,
    )


def set_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell; data_row 2 is the first row under the header, as a spreadsheet numbers it."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[data_row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# python -m lib.validate


def test_validate_help_says_what_it_does_and_exits_0():
    result = python_m("lib.validate", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m lib.validate [-h] [--data FOLDER] [DATA_DIR]")
    assert "datapackage.json" in result.stdout and "file:row: column: message" in result.stdout
    assert "Exit status: 0" in " ".join(result.stdout.split())


def test_validate_reports_a_bad_data_folder_as_file_row_column_and_exits_1(data_copy):
    set_cell(data_copy / "figures.csv", 5, "value", "three hundred")
    result = python_m("lib.validate", str(data_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("figures.csv:5: value: 'three hundred' is not a number") for line in lines), lines
    assert lines[-1] == f"{len(lines) - 1} problem(s) found"
    assert "Traceback" not in result.stderr


def test_validate_a_clean_folder_exits_0_with_the_summary(data_copy):
    result = python_m("lib.validate", str(data_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{data_copy.name}/ is valid: ") and "figures" in result.stdout


def test_validate_a_path_that_is_not_a_folder_exits_1(tmp_path):
    missing = tmp_path / "no-such-folder"
    result = python_m("lib.validate", str(missing))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{missing}: not a folder"


def test_validate_usage_error_exits_2(data_copy):
    result = python_m("lib.validate", str(data_copy), str(data_copy))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: python -m lib.validate") and "unrecognized arguments" in result.stderr


def interrupted_after_the_commit_point(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state an import killed after writing its journal, before moving its files, leaves."""
    from lib.importing.editions import import_edition

    fixture = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
    details = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text(encoding="utf-8"))

    class Killed(BaseException):
        """As a kill: nothing after it runs, no handler sees it."""

    def killed(*args: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(store, "_apply", killed)
        with pytest.raises(Killed):
            import_edition(data_dir, fixture.name, fixture.read_bytes(), details)


def test_validate_says_an_import_was_interrupted_after_its_commit_point_and_exits_1(data_copy, monkeypatch):
    interrupted_after_the_commit_point(data_copy, monkeypatch)
    set_cell(data_copy / "figures.csv", 5, "value", "three hundred")  # the files are still validated
    result = python_m("lib.validate", str(data_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(".import-journal.json:-: -: an import was interrupted after its commit point")
    assert "the app finishes it on its next read" in lines[0]
    assert any(line.startswith("figures.csv:5: value: 'three hundred' is not a number") for line in lines), lines
    assert lines[-1] == f"{len(lines) - 1} problem(s) found" and "Traceback" not in result.stderr
    assert (data_copy / ".import-journal.json").exists()  # validating changes nothing


def test_validate_says_an_import_interrupted_before_its_commit_point_will_be_rolled_back(data_copy):
    leftover = data_copy / ".figures.csv.x1y2z3.tmp"  # a kill after writing the new figures, before the journal
    leftover.write_text("figure_id\n", encoding="utf-8")
    result = python_m("lib.validate", str(data_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f".figures.csv.x1y2z3.tmp:-: -: {store.PENDING_TEMPORARY}",
        "1 problem(s) found",
    ]
    assert "the app deletes it on its next read" in store.PENDING_TEMPORARY
    assert leftover.exists()
    from lib.dataset.data import load

    assert load(data_copy).problems == ()  # the app's next read rolls it back
    assert python_m("lib.validate", str(data_copy)).returncode == 0


# python -m lib.auth


def test_auth_help_names_the_command_and_exits_0():
    result = python_m("lib.auth", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m lib.auth") and "hash-password" in result.stdout
    command_help = python_m("lib.auth", "hash-password", "--help")
    assert command_help.returncode == 0, command_help.stderr
    assert "password_hash" in command_help.stdout and "12 characters" in command_help.stdout


@pytest.mark.parametrize("args", [[], ["hash-passwords"], ["hash-password", "extra"]])
def test_auth_usage_errors_exit_2_without_asking_for_a_password(args):
    result = python_m("lib.auth", *args, stdin="")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("usage: python -m lib.auth") and "Editor password" not in result.stderr


def test_auth_hash_password_prints_a_secrets_line_that_verifies():
    # Without a terminal, getpass reads the two entries from standard input.
    password = "correct horse battery"
    result = python_m("lib.auth", "hash-password", stdin=f"{password}\n{password}\n")
    assert result.returncode == 0, result.stdout + result.stderr
    secrets = tomllib.loads(result.stdout)
    stored = secrets["editors"]["password_hash"]
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_password(password, stored)
    assert not verify_password(password + "!", stored)
    assert password not in result.stdout


def answers(monkeypatch: pytest.MonkeyPatch, *entries: str) -> list[str]:
    """Make getpass return ``entries`` in turn; the prompts it was given are collected in the returned list."""
    prompts: list[str] = []
    queue = list(entries)

    def fake_getpass(prompt: str = "Password: ") -> str:
        prompts.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr(auth.getpass, "getpass", fake_getpass)
    return prompts


def test_auth_hash_password_asks_twice_and_prints_two_lines(monkeypatch, capsys):
    prompts = answers(monkeypatch, "a long editor password", "a long editor password")
    assert auth.main(["hash-password"]) == 0
    assert prompts == ["Editor password: ", "Again: "]
    first, second = capsys.readouterr().out.splitlines()
    assert first == "[editors]"
    assert second.startswith('password_hash = "scrypt$') and second.endswith('"')
    assert verify_password("a long editor password", second.split('"')[1])


def test_auth_refuses_a_short_password(monkeypatch, capsys):
    prompts = answers(monkeypatch, "short")
    assert auth.main(["hash-password"]) == 1
    assert prompts == ["Editor password: "]  # not asked again
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "Use at least 12 characters."


def test_auth_refuses_two_different_entries(monkeypatch, capsys):
    answers(monkeypatch, "a long editor password", "a long editor passw0rd")
    assert auth.main(["hash-password"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "The two entries differ."


def test_auth_usage_error_in_process_exits_2_before_any_prompt(monkeypatch):
    prompts = answers(monkeypatch)
    with pytest.raises(SystemExit) as exit_:
        auth.main([])
    assert exit_.value.code == 2 and prompts == []


# One convention for the data folder in every command that reads it: --data FOLDER, else $IOM_DATA_DIR, else data/.
DATA_COMMANDS = {
    "lib.validate": (),
    "lib.editions": ("import", "FILE", "--dry-run"),
    "lib.extract": ("check", "FILE"),
    "lib.brief": ("--out", "OUT"),
}


@pytest.mark.parametrize("command", list(DATA_COMMANDS))
def test_every_command_that_reads_the_data_takes_data_and_names_the_variable(command):
    words = DATA_COMMANDS[command]
    subcommand = [words[0]] if words and words[0] in ("import", "check") else []
    result = python_m(command, *subcommand, "--help")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "--data FOLDER" in text and "$IOM_DATA_DIR" in text, text


def _broken_copy(data_copy: Path) -> Path:
    set_cell(data_copy / "figures.csv", 5, "value", "three hundred")
    return data_copy


def test_validate_reads_the_folder_given_by_data_or_by_the_variable(data_copy):
    broken = _broken_copy(data_copy)
    by_option = python_m("lib.validate", "--data", str(broken))
    by_variable = python_m("lib.validate", env={**os.environ, "IOM_DATA_DIR": str(broken)})
    by_position = python_m("lib.validate", str(broken))
    for result in (by_option, by_variable, by_position):
        assert result.returncode == 1 and "figures.csv:5: value:" in result.stdout, result.stdout
    assert python_m("lib.validate", env={k: v for k, v in os.environ.items() if k != "IOM_DATA_DIR"}).returncode == 0


def test_editions_import_reads_the_folder_given_by_data_by_its_old_spelling_or_by_the_variable(data_copy, tmp_path):
    upload = tmp_path / "figures.csv"
    upload.write_bytes((data_copy / "figures.csv").read_bytes())
    shutil.rmtree(data_copy / "history", ignore_errors=True)
    (data_copy / "datapackage.json").unlink()  # an import into this folder cannot be planned: it says so
    for args, env in (
        (["--data", str(data_copy)], None),
        (["--data-dir", str(data_copy)], None),
        ([], {**os.environ, "IOM_DATA_DIR": str(data_copy)}),
    ):
        result = python_m("lib.editions", "import", str(upload), "--dry-run", *args, env=env)
        assert result.returncode == 1 and "datapackage.json" in result.stdout, (args, result.stdout, result.stderr)
    fine = python_m("lib.editions", "import", str(upload), "--dry-run")  # the repository's data: no problem there
    assert "datapackage.json" not in fine.stdout, fine.stdout


def test_the_editions_template_comes_from_the_folder_given_by_data_or_by_the_variable(data_copy):
    set_cell(data_copy / "figures.csv", 2, "source_quote", "A quote only this copy has")
    by_option = python_m("lib.editions", "template", "--data", str(data_copy))
    by_variable = python_m("lib.editions", "template", env={**os.environ, "IOM_DATA_DIR": str(data_copy)})
    for result in (by_option, by_variable):
        assert result.returncode == 0 and "A quote only this copy has" in result.stdout, result.stderr
    assert "A quote only this copy has" not in python_m("lib.editions", "template").stdout
