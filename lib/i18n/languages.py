"""The languages the dashboard speaks, by BCP 47 tag, and how a reader's choice is read."""

from __future__ import annotations

DEFAULT = "en"
# Each language named in its own language, as the picker shows it.
LANGUAGES: dict[str, str] = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski", "sr-Cyrl": "Српски"}
# Babel's locales for Kosovo's formats (thousands separators, decimal comma, month names). English keeps the
# dashboard's own formats ("1,611,672", "Nov 2004").
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "sq": "sq_XK", "sr-Latn": "sr_Latn_XK", "sr-Cyrl": "sr_Cyrl_XK"}
# Where each language's catalogues live under locales/ (a folder name gettext tools accept).
FOLDERS: dict[str, str] = {"sq": "sq", "sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl"}
TRANSLATED_BY_HAND = ("sq", "sr-Latn")  # sr-Cyrl is transliterated from sr-Latn


def from_link(value: str | None) -> str | None:
    """The language a link's ``?lang=`` names, matched without regard to case ('SR-latn'); None if unknown."""
    if not value:
        return None
    by_lower = {tag.lower(): tag for tag in LANGUAGES}
    return by_lower.get(value.strip().lower().replace("_", "-"))


def from_browser(locale: str | None) -> str:
    """The language for a browser's locale ('sq-AL', 'sr', 'sr-Latn-RS', 'de-DE'); English where we have none.

    A bare 'sr' is Cyrillic, as in CLDR; 'sr-ME' and 'sr-Latn-*' are Latin (Montenegro writes Latin first).
    """
    if not locale:
        return DEFAULT
    parts = [part.lower() for part in locale.replace("_", "-").split("-") if part]
    if not parts:
        return DEFAULT
    if parts[0] == "sq":
        return "sq"
    if parts[0] in ("sr", "sh"):
        if "latn" in parts or parts[0] == "sh" or "me" in parts:
            return "sr-Latn"
        return "sr-Cyrl"
    return DEFAULT


def html_lang(language: str) -> str:
    """The ``<html lang>`` value for a language: its BCP 47 tag."""
    return language if language in LANGUAGES else DEFAULT


def language_suffix() -> str:
    """'-sq' for a file made in Albanian ('brief-2004-11-sq.pdf'); nothing in English."""
    from lib.i18n.active import current  # noqa: PLC0415 - active imports this module

    return "" if current() == DEFAULT else f"-{current()}"
