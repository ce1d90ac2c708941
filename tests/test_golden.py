"""Golden files: what every page shows and what every brief says, recorded before the house was moved.

Each page's AppTest output (every element's visible proto fields, in order) and each brief's document
(the JSON given to the typesetter) are compared with ``tests/golden/``. A refactoring must leave them
the same; a change a reader should see is recorded on purpose with ``IOM_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and its diff reviewed in the commit.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from lib.presenting.pages import PAGES
from tests.conftest import DATA_DIR, ROOT

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("IOM_UPDATE_GOLDEN") == "1"
MADE = date(2026, 1, 1)  # the briefs' "made on" date, fixed
# Not what a reader sees, or not stable between checkouts: widget ids (hashes of the script's path),
# the data version (from file times) and media URLs (hashes of served bytes, per process).
_UNSTABLE_KEYS = {"id", "formId", "url", "deltaPath", "fragmentId", "scriptHash"}
_VERSION = re.compile(r"\b[0-9a-f]{8,64}\b")
_SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def _stable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in sorted(value.items()) if k not in _UNSTABLE_KEYS}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, str) and value.startswith("<svg"):
        # A chart's words, not its geometry: the geometry depends on fonts other tests may have loaded.
        return _SVG_TEXT.findall(value)
    if isinstance(value, str):
        return _VERSION.sub("<hash>", value)
    return value


def _elements(node: object) -> list[dict]:
    """Every leaf element under ``node`` in document order, as a dict of its proto."""
    children = getattr(node, "children", None)
    if children:
        found = []
        for key in sorted(children):
            found += _elements(children[key])
        label = getattr(node, "proto", None)
        if label is not None and getattr(node, "type", "") in ("expandable", "tab"):
            found.insert(0, {"container": node.type, "proto": _stable(MessageToDict(label))})
        return found
    proto = getattr(node, "proto", None)
    if proto is None:
        return []
    return [{"type": getattr(node, "type", ""), "proto": _stable(MessageToDict(proto))}]


def page_snapshot(key: str, file: str) -> list[dict]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    if key != "overview":
        at.switch_page(file).run()
    assert not at.exception, [e.value for e in at.exception]
    return _elements(at.main) + _elements(at.sidebar)


def brief_snapshots() -> dict[str, dict]:
    from lib.briefs.brief import donor_document, edition_document
    from lib.dataset.data import load

    data = load(DATA_DIR)
    edition = sorted(set(data.tables["figures"]["edition"]))[-1]
    found = {f"edition-{edition}": edition_document(data.tables, edition, "", MADE, checks=data.checks)}
    for donor in data.tables["donors"]["donor_id"]:
        found[f"donor-{donor}-{edition}"] = donor_document(data.tables, donor, edition, "", MADE)
    return found


def _compare(name: str, now: object) -> None:
    path = GOLDEN / f"{name}.json"
    now = _stable(json.loads(json.dumps(now, default=str)))
    text = json.dumps(now, indent=1, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path.name}: record it with IOM_UPDATE_GOLDEN=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), f"{name} differs from {path.name}"


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_every_page_shows_what_its_golden_file_records(spec):
    _compare(f"page-{spec.key}", page_snapshot(spec.key, spec.file))


def test_every_brief_says_what_its_golden_file_records():
    for name, document in brief_snapshots().items():
        _compare(f"brief-{name}", document)
