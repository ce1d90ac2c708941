"""Briefs as PDF (lib/briefs/): every figure with its quote, at most two pages, charts and map as vectors,
data set as text (never as Typst markup), and a clear error, not a PDF, from broken data."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from pypdf import PdfReader

from lib.briefs import brief
from lib.dataset.checks import CheckStatus, summarise
from lib.dataset.data import load
from lib.importing.editions import import_edition
from lib.presenting.formats import unit_of
from lib.presenting.present import HEADLINES, edition_label, edition_period, format_value, headline
from lib.presenting.wording import tally_headline
from lib.summary import donor_summary, edition_summary
from tests.conftest import DATA_DIR, ROOT

EDITION = "2004-11"
FIXTURE = ROOT / "tests" / "fixtures" / "edition-2005-02.csv"
DETAILS = json.loads((ROOT / "tests" / "fixtures" / "edition-2005-02.json").read_text())
HOSTILE = '#set page(width: 1pt) *bold* $x$ ] _under_ @ref <label> \\ // not a comment #{ "q" }'


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: a line may break after a slash ("members/ workers"), which adds a space."""
    return "".join(text.split())


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def data():
    dataset = load(DATA_DIR)
    assert not dataset.problems
    return dataset


@pytest.fixture(scope="module")
def biggest(data) -> str:
    """The donor with the most programmes."""
    counts = data.tables["programme_donors"]["donor_id"].value_counts()
    return counts.index[0]


@pytest.fixture(scope="module")
def donor_pdf(data, biggest) -> bytes:
    return brief.donor_brief(data.tables, biggest, EDITION, data.version, made=date(2026, 12, 1))


@pytest.fixture(scope="module")
def edition_pdf(data) -> bytes:
    return brief.edition_brief(data.tables, EDITION, data.version, checks=data.checks)


def assert_states_every_figure(pdf: bytes, figures: pd.DataFrame, indicators: pd.DataFrame) -> None:
    text = squeezed(pdf_text(pdf))
    assert len(figures)
    for figure in figures.to_dict("records"):
        value = format_value(pd.Series(figure), unit_of(indicators, figure["indicator"]))
        assert squeezed(value) in text, (figure["figure_id"], value)
        quote = squeezed(" ".join(figure["source_quote"].split())[:40])
        assert quote in text, (figure["figure_id"], figure["source_quote"][:40])


# ----- The donor brief


def test_donor_brief_states_each_figure_as_written_with_its_quote_on_at_most_two_pages(data, biggest, donor_pdf):
    rows = brief.donor_figures(data.tables, biggest, EDITION)
    assert rows["programme"].nunique() >= 3
    assert_states_every_figure(donor_pdf, rows, data.tables["indicators"])
    assert pages(donor_pdf) <= 2


def test_donor_brief_names_the_donor_its_programmes_edition_and_provenance(data, biggest, donor_pdf):
    text = " ".join(pdf_text(donor_pdf).split())
    donors = data.tables["donors"].set_index("donor_id")
    assert donors.loc[biggest, "name"] in text
    programmes = data.tables["programmes"].set_index("programme_id")
    for programme in data.tables["programme_donors"].query("donor_id == @biggest")["programme_id"]:
        assert squeezed(programmes.loc[programme, "objective"]) in squeezed(text)
    assert edition_label(EDITION) in text and edition_period(data.tables["editions"], EDITION) in text
    assert (
        "Made 1 Dec 2026" in text and f"data version {data.version[:8]}" in text and "Made with Natural Earth" in text
    )


def test_donor_brief_puts_targets_against_what_was_achieved(data):
    rows = brief.donor_figures(data.tables, "ear", EDITION)
    pairs = brief.target_pairs(rows)
    # Returns sustainability: 49 projects approved in Magure/Moravska against the aim of 53, 61 in Zhupa against 65.
    assert {
        (rows.set_index("figure_id").loc[a, "value_as_written"], t["value_as_written"]) for a, t in pairs.items()
    } == {("49", "53"), ("61", "65")}
    document = brief.donor_document(data.tables, "ear", EDITION)
    row = next(r for g in document["groups"] for r in g["rows"] if r["value"] == "49")
    assert (row["target"], row["progress"]) == ("53", "92%")


