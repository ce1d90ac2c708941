"""The app as served: ``streamlit run serve.py`` (``streamlit run app.py`` works too, without the fix below).

Streamlit answers any unknown path with its page, whose scripts and styles are linked relative to
it (``./static/...``). Under ``/returns`` they resolve to ``/static/...``; under a deeper path such as
``/returns/old/link`` they resolve to ``/returns/old/static/...``, which is the page again, not a
script, and the reader gets a blank page. A browser asking for such a path is sent to its first
segment (the page, if there is one), with its query string, so the link still opens the view.

Uploads: Streamlit keeps every uploaded file in the process's memory until its session ends, and a
script can send them faster than any page would. An upload that would take what this process holds
(stored, and arriving now) past ``UPLOADS_HELD_BYTES``, or what its session holds past
``SESSION_HELD_BYTES``, is answered 429 before its body is read: the uploader says so and the reader
can try again, while the pages go on (the proxy limits uploads per address too).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime import Runtime

from lib.i18n.languages import DEFAULT, from_browser, from_link, html_lang
from ui.warm import start_warm_up

UPLOAD_PATH = "/_stcore/upload_file/"  # then <session id>/<file id>
# The pod's 768 MiB hold the server (about 200-260 MB), one newsletter reader (lib/newsletters/worker.py, at most
# 400 MB) and this: five newsletters of the largest size at once.
UPLOADS_HELD_BYTES = 100 * 2**20
# One session: the Data page's two newsletter uploaders and its CSV uploader, each full (a replaced file is freed).
SESSION_HELD_BYTES = 46 * 2**20
# What an upload that does not say its size is taken to be: the most Streamlit accepts (server.maxUploadSize).
UNDECLARED_BYTES = 21 * 2**20

# How long a starting server waits for its warm-up (``get_ready``) before it opens anyway: a data folder on a slow
# volume must not keep it closed, since the health checks would then restart it again and again.
READY_WITHIN_S = 20.0
# Path segments Streamlit serves itself (its API, assets, media, components, sign-in): never redirected.
RESERVED = frozenset({"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"})


def page_path(path: str, accept: str) -> str | None:
    """Where a browser asking for ``path`` should go instead, or None to serve it as asked.

    Only a page load (it accepts HTML) of a path deeper than one segment, with no file extension
    and nothing Streamlit serves itself in it: Streamlit's own probes and assets pass untouched.
    """
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or "text/html" not in accept or RESERVED & set(parts) or "." in parts[-1]:
        return None
    return "/" + parts[0]


class OnePathSegment:
    """ASGI middleware: a deep page path is redirected to its first segment (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
            target = page_path(scope["path"], accept)
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                await RedirectResponse(target + (f"?{query}" if query else ""), status_code=307)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def page_language(query: str, accept_language: str) -> str:
    """The language a page load will be drawn in, as the app works it out: a link's ``?lang=``, else the browser's
    first language."""
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name == "lang" and from_link(value):
            return from_link(value) or DEFAULT
    first = accept_language.split(",")[0].split(";")[0].strip()
    return from_browser(first or None)


def _varying(send: Send) -> Send:
    """``send`` with ``Vary: Accept-Language`` on the answer: the same address gives each browser language its own
    page (its ``<html lang>``), so a cache must not give one the other's."""

    async def varied(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (b"vary", b"Accept-Language")]}
        await send(message)

    return varied


