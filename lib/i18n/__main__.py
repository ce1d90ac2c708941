"""The translators' workflow: ``python -m lib.i18n update`` (collect new texts into every .po), edit a .po in
Poedit or any gettext tool, ``python -m lib.i18n check`` (every text translated, placeholders and plurals
valid), then reload the app (catalogues are read at start). ``stats`` says how far each language is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from lib.i18n.catalogues import DOMAINS, po_path
from lib.i18n.extract import code_template, data_template
from lib.i18n.languages import BABEL_LOCALES, TRANSLATED_BY_HAND
from lib.paths import LOCALES_DIR


def templates() -> dict[str, Catalog]:
    return {"messages": code_template(), "data": data_template()}


def update(root: Path = LOCALES_DIR) -> None:
    """Each hand-translated language's .po brought up to the texts the code and data have now."""
    for domain, template in templates().items():
        for language in TRANSLATED_BY_HAND:
            path = po_path(language, domain, root)
            locale = BABEL_LOCALES[language].replace("_XK", "")
            if path.is_file():
                with path.open("rb") as file:
                    catalogue = read_po(file, locale=locale, domain=domain)
            else:
                catalogue = Catalog(locale=locale, domain=domain, project=template.project, fuzzy=False)
            catalogue.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as file:
                write_po(file, catalogue, width=120, omit_header=False, ignore_obsolete=True, sort_output=False)
            print(f"{path.relative_to(root.parent)}: {len(catalogue)} texts")


def problems(language: str, domain: str, root: Path = LOCALES_DIR) -> list[str]:
    """What keeps a catalogue from being complete and valid: untranslated, fuzzy, Babel's checks."""
    path = po_path(language, domain, root)
    if not path.is_file():
        return [f"{path.name}: missing; run python -m lib.i18n update"]
    with path.open("rb") as file:
        catalogue = read_po(file, locale=BABEL_LOCALES[language].replace("_XK", ""), domain=domain)
    found: list[str] = []
    for message in catalogue:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(forms):
            found.append(f"untranslated: {message.id!r}")
        elif message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
    for message, errors in catalogue.check():
        found.extend(f"{error}: {message.id!r}" for error in errors)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.i18n", description=__doc__)
    parser.add_argument("command", choices=("update", "check", "stats"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    failed = False
    for language in TRANSLATED_BY_HAND:
        for domain in DOMAINS:
            found = problems(language, domain)
            print(f"{language} {domain}: {len(found)} problems")
            if args.command == "check":
                for problem in found[:50]:
                    print("  " + problem)
            failed = failed or bool(found)
    return 1 if failed and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