def test_first_edition_has_no_change_to_show(data, donor_pdf):
    document = brief.donor_document(data.tables, "ear", EDITION)
    assert document["first_edition"] and all(r["change"] == "" for g in document["groups"] for r in g["rows"])
    assert "no change to show" in pdf_text(donor_pdf)


def test_chart_and_map_are_embedded_as_vectors(data):
    # EAR's brief has charts (its targets, SEDMIN's sectors) and a map. The donor with the most programmes has
    # none: its figures are of different bases and periods, which are never bars of one chart.
    document = brief.donor_document(data.tables, "ear", EDITION)
    assert document["charts"] and document["map"]["svg"].startswith("<svg")
    pdf = brief.donor_brief(data.tables, "ear", EDITION, data.version, made=date(2026, 12, 1))
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert all(not page.images for page in reader.pages)  # no raster anywhere

    def subtypes(resources) -> list[str]:
        found = []
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            found.append(xobject.get("/Subtype"))
            found += subtypes(xobject.get("/Resources"))
        return found

    assert "/Image" not in subtypes(first.get("/Resources"))
    operators = re.findall(rb"(?<![A-Za-z])(re|l|c)(?![A-Za-z*])", first.get_contents().get_data())
    assert len(operators) > 500  # bars, axes and 30 municipalities' outlines, drawn as paths
    text = squeezed(pdf_text(pdf))
    assert "Municipalities" in text and "Sites" in text  # the map's legends, as text
    labels = [html.unescape(label) for label in re.findall(r"<text[^>]*>([^<]+)</text>", document["charts"][0]["svg"])]
    assert max(labels, key=len) and squeezed(max(labels, key=len)) in text  # the chart's words, as text


def test_every_donor_gets_a_brief_of_at_most_two_pages(data):
    for donor in data.tables["donors"]["donor_id"]:
        pdf = brief.donor_brief(data.tables, donor, EDITION, data.version)
        assert pdf.startswith(b"%PDF") and pages(pdf) <= 2, donor
        rows = brief.donor_figures(data.tables, donor, EDITION)
        if len(rows):
            assert_states_every_figure(pdf, rows, data.tables["indicators"])


def test_a_donor_with_one_programme_and_no_targets(data):
    links = data.tables["programme_donors"]
    single = [d for d, n in links["donor_id"].value_counts().items() if n == 1]
    donor = next(
        d
        for d in single
        if len(rows := brief.donor_figures(data.tables, d, EDITION)) and not (rows["basis"] == "target").any()
    )
    pdf = brief.donor_brief(data.tables, donor, EDITION)
    assert pages(pdf) <= 2
    text = pdf_text(pdf)
    assert "Funds 1 programme." in " ".join(text.split()) and "Target" not in text
    assert_states_every_figure(pdf, brief.donor_figures(data.tables, donor, EDITION), data.tables["indicators"])


def test_a_donor_reduced_to_one_programme_in_a_data_copy(data_copy):
    """EAR funds three programmes; in this copy it funds CSP only, which has no targets."""
    path = data_copy / "programme_donors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(line for line in lines if not (",ear," in line and not line.startswith("csp,"))), encoding="utf-8"
    )
    dataset = load(data_copy)
    assert not dataset.problems
    document = brief.donor_document(dataset.tables, "ear", EDITION, dataset.version)
    assert [p["short"] for p in document["programmes"]] == ["CSP"] and not document["has_target"]
    pdf = brief.typeset(document)
    assert pages(pdf) <= 2
    assert_states_every_figure(pdf, brief.donor_figures(dataset.tables, "ear", EDITION), dataset.tables["indicators"])


def test_change_since_the_previous_comparable_edition(data_copy):
    assert import_edition(data_copy, FIXTURE.name, FIXTURE.read_bytes(), DETAILS).written
    dataset = load(data_copy)
    donor = " ".join(pdf_text(brief.donor_brief(dataset.tables, "various", "2005-02", dataset.version)).split())
    assert "380" in donor and "\u221292 since Nov 2004" in donor  # AVR's quarter: 472, then 380
    assert "+380 since Nov 2004" in donor  # returnees since 1999: 187,739, then 188,119
    edition = " ".join(pdf_text(brief.edition_brief(dataset.tables, "2005-02", dataset.version)).split())
    assert "\u221292 since Nov 2004" in edition and "Since Nov 2004:" in edition


