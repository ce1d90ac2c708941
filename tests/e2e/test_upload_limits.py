"""Over-size uploads are refused by the uploader itself, in the browser, before a byte is sent; a newsletter as
large as the limit reaches the server (whose own limit, .streamlit/config.toml, is above every uploader's).

The files are made here, in a temporary folder: never committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from lib.dataset.csvtext import MAX_FILE_BYTES, MEGABYTE
from lib.newsletters.newsletter import MAX_NEWSLETTER_BYTES
from tests.e2e.conftest import editor_server as start_editor
from tests.e2e.conftest import import_uploader, open_page, sign_in_as_editor, stop_server
from ui.draft_tab import UPLOAD_MB


@pytest.fixture(scope="module")
def limits_server(tmp_path_factory, chromium):
    """The app on its own copy of the data, with an editor password configured (the import needs one)."""
    server = start_editor(tmp_path_factory.mktemp("e2e-upload-limits"))
    yield server
    stop_server(server)


def blank_file(path: Path, size: int) -> Path:
    """A file of ``size`` spaces: its size is all the uploader looks at."""
    path.write_bytes(b" " * size)
    return path


def check_uploader(page: Page) -> Locator:
    """The "Check a draft newsletter" tab's uploader, open to every reader."""
    return page.get_by_test_id("stFileUploader").filter(has_text="A draft newsletter")


def refusal(megabytes: int) -> str:
    """What Streamlit's uploader says on the file's chip of a file over its max_upload_size."""
    return f"File must be {megabytes:.1f}MB or smaller."


def uploads_sent(page: Page) -> list[str]:
    """The upload requests the page sends from now on (Streamlit's PUT /_stcore/upload_file/...)."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if "/_stcore/upload_file/" in request.url else None)
    return sent


def open_check_tab(page: Page, server) -> None:
    open_page(page, server, "data")
    page.get_by_role("tab", name="Check a draft newsletter").click()
    expect(check_uploader(page)).to_be_visible()


def test_a_reader_cannot_send_a_newsletter_over_the_limit(page: Page, limits_server, tmp_path: Path) -> None:
    """One byte over: refused on the file's chip, nothing sent, the page says nothing else about it."""
    open_check_tab(page, limits_server)
    sent = uploads_sent(page)
    too_big = blank_file(tmp_path / "too-big.txt", MAX_NEWSLETTER_BYTES + 1)
    check_uploader(page).locator("input[type=file]").set_input_files(str(too_big))
    chip = check_uploader(page).get_by_test_id("stFileChip")
    expect(chip).to_contain_text("too-big.txt")
    expect(chip.get_by_text(refusal(MAX_NEWSLETTER_BYTES // MEGABYTE))).to_be_visible()
    assert sent == []  # refused in the browser: the upload never left it
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # the app was handed no file


def test_a_newsletter_as_large_as_the_limit_reaches_the_server(page: Page, limits_server, tmp_path: Path) -> None:
    """The largest file the uploader lets go: the server takes it (no refusal on the chip), and the app reads
    it: a file of spaces is refused as empty, by name."""
    open_check_tab(page, limits_server)
    # Streamlit's uploader counts 1,000,000 bytes to the MB (outside Windows), as the code's limit does: one figure.
    assert UPLOAD_MB * MEGABYTE == MAX_NEWSLETTER_BYTES
    largest = blank_file(tmp_path / "largest.txt", MAX_NEWSLETTER_BYTES)
    check_uploader(page).locator("input[type=file]").set_input_files(str(largest))
    chip = check_uploader(page).get_by_test_id("stFileChip")
    expect(chip).to_contain_text("largest.txt")
    read = page.get_by_test_id("stAlertContentError").filter(has_text="largest.txt")
    refused = chip.get_by_role("alert")  # where the uploader says why, had the server refused it
    expect(read.or_(refused)).to_be_visible()
    expect(refused, "the uploader shows a refusal: the server did not take the file").to_have_count(0)
    expect(read).to_be_visible()


def test_an_editor_cannot_send_a_csv_over_the_limit(page: Page, limits_server, tmp_path: Path) -> None:
    """The import's own limit, not the server's larger one: refused on the chip, nothing sent."""
    sign_in_as_editor(page, limits_server)
    sent = uploads_sent(page)
    too_big = blank_file(tmp_path / "too-big.csv", MAX_FILE_BYTES + 1)
    import_uploader(page).locator("input[type=file]").set_input_files(str(too_big))
    chip = import_uploader(page).get_by_test_id("stFileChip")
    expect(chip).to_contain_text("too-big.csv")
    expect(chip.get_by_text(refusal(MAX_FILE_BYTES // MEGABYTE))).to_be_visible()
    assert sent == []
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
