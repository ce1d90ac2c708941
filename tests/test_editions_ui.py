"""Editions in the app: deltas, the changed panel, trends, cross-edition checks, and who may import."""

from __future__ import annotations

import json
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from lib.dataset import trends
from lib.dataset.data import load
from lib.importing import auth
from lib.importing.editions import import_edition
from lib.presenting.pages import PAGES as REGISTERED
from tests.conftest import ROOT, shown
from ui import keys

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
PAGES = [spec.file for spec in REGISTERED]


@pytest.fixture
def two_editions(data_copy, monkeypatch):
    """The real data plus the synthetic 2005-02 test edition, served to the app from a temporary copy."""
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    return data_copy


def app(page: str = "app_pages/overview.py", secrets: dict | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_picker_defaults_to_the_latest_edition(two_editions):
    at = app()
    assert at.sidebar.selectbox[0].value == "2005-02"
    assert at.title[0].value.endswith("February 2005")


@pytest.mark.parametrize("edition", ["2005-02", "2004-11"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_for_every_edition(two_editions, page, edition):
    at = app(page, edition=edition)
    assert at.title and not at.error


def test_overview_deltas_compare_like_with_like(two_editions):
    metrics = {m.label: (m.value, m.delta) for m in app().metric}
    assert metrics["Returnees this quarter"] == ("380", "-92 since Nov 2004")  # a quarter against a quarter
    assert metrics["Returnees since 1999"] == ("188,119", "+380 since Nov 2004")  # cumulative against cumulative
    assert metrics["Medical evacuations"] == ("410", "-2 since Nov 2004")
    assert metrics["Police trained on trafficking"] == ("—", "")  # not reported in this edition
    # The oldest edition has nothing to compare with.
    assert all(not m.delta for m in app(edition="2004-11").metric)


def test_previous_comparable_never_crosses_bases(two_editions):
    figures = load(two_editions).table("figures")
    quarter = figures.loc[figures["figure_id"] == "2005-02-001"].iloc[0]
    assert trends.previous_comparable(figures, quarter)["figure_id"] == "2004-11-001"
    # CSP's 330 counts from 2002, as the 322 did: comparable. Change the start and it is not.
    csp = figures.loc[figures["figure_id"] == "2005-02-005"].iloc[0]
    assert trends.previous_comparable(figures, csp)["figure_id"] == "2004-11-095"
    assert trends.previous_comparable(figures, csp.copy().replace({"2002": "2003"})) is None
    assert trends.previous_comparable(figures, quarter.copy().replace({"period": "cumulative"})) is None


def test_changed_panel_lists_what_moved_what_is_new_and_what_stopped(two_editions):
    figures = load(two_editions).table("figures")
    changes = trends.changes(figures, "2005-02", "2004-11")
    moved = changes.loc[changes["status"] == trends.MOVED].set_index("after_id")["difference"].to_dict()
    assert moved == {
        "2005-02-001": -92,
        "2005-02-002": 380,
        "2005-02-003": -10,
        "2005-02-005": 8,
        "2005-02-006": 8,
        "2005-02-008": -2,
    }
    # Austria, not in Nov 2004; and the quarter's victims assisted: November 2004's 10 were victims *returned*,
    # another count.
    assert changes.loc[changes["status"] == trends.NEW, "after_id"].tolist() == ["2005-02-004", "2005-02-007"]
    assert changes.loc[changes["status"] == trends.UNCHANGED].empty
    stopped = changes.loc[changes["status"] == trends.STOPPED]
    assert "2004-11-178" not in set(stopped["before_id"]) and "2004-11-117" in set(stopped["before_id"])
    labels = [e.label for e in app().expander]
    assert any(
        label.startswith(f"Changed since November 2004: 6 moved · 2 new · {len(stopped)} no longer reported")
        for label in labels
    ), labels


def test_trend_chart_shows_both_editions(two_editions):
    at = app(trend="Returnees since 1999")
    specs = [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]
    trend = next(spec for spec in specs if spec.get("title", {}).get("text") == "Returnees since 1999")
    assert trend["title"]["subtitle"].startswith("2 editions")
    assert [layer["mark"]["type"] for layer in trend["layer"]] == ["line", "circle", "text"]
    # A link with the old label still works; the choice is kept by its key, shown by its label.
    assert at.selectbox(key="trend_choice").value == "returnees_since_1999"
    assert "Returnees since 1999" in at.selectbox(key="trend_choice").options


def test_cross_edition_checks_flag_a_fall_and_a_quarter_that_disagrees(two_editions):
    checks = load(two_editions).checks
    across = checks.loc[checks["kind"] == "across_editions"].set_index("total_figure_id")
    fell = across.loc["2005-02-008"]
    assert fell["status"] == "inconsistent" and "fell from 412" in fell["message"] and "2004-11-178" in fell["message"]
    victims = across.loc["2005-02-006"]
    assert victims["status"] == "inconsistent" and "10 (2005-02-007) differs" in victims["message"]
    returnees = across.loc["2005-02-002"]
    assert returnees["status"] == "consistent"  # 188,119 - 187,739 = 380, the quarter's figure


# Who may import
def import_uploaders(at: AppTest) -> list:
    """The import's uploaders; the draft-newsletter check (open to everyone) is not one."""
    return [u for u in at.get("file_uploader") if u.key != keys.CHECK_UPLOAD]


def test_import_is_off_without_any_sign_in_configured():
    # Secrets given to AppTest replace the whole file, so a local .streamlit/secrets.toml (as the README's
    # set-up makes) does not switch importing on here: these secrets configure no sign-in.
    at = app("app_pages/data_sources.py", secrets={"unrelated": {"setting": "value"}})
    assert any("Importing is switched off" in info.value for info in at.info)
    assert len(import_uploaders(at)) == 0


def test_import_needs_the_editor_password(two_editions):
    secrets = {"editors": {"password_hash": auth.hash_password("correct horse battery staple")}}
    at = app("app_pages/data_sources.py", secrets=secrets)
    assert len(import_uploaders(at)) == 0
    at.text_input(key="editor_password").input("wrong password")
    at.button(key="FormSubmitter:editor_sign_in-Sign in").click().run()
    assert any("not the editor password" in e.value for e in at.error) and len(import_uploaders(at)) == 0
    at.text_input(key="editor_password").input("correct horse battery staple")
    at.button(key="FormSubmitter:editor_sign_in-Sign in").click().run()
    assert len(import_uploaders(at)) == 1
    assert any("Signed in as editor" in c.value for c in at.caption)


def test_too_many_wrong_passwords_lock_the_form_for_every_session(data_copy, monkeypatch):
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    secrets = {"editors": {"password_hash": auth.hash_password("correct horse battery staple")}}
    at = app("app_pages/data_sources.py", secrets=secrets)
    for _ in range(auth.MAX_ATTEMPTS):
        at.text_input(key="editor_password").input("guess")
        at.button(key="FormSubmitter:editor_sign_in-Sign in").click().run()
    assert any("Too many wrong passwords" in e.value for e in at.error)
    at.run()
    assert any("Too many wrong passwords" in e.value for e in at.error)
    assert "editor_password" not in [t.key for t in at.text_input]  # no password box while locked
    # A reload is a new session: still locked, with no password box.
    again = app("app_pages/data_sources.py", secrets=secrets)
    assert any("Too many wrong passwords" in e.value for e in again.error)
    assert "editor_password" not in [t.key for t in again.text_input]


def test_the_lockout_is_shared_through_its_file_and_expires(tmp_path):
    now = [1000.0]
    path = tmp_path / ".editor-lockout.json"
    one_process, another = auth.Lockout(path, clock=lambda: now[0]), auth.Lockout(path, clock=lambda: now[0])
    for _ in range(auth.MAX_ATTEMPTS - 1):
        assert one_process.failed("editor") == 0
    assert another.failed("editor") == auth.LOCKOUT_S  # the fifth wrong password, from another process
    assert one_process.remaining("editor") == auth.LOCKOUT_S
    now[0] += auth.LOCKOUT_S
    assert one_process.remaining("editor") == 0 and another.remaining("editor") == 0
    assert one_process.failed("editor") == 0  # a fresh count after the lock expired
    another.succeeded("editor")
    assert one_process.remaining("editor") == 0


def test_single_sign_on_when_auth_is_configured():
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "secret",
            "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
        },
        "editors": {"emails": ["Officer@Example.org"]},
    }
    at = app("app_pages/data_sources.py", secrets=secrets)
    assert [b.label for b in at.button if b.key == "editor_login"] == ["Sign in to import"]
    assert len(import_uploaders(at)) == 0
    assert auth.is_editor_email("officer@example.org ", secrets) and not auth.is_editor_email(
        "other@example.org", secrets
    )
    assert not auth.is_editor_email("officer@example.org", {"auth": {}})  # no list: nobody


def test_password_hash_is_salted_and_verified():
    first, second = auth.hash_password("same password"), auth.hash_password("same password")
    assert first != second and first.startswith("scrypt$")
    assert auth.verify_password("same password", first) and not auth.verify_password("other", first)
    assert not auth.verify_password("same password", "plain-text") and not auth.verify_password(
        "x", "scrypt$1$2$3$zz$zz"
    )
    example = (ROOT / "secrets.toml.example").read_text()
    assert "scrypt$16384$8$1$<salt>$<hash>" in example  # a placeholder, never a real hash or secret
    tracked = subprocess.run(["git", "ls-files", "--", "*secrets.toml"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode == 0:  # in a git checkout: a real secrets file is never committed (a local one may exist)
        assert tracked.stdout.strip() == ""
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_an_editor_drafts_an_edition_from_its_newsletter_and_imports_it(data_copy, monkeypatch):
    """From a .docx upload to an imported edition, without typing a row; the draft survives a page switch."""
    from lib.newsletters.newsletter import read_newsletter
    from tests.newsletter_files import to_docx

    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    text = ROOT / "tests" / "fixtures" / "newsletter-2005-02.txt"
    docx = to_docx(read_newsletter(text.name, text.read_bytes()).blocks)
    secrets = {"editors": {"password_hash": auth.hash_password("correct horse battery staple")}}
    at = app("app_pages/data_sources.py", secrets=secrets)
    at.text_input(key="editor_password").input("correct horse battery staple")
    at.button(key="FormSubmitter:editor_sign_in-Sign in").click().run()
    at.button_group(key=keys.IMPORT_SOURCE).set_value("The newsletter: draft its figures").run()
    at.file_uploader(key=keys.NEWSLETTER_UPLOAD).set_value(
        ("newsletter-2005-02.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    ).run()
    assert at.text_input(key=keys.DRAFT_EDITION).value == "2005-02"  # the quarter after the latest stored edition
    at.button(key=keys.DRAFT_BUTTON).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("figures drafted" in shown(s.value) for s in at.success)
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/data_sources.py").run()
    assert any("figures drafted" in shown(s.value) for s in at.success)  # still there after a page switch
    period_start = keys.edition_detail("period_start")
    assert at.text_input(key=period_start).value == "2004-11-01"  # details filled in from the draft
    at.button(key=keys.USE_DRAFT).click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("figure(s) added" in shown(s.value) for s in at.success)  # the import's own preview
    at.button(key=keys.CONFIRM_IMPORT).click().run()
    assert any("Imported draft-2005-02.csv" in shown(s.value) for s in at.success)
    figures = load(data_copy).table("figures")
    assert (figures["edition"] == "2005-02").sum() > 150
    # Done: the draft and the edition details it filled in are gone, so the next upload cannot carry them elsewhere.
    assert at.text_input(key=period_start).value == "" and not any(
        "figures drafted" in shown(s.value) for s in at.success
    )


def test_the_draft_panel_refuses_bad_input_with_a_message(data_copy, monkeypatch):
    from lib.newsletters.newsletter import read_newsletter
    from tests.newsletter_files import to_docx

    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    text = ROOT / "tests" / "fixtures" / "newsletter-2005-02.txt"
    secrets = {"editors": {"password_hash": auth.hash_password("correct horse battery staple")}}
    at = app("app_pages/data_sources.py", secrets=secrets)
    at.text_input(key="editor_password").input("correct horse battery staple")
    at.button(key="FormSubmitter:editor_sign_in-Sign in").click().run()
    at.button_group(key=keys.IMPORT_SOURCE).set_value("The newsletter: draft its figures").run()
    at.file_uploader(key=keys.NEWSLETTER_UPLOAD).set_value(("newsletter.txt", text.read_bytes(), "text/plain")).run()
    for edition in ("2005-13", "abcd", "2005-2"):
        at.text_input(key=keys.DRAFT_EDITION).input(edition).run()
        at.button(key=keys.DRAFT_BUTTON).click().run()
        assert not at.exception and any("is not an edition" in shown(e.value) for e in at.error), edition
    at.text_input(key=keys.DRAFT_EDITION).input("2005-02").run()
    at.button(key=keys.DRAFT_BUTTON).click().run()
    assert any("figures drafted" in shown(s.value) for s in at.success)
    # Another file replaces the draft of the one before: it is not that file's draft.
    other = to_docx(read_newsletter(text.name, text.read_bytes().replace(b"515 Kosovars", b"999 Kosovars")).blocks)
    at.file_uploader(key=keys.NEWSLETTER_UPLOAD).set_value(("other.docx", other, "application/octet-stream")).run()
    assert not any("figures drafted" in shown(s.value) for s in at.success)
    # A text with no numbers that continue a figure: said, not a traceback.
    at.file_uploader(key=keys.NEWSLETTER_UPLOAD).set_value(
        ("empty.txt", b"A newsletter with words only.", "text/plain")
    ).run()
    at.button(key=keys.DRAFT_BUTTON).click().run()
    assert not at.exception and any("right file" in shown(w.value) for w in at.warning)
    # Binary bytes named .pdf: a clear message naming the file.
    at.file_uploader(key=keys.NEWSLETTER_UPLOAD).set_value(
        ("scan.pdf", bytes(range(256)) * 40, "application/pdf")
    ).run()
    at.button(key=keys.DRAFT_BUTTON).click().run()
    assert not at.exception and any("scan.pdf" in shown(e.value) for e in at.error)
