"""Numbers inside the newsletter modules' messages (refusals, summaries, reasons), in the reader's language.

The messages themselves are translated where they are made (``lib.i18n``); this writes the numbers they hold. English
keeps the forms the messages have always had. Light on purpose: the reading worker imports it, and Babel is imported
only once a language other than English asks.
"""

from __future__ import annotations

from collections.abc import Mapping

from lib.i18n.active import current
from lib.i18n.languages import DEFAULT


def number_text(value: object, grouped: bool = True) -> str:
    """A number as a message writes it: a whole number with its thousands grouped ('2,000'; '2 000' in Albanian,
    '2.000' in Serbian), or in English not grouped where the message never grouped it (``grouped=False``: '1234');
    any other number with as few digits as it needs ('0.0977', '15'; '0,0977'); anything else as its text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    language = current()
    if language == DEFAULT:
        if isinstance(value, int):
            return f"{value:,}" if grouped else str(value)
        return f"{value:g}"
    from lib.i18n.numbers import number, separators  # noqa: PLC0415 - Babel is read only once a language asks

    if isinstance(value, int):
        return number(value, language)
    return f"{value:g}".replace(".", separators(language)[0])


def decimal(value: float, places: int = 2) -> str:
    """A score with a fixed number of decimals, as the reader's language writes it: '0.85'; '0,85'."""
    text = f"{value:.{places}f}"
    language = current()
    if language == DEFAULT:
        return text
    from lib.i18n.numbers import separators  # noqa: PLC0415 - Babel is read only once a language asks

    return text.replace(".", separators(language)[0])


def written(values: Mapping[str, object]) -> dict[str, str]:
    """A message's values, each number written as the reader's language writes it (``number_text``)."""
    return {key: number_text(value) for key, value in values.items()}