class PageLanguage:
    """ASGI middleware: the page's ``<html lang>`` names the language it will be drawn in (screen readers, the
    browser's hyphenation and translation offers). Only Streamlit's page itself (an uncompressed HTML answer of a
    couple of kilobytes) is rewritten; a reader who changes language in the page keeps the first load's tag until
    the next load, whose link then carries ``?lang=``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if scope["type"] != "http" or scope.get("method") != "GET" or b"text/html" not in headers.get(b"accept", b""):
            await self.app(scope, receive, send)
            return
        language = page_language(
            scope.get("query_string", b"").decode("latin-1"), headers.get(b"accept-language", b"").decode("latin-1")
        )
        if language == DEFAULT:
            await self.app(scope, receive, _varying(send))
            return
        send = _varying(send)
        held: list[Message] = []  # the response's start, sent with its (rewritten) length once the body is seen

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                held.append(dict(message))
                return
            if held:
                start = held.pop()
                response = dict(start.get("headers", []))
                if (
                    message["type"] == "http.response.body"
                    and not message.get("more_body")
                    and b"text/html" in response.get(b"content-type", b"")
                    and b"content-encoding" not in response
                ):
                    body = message.get("body", b"").replace(
                        b'<html lang="en">', f'<html lang="{html_lang(language)}">'.encode(), 1
                    )
                    # Its own length; no validator of the English page's bytes (a cached copy must not stand in).
                    dropped = (b"content-length", b"etag", b"last-modified")
                    start["headers"] = [(k, v) for k, v in start.get("headers", []) if k not in dropped] + [
                        (b"content-length", str(len(body)).encode())
                    ]
                    message = {**message, "body": body}
                await send(start)
            await send(message)

        await self.app(scope, receive, rewrite)


def held_upload_bytes(session_id: str | None = None) -> int:
    """The bytes of uploaded files this process holds now (of one session, given its id); 0 before Streamlit runs."""
    if not Runtime.exists():
        return 0
    manager = Runtime.instance().uploaded_file_mgr
    return held_bytes_of(manager) if session_id is None else session_bytes_of(manager, session_id)


def held_bytes_of(manager: object) -> int:
    """An upload manager's own count of the bytes it holds, from its public stats (family -> cache stats)."""
    stats = manager.get_stats() if hasattr(manager, "get_stats") else {}
    return sum(stat.byte_length for family in stats.values() for stat in family)


def session_bytes_of(manager: object, session_id: str) -> int:
    """The bytes one session's uploaded files take in Streamlit's in-memory manager (its ``file_storage``, by
    session and file id: no public call lists a session's files; tests/test_serve.py checks it on the real class)."""
    storage = getattr(manager, "file_storage", {}).get(session_id, {})
    return sum(len(record.data) for record in list(storage.values()))


class UploadBudget:
    """ASGI middleware: an upload that would take the uploads held, or its session's, past their budget is refused
    (429) before its body is read. Uploads still arriving count too, at their declared size (or the largest)."""

    def __init__(self, app: ASGIApp, held: Callable[[str | None], int] = held_upload_bytes) -> None:
        self.app, self.held = app, held
        self.arriving: dict[str, int] = {}  # session id -> bytes of its uploads under way (one event loop: no lock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (scope["type"] == "http" and scope.get("method") == "PUT" and scope["path"].startswith(UPLOAD_PATH)):
            await self.app(scope, receive, send)
            return
        session = scope["path"][len(UPLOAD_PATH) :].split("/", 1)[0]
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        size = int(declared) if declared.isdigit() else UNDECLARED_BYTES
        arriving = sum(self.arriving.values())
        if (
            self.held(None) + arriving + size > UPLOADS_HELD_BYTES
            or self.held(session) + self.arriving.get(session, 0) + size > SESSION_HELD_BYTES
        ):
            refusal = PlainTextResponse(
                "The server holds as many uploads as it can right now: try again in a few minutes.",
                status_code=429,
                headers={"Retry-After": "120"},
            )
            await refusal(scope, receive, send)
            return
        self.arriving[session] = self.arriving.get(session, 0) + size
        try:
            await self.app(scope, receive, send)
        finally:
            self.arriving[session] -= size
            if not self.arriving[session]:
                del self.arriving[session]


@asynccontextmanager
async def get_ready(_app: st.App) -> AsyncIterator[None]:
    """Before the server answers its first request: the work of a first reader's page (``ui.warm``), for at most
    ``READY_WITHIN_S``. Its health check answers only once it is ready, so a probe keeps a new or restarted replica
    out of service until then (Streamlit has bound the port already: a request that comes meanwhile waits)."""
    await asyncio.to_thread(start_warm_up().join, READY_WITHIN_S)
    yield None


app = st.App(
    str(Path(__file__).with_name("app.py")),
    middleware=[Middleware(UploadBudget), Middleware(OnePathSegment), Middleware(PageLanguage)],
    lifespan=get_ready,
)
