"""serve.py: a deep page link is sent to its page; Streamlit's own paths, assets and probes pass untouched."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from serve import OnePathSegment, page_path

HTML = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.mark.parametrize(
    "path, accept, target",
    [
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
    ],
)
def test_which_paths_are_sent_to_their_page(path, accept, target):
    assert page_path(path, accept) == target


def through(middleware, scope: dict) -> tuple[list[dict], list[str]]:
    """``middleware`` (a class taking the app) around an app that records the paths that reached it: what was sent
    back, and what reached the app."""
    reached: list[str] = []
    sent: list[dict] = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    # In a thread of its own: after the browser tests, Playwright's sync API holds an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, middleware(app)(scope, receive, send)).result()
    return sent, reached


def call(path: str, query: bytes = b"", method: str = "GET", accept: str = HTML) -> tuple[list[dict], list[str]]:
    """The redirecting middleware around an app that records what reached it."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": [(b"accept", accept.encode())],
    }
    return through(OnePathSegment, scope)


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


def upload(
    held: int, size: int | None, method: str = "PUT", path: str = "/_stcore/upload_file/s1/f1", session_held: int = 0
) -> tuple[list[dict], list[str]]:
    """An upload of ``size`` bytes (Content-Length; None: not given) through UploadBudget while ``held`` bytes are
    held (``session_held`` of them by its session)."""
    from serve import UploadBudget

    headers = [] if size is None else [(b"content-length", str(size).encode())]
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": headers}
    return through(lambda app: UploadBudget(app, held=lambda session: held if session is None else session_held), scope)


def status(sent: list[dict]) -> int:
    return next(m for m in sent if m["type"] == "http.response.start")["status"]


def test_an_upload_past_what_the_process_may_hold_is_refused_before_its_body_is_read():
    from serve import UPLOADS_HELD_BYTES

    room = UPLOADS_HELD_BYTES - 10 * 2**20
    assert upload(held=room, size=10 * 2**20)[1] == ["/_stcore/upload_file/s1/f1"]  # just fits
    sent, reached = upload(held=room, size=10 * 2**20 + 1)
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert reached == [] and start["status"] == 429 and (b"retry-after", b"120") in start["headers"]
    # A body of unknown size counts as the largest Streamlit takes.
    assert upload(held=room, size=None)[1] == [] and upload(held=0, size=None)[1]
    # Nothing else is counted: a page, a removal of an uploaded file (DELETE frees memory).
    assert upload(held=UPLOADS_HELD_BYTES * 2, size=10, method="DELETE")[1] == ["/_stcore/upload_file/s1/f1"]
    assert upload(held=UPLOADS_HELD_BYTES * 2, size=10, method="GET", path="/returns")[1] == ["/returns"]


def test_one_session_may_hold_only_its_uploaders_worth():
    from serve import SESSION_HELD_BYTES

    assert upload(held=0, size=20 * 2**20, session_held=SESSION_HELD_BYTES - 20 * 2**20)[1]
    sent, reached = upload(held=0, size=20 * 2**20, session_held=SESSION_HELD_BYTES - 20 * 2**20 + 1)
    assert reached == [] and status(sent) == 429


def test_uploads_still_arriving_count_against_the_budget():
    """Uploads under way are not yet held by Streamlit: they count at their declared size until they end."""
    from serve import UPLOADS_HELD_BYTES, UploadBudget

    arrived: list[str] = []
    release = asyncio.Event()

    async def slow_app(scope, receive, send):
        arrived.append(scope["path"])
        await release.wait()

    budget = UploadBudget(slow_app, held=lambda session: 0)
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    def scope(session: str, size: int) -> dict:
        return {
            "type": "http",
            "method": "PUT",
            "path": f"/_stcore/upload_file/{session}/f",
            "query_string": b"",
            "headers": [(b"content-length", str(size).encode())],
        }

    async def flood() -> None:
        size = 20 * 2**20
        first = [asyncio.create_task(budget(scope(f"s{i}", size), receive, send)) for i in range(5)]
        await asyncio.sleep(0)
        await budget(scope("s9", size), receive, send)  # a sixth while five are under way: over the budget
        assert budget.arriving and sum(budget.arriving.values()) == 5 * size <= UPLOADS_HELD_BYTES
        release.set()
        await asyncio.gather(*first)
        assert budget.arriving == {}  # counted out again when they end

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, flood()).result()
    assert len(arrived) == 5 and [m["status"] for m in sent if m["type"] == "http.response.start"] == [429]


def test_the_served_app_has_the_upload_budget_first():
    import serve

    assert [middleware.cls for middleware in serve.app._user_middleware] == [
        serve.UploadBudget,
        serve.OnePathSegment,
        serve.PageLanguage,
    ]


def test_the_uploads_held_are_streamlits_own_count():
    """Outside a running server nothing is held; inside, the figures are the upload manager's."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from serve import held_bytes_of, held_upload_bytes, session_bytes_of

    assert held_upload_bytes() == 0
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    assert held_bytes_of(manager) == 0
    manager.add_file("s1", UploadedFileRec(file_id="f1", name="a.pdf", type="application/pdf", data=b"x" * 1000))
    manager.add_file("s2", UploadedFileRec(file_id="f2", name="b.pdf", type="application/pdf", data=b"x" * 500))
    assert held_bytes_of(manager) == 1500
    assert (session_bytes_of(manager, "s1"), session_bytes_of(manager, "s2"), session_bytes_of(manager, "s3")) == (
        1000,
        500,
        0,
    )
    manager.remove_session_files("s1")
    assert held_bytes_of(manager) == 500 and session_bytes_of(manager, "s1") == 0
