"""The language machinery (lib/i18n): choosing a language, the catalogues, Cyrillic, numbers, the page's lang."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from lib import i18n
from lib.i18n import _, ngettext, using
from lib.i18n.__main__ import problems
from lib.i18n.catalogues import po_path, read_catalogue
from lib.i18n.cyrillic import to_cyrillic
from lib.i18n.languages import from_browser, from_link
from lib.i18n.numbers import month, number
from lib.presenting.formats import format_number, month_label
from serve import PageLanguage, page_language


@pytest.mark.parametrize(
    ("link", "language"),
    [
        ("sq", "sq"),
        ("SQ", "sq"),
        ("sr-latn", "sr-Latn"),
        ("sr_Cyrl", "sr-Cyrl"),
        ("en", "en"),
        ("de", None),
        ("", None),
        (None, None),
        ("<script>", None),
    ],
)
def test_a_links_language_is_one_of_ours_or_none(link, language):
    assert from_link(link) == language


@pytest.mark.parametrize(
    ("browser", "language"),
    [
        ("sq-AL", "sq"),
        ("sq", "sq"),
        ("sr", "sr-Cyrl"),
        ("sr-RS", "sr-Cyrl"),
        ("sr-Latn-RS", "sr-Latn"),
        ("sr-ME", "sr-Latn"),
        ("sh", "sr-Latn"),
        ("de-DE", "en"),
        ("en-GB", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_the_browsers_language_picks_ours_and_a_bare_sr_is_cyrillic(browser, language):
    assert from_browser(browser) == language


def test_serbian_latin_becomes_cyrillic_letter_for_letter_with_its_digraphs():
    assert to_cyrillic("Ljubljana, Njegoš, džep, Đakovica, Peć") == "Љубљана, Његош, џеп, Ђаковица, Пећ"
    assert to_cyrillic("Njiva i Džemper") == "Њива и Џемпер"
    # Two morphemes, not a digraph.
    assert to_cyrillic("injekcija, nadživeti, konjunktura") == "инјекција, надживети, конјунктура"


def test_what_is_not_serbian_text_stays_as_written():
    text = "CSP projekti u KV01 (%(count)s), `python -m lib.i18n`, data/figures.csv, :material/map:, SEDMIN-a"
    assert to_cyrillic(text) == (
        "CSP пројекти у KV01 (%(count)s), `python -m lib.i18n`, data/figures.csv, :material/map:, SEDMIN-а"
    )
    assert to_cyrillic("https://www.iom.int i {name} i Excel") == "https://www.iom.int и {name} и Excel"


def test_numbers_and_months_as_each_language_writes_them():
    assert [number(1611672, lang) for lang in ("en", "sq", "sr-Latn")] == ["1,611,672", "1\xa0611\xa0672", "1.611.672"]
    assert number(37.6, "sq") == "37,6" and number(37.6, "sr-Cyrl") == "37,6"
    assert month(2004, 11, "sq", long=True) == "nëntor 2004"
    assert month(2004, 11, "sr-Latn", long=True) == "novembar 2004"
    assert month(2004, 11, "sr-Cyrl", long=True) == "новембар 2004"
    with using("sq"):
        assert format_number(1818) == "1\xa0818" and month_label("2004-11") == "nën 2004"
    assert format_number(1818) == "1,818" and month_label("2004-11") == "Nov 2004"  # English as it was


def test_the_language_is_per_run_and_english_is_the_text_as_written():
    assert i18n.current() == "en"
    with using("sr-Cyrl"):
        assert i18n.current() == "sr-Cyrl"
        with using("nonsense"):
            assert i18n.current() == "en"
    assert i18n.current() == "en"
    assert _("%(count)s moved", count="3") == "3 moved"
    assert ngettext("%(n)s check", "%(n)s checks", 1, n=1) == "1 check"
    assert ngettext("%(n)s check", "%(n)s checks", 5, n=5) == "5 checks"


def _catalogue(tmp_path: Path, entries: dict, language: str = "sr-Latn", fuzzy: tuple = ()) -> Path:
    catalogue = Catalog(locale="sr_Latn" if language.startswith("sr") else language, domain="messages")
    for message_id, string in entries.items():
        catalogue.add(message_id, string, flags=("fuzzy",) if message_id in fuzzy else ())
    path = po_path(language, "messages", tmp_path)
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalogue)
    return path


def test_cyrillic_is_made_from_the_serbian_latin_catalogue(tmp_path):
    _catalogue(
        tmp_path,
        {
            "Returns": "Povratak",
            ("%(count)s project", "%(count)s projects"): (
                "%(count)s projekat",
                "%(count)s projekta",
                "%(count)s projekata",
            ),
        },
    )
    cyrillic = read_catalogue("sr-Cyrl", "messages", tmp_path)
    assert cyrillic["Returns"].string == "Повратак"
    assert cyrillic[("%(count)s project", "%(count)s projects")].string == (
        "%(count)s пројекат",
        "%(count)s пројекта",
        "%(count)s пројеката",
    )


def test_the_check_names_untranslated_fuzzy_and_broken_placeholders(tmp_path):
    _catalogue(
        tmp_path,
        {"Map": "Mapa", "Donors": "", "Overview": "Pregled", "%(count)s moved": "%(broj)s pomereno"},
        fuzzy=("Overview",),
    )
    found = problems("sr-Latn", "messages", tmp_path)
    assert any(p.startswith("untranslated") and "Donors" in p for p in found)
    assert any(p.startswith("fuzzy") and "Overview" in p for p in found)
    assert any("broj" in p for p in found)  # Babel's python-format check: a placeholder the code never fills
    assert not any("'Map'" in p for p in found)


def test_the_pages_html_lang_follows_the_link_or_the_browser():
    assert page_language("lang=sq&edition=2004-11", "") == "sq"
    assert page_language("edition=2004-11", "sr-Latn-RS,sr;q=0.9") == "sr-Latn"
    assert page_language("lang=xx", "de") == "en"

    async def streamlit_page(scope, receive, send):
        body = b'<!doctype html><html lang="en"><head></head></html>'
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/html"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"lang=sr-Cyrl",
        "headers": [(b"accept", b"text/html")],
    }
    with ThreadPoolExecutor(1) as pool:  # a loop of its own: the browser tests leave one running in this thread
        pool.submit(asyncio.run, PageLanguage(streamlit_page)(scope, None, send)).result()
    assert b'<html lang="sr-Cyrl">' in sent[1]["body"]
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(sent[1]["body"])).encode()
    assert dict(sent[0]["headers"])[b"vary"] == b"Accept-Language"


def test_what_is_stored_or_shared_stays_english_whatever_the_readers_language(tmp_path):
    from lib.dataset.data import load
    from lib.newsletters.review import edition_details
    from tests.conftest import DATA_DIR

    with using("sq"):
        checks = load(DATA_DIR).checks  # kept with the dataset for every session
        title = edition_details("2005-02", None, "news.pdf")["title"]
    with using("en"):
        assert checks.equals(load(DATA_DIR).checks)
    assert title.endswith("February edition 2005")


def test_exports_keep_their_standard_english_columns_in_every_language(dataset):
    from lib.presenting.export import FIGURE_HXL, csv_bytes
    from lib.presenting.present import readable_figures

    tables = dataset.tables
    english = readable_figures(tables["figures"], tables["indicators"], tables["programmes"])
    english_header = csv_bytes(english).splitlines()[0]
    raw_header = csv_bytes(tables["figures"], FIGURE_HXL).splitlines()[:2]
    for language in ("sq", "sr-Cyrl"):
        with using(language):
            readable = readable_figures(tables["figures"], tables["indicators"], tables["programmes"])
            assert list(readable.columns) == list(english.columns)
            assert csv_bytes(readable).splitlines()[0] == english_header
            assert csv_bytes(tables["figures"], FIGURE_HXL).splitlines()[:2] == raw_header  # the data as stored


def test_albanian_names_inside_serbian_stay_latin_as_the_places_do():
    assert to_cyrillic("opština Pejë/Peć, sela Sigë/Siga") == "општина Pejë/Пећ, села Sigë/Сига"
    assert to_cyrillic("Bosna i Hercegovina (BiH)") == "Босна и Херцеговина (БиХ)"


def test_a_single_capital_is_a_serbian_word_where_a_sentence_starts_with_it():
    assert to_cyrillic("U obnovi. Taster A") == "У обнови. Тастер A"


def test_figures_moved_is_said_with_the_counts_own_plural():
    from lib.presenting.wording import change_counts
    from lib.summary.edition import ChangeCounts

    one, three = ChangeCounts(1, 2, 0, 40), ChangeCounts(3, 2, 0, 40)
    assert change_counts(one, of_figures=True).startswith("1 figure moved · 2 new")
    assert change_counts(three, of_figures=True).startswith("3 figures moved")
    assert change_counts(three) == "3 moved · 2 new · 0 no longer reported · 40 unchanged"
    with using("sq"):
        assert change_counts(one, of_figures=True).startswith("1 shifër e ndryshuar")
        assert change_counts(three, of_figures=True).startswith("3 shifra të ndryshuara")
