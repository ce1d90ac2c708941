"""What the browser tests and the benchmark share: how Chromium is started, and a free port for the app."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

# As the issue prescribes; without the background-networking flags Chromium keeps calling out.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


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
