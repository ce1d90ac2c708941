"""An editor goes from the new newsletter, as a .docx, to an imported edition without typing a row; anyone
checks a proof."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lib.newsletters.newsletter import read_newsletter
from tests.e2e.conftest import ROOT, assert_no_errors, open_page, rerun, sign_in_as_editor, stop_server
from tests.e2e.conftest import editor_server as start_editor
from tests.newsletter_files import to_docx

NEWSLETTER = ROOT / "tests" / "fixtures" / "newsletter-2005-02.txt"  # TEST DATA


@pytest.fixture(scope="module")
def drafting_server(tmp_path_factory, chromium):
    """The app on its own copy of the data, with an editor password configured."""
    server = start_editor(tmp_path_factory.mktemp("e2e-draft"))
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def newsletter_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("newsletter") / "newsletter-2005-02.docx"
    path.write_bytes(to_docx(read_newsletter(NEWSLETTER.name, NEWSLETTER.read_bytes()).blocks))
    return path


def test_anyone_checks_a_proof_against_the_data(page: Page, drafting_server, newsletter_docx) -> None:
    open_page(page, drafting_server, "data")
    page.get_by_role("tab", name="Check a draft newsletter").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="A draft newsletter")
    page.get_by_label("Edition it is (YYYY-MM)").fill("2005-02")
    rerun(page, lambda: page.get_by_label("Edition it is (YYYY-MM)").press("Enter"))
    rerun(page, lambda: uploader.locator("input[type=file]").set_input_files(str(newsletter_docx)))
    # Not stored yet: checked against its own draft, where the planted contradiction shows.
    expect(page.get_by_text(re.compile(r"Checked against its own draft.*, 1 contradiction"))).to_be_visible()
    expect(page.get_by_text("Contradictions in the figures as drafted")).to_be_visible()


def test_an_editor_drafts_the_next_edition_from_its_newsletter(page: Page, drafting_server, newsletter_docx) -> None:
    sign_in_as_editor(page, drafting_server)
    rerun(page, page.get_by_test_id("stButtonGroup").get_by_text("The newsletter: draft its figures").click)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="The new newsletter")
    rerun(page, lambda: uploader.locator("input[type=file]").set_input_files(str(newsletter_docx)))
    expect(page.get_by_label("Edition (month of publication, YYYY-MM)")).to_have_value("2005-02")
    rerun(page, page.get_by_role("button", name="Draft the figures").click)
    expect(
        page.get_by_text(re.compile(r"newsletter-2005-02.docx: \d+ numbers found, 1[78]\d figures drafted"))
    ).to_be_visible()
    # One proposal at a time: the whole sentence with its number marked, what it would be stored as, and why.
    progress = re.compile(r"(\d+) of (\d+) reviewed · (\d+) left")
    expect(page.get_by_text(re.compile(r"^0 of 1[78]\d reviewed"))).to_be_visible()
    expect(page.get_by_text("⟦").first).to_be_visible()
    expect(page.get_by_text(re.compile("^Why:")).first).to_be_visible()
    rerun(page, page.get_by_role("button", name="Accept").click)
    expect(page.get_by_text(re.compile(r"^1 of 1[78]\d reviewed"))).to_be_visible()
    rerun(page, lambda: page.keyboard.press("a"))  # the keyboard accepts the next one (key A)
    expect(page.get_by_text(re.compile(r"^2 of 1[78]\d reviewed"))).to_be_visible()
    rerun(page, page.get_by_role("button", name="Back to the last one").click)
    expect(page.get_by_text(progress).first).to_contain_text("1 of")
    page.get_by_text("Every row of the draft, as a table").click()
    expect(page.get_by_test_id("stDataFrame").filter(visible=True).first).to_be_visible()  # the editable draft

    rerun(page, page.get_by_role("button", name="Check these figures for the import").click)
    expect(
        page.get_by_text(re.compile(r"draft-2005-02.csv: edition\(s\) 2005-02: 1[78]\d figure\(s\) added"))
    ).to_be_visible()
    rerun(page, page.get_by_role("button", name="Import these changes").click)
    expect(page.get_by_text(re.compile(r"Imported draft-2005-02.csv"))).to_be_visible()

    open_page(page, drafting_server, "")
    expect(page.locator("h1").first).to_contain_text("February 2005")
    expect(page.get_by_test_id("stMetric").filter(has_text="Returnees this quarter")).to_contain_text("515")
    assert_no_errors(page)
