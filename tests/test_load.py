"""bench/load.py: its limits (loopback only, bounded), its statistics, and a short real run through nginx."""

from __future__ import annotations

import json
import math
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import MAX_READERS, PageTime, loopback_url, percentile, summarise

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8501", "http://localhost:8501/", "http://[::1]:8501", "http://127.0.0.5"]
)
def test_loopback_addresses_are_accepted(url: str) -> None:
    assert loopback_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "http://10.0.0.1:8501",
        "https://127.0.0.1:8501",
        "ws://127.0.0.1:8501",
        "http://127.0.0.1.example.org",
        "127.0.0.1:8501",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        loopback_url(url)


def test_the_command_refuses_what_it_must_not_do() -> None:
    for arguments in (
        ["--url", "http://example.org"],
        ["--steps", f"1,{MAX_READERS + 1}"],
        ["--steps", "0"],
        ["--idle", str(MAX_READERS + 1)],
        ["--step-seconds", "100000"],
    ):
        done = subprocess.run(
            [sys.executable, "bench/load.py", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 2, (arguments, done.stderr)
        assert "loopback" in done.stderr or "must be" in done.stderr


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 0.5) == 10
    assert percentile(values, 0.95) == 19
    assert percentile(values, 1.0) == 20
    assert percentile([3.0], 0.95) == 3.0


def test_a_step_counts_errors_apart_from_times() -> None:
    times = [
        PageTime("overview", 0, 0.2),
        PageTime("map", 0, 0.4),
        PageTime("map", 0, 30.0, "no script_finished in 30 s"),
    ]
    step = summarise(3, times, seconds=10, memory=[200.0, 260.0, 250.0])
    assert (step.pages, step.errors, step.max_s, step.pages_per_s) == (3, 1, 0.4, 0.2)
    assert (step.memory_mb, step.peak_memory_mb) == (250.0, 260.0)
    assert step.error_kinds == {"no script_finished in 30 s": 1}
    assert math.isnan(summarise(1, [], 10, []).p95_s)
    assert summarise(1, [], 10, []).memory_mb is None  # not measured (an app we did not start) is not 0


def test_a_page_still_running_at_the_step_end_counts_as_slow() -> None:
    times = [PageTime("overview", 0, 0.2), PageTime("map", 0, 0.3), PageTime("map", 0, 12.0, finished=False)]
    step = summarise(3, times, seconds=10, memory=[])
    assert (step.max_s, step.unfinished, step.pages_per_s) == (12.0, 1, 0.2)  # in the times, not in the pages done


def test_a_short_run_through_nginx(tmp_path: Path) -> None:
    """One process behind nginx, two small steps and two idle sessions: every page answered, memory read."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (Debian: apt-get install -y nginx); deploy/run-local.sh cannot run")
    out = tmp_path / "load.json"
    done = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--processes",
            "1",
            "--steps",
            "1,3",
            "--step-seconds",
            "8",
            "--idle",
            "2",
            "--out",
            str(out),
            "--max-minutes",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    run = results["runs"][0]
    assert run["processes"] == 1
    assert [step["readers"] for step in run["steps"]] == [1, 3]
    assert all(step["pages"] > 0 and step["errors"] == 0 for step in run["steps"]), run["steps"]
    assert all(0 < step["p50_s"] <= step["p95_s"] <= step["max_s"] < 30 for step in run["steps"])
    assert all(step["memory_mb"] > 50 for step in run["steps"])  # a Streamlit process with pandas holds more than this
    assert run["idle"]["sessions"] == 2 and run["idle"]["errors"] == 0
    assert "readers within p95" in done.stdout
    assert run["health_events"] == [], run["health_events"]  # no process was taken out under this light load
    assert results["command"].startswith("python bench/load.py --processes 1")


def nginx_installed() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


@pytest.mark.parametrize("arguments", [[], ["0", "8500"], ["2", "80"], ["2", "8500", "extra"], ["33", "8500"]])
def test_run_local_refuses_bad_arguments(arguments: list[str]) -> None:
    done = subprocess.run(
        ["bash", "deploy/run-local.sh", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "usage:" in done.stderr, done.stderr


def test_run_local_refuses_a_port_in_use() -> None:
    """A process that cannot bind its port would exit, and nginx would send its readers to whatever listens there."""
    if not nginx_installed():
        pytest.skip(
            "nginx is not installed (Debian: apt-get install -y nginx); deploy/run-local.sh stops before the ports"
        )
    from bench.browser import free_port_block

    base = free_port_block(2)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", base + 2))
        taken.listen()
        done = subprocess.run(
            ["bash", "deploy/run-local.sh", "2", str(base)], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 1
    assert f"port {base + 2} is in use" in done.stderr, done.stderr
