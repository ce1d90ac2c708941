"""Charts in the reader's language: Vega's number and month formats (Babel is read only once a language asks)."""

from __future__ import annotations


def localised(spec: dict[str, object], language: str) -> dict[str, object]:
    """A Vega-Lite spec with ``language``'s number and month formats (English: the spec as it is)."""
    if language == "en":
        return spec
    from lib.i18n.numbers import vega_locale  # noqa: PLC0415 - Babel's data is read only once a language asks

    config = dict(spec.get("config") or {})  # type: ignore[call-overload]
    config["locale"] = vega_locale(language)
    return {**spec, "config": config}
