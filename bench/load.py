"""Load test without browsers: simulated readers speak Streamlit's own websocket protocol.

    python bench/load.py [--processes 1,2] [--steps 1,2,4,...] [--step-seconds 30] [--editions 1]
    python bench/load.py --url http://127.0.0.1:8600 --steps 1,4   # an app already running

Each simulated reader does what a browser tab does on the wire, and nothing a browser does on
its own CPU: it loads the page (``GET /``, ``/_stcore/health``, ``/_stcore/host-config``, keeping
the cookies: the proxy's routing cookie and Streamlit's XSRF cookie), opens the websocket
``/_stcore/stream``, and asks for script runs with the ``BackMsg`` a tab sends
(``rerun_script`` with the page's name and script hash, the query string, and the hashes of the
large messages it already holds, so the server sends references to those as it does to a real
tab). It reads every ``ForwardMsg`` until ``script_finished``. A reader moves through the
overview, Returns, the Map and Donors, over and over, thinking 2-6 s between pages (seeded: the
same run each time). A page's time is from the request to ``script_finished``; an error is a page
that shows an exception, a page not found, a closed socket, or no answer in 30 s.

For each number of processes it starts ``deploy/run-local.sh N PORT`` (N processes behind nginx,
each pinned to one CPU unless ``--no-pin``, on a temporary copy of the data, grown to
``--editions`` editions with bench/synthetic.py), warms
every process, then ramps the readers step by step (readers already there stay; the new ones
arrive over the first seconds of the step). Per step: readers, page-time p50 / p95 / max, pages
per second, errors, and the processes' memory (resident, sum over processes: at the step's end
and its peak). It stops ramping once p95 passes twice the target. Before the ramp, on the freshly
warmed processes, it measures memory per idle session: 40 readers open a page each and stay
connected without asking for more.

Bounded by design: it refuses any address but loopback, at most 400 readers, each step ends after
``--step-seconds``, the whole run after ``--max-minutes``. Writes ``bench/results/load.json`` and
prints the tables. Needs nginx for the proxy (Debian: ``apt-get install -y nginx``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookies
import ipaddress
import json
import math
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import free_port_block  # noqa: E402
from bench.synthetic import grow  # noqa: E402

TARGET_P95_S = 2.0
TARGET_SCALING = 1.6
TARGET_IDLE_MB = 15.0
ROUTE = ["", "returns", "map", "donors"]  # the overview, Returns, the Map, Donors
THINK_S = (2.0, 6.0)
PAGE_TIMEOUT_S = 30.0
WARM_TIMEOUT_S = 180.0  # a cold process's first page: imports, the data validated, every chart built once
MAX_READERS = 400
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, if it is http on a loopback address; else ValueError."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or not loopback:
        raise ValueError(f"{url}: the load test only speaks to http on loopback (127.0.0.1, ::1, localhost)")
    return url.rstrip("/")


class _LoopbackRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to loopback (the app redirects deep paths to their page)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's signature
        loopback_url(urllib.parse.urljoin(req.full_url, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# No proxy from the environment (http_proxy and the like): every request goes straight to loopback.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _LoopbackRedirects())


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0-1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass
class PageTime:
    page: str
    started: float  # monotonic
    seconds: float
    error: str = ""
    finished: bool = True  # False: still running when its step ended (its time so far)


@dataclass
class Session:
    """One reader's connection: its cookies, websocket, the pages' script hashes, the messages it holds."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    socket: websockets.ClientConnection | None = None
    page_hashes: dict[str, str] = field(default_factory=dict)
    held: set[str] = field(default_factory=set)
    upstream: str = ""
    running: PageTime | None = None  # the page asked for and not yet finished

    def cookie_header(self) -> str:
        return "; ".join(f"{key}={value}" for key, value in self.cookies.items())

    def _get(self, path: str) -> None:
        request = urllib.request.Request(
            self.base + path, headers={"Cookie": self.cookie_header(), "Accept": "text/html,*/*"}
        )
        with OPENER.open(request, timeout=PAGE_TIMEOUT_S) as answer:
            answer.read()
            for header in answer.headers.get_all("Set-Cookie") or []:
                jar = http.cookies.SimpleCookie()
                jar.load(header)
                self.cookies.update({key: morsel.value for key, morsel in jar.items()})
            self.upstream = answer.headers.get("X-Dashboard-Upstream", self.upstream)

    async def open(self, path: str) -> None:
        """What a tab does before its first script run: the page, the health and host-config probes, the socket."""
        for probe in (f"/{path}", "/_stcore/health", "/_stcore/host-config"):
            await asyncio.to_thread(self._get, probe)
        host = urllib.parse.urlsplit(self.base).netloc
        protocols = (
            ["streamlit", self.cookies.get("_streamlit_xsrf", "")]
            if self.cookies.get("_streamlit_xsrf")
            else ["streamlit"]
        )
        self.socket = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=protocols,
            max_size=None,
            open_timeout=PAGE_TIMEOUT_S,
            additional_headers={"Cookie": self.cookie_header(), "Origin": self.base},
            compression=None,
            proxy=None,
        )

    async def run_page(self, path: str, query: str = "", timeout: float = PAGE_TIMEOUT_S) -> PageTime:
        """Asks for ``path`` as a tab's sidebar link does; times it to ``script_finished``."""
        started = time.monotonic()
        self.running = PageTime(path or "overview", started, 0.0)
        try:
            if self.socket is None:
                await self.open(path)
            back = BackMsg()
            back.rerun_script.page_name = path
            back.rerun_script.page_script_hash = self.page_hashes.get(path, "")
            back.rerun_script.query_string = query
            back.rerun_script.cached_message_hashes.extend(sorted(self.held))
            await self.socket.send(back.SerializeToString())
            error = await asyncio.wait_for(self._until_finished(), timeout)
        except TimeoutError:
            error = f"no script_finished in {timeout:.0f} s"
            await self.close()  # a late script_finished must not end the next page early
        except Exception as failure:  # any failure is the page's error, counted, never the reader's end
            error = f"{type(failure).__name__}: {failure}"[:200]
            await self.close()
        self.running = None
        return PageTime(path or "overview", started, time.monotonic() - started, error)

    async def _until_finished(self) -> str:
        error = ""
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if message.metadata.cacheable:
                self.held.add(message.hash)  # the tab keeps it: the server may send a reference next time
            if kind == "navigation":
                self.page_hashes = {page.url_pathname: page.page_script_hash for page in message.navigation.app_pages}
            elif kind == "page_not_found":
                error = "page not found"
            elif kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
                error = "the page shows an exception"
            elif kind == "script_finished" and message.script_finished in FINISHED:
                return error

    async def close(self) -> None:
        socket, self.socket = self.socket, None
        if socket is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to do
                await socket.close()


