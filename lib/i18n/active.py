"""The language of the script run now, and the functions that mark and translate texts in it.

Sessions share a process, each script run on its own thread: the language is a context variable set at the
start of a run (``app.py``) or around a command (``using``), never a process-wide ``gettext.install``.
Pages and ``lib`` translate through ``_`` and ``ngettext``, which read it; whatever is kept across runs
(derived views, chart specs) has the language in its key (``lib.dataset.data.Dataset.derive``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from lib.i18n.languages import DEFAULT, LANGUAGES

_LANGUAGE: ContextVar[str] = ContextVar("language", default=DEFAULT)
DOMAIN = "messages"  # the code's texts; the data catalogues' names are in the "data" domain


def current() -> str:
    """The language of this run: a BCP 47 tag of ``LANGUAGES``."""
    return _LANGUAGE.get()


def activate(language: str) -> None:
    """Make ``language`` this run's language (an unknown tag: English)."""
    _LANGUAGE.set(language if language in LANGUAGES else DEFAULT)


@contextmanager
def using(language: str) -> Iterator[None]:
    """``language`` inside the block, the previous one after it (a command, a brief, a test)."""
    token = _LANGUAGE.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def _fill(text: str, values: dict[str, object]) -> str:
    return text % values if values else text


def _(message: str, /, **values: object) -> str:
    """``message`` in this run's language, its ``%(name)s`` placeholders filled from ``values``."""
    language = _LANGUAGE.get()
    if language == DEFAULT:
        return _fill(message, values)
    from lib.i18n.catalogues import translations  # noqa: PLC0415 - catalogues are read only once a language asks

    return _fill(translations(language, DOMAIN).gettext(message), values)


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The plural form for ``count`` in this run's language (Serbian has three), placeholders filled."""
    language = _LANGUAGE.get()
    if language == DEFAULT:
        return _fill(singular if count == 1 else plural, values)
    from lib.i18n.catalogues import translations  # noqa: PLC0415 - catalogues are read only once a language asks

    return _fill(translations(language, DOMAIN).ngettext(singular, plural, count), values)


def N_(message: str) -> str:
    """``message`` unchanged: marks a module-level text for extraction; ``translated`` draws it."""
    return message


def translated(message: str) -> str:
    """A text marked with ``N_`` (a page title, a theme), in this run's language."""
    return _(message) if message else message


def data_text(text: str) -> str:
    """A catalogue's descriptive text (a programme's name, an indicator's label) in this run's language; as
    written (English) where no translation is stored yet."""
    language = _LANGUAGE.get()
    if language == DEFAULT or not text:
        return text
    from lib.i18n.catalogues import translations  # noqa: PLC0415 - catalogues are read only once a language asks

    return translations(language, "data").gettext(text)
