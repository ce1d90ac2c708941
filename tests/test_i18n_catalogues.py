"""The catalogues are complete and valid: every text the code marks and every descriptive text of the data has a
translation in Albanian and Serbian (none empty, none fuzzy), placeholders and plural forms pass Babel's checks,
and the Cyrillic made from the Latin is Cyrillic. A new string without its translations fails here."""

from __future__ import annotations

import re

import pytest

from lib.i18n.__main__ import problems
from lib.i18n.catalogues import read_catalogue, translated_ids
from lib.i18n.cyrillic import KEEP
from lib.i18n.extract import code_template, data_template, untranslated_rows
from lib.i18n.languages import TRANSLATED_BY_HAND

TEMPLATES = {"messages": code_template, "data": data_template}
LATIN_WORD = re.compile(r"\b[a-zčćđšž]{4,}\b")


@pytest.mark.parametrize("domain", TEMPLATES)
@pytest.mark.parametrize("language", TRANSLATED_BY_HAND)
def test_every_text_has_its_translation(language, domain):
    wanted = {message.id for message in TEMPLATES[domain]() if message.id}
    missing = {m if isinstance(m, str) else m[0] for m in wanted} - translated_ids(language, domain)
    assert not missing, (
        f"{len(missing)} {domain} texts have no {language} translation: run `python -m lib.i18n update`, "
        f"translate them in locales/, then `python -m lib.i18n check`. First: {sorted(missing)[:10]}"
    )


@pytest.mark.parametrize("domain", TEMPLATES)
@pytest.mark.parametrize("language", TRANSLATED_BY_HAND)
def test_the_catalogues_pass_babels_checks(language, domain):
    assert problems(language, domain) == []


def test_serbian_has_three_plural_forms_and_every_plural_has_them():
    catalogue = read_catalogue("sr-Latn", "messages")
    assert catalogue.num_plurals == 3
    for message in catalogue:
        if message.pluralizable and message.id:
            assert len(message.string) == 3 and all(message.string), message.id


@pytest.mark.parametrize("domain", TEMPLATES)
def test_the_cyrillic_catalogue_is_cyrillic(domain):
    """Latin only where it must stay (placeholders, code, file names, acronyms, product names: ``cyrillic.KEEP``)."""
    strings = []
    for message in read_catalogue("sr-Cyrl", domain):
        if message.id:
            strings += list(message.string) if isinstance(message.string, tuple | list) else [message.string]
    left = [text for text in strings if LATIN_WORD.search(KEEP.sub("", text))]
    assert len(strings) > 100 and not left, left


def test_a_catalogue_row_without_a_translation_is_listed_for_the_editor(dataset):
    tables = dict(dataset.tables)
    indicators = tables["indicators"].copy()
    indicators.loc[indicators.index[0], "label"] = "Hectares of orchards replanted"
    tables["indicators"] = indicators
    for language in ("sq", "sr-Latn", "sr-Cyrl"):
        assert untranslated_rows(dataset.tables, language) == []
        missing = untranslated_rows(tables, language)
        assert missing == [
            {
                "file": "indicators.csv",
                "row": indicators.iloc[0]["indicator_id"],
                "column": "label",
                "text": "Hectares of orchards replanted",
            }
        ]
    assert untranslated_rows(tables, "en") == []