async def reader(
    base: str, seed: int, times: list[PageTime], stop: asyncio.Event, arrive_within: float, sessions: list[Session]
) -> None:
    """One reader: arrives within ``arrive_within`` s, then pages through ``ROUTE`` with think time until ``stop``."""
    rng = random.Random(seed)
    try:
        await asyncio.wait_for(stop.wait(), rng.uniform(0, arrive_within))
        return
    except TimeoutError:
        pass
    session = Session(base)
    sessions.append(session)
    step = rng.randrange(len(ROUTE))
    try:
        while not stop.is_set():
            times.append(await session.run_page(ROUTE[step % len(ROUTE)]))
            step += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), rng.uniform(*THINK_S))
    finally:
        await session.close()


def resident_mb(pids: list[int]) -> float:
    """The processes' resident memory, summed (Linux ``VmRSS``); a process gone counts 0."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def sample_memory(pids: list[int], peaks: list[float], stop: asyncio.Event) -> None:
    """The processes' memory every half second (nothing when they are not ours to read: ``--url``)."""
    while pids and not stop.is_set():
        peaks.append(resident_mb(pids))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


@dataclass
class Step:
    readers: int
    pages: int
    p50_s: float
    p95_s: float
    max_s: float
    pages_per_s: float
    errors: int
    memory_mb: float | None
    peak_memory_mb: float | None
    error_kinds: dict[str, int]
    unfinished: int = 0  # pages still running at the step's end, counted with their time so far
    readers_alive: int = 0  # reader tasks still running at the step's end (a reader never dies of a page's error)


