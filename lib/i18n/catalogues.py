"""The gettext catalogues, read from ``locales/`` into memory once per process (no compiled files to write:
the pod's root filesystem is read-only). Serbian Cyrillic is made from the Serbian Latin catalogue."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lib.i18n.cyrillic import to_cyrillic
from lib.i18n.languages import BABEL_LOCALES, FOLDERS
from lib.paths import LOCALES_DIR

DOMAINS = ("messages", "data")


def po_path(language: str, domain: str, root: Path = LOCALES_DIR) -> Path:
    """Where a language's catalogue of a domain is kept: ``locales/sq/LC_MESSAGES/messages.po``."""
    return root / FOLDERS[language] / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(language: str, domain: str, root: Path = LOCALES_DIR) -> Catalog:
    """A language's catalogue as Babel reads it; Serbian Cyrillic transliterated from the Latin one."""
    source = "sr-Latn" if language == "sr-Cyrl" else language
    path = po_path(source, domain, root)
    if not path.is_file():
        return Catalog(locale=BABEL_LOCALES[language].replace("_XK", ""), domain=domain)
    with path.open("rb") as file:
        catalogue = read_po(file, locale=BABEL_LOCALES[source].replace("_XK", ""), domain=domain)
    if language == "sr-Cyrl":
        for message in catalogue:
            if not message.id:
                continue
            if isinstance(message.string, tuple | list):
                message.string = tuple(to_cyrillic(form) for form in message.string)
            elif message.string:
                message.string = to_cyrillic(message.string)
    return catalogue


@lru_cache(maxsize=16)
def translations(language: str, domain: str) -> gettext.NullTranslations:
    """The language's translations of a domain (fuzzy entries left out); English for what has none."""
    if language not in FOLDERS:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(language, domain))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@lru_cache(maxsize=16)
def translated_ids(language: str, domain: str) -> frozenset[str]:
    """The texts the language's catalogue of a domain translates (fuzzy ones not): English needs none."""
    if language not in FOLDERS:
        return frozenset()
    found = set()
    for message in read_catalogue(language, domain):
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.id and all(forms) and not message.fuzzy:
            found.add(message.id if isinstance(message.id, str) else message.id[0])  # a plural by its singular
    return frozenset(found)
