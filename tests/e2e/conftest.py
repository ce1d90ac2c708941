"""Real-browser fixtures: a Streamlit server on a free port and Debian's Chromium driven by Playwright.

The server reads a temporary copy of ``data/`` (``IOM_DATA_DIR``), so a test that imports an
edition never touches the repository's data. The tests skip, saying why, only when no Chromium
is installed; every other failure (the server does not start, Playwright is missing) fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.browser import CHROMIUM_FLAGS, chromium_path, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
READY_TIMEOUT_MS = 30_000
# Charts and maps draw after the script ends; on a CPU-only machine (software WebGL) a map takes
# seconds. Playwright's default of 5 s per expectation is too tight for a loaded CI machine.
expect.set_options(timeout=20_000)


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen


def start_server(script: Path, data_dir: Path | None, log: Path, extra_env: dict[str, str] | None = None,
                 extra_args: list[str] | None = None) -> Server:
    """``streamlit run`` on a free localhost port; returns once the health endpoint answers."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    if data_dir is not None:
        env["IOM_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *(extra_args or [])]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
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
    raise RuntimeError(f"the app did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


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
    server = start_server(ROOT / "app.py", data_dir, data_dir.parent / "server.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser(chromium) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def wait_ready(page: Page) -> None:
    """Until the page has a title and the script has finished running (no fixed sleeps)."""
    expect(page.locator("h1").first).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=READY_TIMEOUT_MS)
    expect(page.locator("[data-testid^=stStatusWidgetRunning]")).to_have_count(0, timeout=READY_TIMEOUT_MS)


def open_page(page: Page, server: Server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    wait_ready(page)


def assert_no_errors(page: Page) -> None:
    """No traceback and no error box: warnings and notes are part of the content, errors are not."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("[data-testid=stAlertContentError]")).to_have_count(0)