def summarise(readers: int, times: list[PageTime], seconds: float, memory: list[float]) -> Step:
    """One step: percentiles over every page without an error (unfinished ones with their time so far);
    pages per second over the pages that finished."""
    ok = [t.seconds for t in times if not t.error]
    kinds: dict[str, int] = {}
    for t in times:
        if t.error:
            kinds[t.error] = kinds.get(t.error, 0) + 1
    nan = float("nan")
    done = sum(1 for t in times if t.finished and not t.error)
    return Step(
        readers,
        len(times),
        round(percentile(ok, 0.5), 3) if ok else nan,
        round(percentile(ok, 0.95), 3) if ok else nan,
        round(max(ok), 3) if ok else nan,
        round(done / seconds, 2),
        len(times) - len(ok),
        round(memory[-1], 1) if memory else None,
        round(max(memory), 1) if memory else None,
        kinds,
        unfinished=sum(1 for t in times if not t.finished),
    )


async def ramp(
    base: str, pids: list[int], steps: list[int], step_seconds: float, deadline: float, seed: int
) -> list[Step]:
    """Readers added step by step; each step measured over its own window. Stops past twice the target."""
    times: list[PageTime] = []
    stop = asyncio.Event()
    tasks: list[asyncio.Task] = []
    sessions: list[Session] = []
    results = []
    for readers in steps:
        if time.monotonic() + step_seconds > deadline:
            print(f"  (stopped before {readers} readers: --max-minutes reached)", file=sys.stderr)
            break
        window_start = time.monotonic()
        arrive = min(step_seconds / 3, THINK_S[1])
        for index in range(len(tasks), readers):
            tasks.append(asyncio.create_task(reader(base, seed * 100_003 + index, times, stop, arrive, sessions)))
        peaks: list[float] = []
        memory_stop = asyncio.Event()
        sampler = asyncio.create_task(sample_memory(pids, peaks, memory_stop))
        await asyncio.sleep(step_seconds)
        memory_stop.set()
        await sampler
        window_end = time.monotonic()
        window = [t for t in times if t.started >= window_start]
        # A page still running at the step's end counts here, with its time so far (at least that
        # slow); it started in this step and will not be counted in the next.
        window += [
            PageTime(s.running.page, s.running.started, window_end - s.running.started, finished=False)
            for s in sessions
            if s.running is not None and s.running.started >= window_start
        ]
        step = summarise(readers, window, step_seconds, peaks)
        step.readers_alive = sum(1 for task in tasks if not task.done())
        results.append(step)
        # No memory figure for an app given by --url: its processes are not ours to read.
        memory = f", {step.memory_mb:.0f} MB (peak {step.peak_memory_mb:.0f})" if step.memory_mb is not None else ""
        times_text = f"p50 {step.p50_s:.2f} s, p95 {step.p95_s:.2f} s, max {step.max_s:.2f} s"
        print(
            f"  {readers:>4} readers: {times_text}, {step.pages_per_s:.1f} pages/s, {step.errors} errors{memory}",
            file=sys.stderr,
            flush=True,
        )
        if not step.pages or step.p95_s > 2 * TARGET_P95_S or step.errors > step.pages / 10:
            break
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return results


async def idle_sessions(base: str, pids: list[int], count: int, settle_s: float = 3.0) -> dict:
    """Memory per idle session: ``count`` readers each open one page of the route and stay connected."""
    before = resident_mb(pids) if pids else None
    sessions = [Session(base) for _ in range(count)]
    opened = await asyncio.gather(
        *(session.run_page(ROUTE[index % len(ROUTE)]) for index, session in enumerate(sessions))
    )
    await asyncio.sleep(settle_s)  # let the runs' threads end and the queues drain before reading memory
    after = resident_mb(pids) if pids else None
    errors = sum(1 for page in opened if page.error)
    for session in sessions:
        await session.close()
    if before is None or after is None:
        return {"sessions": count, "errors": errors, "before_mb": None, "after_mb": None, "per_session_mb": None}
    return {
        "sessions": count,
        "errors": errors,
        "before_mb": round(before, 1),
        "after_mb": round(after, 1),
        "per_session_mb": round((after - before) / count, 2),
    }