def test_the_donor_document_is_drawn_from_the_donor_summary(data):
    """Wording and layout only: a result left out of the summary, or progress changed there, is what the brief says."""
    summary = donor_summary(data.tables, "ear", EDITION)
    magure = next(r for r in summary.results if r.figure_id == "2004-11-038")
    doctored = replace(
        summary,
        results=tuple(replace(r, progress=0.5) if r is magure else r for r in summary.results[:-1]),
    )
    document = brief.donor_document(data.tables, "ear", EDITION, summary=doctored)
    rows = [row for group in document["groups"] for row in group["rows"]]
    assert len(rows) == len(summary.results) - 1
    assert next(r for r in rows if r["value"] == "49")["progress"] == "50%"
    plain = brief.donor_document(data.tables, "ear", EDITION)
    assert len([row for group in plain["groups"] for row in group["rows"]]) == len(summary.results)


def test_the_edition_document_is_drawn_from_the_edition_summary(data):
    summary = edition_summary(data, EDITION)
    counts = {**summary.checks.counts, CheckStatus.INCONSISTENT: 0}
    calm = replace(summary, checks=replace(summary.checks, counts=counts, contradictions=()))
    document = brief.edition_document(data.tables, EDITION, summary=calm)
    assert document["checks"]["headline"] == tally_headline(counts) and "0 contradictions" in tally_headline(counts)
    assert not document["checks"]["alarm"] and document["checks"]["contradictions"] == []
    assert brief.edition_document(data.tables, EDITION, checks=data.checks)["checks"]["alarm"]


# ----- Data reaches Typst as text


def test_a_hostile_quote_and_name_read_literally(data):
    tables = dict(data.tables)
    figures = tables["figures"].copy()
    target = brief.donor_figures(tables, "ear", EDITION).iloc[0]["figure_id"]
    figures.loc[figures["figure_id"] == target, "source_quote"] = HOSTILE
    tables["figures"] = figures
    donors = tables["donors"].copy()
    donors.loc[donors["donor_id"] == "ear", "name"] = "EAR *bold* $x$ ] #pagebreak()"
    tables["donors"] = donors
    pdf = brief.donor_brief(tables, "ear", EDITION)
    text = " ".join(pdf_text(pdf).split())
    assert HOSTILE in text and "EAR *bold* $x$ ] #pagebreak()" in text
    reader = PdfReader(io.BytesIO(pdf))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)  # still A4: no `#set page` ran
    assert len(reader.pages) <= 2


# ----- The edition brief


def test_edition_brief_has_the_headlines_with_sources_and_the_checks(data, edition_pdf):
    assert pages(edition_pdf) <= 2
    figures = data.tables["figures"].loc[data.tables["figures"]["edition"] == EDITION]
    shown = pd.DataFrame([headline(figures, spec) for spec in HEADLINES])
    text = " ".join(pdf_text(edition_pdf).split())
    for figure in shown.to_dict("records"):
        assert figure["value_as_written"] in text
        assert squeezed(figure["source_quote"][:40]) in squeezed(text)
    counts = summarise(data.checks.loc[data.checks["edition"] == EDITION])
    assert f"{sum(counts.values())} consistency checks: {counts['inconsistent']} contradictions" in text
    assert "Returnees by country of return" in text and "Made with Natural Earth" in text


def test_edition_brief_runs_the_checks_when_given_only_tables(data):
    document = brief.edition_document(data.tables, EDITION)
    assert document["checks"]["headline"].startswith(f"{len(data.checks)} consistency checks")
    assert len(document["checks"]["contradictions"]) == summarise(data.checks)["inconsistent"]


# ----- Errors


def test_unknown_donor_or_edition_is_a_brief_error(data):
    with pytest.raises(brief.BriefError, match="unknown donor 'nobody'"):
        brief.donor_brief(data.tables, "nobody", EDITION)
    with pytest.raises(brief.BriefError, match="unknown edition '1999-01'"):
        brief.edition_brief(data.tables, "1999-01")
    without = {name: table for name, table in data.tables.items() if name != "programme_donors"}
    with pytest.raises(brief.BriefError, match="programme_donors.csv"):
        brief.donor_brief(without, "ear", EDITION)


