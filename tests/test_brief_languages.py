"""Briefs in Albanian and Serbian (lib/briefs/): made in the run's language, or the one ``language=`` or
``--lang`` names, within two pages, in a font that has the letters (ë, ç, Cyrillic), with Typst told the language.

Until the catalogues are filled most words are English; what is translated already (the data catalogues' names,
months, numbers) and what the catalogues will translate (the template's words) are looked for in the PDF as the
language writes them, so these tests read translated briefs as soon as there are translations."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from lib.briefs import brief
from lib.briefs.typeset import template_words
from lib.i18n import LANGUAGES, current, using
from lib.i18n.active import data_text
from lib.presenting.present import edition_label
from tests.conftest import DATA_DIR

EDITION = "2004-11"
MADE = date(2026, 12, 1)
LANGS = ("sq", "sr-Cyrl")
TYPST_LANGS = {"en": "en", "sq": "sq", "sr-Latn": "sr", "sr-Cyrl": "sr"}


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def squeezed(pdf: bytes) -> str:
    """The PDF's text without whitespace: a line may break anywhere in a name."""
    return "".join(" ".join(page.extract_text() for page in read(pdf).pages).split())


def has(pdf_text: str, words: str) -> bool:
    return "".join(words.split()) in pdf_text


def said(value: object) -> object:
    """A document as its reader reads it: a chart's words, not its geometry (ids and coordinates vary)."""
    if isinstance(value, dict):
        return {key: said(item) for key, item in value.items()}
    if isinstance(value, list):
        return [said(item) for item in value]
    if isinstance(value, str) and value.startswith("<svg"):
        return re.findall(r"<text[^>]*>([^<]*)</text>", value)
    return value


@pytest.fixture(scope="module")
def data(dataset):  # the session's dataset (tests/conftest.py), loaded once for every test file
    assert not dataset.problems
    return dataset


@pytest.fixture(scope="module")
def biggest(data) -> str:
    """The donor with the most programmes: the longest donor brief."""
    return data.tables["programme_donors"]["donor_id"].value_counts().index[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("donor", ["biggest", "ear"])
def test_a_donor_brief_in_another_language_fits_two_pages_in_its_words(data, biggest, lang, donor):
    donor = biggest if donor == "biggest" else donor  # EAR's brief has charts, targets and a map
    with using(lang):
        pdf = brief.donor_brief(data.tables, donor, EDITION, data.version, made=MADE)
        words = template_words()
        expected = [words["sources"], words["what_it_funds"], words["indicator"], edition_label(EDITION)]
        programmes = data.tables["programme_donors"].query("donor_id == @donor")["programme_id"]
        names = data.tables["programmes"].set_index("programme_id")["name"]
        expected += [data_text(names[programme]) for programme in programmes if programme in names]
    assert current() == "en"  # the language was the brief's only
    assert pdf.startswith(b"%PDF") and 1 <= len(read(pdf).pages) <= 2
    assert read(pdf).trailer["/Root"]["/Lang"] == TYPST_LANGS[lang]
    text = squeezed(pdf)
    for words_expected in expected:
        assert has(text, words_expected), words_expected


@pytest.mark.parametrize("lang", LANGS)
def test_the_edition_brief_in_another_language(data, lang):
    with using(lang):
        pdf = brief.edition_brief(data.tables, EDITION, data.version, made=MADE, checks=data.checks)
        words = template_words()
        expected = [words["headline_figures"], words["consistency_checks"], words["sources"], edition_label(EDITION)]
    assert current() == "en"
    assert pdf.startswith(b"%PDF") and 1 <= len(read(pdf).pages) <= 2
    assert read(pdf).trailer["/Root"]["/Lang"] == TYPST_LANGS[lang]
    text = squeezed(pdf)
    for words_expected in expected:
        assert has(text, words_expected), words_expected


def test_cyrillic_and_albanian_letters_reach_the_page(data):
    """The month in Cyrillic and Albanian (Babel's, translated today): the font has the letters, which come back
    out of the PDF as written."""
    cyrillic = squeezed(brief.edition_brief(data.tables, EDITION, language="sr-Cyrl"))
    with using("sr-Cyrl"):
        month = edition_label(EDITION)
    assert any("\u0400" <= letter <= "\u04ff" for letter in month) and has(cyrillic, month)
    albanian = squeezed(brief.donor_brief(data.tables, "ear", EDITION, language="sq"))
    assert "ë" in albanian  # 'nëntor 2004', and the programmes' names where data.po translates them


def test_language_argument_is_the_same_as_the_run_language(data):
    """``language=`` (what the pages may pass) says what the run's language would; None keeps the run's."""
    with using("sr-Cyrl"):
        in_run = brief.edition_document(data.tables, EDITION, "", MADE, checks=data.checks)
        kept = brief.edition_document(data.tables, EDITION, "", MADE, checks=data.checks, language=None)
    named = brief.edition_document(data.tables, EDITION, "", MADE, checks=data.checks, language="sr-Cyrl")
    assert said(named) == said(in_run) == said(kept)
    assert current() == "en"
    with using("sr-Cyrl"):
        english = brief.edition_document(data.tables, EDITION, "", MADE, checks=data.checks, language="en")
    assert said(english) == said(brief.edition_document(data.tables, EDITION, "", MADE, checks=data.checks))


def test_the_template_words_follow_the_language():
    assert template_words()["lang"] == "en" and template_words()["quote"] == ["“", "”"]
    for lang, typst_lang in TYPST_LANGS.items():
        with using(lang):
            words = template_words()
        assert words["lang"] == typst_lang
        assert all(isinstance(v, str) and v for k, v in words.items() if k != "quote"), lang
        assert len(words["quote"]) == 2


def test_lang_argument_parses():
    base = ["--out", "brief.pdf"]
    assert brief.parser().parse_args(base).lang == "en"
    for lang in LANGUAGES:
        assert brief.parser().parse_args([*base, "--lang", lang]).lang == lang
    with pytest.raises(SystemExit):
        brief.parser().parse_args([*base, "--lang", "de"])


def test_cli_writes_a_brief_in_the_language_asked_for(tmp_path, capsys):
    out = tmp_path / "edition.pdf"
    assert brief.main(["--edition", EDITION, "--out", str(out), "--data", str(DATA_DIR), "--lang", "sr-Cyrl"]) == 0
    assert current() == "en"
    pdf = out.read_bytes()
    assert read(pdf).trailer["/Root"]["/Lang"] == "sr" and len(read(pdf).pages) <= 2
    with using("sr-Cyrl"):
        assert has(squeezed(pdf), edition_label(EDITION))
    assert str(out) in capsys.readouterr().out


def test_the_edition_briefs_contradictions_are_explained_in_its_language(tmp_path):
    out = tmp_path / "edition.pdf"
    assert brief.main(["--edition", EDITION, "--out", str(out), "--data", str(DATA_DIR), "--lang", "sq"]) == 0
    text = " ".join(page.extract_text() for page in read(out.read_bytes()).pages)
    assert "VARRP" in text  # the newsletter's two contradictions are listed...
    assert "the newsletter is inconsistent" not in text and "more than the total" not in text  # ...in Albanian