async def warm(base: str, processes: int) -> None:
    """Every process has drawn every page of the route once (caches filled) before the ramp."""
    seen: set[str] = set()
    for _ in range(20 * processes):
        session = Session(base)
        await session.open("")
        if session.upstream not in seen or not session.upstream:
            for path in ROUTE:
                result = await session.run_page(path, timeout=WARM_TIMEOUT_S)
                if result.error:
                    raise RuntimeError(f"warming /{path} failed: {result.error}")
            seen.add(session.upstream)
        await session.close()
        if len(seen) >= processes:
            return
    raise RuntimeError(f"warming reached {len(seen)} of {processes} processes")


class Deployment:
    """``deploy/run-local.sh N PORT`` on a data folder, until stopped."""

    def __init__(self, processes: int, data_dir: Path, work: Path, pin: bool = True) -> None:
        self.port = free_port_block(processes)
        env = {
            **os.environ,
            "IOM_DATA_DIR": str(data_dir),
            "IOM_VALIDATION_CACHE": str(work / "validation"),
            "IOM_RUN_DIR": str(work / f"run-{processes}"),
            "PYTHON": sys.executable,
            "IOM_PIN_CPUS": "1" if pin else "0",
        }
        self.process = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "run-local.sh"), str(processes), str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.pids: list[int] = []
        lines = []
        for line in self.process.stdout:
            lines.append(line)
            if line.startswith("processes:"):
                self.pids = [int(pid) for pid in line.split()[1:]]
            if line.startswith("ready:"):
                break
        else:
            raise RuntimeError("deploy/run-local.sh did not start:\n" + "".join(lines[-30:]))
        self.url = f"http://127.0.0.1:{self.port}"
        # What the script prints from now on (a process taken out of the proxy, or back): kept for the results.
        self.events: list[str] = []
        threading.Thread(
            target=lambda: self.events.extend(line.strip() for line in self.process.stdout), daemon=True
        ).start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # bash may pass over an INT sent to it alone while a child runs
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


async def measure(
    base: str,
    pids: list[int],
    processes: int,
    steps: list[int],
    step_seconds: float,
    deadline: float,
    idle: int,
    seed: int,
) -> dict:
    await warm(base, processes)
    result: dict = {"processes": processes, "memory_after_warming_mb": round(resident_mb(pids), 1) if pids else None}
    if idle:  # first, on freshly warmed processes: memory freed by earlier sessions would hide the cost
        result["idle"] = await idle_sessions(base, pids, idle)
    result["steps"] = [asdict(step) for step in await ramp(base, pids, steps, step_seconds, deadline, seed)]
    good = [step["readers"] for step in result["steps"] if step["errors"] == 0 and step["p95_s"] <= TARGET_P95_S]
    failing = [
        step["readers"] for step in result["steps"] if not (step["errors"] == 0 and step["p95_s"] <= TARGET_P95_S)
    ]
    # The most readers served within the target, below the first step that missed it.
    result["readers_within_target"] = max([r for r in good if not failing or r < min(failing)], default=0)
    return result


