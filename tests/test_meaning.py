"""Numbers read for their meaning (breakdown words, time words, references) and a whole draft, on sentences written
for these tests by a second writer who had not seen the reader: each expectation is what the sentence means to a
reader. The 17 misreadings this found were fixed (Pec/Dragash taken for villages, 'since' after a number, 'in the
same period' in its own sentence, dates and abbreviations, a known heading pulling numbers onto the wrong figures,
shares given the wrong base)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from lib.dataset.data import load
from lib.newsletters.drafts import Draft, draft
from lib.newsletters.lexicon import clues, codes_of
from lib.newsletters.meaning import Knowledge, NumberMeaning, read_numbers
from lib.newsletters.newsletter import read_newsletter
from lib.newsletters.numbers import mentions
from lib.newsletters.periods import Period
from lib.newsletters.sentences import sentences
from lib.newsletters.timewords import TimeReading, reading, time_clues
from tests.conftest import DATA_DIR

QUARTER = Period("2005-02-01", "2005-04-30")  # the period the new texts report on
EARLIER = Period("2004-11-01", "2005-01-31")  # a period an earlier sentence of the section named


@functools.cache
def tables() -> dict[str, pd.DataFrame]:
    return load(DATA_DIR).tables


@functools.cache
def knowledge() -> Knowledge:
    return Knowledge.of(tables())


def municipality(name_sq: str) -> str:
    frame = tables()["municipalities"]
    return str(frame.loc[frame["name_sq"] == name_sq, "municipality_id"].iloc[0])


def owned(text: str) -> dict[str, frozenset[tuple[str, str]]]:
    """Each number as written → the breakdown codes of the phrases given to it."""
    numbers = mentions(text)
    return {n.written: codes_of(p) for n, p in zip(numbers, clues(text, numbers, knowledge().lexicon), strict=True)}


def column(codes: frozenset[tuple[str, str]], name: str) -> set[str]:
    return {code for col, code in codes if col == name}


def time_of(text: str, written: str, edition: Period = QUARTER, last: Period | None = None) -> TimeReading | None:
    numbers = tuple(mentions(text))
    index = next(i for i, n in enumerate(numbers) if n.written == written)
    return reading(text, numbers, index, time_clues(text, edition, last))


def meaning_at(text: str, token: str, last: Period | None = None) -> NumberMeaning | None:
    """The meaning of the number written at ``token``'s place in ``text`` (None where no number is read there)."""
    newsletter = read_newsletter("x.txt", f"Office News\n\n{text}\n".encode())
    for sentence in sentences(newsletter, []):
        at = sentence.text.find(token)
        if at < 0:
            continue
        for number, meaning in zip(sentence.numbers, read_numbers(sentence, knowledge(), QUARTER, last), strict=True):
            if number.start <= at < number.end:
                return meaning
    return None


# --- 1. Breakdown words: countries, municipalities, both languages ---


def test_common_country_names_map_to_iso_alpha3():
    text = "Flights came from the United Kingdom, Germany, the Netherlands and Serbia and Montenegro."
    found = {p.words: column(p.codes, "country") for p in knowledge().lexicon.phrases(text)}
    assert found["United Kingdom"] == {"GBR"}
    assert found["Germany"] == {"DEU"}
    assert found["Netherlands"] == {"NLD"}
    assert found["Serbia and Montenegro"] == {"SCG"}  # one country then, not Serbia and Montenegro apart


@pytest.mark.parametrize(
    "text",
    [
        "Those assisted came from Austria (12), Sweden (7) and Italy (3).",
        "Of those assisted, 12 came from Austria, 7 from Sweden and 3 from Italy.",
    ],
)
def test_each_number_of_a_list_takes_its_own_country(text):
    found = owned(text)
    assert [column(found[n], "country") for n in ("12", "7", "3")] == [{"AUT"}, {"SWE"}, {"ITA"}]


def test_each_share_takes_its_own_municipality_and_region():
    found = owned("Of the families, 42% settled in Prizren, 20% in Gjakovë and 9% in Ferizaj.")
    assert column(found["42%"], "municipality") == {municipality("Prizren")}
    assert column(found["20%"], "municipality") == {municipality("Gjakovë")}
    assert column(found["9%"], "municipality") == {municipality("Ferizaj")}
    assert [column(found[n], "region") for n in ("42%", "20%", "9%")] == [{"PRZ"}, {"GJA"}, {"FER"}]


