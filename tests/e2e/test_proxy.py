"""Two dashboard processes behind nginx (deploy/run-local.sh), driven by a real browser.

Sticky sessions, one data folder shared by both processes, imports through either, and a process
killed under its readers. nginx comes from Debian (`.ci/run` installs it); where it is missing the
tests skip and say so. Which process a browser reaches is chosen by giving it a routing cookie
whose value nginx hashes to that process (found by asking the proxy, which names the process that
answered in a header).
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.browser import free_port_block
from bench.synthetic import shift
from lib.dataset.store import HISTORY_NOTE
from lib.importing.auth import hash_password
from tests.e2e.conftest import (
    EDITOR_PASSWORD,
    READY_TIMEOUT_MS,
    ROOT,
    STARTUP_TIMEOUT_S,
    Server,
    assert_no_errors,
    new_page,
    open_page,
    open_url,
    rerun,
    sign_in_as_editor,
    upload_edition,
    wait_ready,
)

FEBRUARY = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
FEBRUARY_DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
IMPORTED = re.compile(r"Imported edition-2005-0[25]\.csv")
REFUSED = re.compile(r"the data changed since this preview")


def nginx_path() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


@dataclass
class Proxy:
    """``deploy/run-local.sh 2 PORT`` and the lines it prints, read on a thread as they come."""

    url: str
    ports: list[int]
    pids: list[int]
    data_dir: Path
    process: subprocess.Popen
    lines: queue.Queue = field(default_factory=queue.Queue)
    routes: dict[int, str] = field(default_factory=dict)

    def server(self) -> Server:
        return Server(self.url, self.data_dir, self.process)

    def forget_lines(self) -> None:
        """Drop the lines printed so far: the next wait_for_line sees only what comes after."""
        while not self.lines.empty():
            self.lines.get_nowait()

    def wait_for_line(self, text: str, timeout: float = 60) -> str:
        """The next line the script prints that contains ``text`` (a ceiling, not a sleep)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"deploy/run-local.sh did not print {text!r} within {timeout} s")

    def upstream(self, route: str | None) -> int:
        """The port of the process that answers a request carrying this routing cookie."""
        headers = {"Cookie": f"iom_route={route}"} if route else {}
        request = urllib.request.Request(f"{self.url}/_stcore/health", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.headers["X-Dashboard-Upstream"].rsplit(":", 1)[1])

    def route_to(self, port: int) -> str:
        """A routing cookie value that nginx sends to the process on ``port``."""
        if port not in self.routes:
            for index in range(500):
                value = f"test-route-{index}"
                if self.upstream(value) == port:
                    self.routes[port] = value
                    break
            else:
                raise AssertionError(f"no routing cookie reaches port {port}")
        return self.routes[port]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, chromium) -> Iterator[Proxy]:
    if nginx_path() is None:
        pytest.skip("nginx is not installed (Debian: apt-get install -y nginx); the proxy tests cannot run")
    folder = tmp_path_factory.mktemp("proxy")
    data_dir = folder / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", "*.lock"))
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[editors]\npassword_hash = "{hash_password(EDITOR_PASSWORD)}"\n')
    port = free_port_block(2)
    env = {
        **os.environ,
        "IOM_DATA_DIR": str(data_dir),
        "IOM_RUN_DIR": str(folder / "run"),
        "HEALTH_INTERVAL": "0.5",
        "STARTUP_TIMEOUT": str(STARTUP_TIMEOUT_S),
        "IOM_VALIDATION_CACHE": str(folder / "validation"),
    }
    process = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "run-local.sh"), "2", str(port), "--", "--secrets.files", str(secrets)],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: queue.Queue = queue.Queue()
    printed: list[str] = []

    def read() -> None:
        for line in process.stdout:
            printed.append(line)
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    running = Proxy(f"http://127.0.0.1:{port}", [port + 1, port + 2], [], data_dir, process, lines)
    try:
        pids = running.wait_for_line("processes:", STARTUP_TIMEOUT_S)
        running.pids = [int(pid) for pid in pids.split()[1:]]
        running.wait_for_line("ready:", STARTUP_TIMEOUT_S)
    except AssertionError:
        os.killpg(process.pid, signal.SIGINT)  # the script and what it started, not only the script
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("deploy/run-local.sh did not start:\n" + "".join(printed[-40:])) from None
    yield running
    # TERM, as a service manager stops it (bash may pass over an INT sent to it alone while a child
    # runs: a terminal's Ctrl-C reaches the whole group). The script stops nginx and both processes.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    reader.join(timeout=10)  # the script's last lines are read
    assert "stopped" in "".join(printed[-3:])
    for pid in running.pids:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), (
            f"process {pid} outlived deploy/run-local.sh"
        )


def routed_page(browser: Browser, proxy: Proxy, port: int | None) -> tuple[BrowserContext, Page]:
    """A new browser (context) whose requests nginx sends to the process on ``port`` (None: the proxy chooses)."""
    context, page = new_page(browser)
    if port is not None:
        context.add_cookies([{"name": "iom_route", "value": proxy.route_to(port), "url": proxy.url}])
    return context, page