def megabytes(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def report(results: dict) -> list[str]:
    lines = [
        f"Load test: {results['editions']} edition(s), readers move overview → returns → map → donors, "
        f"thinking {THINK_S[0]:.0f}-{THINK_S[1]:.0f} s; {results['step_seconds']:.0f} s per step; "
        f"{results['cpus']} CPUs{', each process pinned to one' if results['pinned'] else ''}",
        "",
    ]
    for run in results["runs"]:
        warmed = run["memory_after_warming_mb"]
        lines.append(
            f"{run['processes']} process(es) behind nginx"
            + (f" (memory after warming {warmed:.0f} MB):" if warmed is not None else ":")
        )
        lines.append(
            f"{'readers':>8}{'pages':>7}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'pages/s':>9}"
            f"{'errors':>8}{'MB':>7}{'peak MB':>9}"
        )
        for step in run["steps"]:
            lines.append(
                f"{step['readers']:>8}{step['pages']:>7}{step['p50_s']:>8.2f}{step['p95_s']:>8.2f}{step['max_s']:>8.2f}"
                f"{step['pages_per_s']:>9.2f}{step['errors']:>8}{megabytes(step['memory_mb']):>7}"
                f"{megabytes(step['peak_memory_mb']):>9}"
            )
        if run.get("idle", {}).get("per_session_mb") is not None:
            idle = run["idle"]
            lines.append(
                f"  idle sessions: {idle['sessions']} open: {idle['before_mb']:.0f} → {idle['after_mb']:.0f} MB, "
                f"{idle['per_session_mb']:.2f} MB each (target ≤ {TARGET_IDLE_MB:.0f}), {idle['errors']} errors"
            )
        lines.append(f"  readers within p95 ≤ {TARGET_P95_S:.0f} s and no errors: {run['readers_within_target']}")
        for event in run.get("health_events", []):
            lines.append(f"  run-local.sh: {event}")
        lines.append("")
    by_count = {run["processes"]: run["readers_within_target"] for run in results["runs"]}
    if 1 in by_count and 2 in by_count and by_count[1]:
        factor = by_count[2] / by_count[1]
        lines.append(
            f"Scaling, 2 processes against 1: {by_count[2]} / {by_count[1]} readers = {factor:.2f}× "
            f"(target ≥ {TARGET_SCALING}×){'' if factor >= TARGET_SCALING else '  MISSED'}"
        )
    lines.append(
        f"Load generator: {results['generator_cpu_s']:.0f} s of CPU in {results['wall_s']:.0f} s "
        f"(on the same machine as the servers)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", default="1,2", help="process counts to measure, e.g. 1,2")
    parser.add_argument(
        "--steps", default="1,16,32,48,56,64,72,80,88,96,112,128,144,160,176,192", help="readers at each step"
    )
    parser.add_argument("--step-seconds", type=float, default=20.0, help="each step's length (5-600 s)")
    parser.add_argument(
        "--editions", type=int, default=1, help="grow the data to this many editions (bench/synthetic.py)"
    )
    parser.add_argument("--idle", type=int, default=40, help="idle sessions for the memory figure (0: skip)")
    parser.add_argument("--url", help="an app already running on loopback, instead of starting deploy/run-local.sh")
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="leave the processes free to move between CPUs (deploy/run-local.sh pins each to one by default)",
    )
    parser.add_argument(
        "--out", type=Path, help="default: bench/results/load[-N-editions][-unpinned].json, or load-url.json"
    )
    args = parser.parse_args(argv)
    if not 0 <= args.idle <= MAX_READERS or not 5 <= args.step_seconds <= 600:
        parser.error(f"--idle must be 0-{MAX_READERS} sessions and --step-seconds 5-600")
    if args.out is None:
        name = (
            "load-url"
            if args.url
            else (
                "load"
                + (f"-{args.editions}-editions" if args.editions > 1 else "")
                + ("-unpinned" if args.no_pin else "")
            )
        )
        args.out = ROOT / "bench" / "results" / f"{name}.json"
    steps = sorted({int(step) for step in args.steps.split(",")})
    if not steps or steps[0] < 1 or steps[-1] > MAX_READERS:
        parser.error(f"steps must be between 1 and {MAX_READERS} readers")
    try:
        url = loopback_url(args.url) if args.url else None
    except ValueError as error:
        parser.error(str(error))
    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    results: dict = {
        "command": "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "editions": args.editions,
        "step_seconds": args.step_seconds,
        "steps": steps,
        "pinned": not args.no_pin and not args.url,
        "cpus": os.cpu_count(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="iom-load-") as folder:
        work = Path(folder)
        if url:
            print(f"… {url}", file=sys.stderr, flush=True)
            results["runs"].append(
                asyncio.run(measure(url, [], 1, steps, args.step_seconds, deadline, args.idle, args.seed))
            )
        else:
            data_dir = work / "data"
            if args.editions > 1:
                grow(ROOT / "data", data_dir, args.editions)
            else:
                shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", "*.lock"))
            for processes in sorted({int(count) for count in args.processes.split(",")}):
                print(f"… {processes} process(es), {args.editions} edition(s)", file=sys.stderr, flush=True)
                deployment = Deployment(processes, data_dir, work, pin=not args.no_pin)
                try:
                    run = asyncio.run(
                        measure(
                            deployment.url,
                            deployment.pids,
                            processes,
                            steps,
                            args.step_seconds,
                            deadline,
                            args.idle,
                            args.seed,
                        )
                    )
                    # A health check that failed under load would have moved readers between processes.
                    run["health_events"] = [line for line in deployment.events if "health" in line]
                    results["runs"].append(run)
                finally:
                    deployment.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results["generator_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    results["wall_s"] = round(time.monotonic() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
