"""A draft reviewed one proposal at a time, and its proposed new indicators joining the catalogue with the import.

The import commits ``indicators.csv`` with ``figures.csv`` and ``editions.csv``: one preview, one journal, one
history folder, the same recovery after a crash.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from lib.dataset import store
from lib.dataset.data import load
from lib.dataset.store import HISTORY_NOTE
from lib.importing.editions import import_edition
from lib.newsletters import extract, review
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
NEW = {
    "indicator_id": "returnees_share_by_country",
    "label": "Share of returnees assisted, by country",
    "unit": "percent",
    "definition": "Returnees assisted, by country, as a percentage of all returnees assisted in the period.",
    "hxl": "#reached+returnees+pct",
}


def upload_with_a_share() -> bytes:
    """The synthetic 2005-02 edition plus one row that counts the new indicator (a share by country)."""
    rows = list(csv.DictReader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    share = {
        **rows[0],
        "figure_id": "2005-02-099",
        "indicator": NEW["indicator_id"],
        "value": "61",
        "value_as_written": "61%",
        "basis": "share",
        "country": "DEU",
        "source_quote": "TEST DATA: 61% of returnees came from Germany",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, share])
    return out.getvalue().encode("utf-8")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_accepted_new_indicator_is_committed_with_the_figures_that_count_it(data_copy):
    before = digest(data_copy / "indicators.csv")
    result = import_edition(data_copy, "draft.csv", upload_with_a_share(), DETAILS, new_indicators=[NEW])
    assert result.written, [str(p) for p in result.plan.problems]
    assert [row["indicator_id"] for row in result.plan.new_indicators] == [NEW["indicator_id"]]
    dataset = load(data_copy)
    assert dataset.problems == ()
    indicators = dataset.table("indicators").set_index("indicator_id")
    assert indicators.loc[NEW["indicator_id"], "label"] == NEW["label"]
    assert len(indicators) == len(load(ROOT / "data").table("indicators")) + 1
    # The history keeps the catalogue as it was, and the note says what was added.
    assert digest(result.history / "indicators.csv") == before
    note = json.loads((result.history / HISTORY_NOTE).read_text(encoding="utf-8"))
    assert note["new_indicators"] == [NEW["indicator_id"]] and note["outcome"] == store.IMPORTED


def test_a_figure_of_an_indicator_not_accepted_is_refused_and_nothing_is_written(data_copy):
    before = {p.name: digest(p) for p in data_copy.glob("*.csv")}
    result = import_edition(data_copy, "draft.csv", upload_with_a_share(), DETAILS)
    assert not result.written
    assert any(NEW["indicator_id"] in str(problem) for problem in result.plan.problems)
    assert {p.name: digest(p) for p in data_copy.glob("*.csv")} == before


def test_a_new_indicator_never_redefines_a_stored_one(data_copy):
    clash = {**NEW, "indicator_id": "returnees", "label": "Something else"}
    content = upload_with_a_share().replace(NEW["indicator_id"].encode(), b"returnees")
    result = import_edition(data_copy, "draft.csv", content, DETAILS, new_indicators=[clash])
    assert not result.written
    assert any("already an indicator" in problem.message for problem in result.plan.problems)


def test_an_invalid_new_indicator_is_refused_by_the_schema(data_copy):
    bad = {**NEW, "hxl": "not a hashtag"}
    result = import_edition(data_copy, "draft.csv", upload_with_a_share(), DETAILS, new_indicators=[bad])
    assert not result.written
    assert any(problem.file == "indicators.csv" for problem in result.plan.problems), result.plan.problems


def test_a_crash_after_the_commit_point_lands_the_catalogue_too(data_copy, monkeypatch):
    class Killed(BaseException):
        pass

    def dies(*args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(store, "_apply", dies)  # the journal names all three files; none is moved yet
        with pytest.raises(Killed):
            import_edition(data_copy, "draft.csv", upload_with_a_share(), DETAILS, new_indicators=[NEW])
    journal = json.loads((data_copy / store.JOURNAL_FILE).read_text(encoding="utf-8"))
    assert set(journal["files"]) == {"figures.csv", "editions.csv", "indicators.csv"}
    dataset = load(data_copy)  # every reader recovers first: the import is finished, catalogue and all
    assert dataset.problems == ()
    assert NEW["indicator_id"] in set(dataset.table("indicators")["indicator_id"])
    assert "2005-02-099" in set(dataset.table("figures")["figure_id"])


def rows(*specs: tuple[str, str, str, str]) -> list[dict[str, str]]:
    """Draft rows of (id, section, confidence, indicator)."""
    return [
        {
            **dict.fromkeys(extract.FIGURE_COLUMNS, ""),
            "figure_id": figure_id,
            "source_section": section,
            "confidence": confidence,
            "indicator": indicator,
            "value": "1",
            "reasons": "why",
            "continues": "",
        }
        for figure_id, section, confidence, indicator in specs
    ]


def test_the_review_goes_section_by_section_least_sure_first_and_counts_what_is_left():
    drafted = extract.Draft(
        edition="2005-02",
        rows=rows(
            ("a1", "Returns", "0.90", "returnees"),
            ("a2", "Returns", "0.40", "returnees"),
            ("b1", "Health", "0.70", "surgeries"),
            ("b2", "Health", "0.95", "surgeries"),
        ),
    )
    under_review = review.DraftReview.of(drafted, source="n.txt", file="hash")
    # Returns holds the least sure row (0.40): its section first, and within each section the least sure first.
    assert list(under_review.table["figure_id"]) == ["a2", "a1", "b1", "b2"]
    assert under_review.left() == 4 and under_review.next_to_review() == 0
    under_review.table.loc[0, review.REVIEWED] = True
    assert under_review.left() == 3 and under_review.next_to_review() == 1
    under_review.table[review.REVIEWED] = True
    assert under_review.left() == 0 and under_review.next_to_review() is None


def test_rows_of_a_proposed_indicator_stay_out_of_the_import_until_it_is_accepted():
    drafted = extract.Draft(
        edition="2005-02",
        rows=rows(("n1", "Returns", "0.9", "returnees"), ("n2", "Returns", "0.5", NEW["indicator_id"])),
        new_indicators=[NEW],
    )
    under_review = review.DraftReview.of(drafted, source="n.txt", file="hash")
    assert under_review.pending_indicators() == {NEW["indicator_id"]} and under_review.accepted_indicators() == []
    _, content = under_review.import_file()
    assert [row["figure_id"] for row in csv.DictReader(io.StringIO(content.decode()))] == ["n1"]
    under_review.new_indicators.loc[0, review.ACCEPT] = True
    assert under_review.accepted_indicators() == [NEW]
    _, content = under_review.import_file()
    assert sorted(row["figure_id"] for row in csv.DictReader(io.StringIO(content.decode()))) == ["n1", "n2"]


def test_the_country_names_are_loaded_when_drafting_not_when_the_data_page_is_opened():
    """The Data page imports the draft tab; pycountry's tables are loaded only once a draft is made."""
    import subprocess
    import sys

    script = (
        "import sys; import lib.newsletters.drafts; print('pycountry' in sys.modules); "
        "from lib.newsletters.lexicon import Lexicon; Lexicon.of({}); print('pycountry' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["False", "True"], result.stderr[-2000:]


def test_the_number_is_marked_where_it_stands_not_where_it_is_first_written():
    from ui.proposal_review import marked_sentence

    quote = "through 3 projects, benefiting 3 persons directly"
    assert (
        marked_sentence(quote, "3", quote.index("3 persons")) == "through 3 projects, benefiting ⟦3⟧ persons directly"
    )
    assert marked_sentence(quote, "3") == "through ⟦3⟧ projects, benefiting 3 persons directly"  # no offset: the first


def draft_text(text: str, tables: dict) -> extract.Draft:
    from lib.newsletters.newsletter import read_newsletter

    figures = tables["figures"]
    november = extract.Period("2004-08-01", "2004-10-31")
    return extract.draft(read_newsletter("t.txt", text.encode()), figures, "2005-02", november, None, tables)


def test_a_text_without_headings_drafts_rows_the_import_takes(data_copy):
    tables = load(data_copy).tables
    result = draft_text("IOM assisted 472 Kosovars to return. Of them, 42% settled in Prizren.\n", tables)
    assert result.rows and all(row["source_section"] and row["programme"] for row in result.rows)
    assert all(row["number_at"].isdigit() for row in result.rows)


def test_a_proposed_new_indicator_never_takes_a_stored_id():
    tables = dict(load(ROOT / "data").tables)
    figures = tables["figures"]
    tables["figures"] = figures.loc[figures["figure_id"] != "2004-11-127"]  # no unbroken projects_share kept
    text = "SEDMIN\n\nSEDMIN approved 38 new projects, or 40% of all approvals.\n"
    result = draft_text(text, tables)
    stored = set(tables["indicators"]["indicator_id"])
    assert not {row["indicator_id"] for row in result.new_indicators} & stored


def test_a_year_before_a_plural_noun_is_a_count_not_a_date():
    from lib.newsletters.periods import Period
    from lib.newsletters.timewords import time_clues

    edition = Period("2005-02-01", "2005-04-30")
    assert [c.kind for c in time_clues("IOM assisted over 2000 returnees and 35 families.", edition)] == []
    assert [c.kind for c in time_clues("In 2005, IOM assisted 35 families.", edition)] == ["year"]