@pytest.mark.parametrize(
    ("albanian", "others"),
    [
        ("Pejë", "Peć Peja"),
        ("Gjakovë", "Đakovica Djakovica"),
        ("Ferizaj", "Uroševac Urosevac"),
        ("Prishtinë", "Priština Pristina"),
        ("Gjilan", "Gnjilane"),
        ("Suharekë", "Suva_Reka"),
        ("Vushtrri", "Vučitrn"),
    ],
)
def test_albanian_and_serbian_spellings_find_the_same_municipality(albanian, others):
    expected = {municipality(albanian)}
    for name in (albanian, *(o.replace("_", " ") for o in others.split())):
        assert column(owned(f"In {name}, 14 houses were rebuilt.")["14"], "municipality") == expected, name


@pytest.mark.parametrize("name", ["Pec", "Dragash"])
def test_a_municipality_name_does_not_name_a_place_inside_it(name):
    codes = owned(f"In {name}, 14 houses were rebuilt.")["14"]
    assert column(codes, "municipality")
    assert not column(codes, "place")


# --- 2. Time words ---

SINCE_1999 = ("cumulative", "1999", QUARTER.end)


@pytest.mark.parametrize(
    ("text", "written", "basis", "start", "end"),
    [
        ("From February to April 2005, 380 Kosovars returned home.", "380", "period", "2005-02-01", "2005-04-30"),
        ("From November 2004 to January 2005, 96 families moved.", "96", "period", "2004-11-01", "2005-01-31"),
        ("From December to February 2005, 96 families moved.", "96", "period", "2004-12-01", "2005-02-28"),
        ("Since 2001, 2,400 police officers have been trained.", "2,400", "cumulative", "2001", "2005-04-30"),
        ("To date, 93 micro-grants have been approved.", "93", "cumulative", "", "2005-04-30"),
        ("93 micro-grants have been approved to date.", "93", "cumulative", "", "2005-04-30"),
        ("The shelter currently hosts 58 women.", "58", "point_in_time", "", "2005-04-30"),
        ("The project aims to rebuild 40 houses by the end of 2007.", "40", "target", "2005-05-01", "2007-12-31"),
        ("Over the past three months, 212 patients were examined.", "212", "period", "2005-02-01", "2005-04-30"),
        ("During the last 3 months, 212 patients were examined.", "212", "period", "2005-02-01", "2005-04-30"),
        ("In the same period, 17 victims were assisted.", "17", "period", EARLIER.start, EARLIER.end),
        ("A total of 188,500 persons have returned since 1999.", "188,500", *SINCE_1999),
        (
            "From January to March 2005, 120 returned; in the same period 40 families moved.",
            "40",
            "period",
            "2005-01-01",
            "2005-03-31",
        ),
    ],
)
def test_time_words_give_basis_and_period(text, written, basis, start, end):
    time = time_of(text, written, last=EARLIER)
    assert time is not None
    assert (time.basis, time.period_start, time.period_end) == (basis, start, end)
    assert time.evidence and all(words in text for words in time.evidence)


def test_a_target_set_in_a_december_edition_starts_in_the_new_year():
    time = time_of("IOM aims to train 120 teachers by the end of 2007.", "120", Period("2006-10-01", "2006-12-31"))
    assert time is not None
    assert (time.basis, time.period_start, time.period_end) == ("target", "2007-01-01", "2007-12-31")


