"""The data package's problems in the reader's language: the English message is kept (cached, logged, printed by
``python -m lib.validate``), and ``problem_text`` says it again from its template and values."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.dataset.csvtext import MAX_FILE_BYTES, Problem, problem_line, problem_text, read_csv_text
from lib.dataset.validate import validate_package
from lib.i18n import using
from lib.importing import auth
from tests.conftest import ROOT
from ui import keys
from ui.sign_in import SIGN_IN_BUTTON

HEADER = (ROOT / "tests" / "fixtures" / "edition-2005-02.csv").read_text(encoding="utf-8").split("\n", 1)[0]
BROKEN = {  # a file's bytes -> the English message and a piece of its Albanian text
    b"\x00 not a CSV": ("file is binary (it contains NUL bytes), not CSV text", "skedari është binar"),
    b"a,b\n\xff,1\n": ("is not UTF-8 (byte 0xff at offset 4): save it as 'CSV UTF-8'", "bajti 0xff në pozicionin 4"),
    b"  \n": ("file is empty: it needs at least the header row", "skedari është bosh"),
    b"a;b\n1;2\n": ("uses ';' as the delimiter", "përdor ';' si ndarës"),
    b'a,b\n"1,2\n3,4\n': ("a quoted field opens on this row and is never closed", "nuk mbyllet kurrë"),
    b'a,b\n"1"x,2\n': ("a quote closes in the middle of a field", "një thonjëz mbyllet në mes"),
}


@pytest.mark.parametrize("content", list(BROKEN))
def test_a_broken_file_is_told_in_albanian_and_kept_in_english(content):
    english, albanian = BROKEN[content]
    with using("sq"):
        (problem,) = read_csv_text("upload.csv", content)[1]
        assert problem.message.startswith(english) and str(problem).endswith(problem.message)
        assert albanian in problem_text(problem) and english not in problem_text(problem)
        assert problem_line(problem).startswith(str(problem).split(": ", 2)[0])  # file, row, column as they are
    assert problem_text(problem) == problem.message and problem_line(problem) == str(problem)  # English: as ever


def test_a_number_in_a_problem_is_written_as_the_language_writes_it():
    (problem,) = read_csv_text("big.csv", b"a" * (MAX_FILE_BYTES + 1))[1]
    assert problem.message == "file is 5,000,001 bytes; the limit is 5,000,000 bytes"
    with using("sr-Latn"):
        assert problem_text(problem) == "datoteka ima 5.000.001 bajtova; ograničenje je 5.000.000 bajtova"
    with using("sr-Cyrl"):
        assert "5.000.001" in problem_text(problem) and "датотека" in problem_text(problem)


def test_a_library_message_passed_through_stays_english():
    problem = Problem("figures.csv", 3, "value", "some words of the library")
    with using("sq"):
        assert problem_text(problem) == problem.message


def test_the_template_is_not_compared_and_survives_json():
    (problem,) = read_csv_text("upload.csv", b"  \n")[1]
    assert problem == Problem("upload.csv", None, None, problem.message)  # as tests and callers compare problems
    again = Problem(**json.loads(json.dumps(problem.__dict__)))
    assert again.template == problem.template and again.values == problem.values and hash(again) == hash(problem)


def _break_a_value(data_dir):
    path = data_dir / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",472,,,472,", ",abc,,,472,", 1), encoding="utf-8")


def test_a_problem_read_back_from_the_validation_cache_still_translates(data_copy, tmp_path, monkeypatch):
    import lib.dataset.data

    monkeypatch.setenv("IOM_VALIDATION_CACHE", str(tmp_path / "cache"))
    _break_a_value(data_copy)
    (first,) = lib.dataset.data.validate_cached(data_copy)
    assert first.message == "'abc' is not a number" and first.column == "value"
    monkeypatch.setattr(lib.dataset.data, "validate_package", lambda folder: pytest.fail("not read from the cache"))
    (cached,) = lib.dataset.data.validate_cached(data_copy)
    assert cached == first and cached.template == first.template and cached.values == first.values
    with using("sq"):
        assert problem_text(cached) == "'abc' nuk është numër"
        assert str(cached) == str(first)  # English, as the command line prints it


def test_an_old_cache_entry_is_not_trusted(data_copy, tmp_path, monkeypatch):
    """A result cached before the templates (no template, no values) is validated again, not shown in English."""
    import lib.dataset.data

    monkeypatch.setenv("IOM_VALIDATION_CACHE", str(tmp_path / "cache"))
    _break_a_value(data_copy)
    key = lib.dataset.data.content_version(data_copy)
    (tmp_path / "cache").mkdir()
    old = [{"file": "figures.csv", "row": 5, "column": "value", "message": "'abc' is not a number"}]
    (tmp_path / "cache" / f"{key}.json").write_text(json.dumps(old), encoding="utf-8")
    (problem,) = lib.dataset.data.validate_cached(data_copy)
    assert problem.template is not None


def test_frictionless_problems_keep_their_english_message(data_copy):
    _break_a_value(data_copy)
    (problem,) = validate_package(data_copy)
    with using("sr-Latn"):
        assert problem_text(problem) == "„abc” nije broj"
        assert problem_line(problem).endswith(": value: „abc” nije broj")
    assert str(problem).endswith(": value: 'abc' is not a number")


def test_the_import_tab_in_albanian_shows_the_problem_in_albanian(data_copy, monkeypatch):
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["editors"] = {"password_hash": auth.hash_password("correct horse battery staple")}
    at.query_params["lang"] = "sq"
    with using("sq"):  # the test's own thread formats the widgets' options as the app does
        at.run()
        at.switch_page("app_pages/data_sources.py").run()
        at.text_input(key="editor_password").input("correct horse battery staple")
        at.button(key=SIGN_IN_BUTTON).click().run()
        content = f'{HEADER}\n"2005-02-001,2005-02\n'.encode()
        at.file_uploader(key=keys.edition_upload(0)).set_value(("broken.csv", content, "text/csv")).run()
        assert not at.exception, [e.value for e in at.exception]
        (table,) = [frame.value for frame in at.dataframe if "Problemi" in frame.value.columns]  # "Problem"
    assert list(table.iloc[0]) == ["broken.csv", "2", "", table.iloc[0]["Problemi"]]  # file, row and column as they are
    assert "nuk mbyllet kurrë" in table.iloc[0]["Problemi"], table.iloc[0]["Problemi"]


def test_a_broken_stored_file_is_told_in_the_planners_sentence(data_copy):
    from lib.importing.planning import plan_import

    (data_copy / "editions.csv").write_bytes(b"\x00 not a CSV")
    upload = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
    with using("sq"):
        (problem,) = plan_import(data_copy, upload.name, upload.read_bytes()).problems
        assert problem_text(problem).startswith("skedari është binar"), problem_text(problem)