def edition_picker(page: Page):
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name="Edition")


def edition_may_2005(folder: Path) -> tuple[Path, dict[str, str]]:
    """A second test edition, May 2005: the February fixture moved on by a quarter (ids, edition, periods)."""
    with FEBRUARY.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["figure_id"] = row["figure_id"].replace("2005-02", "2005-05", 1)
        row["edition"] = "2005-05"
        row["period_start"], row["period_end"] = shift(row["period_start"], 3), shift(row["period_end"], 3)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / "edition-2005-05.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    details = {
        **FEBRUARY_DETAILS,
        "title": "TEST DATA - synthetic edition 2005-05 (not a real newsletter)",
        "published": "2005-05",
        "period_start": shift(FEBRUARY_DETAILS["period_start"], 3),
        "period_end": shift(FEBRUARY_DETAILS["period_end"], 3),
    }
    return path, details


def test_each_process_has_a_cpu_of_its_own(proxy: Proxy) -> None:
    """run-local.sh pins process i to CPU i (round robin): one process's threads do not pass Python's lock between
    cores."""
    if shutil.which("taskset") is None:
        pytest.skip("taskset (util-linux) is not installed: run-local.sh leaves the processes unpinned")
    allowed = sorted(os.sched_getaffinity(0))
    pinned = [os.sched_getaffinity(pid) for pid in proxy.pids]
    assert all(len(cpus) == 1 for cpus in pinned), pinned
    assert [cpus.pop() for cpus in pinned] == [allowed[i % len(allowed)] for i in range(len(proxy.pids))]


def test_a_session_stays_with_its_process_through_the_proxy(browser, proxy: Proxy, tmp_path: Path) -> None:
    """No routing cookie to begin with: nginx sets one, and the page, its websocket, a CSV download
    (served from the process's memory) and an editor's upload all reach the same process."""
    context, page = routed_page(browser, proxy, None)
    answered: set[str] = set()
    page.on("response", lambda response: answered.add(response.headers.get("x-dashboard-upstream", "")))
    try:
        open_page(page, proxy.server(), "data")
        assert_no_errors(page)
        cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
        assert cookies.get("iom_route"), "nginx set no routing cookie"
        port = proxy.upstream(cookies["iom_route"])

        button = page.get_by_role("button", name="Download CSV").first
        with page.expect_download() as arrived:
            button.click()
        saved = tmp_path / "figures.csv"
        arrived.value.save_as(saved)
        stored = list(csv.DictReader((proxy.data_dir / "figures.csv").open(encoding="utf-8")))
        assert len(list(csv.DictReader(saved.open(encoding="utf-8-sig")))) == len(stored)

        sign_in_as_editor(page, proxy.server())
        upload_edition(page, FEBRUARY, FEBRUARY_DETAILS)  # the file goes to /_stcore/upload_file of this session
        expect(page.get_by_text(re.compile(r"8 figure\(s\) added"))).to_be_visible()
        assert_no_errors(page)
        answered.discard("")
        assert answered == {f"127.0.0.1:{port}"}, f"one session's requests reached {sorted(answered)}"
    finally:
        context.close()


def test_an_import_through_one_process_is_shown_by_the_other(browser, proxy: Proxy) -> None:
    first, second = proxy.ports
    reader_context, reader = routed_page(browser, proxy, second)
    editor_context, editor = routed_page(browser, proxy, first)
    try:
        open_page(reader, proxy.server(), "")
        expect(reader.locator("h1").first).to_contain_text("November 2004")  # the second process has the data loaded

        sign_in_as_editor(editor, proxy.server())
        upload_edition(editor, FEBRUARY, FEBRUARY_DETAILS)
        rerun(editor, editor.get_by_role("button", name="Import these changes").click)
        expect(editor.get_by_text(IMPORTED)).to_be_visible()

        open_page(reader, proxy.server(), "")  # the same process, not restarted
        expect(reader.locator("h1").first).to_contain_text("February 2005")
        expect(reader.get_by_test_id("stMetric").filter(has_text="Returnees since 1999")).to_contain_text(
            "+380 since Nov 2004"
        )
        assert_no_errors(reader)
    finally:
        reader_context.close()
        editor_context.close()


