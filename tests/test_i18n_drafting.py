"""Drafting speaks the officer's language and stores the same rows in every language.

The reasons, summaries and refusals an officer reads are translated; whatever is written into a figure row, an
edition row or a proposed indicator (quotes, sections, notes, codes) is data, the same in every language. Besides the
Albanian catalogue, a pseudo-language that changes every text it is asked for shows that nothing the drafting stores
ever went through a catalogue, whatever the catalogues hold yet.
"""

from __future__ import annotations

import functools
import gettext
import re

import pandas as pd
import pytest

import lib.i18n.catalogues
from lib.dataset.data import load
from lib.i18n import using
from lib.importing.planning import plan_import
from lib.newsletters.drafts import Draft, draft, draft_from_store
from lib.newsletters.limits import NewsletterError, check_size
from lib.newsletters.newsletter import read_newsletter
from lib.newsletters.periods import Period
from lib.newsletters.proof import check
from lib.newsletters.review import DraftReview
from lib.newsletters.worker import read_guarded
from tests.conftest import DATA_DIR, ROOT, SOURCE_FILE

FIXTURES = ROOT / "tests" / "fixtures"
NOVEMBER = Period("2004-08-01", "2004-10-31")
# Texts read for their meaning as well as continued: every kind of reason has its say.
SHORT_TEXTS = {
    "report-returns": ("2006-01", Period("2005-01-01", "2005-12-31")),
    "press-release-trafficking": ("2006-07", Period("2006-01-01", "2006-06-30")),
}


class Pseudo(gettext.NullTranslations):
    """Every text marked, placeholders kept: '«%(count)s numbers found…»'."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"«{msgid1 if n == 1 else msgid2}»"


@pytest.fixture()
def pseudo(monkeypatch):
    """Albanian whose every text, code's and data's alike, comes back changed."""
    monkeypatch.setattr(lib.i18n.catalogues, "translations", lambda language, domain: Pseudo())


@functools.cache
def tables() -> dict[str, pd.DataFrame]:
    return load(DATA_DIR).tables


def november_text() -> bytes:
    if not SOURCE_FILE.is_file():
        pytest.skip(f"the newsletter text is not present ({SOURCE_FILE.name})")
    return SOURCE_FILE.read_bytes()


def drafted(name: str) -> Draft:
    """A draft in this run's language: the November newsletter as the next edition, the February test edition, or
    a short text read for its meaning against the November figures."""
    if name == "november":
        return draft_from_store(read_newsletter(SOURCE_FILE.name, november_text()), tables(), "2005-02")
    if name == "february":
        text = (FIXTURES / "newsletter-2005-02.txt").read_bytes()
        return draft_from_store(read_newsletter("newsletter-2005-02.txt", text), tables(), "2005-02")
    edition, period = SHORT_TEXTS[name]
    newsletter = read_newsletter(f"{name}.txt", (FIXTURES / "unseen" / f"{name}.txt").read_bytes())
    november = tables()["figures"].loc[lambda f: f["edition"] == "2004-11"]
    return draft(newsletter, november, edition, NOVEMBER, period, tables())


def without(rows: list[dict[str, str]], *columns: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in columns} for row in rows]


def assert_same_data(english: Draft, other: Draft) -> None:
    """Every stored or importable column the same; only the words for the officer may differ."""
    assert english.rows and without(other.rows, "reasons") == without(english.rows, "reasons")
    assert without(other.unmatched, "reasons") == without(english.unmatched, "reasons")
    assert without(other.not_restated, "reason") == without(english.not_restated, "reason")
    assert other.new_indicators == english.new_indicators  # catalogue rows: data
    assert (other.numbers_found, other.edition) == (english.numbers_found, english.edition)
    with using("en"):  # the CSV the import takes, byte for byte
        assert DraftReview.of(other, "x.txt", "k").import_file() == DraftReview.of(english, "x.txt", "k").import_file()


@pytest.mark.parametrize("name", ["november", "february", *SHORT_TEXTS])
def test_a_draft_stores_the_same_rows_in_albanian_as_in_english(name):
    english = drafted(name)
    with using("sq"):
        albanian = drafted(name)
    assert_same_data(english, albanian)


@pytest.mark.parametrize("name", ["november", *SHORT_TEXTS])
def test_every_reason_and_summary_is_translated_and_nothing_stored_is(name, pseudo):
    english = drafted(name)
    with using("sq"):
        translated = drafted(name)
        summary = translated.summary()
    assert_same_data(english, translated)
    # What the officer reads went through the catalogue: every reason (joined by '; '), and the summary.
    reasons = [row["reasons"] for row in [*translated.rows, *translated.unmatched]]
    reasons += [row["reason"] for row in translated.not_restated]
    assert reasons and all(re.fullmatch(r"«[^«»]+»(?:; «[^«»]+»)*", reason) for reason in reasons), reasons
    assert summary == f"«{english.summary()}»"


def test_the_check_says_its_summary_in_the_officers_language_and_keeps_its_codes(pseudo):
    newsletter = read_newsletter(SOURCE_FILE.name, november_text())
    english = check(newsletter, tables(), "2004-11")
    with using("sq"):
        translated = check(newsletter, tables(), "2004-11")
        summary = translated.summary()
    assert translated.numbers == english.numbers  # statuses are codes; sentences are the newsletter's
    assert summary == f"«{english.summary()}»"


def test_a_refusal_is_said_in_the_officers_language_and_logged_in_english(pseudo):
    with using("sq"):
        with pytest.raises(NewsletterError) as too_large:
            check_size("big.pdf", 25_300_000)
        # The worker reads in English; its refusal is said again here, in the officer's language.
        with pytest.raises(NewsletterError) as binary:
            read_guarded("binary.txt", b"\x00\x01\x02" * 100)
    assert str(too_large.value) == (
        "«big.pdf is too large (25,3 MB); a newsletter may be at most 20 MB: save it with smaller pictures, or send "
        "the .txt»"
    )
    assert too_large.value.english == (
        "big.pdf is too large (25.3 MB); a newsletter may be at most 20 MB: save it with smaller pictures, or send "
        "the .txt"
    )
    assert str(binary.value).startswith("«binary.txt is not a text file")
    assert binary.value.english.startswith("binary.txt is not a text file (it holds binary data)")


def test_an_imports_summary_keeps_the_file_name_first_in_every_language(pseudo, data_copy):
    with using("sq"):
        plan = plan_import(data_copy, "figures.xlsx", b"anything")
        summary = plan.summary()
    assert [p.message for p in plan.problems] == [
        "«is not a .csv file: export the sheet as 'CSV UTF-8 (Comma delimited)'»"
    ]
    assert summary == "figures.xlsx: «1 problem(s); nothing was changed»"
