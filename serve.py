"""The app as served: ``streamlit run serve.py`` (``streamlit run app.py`` works too, without the fix below).

Streamlit answers any unknown path with its page, whose scripts and styles are linked relative to
it (``./static/...``). Under ``/returns`` they resolve to ``/static/...``; under a deeper path such as
``/returns/old/link`` they resolve to ``/returns/old/static/...``, which is the page again, not a
script, and the reader gets a blank page. A browser asking for such a path is sent to its first
segment (the page, if there is one), with its query string, so the link still opens the view.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

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


app = st.App(str(Path(__file__).with_name("app.py")), middleware=[Middleware(OnePathSegment)])
