"""A new server process does the work of its first reader's page before it takes any reader.

A cold start used to do everything on the first reader's first run: import pandas, Altair and the app's modules,
read and validate the data (Frictionless, on a first start), work out the latest edition's summary and the
Overview's charts, and Streamlit's own first-run work for the page icon: about 1.3 s on this project's 2-core
machine (0.8 s with the validation remembered), on top of the server's own start and the browser's. ``serve.py``
runs ``warm_up`` as the server starts, before it answers any request (``serve.get_ready``): its health check
answers only once it is ready, so a readiness probe keeps a new or restarted replica out of service until then. What
it makes is what a reader's run then finds: the shared dataset (``st.cache_resource``, which computes a key once
even when two threads ask at the same time), the summary and charts kept with it, and the modules. A failure
here changes nothing: the reader's run does the same work and says what went wrong where it belongs.

Tried first, and measured (docs/performance.md): the same work in a thread while requests were answered, to
overlap the browser's loading of Streamlit's page. On two cores the browser and the warm-up slowed each other and
a cold start was no faster.
"""

from __future__ import annotations

import importlib
import logging
import mimetypes
import threading
import time

LOG = logging.getLogger(__name__)
# What the pages import (pandas and Altair with them), the briefs' module included: the Overview and the Donors
# page offer a brief. Not ``ui.map_view``: it registers a component, which is done in a reader's run.
PAGE_MODULES = (
    "lib.presenting.charts",
    "lib.presenting.glance",
    "lib.presenting.views",
    "lib.briefs.brief",
    "ui.page",
    "ui.widgets",
    "PIL.PngImagePlugin",  # Streamlit opens the page icon (app.py) with Pillow on a process's first run
)


def warm_up() -> float:
    """Imports what every page needs, loads the dataset, and works out the latest edition's summary and the
    Overview's charts; returns the seconds it took."""
    started = time.perf_counter()
    for name in PAGE_MODULES:
        importlib.import_module(name)
    mimetypes.init()  # the system's MIME types table, which Streamlit reads for the page icon on the first run
    # Imported here, not at the top: serve.py imports this module as the server starts, and the point is to do
    # this work in the thread.
    from ui import state  # noqa: PLC0415 - see above
    from ui.glance_view import glance_charts  # noqa: PLC0415 - see above

    data = state.dataset()
    editions = data.editions()
    if editions and data.table("figures") is not None:
        # What the Overview works out for the edition a reader sees first (the latest): its summary and charts.
        latest = editions[-1]
        state.edition_summary(data, latest)
        glance_charts(data, latest)
    return time.perf_counter() - started


def _warm_up_logged() -> None:
    try:
        LOG.info("Ready for the first reader in %.2f s", warm_up())
    except Exception:  # a reader's own run does this work again and shows what failed
        LOG.warning("Getting ready before the first reader failed; the first reader's page will do it", exc_info=True)


def start_warm_up() -> threading.Thread:
    """``warm_up`` in a daemon thread (a server stopping does not wait for it)."""
    thread = threading.Thread(target=_warm_up_logged, name="iom-warm-up", daemon=True)
    thread.start()
    return thread
