"""Browser benchmark: the dashboard as Chromium sees it, against a one-line Streamlit page.

    python bench/run.py [--repeat N] [--sessions N] [--editions N]

In one run, for three apps -- the dashboard on its data, the dashboard on the data grown to
N editions (synthetic, in a temporary folder), and a one-line Streamlit page (the yardstick) --
it measures, each with min / median / max over the repetitions:

1. cold start: ``streamlit run`` started to the first page fully drawn in the browser;
2. per page, warm: the server's script run and the browser's time to page-ready, both when the
   page is opened by its address (a new session) and when it is reached from the sidebar;
3. payload per page: bytes sent over the websocket, and how many of them are chart specs
   (Vega-Lite), map specs (deck.gl) and tables;
4. concurrency: N browser sessions opening the overview at once: p50 / p95 time to ready,
   errors, and the server's peak memory.

"Ready" means the page's title is shown, the script has finished and every chart and map on it
has drawn its SVG or canvas. Prints a table with the targets of issue 5 and writes
``bench/results/run.json``. Needs Debian's Chromium (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM_FLAGS, chromium_path, free_port  # noqa: E402
from bench.synthetic import grow  # noqa: E402
from lib.presenting.pages import PAGES, url_path  # noqa: E402

DASHBOARD_PAGES = [url_path(spec) for spec in PAGES]
TARGETS = {
    "warm_server_ms": 150,
    "ready_s": 1.5,
    "cold_s": 4.0,
    "map_payload_kb": 300,
    "scale_ratio": 2.0,
    "concurrent_p95_s": 5.0,
    "memory_mb": 600,
}
# Ready: a title, the script finished, no running indicator, every chart and map drawn.
READY = """([title, charts, maps]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid^=stStatusWidgetRunning]')) return false;
  const h1 = document.querySelector('[data-testid=stMain] h1');
  if (!h1 || (title !== null && !h1.innerText.startsWith(title))) return false;
  const vega = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')];
  const decks = [...document.querySelectorAll('[data-testid=stDeckGlJsonChart]')];
  if (charts !== null && (vega.length !== charts || decks.length !== maps)) return false;
  // A deck draws once it has sized its canvas to its box (a new canvas is 300 x 150). Not an exact
  // match with the box: a scrollbar appearing later narrows the box without making the deck redraw.
  const sized = d => { const c = d.querySelector('canvas'); return c && c.clientWidth > 0 && !(c.width === 300 && c.height === 150); };
  return vega.every(c => c.querySelector('svg, canvas')) && decks.every(sized)
    ? {title: h1.innerText, charts: vega.length, maps: decks.length,
       errors: document.querySelectorAll('[data-testid=stException], [data-testid=stAlertContentError]').length}
    : false;
}"""  # noqa: E501 - JavaScript, kept as the browser runs it
READY_TIMEOUT_MS = 60_000


def stats(values: list[float], digits: int = 1) -> dict[str, float]:
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


@dataclass
class Server:
    """One ``streamlit run`` under ``bench/serve.py``, which logs every script run's duration."""

    script: Path
    data_dir: Path | None
    work: Path
    process: subprocess.Popen | None = None
    url: str = ""
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.work / f"runs-{self.script.stem}-{id(self)}.jsonl"

    def start(self, validation_cache: Path | None = None) -> float:
        """Starts the server; returns the monotonic time it was started at."""
        port = free_port()
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "IOM_VALIDATION_CACHE": str(validation_cache or self.work / "validation-cache"),
        }
        if self.data_dir is not None:
            env["IOM_DATA_DIR"] = str(self.data_dir)
        self.log.write_text("")
        command = [
            sys.executable,
            str(ROOT / "bench" / "serve.py"),
            str(self.log),
            str(self.script),
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
        ]
        started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{port}"
        deadline = started + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.script.name} exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        return started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.script.name} did not answer in 90 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def runs(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def peak_memory_mb(self) -> float:
        """The server process's peak resident memory (Linux ``VmHWM``)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


async def wait_ready(page: Page, title: str | None = None, charts: int | None = None, maps: int | None = None) -> dict:
    try:
        handle = await page.wait_for_function(READY, arg=[title, charts, maps], timeout=READY_TIMEOUT_MS, polling="raf")
    except Exception as error:
        seen = await page.evaluate(READY, [None, None, None])
        raise RuntimeError(
            f"{page.url} not ready: wanted {title!r} with {charts} charts and {maps} maps; the page shows {seen}"
        ) from error
    ready = await handle.json_value()
    # Two more frames: a map draws its first frame (compiling its WebGL shaders) in the next one.
    await page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return ready


async def server_ms_since(server: Server, before: int) -> float:
    """The script runs logged since ``before`` lines (waits briefly: the log is written as a run ends)."""
    for _ in range(100):
        runs = server.runs()[before:]
        if runs:
            return sum(run["ms"] for run in runs)
        await asyncio.sleep(0.02)
    return float("nan")


@dataclass
class PageInfo:
    path: str
    title: str
    charts: int
    maps: int


async def survey(browser: Browser, server: Server, paths: list[str]) -> list[PageInfo]:
    """Each page opened once (warming the server's caches): its title and how many charts and maps it draws."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    found = []
    for path in paths:
        await page.goto(f"{server.url}/{path}")
        # Chart components load lazily: a finished page can show its charts a moment later. Count
        # them once the page has stayed ready and unchanged for a second.
        ready, stable_since = await wait_ready(page), time.monotonic()
        while time.monotonic() - stable_since < 1.0:
            await asyncio.sleep(0.1)
            again = await wait_ready(page)
            if again != ready:
                ready, stable_since = again, time.monotonic()
        if ready["errors"]:
            raise RuntimeError(f"/{path} shows an error")
        found.append(PageInfo(path, ready["title"], ready["charts"], ready["maps"]))
    await context.close()
    return found


async def cold_start(browser: Browser, server: Server, first: PageInfo, repeat: int, first_ever: bool) -> list[float]:
    """Seconds from starting the server process to the first page fully drawn.

    ``first_ever``: with an empty validation cache, as on a new machine or after the data
    changed; otherwise a restart with the data unchanged.
    """
    times = []
    for attempt in range(repeat):
        server.stop()
        cache = server.work / f"validation-cache-first-{attempt}" if first_ever else None
        started = server.start(cache)
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        await page.goto(f"{server.url}/{first.path}")
        await wait_ready(page, first.title, first.charts, first.maps)
        times.append(time.monotonic() - started)
        await context.close()
    return times


async def warm_pages(
    browser: Browser, server: Server, pages: list[PageInfo], repeat: int, navigate: bool = True
) -> dict[str, dict]:
    """Per page: server script time and browser time to ready, opened by address and from the sidebar."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    load_s: dict[str, list[float]] = {info.path: [] for info in pages}
    load_server: dict[str, list[float]] = {info.path: [] for info in pages}
    nav_s: dict[str, list[float]] = {info.path: [] for info in pages}
    nav_server: dict[str, list[float]] = {info.path: [] for info in pages}
    for _ in range(repeat):
        for info in pages:  # opened by its address: a new session
            before = len(server.runs())
            started = time.monotonic()
            await page.goto(f"{server.url}/{info.path}")
            await wait_ready(page, info.title, info.charts, info.maps)
            load_s[info.path].append(time.monotonic() - started)
            load_server[info.path].append(await server_ms_since(server, before))
        if not navigate or len(pages) < 2:
            continue
        # Through the sidebar, page after page, as a reader does: each click lands on the next page.
        for info in pages[1:] + pages[:1]:
            before = len(server.runs())
            started = time.monotonic()
            link = (
                f'[data-testid=stSidebarNav] a[href$="/{info.path}"]' if info.path else "[data-testid=stSidebarNav] a"
            )
            await page.locator(link).first.click()
            await wait_ready(page, info.title, info.charts, info.maps)
            nav_s[info.path].append(time.monotonic() - started)
            nav_server[info.path].append(await server_ms_since(server, before))
    await context.close()
    return {
        info.path or "overview": {
            "title": info.title,
            "charts": info.charts,
            "maps": info.maps,
            "load_ready_s": stats(load_s[info.path], 3),
            "load_server_ms": stats(load_server[info.path]),
            "nav_ready_s": stats(nav_s[info.path], 3) if nav_s[info.path] else None,
            "nav_server_ms": stats(nav_server[info.path]) if nav_server[info.path] else None,
        }
        for info in pages
    }


async def payloads(browser: Browser, server: Server, pages: list[PageInfo]) -> dict[str, dict]:
    """Bytes the server sends a new session opening each page, split by element kind."""
    results = {}
    for info in pages:
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        sizes = {"websocket": 0, "vega_lite": 0, "deck_gl": 0, "tables": 0, "other_elements": 0}

        def on_frame(payload: bytes | str) -> None:
            if isinstance(payload, str):
                return
            sizes["websocket"] += len(payload)  # noqa: B023 - this page's handler, used while it is open
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.HasField("delta") and message.delta.HasField("new_element"):
                element = message.delta.new_element
                kind = element.WhichOneof("type") or ""
                bucket = (
                    "vega_lite"
                    if "vega_lite" in kind
                    else "deck_gl"
                    if "deck_gl" in kind
                    else "tables"
                    if "data_frame" in kind or kind == "arrow_table"
                    else "other_elements"
                )
                sizes[bucket] += element.ByteSize()  # noqa: B023 - as above

        page.on("websocket", lambda socket_: socket_.on("framereceived", on_frame))
        await page.goto(f"{server.url}/{info.path}")
        await wait_ready(page, info.title, info.charts, info.maps)
        await asyncio.sleep(0.3)  # late frames (e.g. the script-finished message) after the page is drawn
        results[info.path or "overview"] = {k: round(v / 1024, 1) for k, v in sizes.items()}
        await context.close()
    return results


async def concurrency(browser: Browser, server: Server, first: PageInfo, sessions: int, rounds: int) -> dict:
    """``sessions`` sessions (browser tabs) opening the first page at the same moment.

    The tabs share one browser context, so the app's JavaScript is fetched and compiled once, as
    it would be on separate devices, and the load on this machine's CPU stays the server's.
    """
    p50, p95, server_p95, errors = [], [], [], 0
    for _ in range(rounds):
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        warm = (
            await context.new_page()
        )  # the browser's cache holds the app's static files, as a returning reader's does
        await warm.goto(f"{server.url}/{first.path}")
        await wait_ready(warm, first.title, first.charts, first.maps)
        pages = [await context.new_page() for _ in range(sessions)]
        before = len(server.runs())
        started = time.monotonic()

        async def open_one(page: Page) -> float | None:
            try:
                await page.goto(f"{server.url}/{first.path}")
                ready = await wait_ready(page, first.title, first.charts, first.maps)
                return None if ready["errors"] else time.monotonic() - started  # noqa: B023 - awaited here
            except Exception:  # a failed session is counted, not raised
                return None

        times = await asyncio.gather(*(open_one(page) for page in pages))
        ok = [t for t in times if t is not None]
        errors += len(times) - len(ok)
        if ok:
            p50.append(percentile(ok, 0.5))
            p95.append(percentile(ok, 0.95))
        await asyncio.sleep(0.2)
        runs = [run["ms"] for run in server.runs()[before:]]
        if runs:
            server_p95.append(percentile(runs, 0.95))
        await context.close()
    return {
        "sessions": sessions,
        "rounds": rounds,
        "p50_s": stats(p50, 3),
        "p95_s": stats(p95, 3),
        "server_run_p95_ms": stats(server_p95),
        "errors": errors,
        "peak_memory_mb": round(server.peak_memory_mb(), 1),
    }


async def measure_app(
    browser: Browser,
    name: str,
    script: Path,
    data_dir: Path | None,
    paths: list[str],
    work: Path,
    repeat: int,
    sessions: int,
    navigate: bool = True,
    cold: int = 3,
    crowd: int = 2,
) -> dict:
    print(f"… {name}", file=sys.stderr, flush=True)
    server = Server(script, data_dir, work)
    result: dict = {"name": name}
    try:
        server.start()
        pages = await survey(browser, server, paths)
        if cold:
            result["cold_start_s"] = stats(await cold_start(browser, server, pages[0], cold, first_ever=True), 3)
            result["restart_s"] = stats(await cold_start(browser, server, pages[0], cold, first_ever=False), 3)
            await survey(browser, server, paths)  # caches warm again after the last cold start
        result["pages"] = await warm_pages(browser, server, pages, repeat, navigate)
        result["payload_kb"] = await payloads(browser, server, pages)
        if crowd:
            result["concurrency"] = await concurrency(browser, server, pages[0], sessions, rounds=crowd)
    finally:
        server.stop()
    return result


def ratio(value: float, base: float) -> str:
    return f"{value / base:.1f}×" if base else "–"


YARDSTICK_RATIO = 1.5  # issue 25: the Map page and a cold start, each against its yardstick in the same run


def report_against_yardsticks(results: dict) -> list[str]:
    """``--apps baseline,dashboard``: each page ready by address and each start, as a ratio to its yardstick in the
    same run (a map page to the one-layer deck.gl page, a start to the one-line page's), against 1.5×."""
    base, one = results["baseline"], results["dashboard"]
    line_page = next(iter(base["pages"].values()))["load_ready_s"]["median"]
    deck_page = next(iter(results["baseline_map"]["pages"].values()))["load_ready_s"]["median"]
    lines = [f"Against the yardsticks in this run (target <= {YARDSTICK_RATIO}×; medians):"]
    floor = results.get("floor")
    for key, label in (("cold_start_s", "first start (data validated)"), ("restart_s", "restart (data unchanged)")):
        value, yard = one[key]["median"], base[key]["median"]
        ok = value <= YARDSTICK_RATIO * yard
        lines.append(
            f"  {label:<30}{value:>6.2f} s, {ratio(value, yard)} the one-line page's {yard:.2f} s"
            f"{'' if ok else '  MISSED'}"
        )
        if floor:
            # The least a first page can do under the terms (bench/floor_app.py): no start beats it.
            least = floor[key]["median"]
            lines.append(f"    {'its floor (pandas, Altair, 4 charts)':<28}{least:>6.2f} s, {ratio(least, yard)}")
    for key, page in one["pages"].items():
        ready = page["load_ready_s"]["median"]
        nav = f", {page['nav_ready_s']['median']:.2f} s from the sidebar" if page["nav_ready_s"] else ""
        if page["maps"] or key == "map":  # a map page is measured against the deck.gl yardstick
            missed = "" if ready <= YARDSTICK_RATIO * deck_page else "  MISSED"
            against = f"{ratio(ready, deck_page)} the one-layer deck.gl page's {deck_page:.2f} s{missed}"
        else:
            against = f"{ratio(ready, line_page)} the one-line page's {line_page:.2f} s"
        lines.append(f"  {key:<30}{ready:>6.2f} s by address{nav}; {against}")
    return lines


def report(results: dict) -> list[str]:
    """The table printed at the end, each figure with its target and its ratio to the one-line page."""
    base, one, many = results["baseline"], results["dashboard"], results["scaled"]
    base_page = next(iter(base["pages"].values()))
    lines = []
    mark = lambda ok: "" if ok else "  MISSED"  # noqa: E731
    lines.append("Cold start, from `streamlit run` to the first page drawn (median, min-max):")
    for key, label in (("cold_start_s", "first start (data validated)"), ("restart_s", "restart (data unchanged)")):
        cold, scaled, yard = one[key], many[key], base["cold_start_s"]
        ok = cold["median"] <= TARGETS["cold_s"] and scaled["median"] <= TARGETS["scale_ratio"] * cold["median"]
        lines.append(
            f"  {label:<30} {cold['median']:.2f} s ({cold['min']:.2f}-{cold['max']:.2f}); "
            f"{results['editions']} editions {scaled['median']:.2f} s = {ratio(scaled['median'], cold['median'])}; "
            f"{ratio(cold['median'], yard['median'])} the one-line page's {yard['median']:.2f} s{mark(ok)}"
        )
    lines.append(
        f"  targets: <= {TARGETS['cold_s']} s; {results['editions']} editions <= {TARGETS['scale_ratio']}× one edition"
    )
    lines.append("")
    header = (
        f"{'page':<20}{'server ms':>10}{'ready s':>9}{'nav s':>7}{'nav ms':>8}{'ws KB':>8}{'charts KB':>10}"
        f"{'map KB':>8}{'| x40 srv':>10}{'x40 ready':>10}{'x40 KB':>8}"
    )
    lines.append(header)
    lines.append(
        f"{'one-line page':<20}{base_page['load_server_ms']['median']:>10.0f}{base_page['load_ready_s']['median']:>9.2f}"  # noqa: E501 - one row of the printed table
        f"{'':>7}{'':>8}{next(iter(base['payload_kb'].values()))['websocket']:>8.1f}"
    )
    if "baseline_map" in results:
        deck_page = next(iter(results["baseline_map"]["pages"].values()))
        lines.append(
            f"{'one deck.gl layer':<20}{deck_page['load_server_ms']['median']:>10.0f}{deck_page['load_ready_s']['median']:>9.2f}"  # noqa: E501 - one row of the printed table
            f"{'':>7}{'':>8}{next(iter(results['baseline_map']['payload_kb'].values()))['websocket']:>8.1f}"
        )
    missed = []
    for key, page in one["pages"].items():
        scaled, size, scaled_size = many["pages"][key], one["payload_kb"][key], many["payload_kb"][key]
        server_ms, ready_s = page["load_server_ms"]["median"], page["load_ready_s"]["median"]
        nav_s = page["nav_ready_s"]["median"] if page["nav_ready_s"] else float("nan")
        nav_ms = page["nav_server_ms"]["median"] if page["nav_server_ms"] else float("nan")
        x_server = scaled["load_server_ms"]["median"] / server_ms
        x_ready = scaled["load_ready_s"]["median"] / ready_s
        checks = [
            max(server_ms, nav_ms) <= TARGETS["warm_server_ms"],
            max(ready_s, nav_s) <= TARGETS["ready_s"],
            x_server <= TARGETS["scale_ratio"],
            x_ready <= TARGETS["scale_ratio"],
            key != "map" or size["websocket"] <= TARGETS["map_payload_kb"],
        ]
        if not all(checks):
            missed.append(key)
        lines.append(
            f"{key:<20}{server_ms:>10.0f}{ready_s:>9.2f}{nav_s:>7.2f}{nav_ms:>8.0f}{size['websocket']:>8.1f}"
            f"{size['vega_lite']:>10.1f}{size['deck_gl']:>8.1f}{x_server:>9.1f}×{x_ready:>9.1f}×"
            f"{scaled_size['websocket']:>8.1f}{mark(all(checks))}"
        )
    lines.append(
        f"(medians; ratios to the one-line page: server {ratio(one['pages']['overview']['load_server_ms']['median'], base_page['load_server_ms']['median'])}"  # noqa: E501 - one row of the printed table
        f", ready {ratio(one['pages']['overview']['load_ready_s']['median'], base_page['load_ready_s']['median'])} on the overview)"  # noqa: E501 - one row of the printed table
    )
    lines.append(
        f"targets: server <= {TARGETS['warm_server_ms']} ms, ready <= {TARGETS['ready_s']} s, map payload <= "
        f"{TARGETS['map_payload_kb']} KB, x{results['editions']} <= {TARGETS['scale_ratio']}× one edition"
    )
    lines.append("")
    for label, app in (("one edition", one), (f"{results['editions']} editions", many), ("one-line page", base)):
        crowd = app["concurrency"]
        ok = (
            crowd["p95_s"]["median"] <= TARGETS["concurrent_p95_s"]
            and not crowd["errors"]
            and crowd["peak_memory_mb"] <= TARGETS["memory_mb"]
        )
        lines.append(
            f"{crowd['sessions']} sessions at once, {label:<14}: p50 {crowd['p50_s']['median']:.2f} s, p95 "
            f"{crowd['p95_s']['median']:.2f} s (max {crowd['p95_s']['max']:.2f}), server run p95 "
            f"{crowd['server_run_p95_ms']['median']:.0f} ms, errors {crowd['errors']}, "
            f"peak memory {crowd['peak_memory_mb']:.0f} MB"
            f"{'' if app is base else mark(ok)}"
        )
    lines.append(
        f"targets: p95 <= {TARGETS['concurrent_p95_s']} s, no errors, memory <= {TARGETS['memory_mb']} MB; "
        f"one-edition p95 is {ratio(one['concurrency']['p95_s']['median'], base['concurrency']['p95_s']['median'])} the one-line page's"  # noqa: E501 - one row of the printed table
    )
    return lines


# The pages each dashboard figure is measured against (key, name, script, cold starts, crowd rounds): the one-line
# page, the one-layer deck.gl map, and the floor of a dashboard start under issue 25's terms (pandas and Altair
# imported, four charts).
YARDSTICKS = (
    ("baseline", "one-line page", "baseline_app.py", 3, 1),
    ("baseline_map", "one deck.gl layer", "baseline_map_app.py", 0, 0),
    ("floor", "pandas, Altair and four charts", "floor_app.py", 3, 0),
)


async def main_async(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="iom-bench-"))
    try:
        data_copy = work / "data"
        shutil.copytree(ROOT / "data", data_copy, ignore=shutil.ignore_patterns("history", "*.lock"))
        grown = work / "grown"
        edition_ids = grow(ROOT / "data", grown, args.editions)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            results = {
                "editions": len(edition_ids),
                "repeat": args.repeat,
                "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            }
            for key, name, script, cold, crowd in YARDSTICKS if "baseline" in args.apps else ():
                results[key] = await measure_app(
                    browser,
                    name,
                    ROOT / "bench" / script,
                    None,
                    [""],
                    work,
                    args.repeat,
                    args.sessions,
                    cold=cold,
                    crowd=crowd,
                )
            if "dashboard" in args.apps:
                results["dashboard"] = await measure_app(
                    browser,
                    "dashboard, 1 edition",
                    ROOT / "serve.py",
                    data_copy,
                    DASHBOARD_PAGES,
                    work,
                    args.repeat,
                    args.sessions,
                )
            if "scaled" in args.apps:
                results["scaled"] = await measure_app(
                    browser,
                    f"dashboard, {len(edition_ids)} editions",
                    ROOT / "app.py",
                    grown,
                    DASHBOARD_PAGES,
                    work,
                    args.repeat,
                    args.sessions,
                    navigate=False,
                    cold=2,
                    crowd=1,
                )
            await browser.close()
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each timing (default 3)")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions opening the overview at once")
    parser.add_argument("--editions", type=int, default=40, help="editions in the grown, synthetic data")
    parser.add_argument(
        "--apps", default="baseline,dashboard,scaled", help="which apps to measure (a full report needs all three)"
    )
    parser.add_argument("--chromium", default=chromium_path() or "/usr/bin/chromium")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        print(f"No Chromium at {args.chromium}: apt-get install -y chromium", file=sys.stderr)
        return 2
    started = time.monotonic()
    results = asyncio.run(main_async(args))
    results["duration_s"] = round(time.monotonic() - started, 1)
    if {"baseline", "dashboard", "scaled"} <= results.keys():
        lines = report(results)
    elif {"baseline", "baseline_map", "dashboard"} <= results.keys():
        lines = report_against_yardsticks(results)
    else:
        lines = [json.dumps(results, indent=1)]
    print("\n".join(lines))
    print(f"\n(benchmark took {results['duration_s']:.0f} s)")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "run.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
