"""What the browser tests and the benchmark share: how Chromium is started, and a free port for the app."""

from __future__ import annotations

import os
import random
import shutil
import socket
from pathlib import Path

# As the issue prescribes; without the background-networking flags Chromium keeps calling out.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium (or ``$CHROMIUM_PATH``); None when none is installed."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    """A localhost port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port_block(count: int) -> int:
    """A port P such that P .. P+count are all free (deploy/run-local.sh puts its processes on P+1 ..).

    Taken below the kernel's ephemeral range (32768 and up on Linux), where the machine's own
    outgoing connections would otherwise take one of them between this check and the start.
    """
    chooser = random.Random()
    for _ in range(500):
        base = chooser.randrange(20_000, 32_000 - count)
        if all(port_is_free(base + offset) for offset in range(count + 1)):
            return base
    raise RuntimeError(f"no {count + 1} consecutive free ports between 20000 and 32000")