def test_cli_writes_a_donor_and_an_edition_brief(tmp_path, capsys):
    out = tmp_path / "ear.pdf"
    assert brief.main(["--donor", "ear", "--edition", EDITION, "--out", str(out)]) == 0
    assert pages(out.read_bytes()) <= 2 and "European Agency for Reconstruction" in " ".join(
        pdf_text(out.read_bytes()).split()
    )
    assert brief.main(["--edition", EDITION, "--out", str(tmp_path / "edition.pdf")]) == 0
    assert brief.main(["--donor", "nobody", "--edition", EDITION, "--out", str(tmp_path / "x.pdf")]) == 2
    assert brief.main(["--edition", "1999-01", "--out", str(tmp_path / "y.pdf")]) == 2
    errors = capsys.readouterr().err
    assert "unknown donor 'nobody'" in errors and "unknown edition '1999-01'" in errors
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ear.pdf", "edition.pdf"]  # no temporary file left


def test_cli_reads_the_data_folder_from_the_environment(data_copy, tmp_path, monkeypatch, capsys):
    (data_copy / "programme_donors.csv").write_bytes(b"junk")
    monkeypatch.setenv("IOM_DATA_DIR", str(data_copy))
    assert brief.main(["--donor", "ear", "--edition", EDITION, "--out", str(tmp_path / "x.pdf")]) == 2
    assert "programme_donors.csv" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()
    assert brief.main(["--data", str(DATA_DIR), "--edition", EDITION, "--out", str(tmp_path / "e.pdf")]) == 0


def test_cli_names_a_broken_data_file_and_writes_no_pdf(data_copy, tmp_path):
    (data_copy / "programme_donors.csv").write_bytes(b'junk\x00\x01 not a table\n"unclosed\n')
    assert load(data_copy).table("programme_donors") is None
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "brief.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lib.brief",
            "--donor",
            "ear",
            "--edition",
            EDITION,
            "--out",
            str(out),
            "--data",
            str(data_copy),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "programme_donors.csv" in result.stderr and "no brief was made" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.parent.iterdir())  # neither the PDF nor a temporary file


# ----- Helpers


def test_notes_are_numbered_once_and_listed_as_ranges():
    notes = brief.Notes()
    assert [notes.add("A", "one"), notes.add("A", "two"), notes.add("A", "one"), notes.add("B", "three")] == [
        1,
        2,
        1,
        3,
    ]
    assert notes.grouped() == [
        {"section": "A", "items": [{"n": "1", "quote": "one"}, {"n": "2", "quote": "two"}]},
        {"section": "B", "items": [{"n": "3", "quote": "three"}]},
    ]
    assert brief.note_list([5, 3, 4, 8, 3]) == "3–5, 8"


def test_data_text_loses_control_characters_and_long_words_can_break():
    assert brief.clean("a\r\nb\tc\x00d") == "a b c d"
    broken = brief.clean("x" * 45)
    assert broken.replace("\u200b", "") == "x" * 45 and "\u200b" in broken
    assert brief.clean(float("nan")) == "" and brief.clean(None) == ""


# ----- The first page, as a reader sees it


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian's poppler-utils) is not installed")
def test_first_page_renders_and_is_not_blank(donor_pdf, tmp_path):
    from PIL import Image

    source = tmp_path / "brief.pdf"
    source.write_bytes(donor_pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    assert dark / (image.width * image.height) > 0.03  # text, charts and the map, not an empty page
    assert image.height > image.width  # portrait A4


def test_brief_page_images_in_the_docs_exist():
    assert (ROOT / "docs" / "brief-page-1.png").is_file()


# ----- The pages' buttons


@pytest.mark.parametrize("page, query", [("donors", {"donor": "ear"}), ("overview", {})])
def test_the_pages_offer_the_brief_without_making_it(page, query):
    from tests.test_pages import open_page

    at = open_page(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    labels = [element.proto.label for element in at.get("download_button")]
    assert "Download brief (PDF)" in labels
