"""Setting a brief's document with Typst (``brief.typ``, beside this module), denser step by step until it fits.

The template's own words (headings, table headers, notes) come with the document, in the run's language
(``template_words``), and so does the language Typst sets the text in: the template holds no text of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from lib.briefs.errors import BriefError
from lib.i18n import _, current, using

TEMPLATE = Path(__file__).with_name("brief.typ")
MAX_PAGES = 2
DENSITIES = 5  # the template's density levels, 0 (roomiest) to 4
ONE_PAGE_DENSITY = 2  # how much denser a two-page brief may be set to fit on one


def template_words() -> dict:
    """What ``brief.typ`` says around the document's data, in this run's language, and the language for Typst
    (ISO 639: 'sq', 'sr'; the script of Serbian is read from its letters, so its Latin quotes and acronyms keep
    theirs)."""
    opening, _mark, closing = _("“%(quote)s”", quote="\x00").partition("\x00")
    return {
        "lang": current().split("-")[0],
        "author": _("IOM Kosovo programme dashboard"),
        "quote": [opening, closing],
        "sources": _("Sources"),
        "sources_note": _("Each figure’s source in the newsletter: its section, and its words as printed."),
        "indicator": _("Indicator"),
        "value": _("Value"),
        "basis": _("Basis"),
        "target": _("Target"),
        "change": _("Change"),
        "notes": _("Notes"),
        "what_it_funds": _("What it funds"),
        "figures_heading": _("Figures in this edition"),
        "as_stated": _("As the newsletter states them, repeats left out."),
        "target_note": _("Target: what the programme aims for, with the share reached."),
        "first_edition": _("The first edition stored: no change to show."),
        "change_note": _(
            "Change: against the same figure, measured the same way, in the latest earlier edition that reports it."
        ),
        "notes_note": _("Notes: the sources, at the end."),
        "headline_figures": _("Headline figures"),
        "consistency_checks": _("Consistency checks"),
    }


def _set_at(payload: str, density: int) -> tuple[bytes, int]:
    """The PDF at one density, and how many pages it has."""
    import typst  # noqa: PLC0415 - a brief is made on a click: every page imports this module, few make a brief

    compiler = typst.Compiler(
        str(TEMPLATE), root=str(TEMPLATE.parent), sys_inputs={"brief": payload, "density": str(density)}
    )
    try:
        pdf = compiler.compile()
        if not isinstance(pdf, bytes):
            raise BriefError(_("the brief could not be typeset: Typst gave no PDF"))
        return pdf, int(json.loads(compiler.query("<pages>", field="value", one=True)))
    except (typst.TypstError, RuntimeError, ValueError) as error:
        raise BriefError(_("the brief could not be typeset: %(error)s", error=error)) from error


def typeset(document: dict, *, language: str | None = None) -> bytes:
    """The document set by ``brief.typ``, with the template's words in ``language`` (None: this run's); denser,
    step by step, until it fits on two pages."""
    with using(language or current()):
        payload = json.dumps({**document, "words": template_words()}, ensure_ascii=False)
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
