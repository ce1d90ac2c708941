"""An editor adds the next edition in the browser, end to end; every reader sees it without a restart."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    EDITION_DETAILS_LABELS,
    EDITOR_PASSWORD,
    READY_TIMEOUT_MS,
    ROOT,
    assert_no_errors,
    import_uploader,
    open_import_tab,
    open_page,
    rerun,
    stop_server,
)
from tests.e2e.conftest import editor_server as start_editor

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
PASSWORD = EDITOR_PASSWORD


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory, chromium):
    """The app on its own copy of the data, with an editor password configured."""
    server = start_editor(tmp_path_factory.mktemp("e2e-import"))
    yield server
    stop_server(server)


def test_viewers_cannot_import(page: Page, app_server) -> None:
    open_import_tab(page, app_server)
    expect(page.get_by_text("Importing is switched off")).to_be_visible()
    expect(import_uploader(page)).to_have_count(0)


def test_an_editor_adds_the_next_edition(page: Page, editor_server, tmp_path) -> None:
    open_import_tab(page, editor_server)
    expect(import_uploader(page)).to_have_count(0)  # not before signing in
    page.get_by_label("Editor password").fill("not the password")
    rerun(page, page.get_by_role("button", name="Sign in").click)
    expect(page.get_by_text("That is not the editor password.")).to_be_visible()
    page.get_by_label("Editor password").fill(PASSWORD)
    rerun(page, page.get_by_role("button", name="Sign in").click)  # signing in reruns the script once more
    page.get_by_role("tab", name="Add or correct an edition").click()
    expect(page.get_by_text("Signed in as editor.")).to_be_visible()

    # The template arrives and has the figures header (made on the server when clicked).
    template_button = page.get_by_role("button", name="Download the template")
    expect(template_button).to_be_enabled()
    with page.expect_download(timeout=READY_TIMEOUT_MS) as arrived:
        template_button.click()
    template = tmp_path / "template.csv"
    arrived.value.save_as(template)
    assert (
        template.read_text(encoding="utf-8-sig")
        .splitlines()[0]
        .startswith("figure_id,edition,programme,indicator,value")
    )

    # A new edition without its details: refused, with the reason.
    rerun(page, lambda: import_uploader(page).locator("input[type=file]").set_input_files(str(FIXTURE)))
    expect(
        page.get_by_text(re.compile(r"problem\(s\) in edition-2005-02.csv: nothing has been changed"))
    ).to_be_visible()
    page.get_by_text("Edition details — needed when the upload adds a new edition").click()
    for key, label in EDITION_DETAILS_LABELS.items():
        page.get_by_label(label).fill(DETAILS[key])
        rerun(page, lambda label=label: page.get_by_label(label).press("Enter"))
    expect(page.get_by_text(re.compile(r"8 figure\(s\) added"))).to_be_visible()
    expect(page.get_by_role("tab", name="Added (8)")).to_be_visible()

    rerun(page, page.get_by_role("button", name="Import these changes").click)
    expect(page.get_by_text(re.compile(r"Imported edition-2005-02.csv"))).to_be_visible()
    # The imported file is not checked again ("all rows are already stored"): the uploader is empty.
    expect(page.locator("[data-testid=stAlertContentError]")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
    assert any((editor_server.data_dir / "history").iterdir())

    # Every page now has the new edition, by default, without a restart.
    open_page(page, editor_server, "")
    expect(page.locator("h1").first).to_contain_text("February 2005")
    expect(page.get_by_test_id("stMetric").filter(has_text="Returnees since 1999")).to_contain_text(
        "+380 since Nov 2004"
    )
    rerun(page, page.get_by_text(re.compile(r"Changed since November 2004: 6 moved")).click)  # reruns to build it
    expect(page.get_by_text("Moved — 6")).to_be_visible()  # built when opened
    expect(page.get_by_text("New — 2")).to_be_visible()
    assert_no_errors(page)
    # The trend over both editions, under "Over time" (the pictures of the mission are charts too).
    expect(page.get_by_role("heading", name="Over time")).to_be_visible()
    from lib.dataset.data import load
    from lib.presenting.glance import GLANCES
    from lib.presenting.present import code_names

    stored = load(editor_server.data_dir)
    february = stored.table("figures").loc[lambda f: f["edition"] == "2005-02"]
    pictures = sum(g.table(february, code_names(stored.tables)) is not None for g in GLANCES)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(pictures + 1)  # the pictures and the one trend
    for path in ("returns", "stabilisation", "map"):
        open_page(page, editor_server, f"{path}?edition=2005-02")
        assert_no_errors(page)

    # A reader changes edition in the sidebar: the page, the URL and the figures follow.
    open_page(page, editor_server, "")
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Edition").click()
    rerun(page, page.get_by_role("option", name="November 2004").click)
    expect(page.locator("h1").first).to_contain_text("November 2004")
    expect(page).to_have_url(re.compile(r"edition=2004-11"))
    expect(page.get_by_test_id("stMetric").filter(has_text="Returnees since 1999")).to_contain_text("187,739")
    assert_no_errors(page)