def test_two_imports_at_once_both_land_in_order(browser, proxy: Proxy, tmp_path: Path) -> None:
    """Two editors, one on each process, confirm two editions at the same moment (two clicks a few
    milliseconds apart, each run in its own process). The store's lock puts them in order: the
    first lands; the second, previewed against data that has since changed, is refused without
    writing and lands when confirmed again. Nothing is lost."""
    may_csv, may_details = edition_may_2005(tmp_path)
    corrected = tmp_path / "edition-2005-02.csv"  # February again, one figure corrected: a change, not a no-op
    corrected.write_text(
        FEBRUARY.read_text(encoding="utf-8").replace(
            "2005-02-001,2005-02,avr,returnees,380,,,380,", "2005-02-001,2005-02,avr,returnees,381,,,381,", 1
        )
    )
    assert corrected.read_text() != FEBRUARY.read_text()
    stored_before = {
        row["figure_id"] for row in csv.DictReader((proxy.data_dir / "figures.csv").open(encoding="utf-8"))
    }
    february_stored = "2005-02-001" in stored_before  # imported by the test before, when the module runs whole
    history = proxy.data_dir / "history"
    notes_before = set(history.iterdir()) if history.exists() else set()
    pages = []
    try:
        for port, (upload, details) in zip(
            proxy.ports, [(corrected, FEBRUARY_DETAILS), (may_csv, may_details)], strict=False
        ):
            context, page = routed_page(browser, proxy, port)
            pages.append((context, page))
            sign_in_as_editor(page, proxy.server())
            upload_edition(page, upload, details)
            expect(page.get_by_role("button", name="Import these changes")).to_be_enabled()
        # Both confirmed at once: neither click waits for its run.
        for _, page in pages:
            page.get_by_role("button", name="Import these changes").click()
        outcomes = []
        for _, page in pages:
            expect(page.get_by_text(IMPORTED).or_(page.get_by_text(REFUSED))).to_be_visible(timeout=READY_TIMEOUT_MS)
            wait_ready(page)
            outcomes.append("imported" if page.get_by_text(IMPORTED).count() else "refused")
        assert sorted(outcomes) == ["imported", "refused"], outcomes
        late = pages[outcomes.index("refused")][1]
        # The refused editor looks again (the preview is made anew against the stored data) and confirms.
        expect(late.get_by_role("button", name="Import these changes")).to_be_enabled()
        rerun(late, late.get_by_role("button", name="Import these changes").click)
        expect(late.get_by_text(IMPORTED)).to_be_visible()
    finally:
        for context, _ in pages:
            context.close()

    stored = {row["figure_id"]: row for row in csv.DictReader((proxy.data_dir / "figures.csv").open(encoding="utf-8"))}
    # May's 8 added; February's 8 added too, or already there with one corrected.
    assert len(stored) == len(stored_before) + 8 + (0 if february_stored else 8)
    assert stored["2005-02-001"]["value"] == "381"
    assert all(f"2005-05-00{n}" in stored for n in range(1, 9))
    editions = {row["edition_id"] for row in csv.DictReader((proxy.data_dir / "editions.csv").open(encoding="utf-8"))}
    assert {"2004-11", "2005-02", "2005-05"} <= editions
    # Each import left its note in the history, the one that landed first written first.
    notes = sorted(set(history.iterdir()) - notes_before)
    assert len(notes) == 2, notes
    landed = [json.loads((note / HISTORY_NOTE).read_text(encoding="utf-8")) for note in notes]
    assert [note["outcome"] for note in landed] == ["imported", "imported"], landed
    first_landed = "edition-2005-02.csv" if outcomes[0] == "imported" else "edition-2005-05.csv"
    assert [note["upload"] for note in landed] == [
        first_landed,
        ({"edition-2005-02.csv", "edition-2005-05.csv"} - {first_landed}).pop(),
    ]


def test_a_killed_process_hands_its_readers_to_the_other(browser, proxy: Proxy) -> None:
    """Runs last: one process is killed. New readers, even those whose cookie named the dead process,
    are served by the other; a reader who was on it reconnects and gets the view back from its URL."""
    doomed, survivor = proxy.ports
    context, reader = routed_page(browser, proxy, doomed)
    try:
        view = "donors?donor=sida&edition=2004-11"  # not the defaults: the newest edition is 2005-05 by now
        open_page(reader, proxy.server(), view)
        expect(edition_picker(reader)).to_have_value("November 2004")
        expect(reader.locator("h3").first).to_contain_text("Swedish International Development Cooperation Agency")

        proxy.forget_lines()
        with reader.expect_event("websocket", timeout=READY_TIMEOUT_MS * 2) as reconnected:
            os.kill(proxy.pids[proxy.ports.index(doomed)], signal.SIGKILL)
            proxy.wait_for_line(f"port {doomed}) failed its health check")
        assert "/_stcore/stream" in reconnected.value.url
        wait_ready(reader)
        expect(edition_picker(reader)).to_have_value("November 2004")
        expect(reader.locator("h3").first).to_contain_text("Swedish International Development Cooperation Agency")
        expect(reader).to_have_url(re.compile(r"donor=sida"))
        assert_no_errors(reader)
        assert proxy.upstream(proxy.route_to(doomed)) == survivor  # a cookie naming the dead process
        assert proxy.upstream(None) == survivor
    finally:
        context.close()

    newcomer_context, newcomer = routed_page(browser, proxy, None)
    try:
        open_url(newcomer, f"{proxy.url}/returns")
        expect(newcomer.locator("h1").first).to_contain_text("Returns")
        assert_no_errors(newcomer)
    finally:
        newcomer_context.close()
