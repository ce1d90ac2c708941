"""What a reader reads on a page, as strings, for comparing one language's page with another's.

Every element's visible words (body, label, help, options, placeholder) and every chart's words (titles,
axis and legend titles, descriptions), from an AppTest run. Data shown as written (the newsletter's quotes,
names from the data) is told apart by ``is_data``; acronyms and proper names by ``LISTED_EXCEPTIONS``.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from lib.i18n import using
from lib.i18n.extract import DATA_COLUMNS, data_texts
from tests.conftest import DATA_DIR, ROOT, shown

_TEXT_KEYS = {"body", "label", "help", "options", "placeholder", "caption"}
_SPEC_KEYS = {"title", "subtitle", "description", "text"}
# Shown as written in every language (docs/i18n.md): acronyms and proper names, codes, and the language
# names of the picker (each in its own language).
LISTED_EXCEPTIONS = {"IOM Kosovo", "English", "Shqip", "Srpski", "Српски", "CSV", "HXL", "PDF", "GeoNames", "OK"}
_NO_WORDS = re.compile(r"^[^A-Za-zÀ-žА-я]*$")
_ACRONYMS = re.compile(r"^[A-Z0-9][A-Z0-9 &/().,:·-]*$")


def _strings(value: object, keys: set[str]) -> list[str]:
    """Every string under one of ``keys`` in a proto or a chart spec (a chart's data left out); a proto's chart
    spec is read for its words (``_SPEC_KEYS``)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("data", "datasets", "values"):
                continue
            if key == "spec" and isinstance(item, str):
                found += _strings(json.loads(item), _SPEC_KEYS)
            elif key in keys and isinstance(item, str):
                found.append(item)
            elif key in keys and isinstance(item, list):
                found += [v for v in item if isinstance(v, str)]
            else:
                found += _strings(item, keys)
    elif isinstance(value, list):
        for item in value:
            found += _strings(item, keys)
    return found


def _nodes(node: object) -> list[object]:
    children = getattr(node, "children", None)
    if children:
        found = [node] if getattr(node, "proto", None) is not None else []
        for key in sorted(children):
            found += _nodes(children[key])
        return found
    return [node] if getattr(node, "proto", None) is not None else []


_DIRECTIVE = re.compile(r":[a-z]+\[(.*)\]")


def plain(text: str) -> str:
    """What a reader reads of our Markdown: no escapes, bold marks or ``:small[...]`` directives."""
    return _DIRECTIVE.sub(r"\1", shown(text).replace("**", "")).strip()


def page_strings(file: str, language: str) -> list[str]:
    """The words a reader reads on the page ``file`` in ``language`` (Markdown escapes removed)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if language != "en":
        at.query_params["lang"] = language
    with using(language):  # AppTest formats the widgets' options in this thread too, as the script did in its own
        at.run()
        if not file.endswith("overview.py"):
            at.switch_page(file).run()
    assert not at.exception, [e.value for e in at.exception]
    strings = []
    for node in _nodes(at.main) + _nodes(at.sidebar):
        strings += [plain(s) for s in _strings(MessageToDict(node.proto), _TEXT_KEYS)]
    return [s for s in strings if s]


@lru_cache(maxsize=1)
def data_values() -> frozenset[str]:
    """Every text cell of the data package the pages show as written (quotes, news, names): not the descriptive
    texts of the catalogues, which are translated (``lib.i18n.extract.data_texts``)."""
    values: set[str] = set()
    translated = {text for text, _where in data_texts(DATA_DIR)}
    for path in DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.reader(file):
                cells = {cell.strip() for cell in row if cell.strip()}
                # The catalogues' descriptive texts are translated; the same words elsewhere (a newsletter's
                # section heading that names a programme) are the newsletter's, shown as written.
                values.update(cells - translated if path.stem in DATA_COLUMNS else cells)
    return frozenset(values)


def is_data(text: str) -> bool:
    """Shown as written: a data cell, a quote (in quotation marks), a number or a code, an acronym."""
    bare = text.strip("“”\"' ")
    return (
        bare in data_values()
        or text in LISTED_EXCEPTIONS
        or bool(_NO_WORDS.match(text))
        or bool(_ACRONYMS.match(text))
        or (text.startswith(("“", '"')) and bare in " ".join(data_values()))
    )


def unchanged_ui_strings(english: list[str], other: list[str]) -> tuple[list[str], list[str]]:
    """(the English page's UI strings, those the other language's page shows unchanged), data left out."""
    ui = sorted({s for s in english if not is_data(s)})
    same = set(other)
    return ui, [s for s in ui if s in same]


_WORD = re.compile(r"[A-Za-z]{4,}")
# Markup, file names and quotations (a quote inside a sentence is the newsletter's, shown as written).
_MARKUP = re.compile(r":[a-z-]+\[|:material/[a-z_]+:|\b[\w-]+\.csv\b|“[^”]*”|„[^”“]*[”“]|'[^']*'")
_SENTENCE_TABLES = ("figures", "news", "corrections", "programme_donors")  # quotes and notes: not names


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """The words of the data's names (places, donors, programmes' names): they fill a translated sentence as
    written. Not the newsletter's sentences, whose words are any English word."""
    words: set[str] = set()
    for path in DATA_DIR.glob("*.csv"):
        if path.stem in _SENTENCE_TABLES:
            continue
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.reader(file):
                for cell in row:
                    words |= _words_of(cell)
    return frozenset(words)


def _words_of(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(_MARKUP.sub(" ", text))}


@lru_cache(maxsize=4)
def language_words(language: str) -> frozenset[str]:
    """Every word of the language's catalogues: a word it shares with English ('program', 'status') is its own."""
    from lib.i18n.catalogues import read_catalogue

    words: set[str] = set()
    for domain in ("messages", "data"):
        for message in read_catalogue(language, domain):
            forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
            for form in forms:
                words |= _words_of(form or "")
    return frozenset(words)


def english_words_left(english: list[str], other: list[str], language: str) -> list[tuple[str, str]]:
    """(word, string) for each English UI word left inside a string of the other language's page: a sentence half
    translated ("Indicators — 51 shifra"), which a whole-string comparison cannot see. Data, acronyms, listed
    exceptions, markup and file names aside."""
    data_words = name_words()
    ui_words = {word for text in english if not is_data(text) for word in _words_of(text)}
    foreign = ui_words - language_words(language) - data_words
    return [(word, text) for text in sorted(set(other)) if not is_data(text) for word in _words_of(text) & foreign]
