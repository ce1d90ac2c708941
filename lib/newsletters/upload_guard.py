"""How often one session may have a newsletter read, and the log of refused files for the data officer.

The proxy limits uploads per client address (``deploy/``); this limits them per session, so that one
open tab cannot keep the server's reading slot busy either. Nothing here knows Streamlit: the
session keeps the list of times, this module says whether another read may start.
"""

from __future__ import annotations

import logging

READS_PER_SESSION = 6  # newsletters one session may have read (checked or drafted) ...
READ_WINDOW_S = 600.0  # ... in this many seconds: an officer checks a proof a few times, not dozens

log = logging.getLogger("iom.uploads")
if not log.handlers:  # the server's log, one line per refusal, whatever Streamlit does with the root logger
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def seconds_to_wait(started: list[float], now: float, limit: int | None = None, window_s: float | None = None) -> float:
    """0 when another read may start now, else how many seconds until the oldest of the last ``limit`` leaves the
    window. ``started`` holds the times reads started (any order; older ones are ignored). The limits default to
    the module's, read at call time."""
    limit = READS_PER_SESSION if limit is None else limit
    window_s = READ_WINDOW_S if window_s is None else window_s
    recent = sorted(time for time in started if now - time < window_s)
    if len(recent) < limit:
        return 0.0
    return recent[-limit] + window_s - now


def recent(started: list[float], now: float, window_s: float | None = None) -> list[float]:
    """The start times still inside the window: what a session needs to keep."""
    window_s = READ_WINDOW_S if window_s is None else window_s
    return [time for time in started if now - time < window_s]


def log_refusal(name: str, size: int, reason: str) -> None:
    """One line for the data officer: which file, how large, why it was refused (the name as a quoted literal,
    so that a name with line breaks cannot forge log lines)."""
    log.warning("newsletter refused: name=%r size=%d reason=%r", name, size, reason)