# --- 3. Numbers that are references, not figures ---


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Photographs of the new centre are on page 7.", "7"),
        ("For details call the office on extension 115.", "115"),
        ("The board works under UNMIK Regulation 2001/19 on local self-government.", "19"),
        ("Its tasks are: 1) to register returnees; 2) to refer 40 families to shelters.", "2)"),
        ("The reception centre opened on 14/03/2005 in Prizren.", "14"),
        ("The reception centre opened on 14 March 2005 in Prizren.", "14"),
        ("Annex 3 lists the villages assisted.", "3"),
        ("Over the past three months, 212 patients were examined.", "three"),
        ("The reception centre opened on 14th March in Prizren.", "14"),
        ("The training ran from 14 to 18 March in Prizren.", "14"),
        ("The reception centre opened on 14.03.2005 in Prizren.", "14"),
        ("More photographs are on p. 7 of this issue.", "7"),
        ("The board was set up under Administrative Direction No. 12 of UNMIK.", "12"),
        ("For details call ext. 115 at the Prishtinë office.", "115"),
    ],
)
def test_references_and_dates_are_not_figures(text, token):
    meaning = meaning_at(text, token)
    assert meaning is None or meaning.not_figure  # not read as a number at all, or read and marked


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Its tasks are: 1) to register returnees; 2) to refer 40 families to shelters.", "40"),
        ("Annex 3 lists the 27 villages assisted.", "27"),
        ("Over the past three months, 212 patients were examined.", "212"),
    ],
)
def test_figures_beside_references_stay_figures(text, token):
    meaning = meaning_at(text, token)
    assert meaning is not None and meaning.not_figure == ""


# --- 4 and 5. A whole draft, continuing the November 2004 edition ---

AVR_SECTION = "known"  # the stored returns section's own heading, as a next edition would print it
NEW_SECTION = "Returns from Western Europe"  # a heading no stored section has
REPORT = (
    "From February to April 2005, a total of 518 Kosovars returned to Kosovo with IOM's assistance. "
    "The largest groups came from Germany (290), Switzerland (85), Sweden (41) and Norway (17). "
    "Of all returnees, 56% came from Germany and 16% from Switzerland. "
    "Since 1999, IOM has assisted 188,257 returnees. "
    "IOM aims to assist a further 2,000 returnees by the end of 2005. "
    "Photographs of the reception centre are on page 4. "
    "The office has 3 floors."
)


@functools.cache
def drafted(heading: str, body: str = REPORT) -> Draft:
    """The draft of ``body`` under ``heading``, continuing the stored November 2004 figures (Aug-Oct 2004)."""
    previous = tables()["figures"][tables()["figures"]["edition"] == "2004-11"]
    if heading == AVR_SECTION:
        heading = str(previous.loc[previous["indicator"] == "returnees", "source_section"].iloc[0])
    newsletter = read_newsletter("report.txt", f"{heading}\n\n{body}\n".encode())
    return draft(newsletter, previous, "2005-05", Period("2004-08-01", "2004-10-31"), QUARTER, tables())


def row(result: Draft, written: str) -> dict[str, str] | None:
    return next((r for r in result.rows if r["value_as_written"] == written), None)


BOTH = pytest.mark.parametrize("heading", [AVR_SECTION, NEW_SECTION])


@BOTH
def test_draft_total_is_returnees_over_the_stated_period(heading):
    total = row(drafted(heading), "518")
    assert total is not None
    assert (total["indicator"], total["basis"]) == ("returnees", "period")
    assert (total["period_start"], total["period_end"]) == ("2005-02-01", "2005-04-30")


@BOTH
def test_draft_country_counts_carry_their_iso_codes(heading):
    result = drafted(heading)
    for written, country in (("290", "DEU"), ("85", "CHE"), ("41", "SWE"), ("17", "NOR")):
        found = row(result, written)
        assert found is not None, written
        assert (found["indicator"], found["country"]) == ("returnees", country), written
        assert not found["mode"], written


@BOTH
def test_draft_percentages_are_not_put_on_count_indicators(heading):
    result = drafted(heading)
    units = dict(zip(tables()["indicators"]["indicator_id"], tables()["indicators"]["unit"], strict=True))
    proposed = {i["indicator_id"]: i["unit"] for i in result.new_indicators}
    for written in ("56%", "16%"):
        found = row(result, written)
        if found is None:
            assert any(u["written"] == written and u["reasons"] for u in result.unmatched), written
            continue
        assert found["basis"] == "share", written
        assert (proposed.get(found["indicator"]) or units.get(found["indicator"])) == "percent", written


@BOTH
def test_draft_percentages_are_country_shares_of_returnees(heading):
    result = drafted(heading)
    for written, country in (("56%", "DEU"), ("16%", "CHE")):
        found = row(result, written)
        if found is None:  # left for the officer: acceptable
            continue
        assert found["indicator"].startswith("returnees"), written
        assert (found["country"], found["region"]) == (country, ""), written


