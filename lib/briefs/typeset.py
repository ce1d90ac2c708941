"""Setting a brief's document with Typst (``brief.typ``, beside this module), denser step by step until it fits."""

from __future__ import annotations

import json
from pathlib import Path

from lib.briefs.errors import BriefError

TEMPLATE = Path(__file__).with_name("brief.typ")
MAX_PAGES = 2
DENSITIES = 5  # the template's density levels, 0 (roomiest) to 4
ONE_PAGE_DENSITY = 2  # how much denser a two-page brief may be set to fit on one


def _set_at(payload: str, density: int) -> tuple[bytes, int]:
    """The PDF at one density, and how many pages it has."""
    import typst  # noqa: PLC0415 - a brief is made on a click: every page imports this module, few make a brief

    compiler = typst.Compiler(
        str(TEMPLATE), root=str(TEMPLATE.parent), sys_inputs={"brief": payload, "density": str(density)}
    )
    try:
        pdf = compiler.compile()
        if not isinstance(pdf, bytes):
            raise BriefError("the brief could not be typeset: Typst gave no PDF")
        return pdf, int(json.loads(compiler.query("<pages>", field="value", one=True)))
    except (typst.TypstError, RuntimeError, ValueError) as error:
        raise BriefError(f"the brief could not be typeset: {error}") from error


def typeset(document: dict) -> bytes:
    """The document set by ``brief.typ``; denser, step by step, until it fits on two pages."""
    payload = json.dumps(document, ensure_ascii=False)
    pdf, pages = _set_at(payload, 0)
    for density in range(1, DENSITIES):
        if pages <= MAX_PAGES:
            break
        pdf, pages = _set_at(payload, density)
    if pages == 2:  # a second page with only a line or two on it: a little denser may fit one
        for density in range(1, ONE_PAGE_DENSITY + 1):
            denser, fewer = _set_at(payload, density)
            if fewer == 1:
                return denser
    return pdf
