"""The README is a guide of at most 300 lines, and every relative link in the documentation resolves.

The README, ARCHITECTURE.md and every Markdown file under docs/ are read; each relative link and image
(``[text](path)``, ``![alt](path)``, ``[text]: path``) must name a file or folder that exists, relative
to the file that links it. Web links (http, https, mailto) and links to an anchor in the same page are
not followed; a link's own ``#anchor`` is dropped before the path is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCUMENTS = sorted([README, ROOT / "ARCHITECTURE.md", *(ROOT / "docs").rglob("*.md")])

# The README's commands, exactly as CI (.ci/run) and a newcomer run them.
RUN_COMMAND = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt && streamlit run serve.py"
)
TEST_COMMAND = "python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements-dev.txt && pytest"

INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def links(text: str) -> list[str]:
    """Every link target in a Markdown text, outside code blocks and code spans."""
    prose = CODE_SPAN.sub("", FENCE.sub("", text))
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def relative(target: str) -> str | None:
    """The path a link names in this repository, or None for a web link or an anchor in the same page."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
        return None
    return target.split("#", 1)[0].split("?", 1)[0]


def test_links_are_found():
    text = "A [page](docs/a.md#x), ![img](b.png), [web](https://x.org), [here](#y), `[no](c.md)`\n[ref]: d/e.md\n"
    assert [relative(t) for t in links(text)] == ["docs/a.md", "b.png", None, None, "d/e.md"]


def test_documents_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in DOCUMENTS}
    assert {"README.md", "ARCHITECTURE.md", "docs/performance.md", "docs/data.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_relative_links_resolve(document: Path):
    broken = [
        target
        for target in links(document.read_text(encoding="utf-8"))
        if (path := relative(target)) and not (document.parent / path).exists()
    ]
    assert not broken, f"{document.relative_to(ROOT)} links to what does not exist: {broken}"


def test_readme_is_a_short_guide():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines; move detail to docs/"


def test_readme_points_to_the_notes():
    text = README.read_text(encoding="utf-8")
    assert "docs/performance.md" in text and "docs/data.md" in text


def test_readme_gives_the_run_and_test_commands():
    text = README.read_text(encoding="utf-8")
    assert RUN_COMMAND in text
    assert TEST_COMMAND in text