@BOTH
def test_draft_cumulative_total_since_1999(heading):
    total = row(drafted(heading), "188,257")
    assert total is not None
    assert (total["indicator"], total["basis"]) == ("returnees", "cumulative")
    assert (total["period_start"], total["period_end"]) == ("1999", "2005-04-30")


@BOTH
def test_draft_target_runs_from_after_the_quarter_to_its_deadline(heading):
    target = row(drafted(heading), "2,000")
    assert target is not None
    assert (target["indicator"], target["basis"]) == ("returnees", "target")
    assert (target["period_start"], target["period_end"]) == ("2005-05-01", "2005-12-31")
    assert not target["mode"]


@BOTH
def test_draft_every_row_says_why_and_a_page_number_is_left_with_its_reason(heading):
    result = drafted(heading)
    assert result.rows and all(r["reasons"].strip() for r in result.rows)
    assert all(u["reasons"].strip() for u in result.unmatched)
    assert row(result, "4") is None
    page = [u for u in result.unmatched if u["written"] == "4"]
    assert len(page) == 1 and "page 4" in page[0]["reasons"]


@BOTH
def test_draft_weak_number_is_left_unmatched(heading):
    result = drafted(heading)
    assert row(result, "3") is None
    assert any(u["written"] == "3" and u["reasons"] for u in result.unmatched)


def test_draft_short_heading_does_not_pull_the_total_into_another_programme():
    total = row(drafted("Voluntary Returns to Kosovo"), "518")
    assert total is not None
    assert total["indicator"] == "returnees"


def test_draft_shares_by_municipality_are_shares_of_returnees_with_their_municipality():
    body = "From February to April 2005, 518 Kosovars returned with IOM's help. Of them, 42% settled in Prizren and "
    result = drafted(NEW_SECTION, body + "20% in Gjakovë.")
    frame = tables()["municipalities"]
    for written, name in (("42%", "Prizren"), ("20%", "Gjakovë")):
        found = row(result, written)
        if found is None:  # left for the officer: acceptable
            continue
        region = str(frame.loc[frame["name_sq"] == name, "region_id"].iloc[0])
        assert found["indicator"].startswith("returnees"), written
        assert found["municipality"] == municipality(name) or found["region"] == region, written


def test_a_real_report_paragraph_drafts_its_total_and_its_countries():
    """IOM Kosovo's 2017 AVRR report, as issue 24 quotes it: the total and the by-country figure right, and every
    share a share of returnees by its own country, never a count and never another country's."""
    body = (
        "During the period of January to December 2017, 1818 persons have returned voluntarily and received "
        "assistance from IOM. Most of them returned from Germany, a total of 1476 (81%) returnees, followed by "
        "Austria with 8%, Luxemburg 5%, Belgium 3%."
    )
    newsletter = read_newsletter("avrr-2017.txt", f"Assisted Voluntary Return and Reintegration\n\n{body}\n".encode())
    previous = tables()["figures"][tables()["figures"]["edition"] == "2004-11"]
    result = draft(
        newsletter,
        previous,
        "2018-01",
        Period("2004-08-01", "2004-10-31"),
        Period("2017-01-01", "2017-12-31"),
        tables(),
    )
    total, germany = row(result, "1818"), row(result, "1476")
    assert total is not None and germany is not None
    assert (total["indicator"], total["basis"], total["period_start"], total["period_end"], total["country"]) == (
        "returnees",
        "period",
        "2017-01-01",
        "2017-12-31",
        "",
    )
    assert (germany["indicator"], germany["country"], germany["period_end"]) == ("returnees", "DEU", "2017-12-31")
    proposed = {i["indicator_id"]: i for i in result.new_indicators}
    for written, country in (("81%", "DEU"), ("8%", "AUT"), ("5%", "LUX"), ("3%", "BEL")):
        share = row(result, written)
        if share is None:  # left for the officer: acceptable, a wrong guess is not
            continue
        assert share["basis"] == "share" and share["country"] == country, written
        assert proposed[share["indicator"]]["unit"] == "percent", written
