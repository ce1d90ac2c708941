"""Real-browser fixtures: a Streamlit server on a free port and Debian's Chromium driven by Playwright.

The server reads a temporary copy of ``data/`` (``IOM_DATA_DIR``), so a test that imports an
edition never touches the repository's data. The tests skip, saying why, only when no Chromium
is installed; every other failure (the server does not start, Playwright is missing) fails.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from google.protobuf.message import DecodeError
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser import CHROMIUM_FLAGS, chromium_path, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
READY_TIMEOUT_MS = 30_000
# Every wait in these tests is for a state (an element, its text or count, a finished script run,
# a drawn canvas); these are only the ceilings of such waits. Charts and maps draw after the script
# ends, and on a CPU-only machine (software WebGL) a map takes seconds, more on a busy one.
expect.set_options(timeout=30_000)
DRAWN_TIMEOUT_S = 45
STARTUP_TIMEOUT_S = 120  # a cold start imports pandas and validates the data: seconds, more on a busy machine
# A script run the server reports finished; a run cut short by st.rerun() is followed by another.
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen


def start_server(
    script: Path,
    data_dir: Path | None,
    log: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> Server:
    """``streamlit run`` on a free localhost port; returns once the health endpoint answers."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    if data_dir is not None:
        env["IOM_DATA_DIR"] = str(data_dir)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra_args or []),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return Server(url, data_dir or ROOT / "data", process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the app did not answer within {STARTUP_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


EDITOR_PASSWORD = "e2e editor password, test only"


def editor_server(folder: Path) -> Server:
    """The app on its own copy of the data in ``folder``, with an editor password configured (a test secret there)."""
    from lib.importing.auth import hash_password

    data_dir = folder / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", ".*"))
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[editors]\npassword_hash = "{hash_password(EDITOR_PASSWORD)}"\n')
    return start_server(
        ROOT / "serve.py", data_dir, folder / "server.log", extra_args=["--secrets.files", str(secrets)]
    )


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium installed (Debian: apt-get install -y chromium); the browser tests cannot run")
    return path


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", "*.lock"))
    server = start_server(ROOT / "serve.py", data_dir, data_dir.parent / "server.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser(chromium) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class AppSocket:
    """The page's websocket to the app: the latest one, since every page load opens a new one."""

    def __init__(self, page: Page) -> None:
        self.socket: WebSocket | None = None
        page.on("websocket", self._opened)

    def _opened(self, socket: WebSocket) -> None:
        self.socket = socket


_SOCKETS: dict[Page, AppSocket] = {}


def tracked(page: Page) -> Page:
    """Listen to the page's websocket from now on (before it loads the app), so reruns can be awaited."""
    if page not in _SOCKETS:
        _SOCKETS[page] = AppSocket(page)
    return page


def new_page(browser: Browser, width: int = 1280, height: int = 800) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    return context, tracked(context.new_page())


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context, opened = new_page(browser)
    yield opened
    context.close()


def script_finished(payload: bytes | str) -> bool:
    """Whether a websocket frame is the server saying a script run finished (not cut short for a rerun)."""
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return False
    return message.WhichOneof("type") == "script_finished" and message.script_finished in FINISHED


def rerun(page: Page, action: Callable[[], object]) -> None:
    """Do what makes the app rerun (a click, a choice, an upload), then wait until *that* run has
    finished and the page is drawn. Waiting for "not running" alone can pass before the rerun has
    even started, on a busy machine."""
    socket = _SOCKETS[page].socket
    assert socket is not None, "the page has no websocket to the app: open it with open_page first"
    with socket.expect_event("framereceived", predicate=script_finished, timeout=READY_TIMEOUT_MS):
        action()
    wait_ready(page)


def colours(element: Locator) -> int:
    """Distinct colours in a screenshot of the element: a blank canvas or empty SVG has one or two."""
    image = Image.open(io.BytesIO(element.screenshot())).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 20) or [])


def wait_drawn(element: Locator, more_than: int, what: str) -> None:
    """Until the element shows more than this many colours: a chart or map draws after the script
    ends, a WebGL map seconds later on a CPU-only machine. The limit is only a ceiling."""
    expect(element).to_be_visible()
    deadline = time.monotonic() + DRAWN_TIMEOUT_S
    seen = colours(element)
    while seen <= more_than:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} is not drawn after {DRAWN_TIMEOUT_S} s ({seen} colours)")
        element.page.wait_for_timeout(100)  # the next animation frames, then look again
        seen = colours(element)


def wait_ready(page: Page) -> None:
    """Until the page has a title and the script has finished running (no fixed sleeps)."""
    expect(page.locator("h1").first).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=READY_TIMEOUT_MS
    )
    expect(page.locator("[data-testid^=stStatusWidgetRunning]")).to_have_count(0, timeout=READY_TIMEOUT_MS)


def open_url(page: Page, url: str) -> None:
    tracked(page).goto(url)
    wait_ready(page)


def open_page(page: Page, server: Server, path: str) -> None:
    open_url(page, f"{server.url}/{path}")


def assert_no_errors(page: Page) -> None:
    """No traceback and no error box: warnings and notes are part of the content, errors are not."""
    errors = page.locator("[data-testid=stAlertContentError], [data-testid=stException]")
    try:
        expect(errors).to_have_count(0)
    except AssertionError as failure:  # say what the reader saw, not only how many
        raise AssertionError(f"{page.url}: {errors.all_inner_texts()}") from failure


EDITION_DETAILS_LABELS = {
    "title": "Title",
    "published": "Published (YYYY-MM)",
    "period_start": "Reporting period starts (YYYY-MM-DD)",
    "period_end": "Reporting period ends (YYYY-MM-DD)",
    "source_file": "Source file name",
}


def import_uploader(page: Page) -> Locator:
    """The import's uploader (the "Check a draft newsletter" tab, open to everyone, has its own)."""
    return page.get_by_test_id("stFileUploader").filter(has_text="CSV of figures")


def open_import_tab(page: Page, server: Server) -> None:
    open_page(page, server, "data")
    page.get_by_role("tab", name="Add or correct an edition").click()


def sign_in_as_editor(page: Page, server: Server) -> None:
    """Opens the import tab and signs in with the test editor password."""
    open_import_tab(page, server)
    page.get_by_label("Editor password").fill(EDITOR_PASSWORD)
    rerun(page, page.get_by_role("button", name="Sign in").click)
    page.get_by_role("tab", name="Add or correct an edition").click()
    expect(page.get_by_text("Signed in as editor.")).to_be_visible()


def upload_edition(page: Page, figures_csv: Path, details: dict[str, str]) -> None:
    """Uploads a CSV of a new edition's figures and fills in the edition's details (the preview follows)."""
    rerun(page, lambda: import_uploader(page).locator("input[type=file]").set_input_files(str(figures_csv)))
    page.get_by_text("Edition details — needed when the upload adds a new edition").click()
    for key, label in EDITION_DETAILS_LABELS.items():
        page.get_by_label(label).fill(details[key])
        rerun(page, lambda label=label: page.get_by_label(label).press("Enter"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e drives a real browser: marked ``browser`` (``make test-fast`` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
