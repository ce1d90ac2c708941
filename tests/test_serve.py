"""serve.py: a deep page link is sent to its page; Streamlit's own paths, assets and probes pass untouched."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from serve import OnePathSegment, page_path

HTML = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.mark.parametrize("path, accept, target", [
    ("/some/nested/path", HTML, "/some"),
    ("/returns/old/link", HTML, "/returns"),
    ("/returns", HTML, None),  # one segment: Streamlit's own page routing
    ("/", HTML, None),
    ("/returns/_stcore/health", "*/*", None),  # the front end probes for its base path: must get Streamlit's 404
    ("/returns/_stcore/health", HTML, None),
    ("/static/js/index.js", HTML, None),
    ("/returns/static/js/index.js", "*/*", None),
    ("/media/abc.png", HTML, None),
    ("/a/b/file.csv", HTML, None),  # a file, not a page
    ("/a/b", "application/json", None),  # not a page load
])
def test_which_paths_are_sent_to_their_page(path, accept, target):
    assert page_path(path, accept) == target


def call(path: str, query: bytes = b"", method: str = "GET", accept: str = HTML) -> tuple[list[dict], list[str]]:
    """The middleware around an app that records what reached it."""
    reached: list[str] = []
    sent: list[dict] = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": [(b"accept", accept.encode())]}
    # In a thread of its own: after the browser tests, Playwright's sync API holds an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, OnePathSegment(app)(scope, receive, send)).result()
    return sent, reached


def test_a_deep_link_is_redirected_with_its_query():
    sent, reached = call("/returns/old/link", b"edition=2004-11&map_theme=returns")
    assert reached == []
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = dict(start["headers"])
    assert start["status"] == 307 and headers[b"location"] == b"/returns?edition=2004-11&map_theme=returns"


def test_everything_else_reaches_streamlit():
    for path, method in (("/returns", "GET"), ("/_stcore/health", "GET"), ("/returns/old/link", "POST")):
        sent, reached = call(path, method=method)
        assert reached == [path] and sent == []
