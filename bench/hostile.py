"""A reader's page times and the server's memory while hostile newsletters are read (issue 22).

    python bench/hostile.py            # about 3 minutes; needs Chromium

Starts one server (``streamlit run serve.py``) on a copy of the data. A simulated reader (bench/load.py's
websocket ``Session``, the protocol a browser tab speaks) pages through the overview, Returns, the Map
and Donors without pause. Meanwhile Chromium, as another anonymous reader in a fresh session each
time, gives each hostile file (tests/hostile_files.py) and, for comparison, a real newsletter as a 50-page PDF
to the Check a draft newsletter tab, and waits for the page's answer. Per file: seconds to the
answer, the answer, the reader's page times while it was read (median, max; a page that started in
that window), the peak resident memory of the server and of its worker (sampled every 20 ms from
/proc). Before the first file, the same reader's page times with nothing uploaded.

Writes bench/results/hostile.json and prints a table.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from bench.browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from bench.load import PageTime, Session  # noqa: E402
from lib.newsletters.newsletter import read_newsletter  # noqa: E402
from tests.e2e.conftest import start_server, stop_server  # noqa: E402
from tests.hostile_files import HOSTILE  # noqa: E402
from tests.newsletter_files import to_pdf  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "hostile.json"
ROUTE = ["", "returns", "map", "donors"]
BASELINE_S = 15.0
ANSWER_TIMEOUT_MS = 90_000


class Reader(threading.Thread):
    """The reader who is not uploading: every page of ``ROUTE`` in turn, no pause, until stopped."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stopped = base, threading.Event()
        self.times: list[PageTime] = []

    def run(self) -> None:
        asyncio.run(self._pages())

    async def _pages(self) -> None:
        session = Session(self.base)
        step = 0
        while not self.stopped.is_set():
            self.times.append(await session.run_page(ROUTE[step % len(ROUTE)]))
            step += 1
        await session.close()

    def between(self, start: float, end: float) -> list[PageTime]:
        return [t for t in self.times if start <= t.started <= end]


class Memory(threading.Thread):
    """The peak resident memory of the server and of any process it started (the worker), in MB."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.server_mb, self.worker_mb, self.stopped = pid, 0.0, 0.0, threading.Event()

    def reset(self) -> None:
        self.server_mb = self.worker_mb = 0.0

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            self.server_mb = max(self.server_mb, _resident_mb(self.pid))
            for child in _children(self.pid):
                if _is_worker(child):  # not a child between fork and exec: that one still shows the server's pages
                    self.worker_mb = max(self.worker_mb, _resident_mb(child))


def _resident_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def _is_worker(pid: int) -> bool:
    try:
        return b"lib.newsletters.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def summary(times: list[PageTime]) -> dict:
    seconds = [t.seconds for t in times]
    return {
        "pages": len(seconds),
        "median_s": round(statistics.median(seconds), 3) if seconds else None,
        "max_s": round(max(seconds), 3) if seconds else None,
        "errors": sum(bool(t.error) for t in times),
    }


def answer_of(page, name: str) -> str:
    """The page's answer to the upload: an alert naming the file or the check's summary, or the chip's refusal."""
    answer = page.get_by_test_id("stAlert").filter(has_text=re.compile(re.escape(name) + "|Checked against"))
    refused = page.get_by_test_id("stFileChip").get_by_text(re.compile("or smaller"))
    expect(answer.or_(refused).first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    return (answer.first.inner_text() if answer.count() else refused.first.inner_text()).strip()


def main() -> int:
    chromium = chromium_path()
    if chromium is None:
        print("needs Chromium (Debian: apt-get install -y chromium)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="iom-hostile-"))
    files = {name: make() for name, make in HOSTILE.items()}
    text = ROOT / "tests" / "fixtures" / "newsletter-2005-02.txt"
    files["50-page-newsletter.pdf"] = to_pdf(read_newsletter(text.name, text.read_bytes()).blocks * 4, columns=2)
    for name, content in files.items():
        (work / name).write_bytes(content)
    shutil.copytree(ROOT / "data", work / "data")
    server = start_server(ROOT / "serve.py", work / "data", work / "server.log")
    memory, reader = Memory(server.process.pid), Reader(server.url)
    results: dict = {"machine": "the CI kind of machine: 2 cores, 24 GiB", "files": {}}
    try:
        memory.start()
        reader.start()
        time.sleep(3)  # the reader's first, cold pages are not the baseline
        start = time.monotonic()
        time.sleep(BASELINE_S)
        results["baseline"] = summary(reader.between(start, time.monotonic())) | {
            "server_mb": round(memory.server_mb, 1)
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            for name, content in files.items():
                context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new session each time
                page = context.new_page()
                page.goto(f"{server.url}/data", wait_until="networkidle")
                page.get_by_role("tab", name="Check a draft newsletter").click()
                uploader = page.get_by_test_id("stFileUploader").filter(has_text="A draft newsletter")
                memory.reset()
                started = time.monotonic()
                uploader.locator("input[type=file]").set_input_files(str(work / name))
                said = answer_of(page, name)
                ended = time.monotonic()
                time.sleep(0.5)  # the reader's page that started last finishes
                results["files"][name] = {
                    "bytes": len(content),
                    "answer_s": round(ended - started, 2),
                    "answer": said[:160],
                    "reader": summary(reader.between(started, ended)),
                    "server_peak_mb": round(memory.server_mb, 1),
                    "worker_peak_mb": round(memory.worker_mb, 1),
                }
                print(name, results["files"][name], flush=True)
                context.close()
            browser.close()
    finally:
        reader.stopped.set()
        memory.stopped.set()
        stop_server(server)
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    base = results["baseline"]
    print(
        f"\nreader with nothing uploaded: median {base['median_s']} s, max {base['max_s']} s over "
        f"{base['pages']} pages; server {base['server_mb']} MB"
    )
    print(
        f"{'file':<30}{'KB':>8}{'answer s':>10}{'reader med':>11}{'reader max':>11}{'server MB':>10}{'worker MB':>10}"
    )
    for name, row in results["files"].items():
        print(
            f"{name:<30}{row['bytes'] / 1024:>8.0f}{row['answer_s']:>10}{row['reader']['median_s'] or '-':>11}"
            f"{row['reader']['max_s'] or '-':>11}{row['server_peak_mb']:>10}{row['worker_peak_mb']:>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
