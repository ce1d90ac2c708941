"""Reading a newsletter: the November text read into blocks; .docx and .pdf round trips; every refusal names the
file."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pdfplumber
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF
from PIL import Image

from lib.newsletters import limits as reading_limits
from lib.newsletters.newsletter import (
    FORMATS,
    MAX_NEWSLETTER_BYTES,
    Block,
    Newsletter,
    NewsletterError,
    looks_like_heading,
    read_newsletter,
)
from lib.newsletters.pdf_layout import Line, Vocabulary, join_lines, pdf_paragraphs
from tests.conftest import SOURCE_FILE, normalise
from tests.newsletter_files import HEADER, add_textbox, latin1, to_docx, to_pdf, unicode_font

NAME = "Lajme nëntor 2004"  # a file name with a space and a letter beyond ASCII, to find in every message


@pytest.fixture(scope="module")
def november() -> Newsletter:
    if not SOURCE_FILE.is_file():
        pytest.skip(f"the newsletter text is not present ({SOURCE_FILE.name})")
    return read_newsletter(SOURCE_FILE.name, SOURCE_FILE.read_bytes())


@pytest.fixture(scope="module")
def two_column_pdf(november: Newsletter) -> bytes:
    return to_pdf(november.blocks, columns=2)


def as_latin1(blocks: tuple[Block, ...]) -> list[tuple[str, bool]]:
    """What a core-font PDF of ``blocks`` should read back as."""
    return [(latin1(block.text), block.heading) for block in blocks]


def read_back(blocks: tuple[Block, ...]) -> list[tuple[str, bool]]:
    return [(block.text, block.heading) for block in blocks]


# --- the November text ------------------------------------------------------------------------------


def test_november_text_reads_whole_one_block_per_paragraph(november):
    source = SOURCE_FILE.read_text(encoding="utf-8")
    paragraphs = [part for part in re.split(r"\n[ \t\u00a0]*\n", source) if part.strip()]
    assert len(november.blocks) == len(paragraphs) > 250
    assert normalise(november.text) == normalise(source)  # every word, in order
    assert all(block.text == " ".join(block.text.split()) and block.text for block in november.blocks)
    assert november.text.split("\n\n")[:3] == [
        "IOM KOSOVO NEWS",
        "Quarterly Newsletter of IOM Kosovo November edition 2004",
        "News in Brief",
    ]


def test_november_headings_are_its_titles_and_captions(november):
    headings = {block.text for block in november.blocks if block.heading}
    assert {
        "IOM KOSOVO NEWS",
        "News in Brief",
        "Swedish Medical Team (SMT)",
        "Community Stabilization Programme (CSP)",
        "Counter Trafficking",
        "Migration Health",
        "Objectives",
        "Kosovo Transition Initiative (KTI)",
        "Swedish Medical Team Operates On 22 Kosovar Patients",
        "Fostering Sustainable Reintegration of Irregular Migrants in Albania, the F.Y. Republic of Macedonia and "
        "Kosovo by Reinforcing Local NGOs Capacity",
    } <= headings
    assert 80 <= len(headings) <= 120  # about a third of the blocks; not every short line


def test_november_body_pointers_bullets_and_broken_sentences_are_not_headings(november):
    flags = {block.text: block.heading for block in november.blocks}
    assert flags["See page 2"] is flags["See page 10"] is False
    assert not any(block.heading for block in november.blocks if len(block.text) > 200)
    assert not any(block.heading for block in november.blocks if block.text.startswith(("- ", "→")))
    assert heading_of(november, "In September 2004, the Swedish Medical Team") is False
    # sentences the layout broke: one ends in 'as'; the next block goes on in lower case ('the RIF' / 'component.')
    assert flags["The modules of the training were designed according to the needs of the NGOs, as"] is False
    assert heading_of(november, "During the first two months of the project") is False
    assert heading_of(november, "To date, this programme has implemented 45") is False  # two sentences


def heading_of(read: Newsletter, start: str) -> bool:
    return next(block.heading for block in read.blocks if block.text.startswith(start))


@pytest.mark.parametrize(
    "text, heading",
    [
        ("Swedish Medical Team (SMT)", True),
        ("Returnees to Kosovo in 2004, Divided by Country", True),
        ("Mental Health of Victims of Trafficking in Human Beings: Development of a Minimum Standard", True),
        ("See page 2", False),
        ("(see page 11)", False),
        ("The project is funded by Sweden.", False),
        ("Objectives:", False),
        ("- Assisting patients from Kosovo", False),
        ("◆ Political trends", False),
        ("expressed in the needs assessment", False),
        ("activities related to", False),
        ("The volume has grown. Projections indicate more", False),
        ("x" * 201, False),
    ],
)
def test_the_short_line_rule(text, heading):
    assert looks_like_heading(text) is heading


# --- .txt -------------------------------------------------------------------------------------------


def test_txt_any_newlines_a_bom_and_blank_lines_with_spaces():
    content = (
        "\ufeffRegional News\r\n \t\r\nThe first paragraph\r\ngoes on here.\rLast line of it.\r\r\nSee page 4\n"
    ).encode()
    assert read_back(read_newsletter(f"{NAME}.txt", content).blocks) == [
        ("Regional News", True),
        ("The first paragraph goes on here. Last line of it.", False),
        ("See page 4", False),
    ]


def test_txt_in_windows_1252_and_utf_16():
    text = "Pejë/Peja – a total of 1,611,672 € was approved.\n\nCommunity Stabilization"
    expected = [("Pejë/Peja – a total of 1,611,672 € was approved.", False), ("Community Stabilization", True)]
    assert read_back(read_newsletter("a.TXT", text.encode("cp1252")).blocks) == expected
    assert read_back(read_newsletter("a.txt", text.encode("utf-16")).blocks) == expected


# --- .docx ------------------------------------------------------------------------------------------


def test_docx_round_trip_gives_the_same_blocks(november):
    assert read_newsletter(f"{NAME}.docx", to_docx(november.blocks)).blocks == november.blocks


def test_docx_styles_tables_text_boxes_and_empty_paragraphs():
    document = docx.Document()
    document.add_paragraph("IOM Kosovo News", style="Title")
    section = document.styles.add_style("Section head", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = document.styles["Heading 1"]
    document.add_paragraph("Return of IDPs, 2004", style=section)  # a heading by its style, whatever it says
    document.add_paragraph("   ")
    document.add_paragraph("Short caption under a photo")  # no heading style: the short-line rule decides
    body = document.add_paragraph("A total of 472 Kosovars returned")
    body.add_run().add_break()
    body.add_run("in the\tquarter.")
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Returnees by country"
    table.cell(1, 0).text = "Germany 310."
    table.cell(1, 1).text = "Croatia 16."
    add_textbox(document, "Contact: IOM Pristina.")
    document.add_paragraph("The end.")
    assert read_back(read_newsletter(f"{NAME}.docx", _saved(document)).blocks) == [
        ("IOM Kosovo News", True),
        ("Return of IDPs, 2004", True),
        ("Short caption under a photo", True),
        ("A total of 472 Kosovars returned in the quarter.", False),
        ("Returnees by country", True),
        ("Germany 310.", False),
        ("Croatia 16.", False),
        ("Contact: IOM Pristina.", False),
        ("The end.", False),
    ]


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- .pdf -------------------------------------------------------------------------------------------


def test_two_column_pdf_reads_back_every_block_in_order(november, two_column_pdf):
    read = read_newsletter(f"{NAME}.pdf", two_column_pdf)
    assert read_back(read.blocks) == as_latin1(november.blocks)  # texts, order and heading flags
    assert not any("TEST DATA" in block.text or block.text.isdigit() for block in read.blocks)


def test_the_two_column_pdf_is_what_it_claims(two_column_pdf):
    """Two columns on every page, a running header, and words hyphenated at line ends for the reader to mend."""
    with pdfplumber.open(io.BytesIO(two_column_pdf)) as pdf:
        assert len(pdf.pages) >= 10
        words = [(page.width, word) for page in pdf.pages for word in page.extract_words()]
        texts = [page.extract_text() for page in pdf.pages]
    right_column = [word for width, word in words if word["x0"] > width / 2 + 5 and 100 < word["top"] < 700]
    assert len(right_column) > len(words) / 3
    assert all(text.startswith(latin1(HEADER.format(page=number))) for number, text in enumerate(texts, 1))
    assert sum(bool(re.fullmatch(r".*[a-z]-", word["text"])) for _, word in words) >= 40


@pytest.mark.parametrize("columns, count", [(1, None), (3, 120)])
def test_one_and_three_column_pdfs_read_back_the_same(november, columns, count):
    blocks = november.blocks[:count]
    assert read_back(read_newsletter(f"{NAME}.pdf", to_pdf(blocks, columns=columns)).blocks) == as_latin1(blocks)


def test_a_full_width_title_over_two_lines_comes_first_and_whole(november):
    title = Block("IOM Kosovo News: Quarterly Newsletter of the Mission in Pristina, November 2004", True)
    blocks = (title, *november.blocks[2:40])
    pdf = to_pdf(blocks, columns=2)
    with pdfplumber.open(io.BytesIO(pdf)) as document:  # the title's first line runs over the gutter, its second not
        page = document.pages[0]
        title_words = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] > 15]
        tops = sorted({w["top"] for w in title_words})
        title_lines = [[w for w in title_words if abs(w["top"] - top) < 2] for top in tops]
    assert len(title_lines) == 2
    assert max(w["x1"] for w in title_lines[0]) > page.width / 2 > max(w["x1"] for w in title_lines[1])
    assert read_back(read_newsletter(f"{NAME}.pdf", pdf).blocks) == as_latin1(blocks)


def test_pdf_in_a_unicode_font_keeps_every_letter(november):
    font = unicode_font()
    if font is None:
        pytest.skip("no DejaVu Sans on this machine; the core-font tests cover the layout")
    blocks = (november.blocks[0], *[b for b in november.blocks if any(ord(c) > 255 for c in b.text)])
    assert len(blocks) > 5 and any("→" in b.text for b in blocks) and any("š" in b.text for b in blocks)
    assert read_newsletter(f"{NAME}.pdf", to_pdf(blocks, font=font)).blocks == blocks


def test_a_paragraph_longer_than_a_column_flows_on_and_reads_back_whole():
    sentence = (
        "reconstruction of the houses and infrastructure in the municipalities continued throughout the quarter "
        "with assistance from implementing partners"
    )
    text = " ".join([sentence] * 100)  # about five columns, over three pages, so that the running header repeats
    read = read_newsletter(f"{NAME}.pdf", to_pdf([Block("Housing", True), Block(text, False)], columns=2)).blocks
    assert read[0] == Block("Housing", True) and 3 <= len(read) <= 7  # a block per column (a broken word mended)
    assert " ".join(block.text for block in read[1:]) == text


def line(text: str, region: tuple[int, int, int], bottom: float, size: float = 10, bold: bool = False) -> Line:
    return Line(text=text, top=bottom - size, bottom=bottom, size=size, bold=bold, region=region)


def test_pdf_lines_become_blocks_at_gaps_font_changes_and_column_breaks():
    lines = [
        line("Housing Assistance", (0, 0, 0), 100, size=13, bold=True),
        line("In August, housing recon-", (0, 0, 0), 120),
        line("struction work started in", (0, 0, 0), 132),
        line("Sigë/Siga.", (0, 0, 0), 144),
        line("Simultaneously, the IOM-", (0, 0, 0), 170),
        line("funded partners are com-", (0, 0, 0), 182),
        line("pleting infrastructure works", (0, 0, 1), 100),  # the next column: a broken word goes on
        line("Subsequently, a new para", (0, 0, 1), 112),
        line("graph.", (0, 0, 1), 124),
        line("Objectives", (1, 0, 0), 80, bold=True),  # the next page, bold: a heading
        line("Facilitating returns.", (1, 0, 0), 92),
    ]
    assert read_back(tuple(pdf_paragraphs(lines))) == [
        ("Housing Assistance", True),
        ("In August, housing reconstruction work started in Sigë/Siga.", False),
        (
            "Simultaneously, the IOM-funded partners are completing infrastructure works Subsequently, "
            "a new para graph.",
            False,
        ),
        ("Objectives", True),
        ("Facilitating returns.", False),
    ]


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["the recon-", "struction of"], "the reconstruction of"),
        (["the EAR-", "funded CSP"], "the EAR-funded CSP"),  # an acronym keeps its hyphen
        (["on-the-", "job training"], "on-the-job training"),  # so does a compound
        (["Brestovik-", "Pejë/Pec"], "Brestovik-Pejë/Pec"),  # and a capital after it
        (["a long-", "term plan"], "a long-term plan"),  # written 'long-term' elsewhere in the document
        (["Kosovo -", "and"], "Kosovo - and"),  # a dash standing alone
        (["KCSF --", '"Kosovar Civil Society"'], 'KCSF -- "Kosovar Civil Society"'),
        (["(2004-", "2005)"], "(2004-2005)"),
        (["soft\u00ad", "ware"], "software"),
    ],
)
def test_line_ends_hyphenated_and_not(lines, joined):
    assert join_lines(lines, Vocabulary(["a long-term view", *lines])) == joined


# --- refusals ---------------------------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _pdf(draw, user_password: str | None = None, owner_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    draw(pdf)
    if owner_password:
        pdf.set_encryption(owner_password, user_password)
    return bytes(pdf.output())


def _text(pdf: FPDF) -> None:
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 30, "A total of 472 Kosovars returned.")


def _rectangles(pdf: FPDF) -> None:
    pdf.rect(20, 20, 100, 50, style="F")
    pdf.rect(20, 90, 170, 120)


def _scan(pdf: FPDF) -> None:
    pdf.image(Image.new("L", (200, 280), 230), x=10, y=10, w=190)


@pytest.mark.parametrize(
    "suffix, content, says",
    [
        (".txt", b"", "is empty"),
        (".pdf", b"", "is empty"),
        (".txt", b" \r\n\t\n  ", "is empty"),
        (".doc", b"Newsletter", ".txt, .docx, .pdf"),
        ("", b"Newsletter", ".txt, .docx, .pdf"),
        (".txt", bytes(range(256)) * 8, "not a text file"),
        (".txt", b"\x01\x02\x03\x04\x05text\x06\x07\x08\x0e\x0f", "not a text file"),
        (".docx", b"This is plain text, not a Word file.", "not a .docx"),
        (".docx", _zip({"readme.txt": b"hello"}), "could not be read as a Word document"),
        (".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "without a password"),
        (".pdf", b"GIF89a not a pdf at all", "not a PDF"),
        (".pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "could not be read as a PDF"),
        (
            ".pdf",
            _pdf(_text, user_password="secret", owner_password="owner"),
            "is encrypted: save it without a password",
        ),
        (".pdf", _pdf(_rectangles), "has no text layer (a scan?): export the PDF from the document, or send the .docx"),
        (".pdf", _pdf(_scan), "has no text layer"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_by_name_with_what_to_do(suffix, content, says):
    with pytest.raises(NewsletterError) as refused:
        read_newsletter(NAME + suffix, content)
    message = str(refused.value)
    assert NAME + suffix in message and says in message
    assert re.search(r"\b(save|export|send|choose|use)\b", message) or "must be one of" in message


def test_a_file_over_the_limit_is_refused_with_the_limit_in_mb(monkeypatch):
    assert MAX_NEWSLETTER_BYTES == 20_000_000 and FORMATS == (".txt", ".docx", ".pdf")  # 20 MB as the uploader counts
    monkeypatch.setattr(reading_limits, "MAX_NEWSLETTER_BYTES", 1_000_000)
    with pytest.raises(NewsletterError, match=rf"^{NAME}\.pdf is too large \(1\.5 MB\); .* at most 1 MB"):
        read_newsletter(f"{NAME}.pdf", b"%PDF-" + bytes(1_500_000))
    assert read_newsletter(f"{NAME}.txt", b"Fits exactly." + b" " * (1_000_000 - 13)).text == "Fits exactly."


def test_a_pdf_locked_only_against_changes_is_read():
    """An owner password alone (printing or copying restricted) still lets anyone open the file."""
    read = read_newsletter(f"{NAME}.pdf", _pdf(_text, owner_password="owner"))
    assert read.text == "A total of 472 Kosovars returned."


def test_damaged_files_raise_only_newsletter_errors(november):
    """Files cut short or with bytes overwritten: read or refused, never a library's own exception."""
    small = (november.blocks[0], *november.blocks[2:12])
    for suffix, whole in ((".pdf", to_pdf(small)), (".docx", to_docx(small))):
        for cut in (0.3, 0.6, 0.9, 0.99):
            damaged = bytearray(whole[: int(len(whole) * cut)])
            for at in range(200, len(damaged), max(1, len(damaged) // 7)):
                damaged[at] ^= 0x5A
            for content in (whole[: int(len(whole) * cut)], bytes(damaged)):
                try:
                    read_newsletter(NAME + suffix, content)
                except NewsletterError as error:
                    assert NAME + suffix in str(error)
