"""The dashboard as a person uses it: every page drawn in Chromium, and the clicks users make."""

from __future__ import annotations

import csv
import functools
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Page, expect
from streamlit.testing.v1 import AppTest

from lib.presenting.pages import PAGES as REGISTERED
from lib.presenting.pages import url_path
from tests.e2e.conftest import ARTIFACTS, ROOT, assert_no_errors, new_page, open_page, open_url, rerun, wait_drawn

FIGURES = {row["figure_id"]: row for row in csv.DictReader((ROOT / "data" / "figures.csv").open(encoding="utf-8"))}
PLACES = list(csv.DictReader((ROOT / "data" / "places.csv").open(encoding="utf-8")))
LINKS = list(csv.DictReader((ROOT / "data" / "programme_donors.csv").open(encoding="utf-8")))


class PageSpec(NamedTuple):
    path: str
    title: str
    file: str
    figure: str  # a real figure, as the page shows it

    @property
    def charts(self) -> int:
        """Vega-Lite charts the page draws."""
        return sent_by_the_server(self.file)[0]

    @property
    def maps(self) -> int:
        """deck.gl maps the page draws."""
        return sent_by_the_server(self.file)[1]


def written(figure_id: str) -> str:
    """A figure exactly as the newsletter prints it (and the page shows it)."""
    return FIGURES[figure_id]["value_as_written"]


@functools.cache
def sent_by_the_server(file: str) -> tuple[int, int]:
    """The charts and maps a page sends, counted by running it with AppTest: the browser must draw each one."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(file).run()
    assert not at.exception, [e.value for e in at.exception]
    return len(at.get("vega_lite_chart")), len(at.get("deck_gl_json_chart"))


# A real figure each page shows. A page added to the registry must say here what it shows.
SHOWS = {
    "overview": written("2004-11-009"),  # 187,739 returned since 1999
    "returns": written("2004-11-001"),  # 472 returned this quarter
    "stabilisation": written("2004-11-117"),  # 1,611,672 approved
    "counter-trafficking": written("2004-11-149"),  # 404 foreign victims
    "health": written("2004-11-178"),  # 412 complex cases
    "map": f"Sites shown — {sum(1 for p in PLACES if p['lat'])}",
    "donors": next(link["source_quote"] for link in LINKS if link["donor_id"] == "ear"),
    "data": f"{len(FIGURES)} of {len(FIGURES)} rows",
}
PAGES = [PageSpec(url_path(spec), spec.heading, spec.file, SHOWS[spec.key]) for spec in REGISTERED]
VIEWPORTS = {"desktop": (1280, 800), "tablet": (768, 1024)}


def assert_drawn(page: Page, spec: PageSpec) -> None:
    charts = page.locator("[data-testid=stVegaLiteChart].vega-embed")
    expect(charts).to_have_count(spec.charts)
    for index in range(spec.charts):
        chart = charts.nth(index)
        expect(chart.locator("svg, canvas").first).to_be_visible()
        wait_drawn(chart, 4, f"chart {index} on /{spec.path}")
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart {index} on /{spec.path} is squashed: {box}"
    maps = page.get_by_test_id("stDeckGlJsonChart")
    expect(maps).to_have_count(spec.maps)
    for index in range(spec.maps):
        # Shapes in several fills, outlines and labels: a drawn map has many colours, an empty WebGL canvas one.
        wait_drawn(maps.nth(index).locator("canvas").first, 20, f"map {index} on /{spec.path}")


@pytest.mark.parametrize("spec", PAGES, ids=[spec.path or "overview" for spec in PAGES])
def test_every_page_is_drawn(page: Page, app_server, spec: PageSpec) -> None:
    elsewhere: list[str] = []  # the app must not reach the network: everything ships with it
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(app_server.url)
            or request.url.startswith("data:")
            or request.url.startswith("blob:")
            else elsewhere.append(request.url)
        ),
    )
    open_page(page, app_server, spec.path)
    expect(page.locator("h1").first).to_contain_text(spec.title)
    assert_no_errors(page)
    assert_drawn(page, spec)
    expect(page.get_by_test_id("stMain").get_by_text(spec.figure, exact=False).first).to_be_visible()
    expect(page.locator(".mapboxgl-canvas, .maplibregl-canvas")).to_have_count(0)  # no basemap under the deck
    assert elsewhere == [], f"/{spec.path} requested {elsewhere[:3]}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots(browser, app_server, viewport: str) -> None:
    """A screenshot of every page at each size, into artifacts/ (git-ignored), for a person to look at."""
    width, height = VIEWPORTS[viewport]
    context, page = new_page(browser, width, height)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        for spec in PAGES:
            open_page(page, app_server, spec.path)
            assert_no_errors(page)
            expect(page.locator("[data-testid=stVegaLiteChart].vega-embed")).to_have_count(spec.charts)
            maps = page.get_by_test_id("stDeckGlJsonChart")
            expect(maps).to_have_count(spec.maps)
            for index in range(spec.maps):  # a screenshot of a map still compiling its shaders shows nothing
                wait_drawn(maps.nth(index).locator("canvas").first, 20, f"map {index} on /{spec.path}")
            name = spec.path or "overview"
            page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png")
            # The whole page: Streamlit scrolls inside its own container, so grow the window to its height.
            full_height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": width, "height": max(height, full_height)})
            page.screenshot(path=ARTIFACTS / f"{name}-{viewport}-full.png")
            page.set_viewport_size({"width": width, "height": height})
            assert (ARTIFACTS / f"{name}-{viewport}.png").stat().st_size > 10_000
    finally:
        context.close()


def card_of(page: Page, value: str):
    """The metric card showing ``value``: the innermost block with both the figure and its Source button."""
    return (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_test_id("stMetricValue").get_by_text(value, exact=True))
        .filter(has=page.get_by_role("button", name=re.compile("Source")))
        .last
    )


def test_open_a_source(page: Page, app_server) -> None:
    open_page(page, app_server, "")
    card = card_of(page, written("2004-11-009"))
    card.get_by_role("button", name=re.compile("Source")).click()
    quote = FIGURES["2004-11-009"]["source_quote"]
    expect(page.get_by_test_id("stPopoverBody").get_by_text(quote[:60], exact=False)).to_be_visible()
    expect(page.get_by_test_id("stPopoverBody")).to_contain_text("2004-11-009")


def select(page: Page, label: str, option: str) -> None:
    """Choose an option of the selectbox with this label, as a user does, and wait for the rerun."""
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    rerun(page, page.get_by_role("option", name=option, exact=True).click)


def test_change_edition(page: Page, app_server) -> None:
    """Every edition in the picker opens, and the choice goes into the URL."""
    open_page(page, app_server, "returns")
    editions = sorted(
        row["edition_id"] for row in csv.DictReader((ROOT / "data" / "editions.csv").open(encoding="utf-8"))
    )
    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Edition")
    chosen = picker.get_by_role("combobox")
    for index in range(len(editions)):  # newest first, so the oldest comes last
        shown = chosen.input_value()
        picker.click()
        options = page.get_by_role("option")
        expect(options).to_have_count(len(editions))
        option = options.nth(index)
        name = option.inner_text()
        if name == shown:
            option.click()  # the edition already shown: choosing it again does not rerun
        else:
            rerun(page, option.click)
        expect(chosen).to_have_value(name)
        expect(page.locator("h1").first).to_contain_text("Returns")
        assert_no_errors(page)
    expect(page).to_have_url(re.compile(rf"edition={editions[0]}"))


def test_pick_a_donor(page: Page, app_server) -> None:
    open_page(page, app_server, "donors")
    select(page, "Donor", "Government of the Netherlands")
    expect(page.locator("h3").first).to_contain_text("Government of the Netherlands")
    expect(page).to_have_url(re.compile(r"donor=netherlands"))
    quote = next(link["source_quote"] for link in LINKS if link["donor_id"] == "netherlands")
    expect(page.get_by_test_id("stMain").get_by_text(quote[:50], exact=False).first).to_be_visible()
    assert_no_errors(page)


SITES_SHOWN = re.compile(r"^Sites shown — \d+$")


def sites_shown(page: Page) -> int:
    """The map's count of sites, once the script that wrote it has finished (see ``rerun``)."""
    label = page.get_by_text(SITES_SHOWN)
    expect(label).to_be_visible()
    return int(label.inner_text().rsplit(" ", 1)[1])


def test_filter_the_map_and_share_the_view(page: Page, app_server, browser) -> None:
    open_page(page, app_server, "map")
    every_site = sites_shown(page)
    select(page, "Theme", "Returns")
    expect(page).to_have_url(re.compile(r"map_theme=returns"))
    filtered = sites_shown(page)
    assert 0 < filtered < every_site
    still_map = page.locator("[data-testid=stVegaLiteChart].vega-embed").first
    wait_drawn(still_map, 6, "the filtered map")
    expect(still_map.locator("svg path")).not_to_have_count(0)
    shared = page.url
    # Somebody else opens the link: same filter, same sites.
    context, other = new_page(browser)
    try:
        open_url(other, shared)
        expect(other.get_by_role("combobox", name="Theme")).to_have_value("Returns")
        expect(other.get_by_text(SITES_SHOWN)).to_have_text(f"Sites shown — {filtered}")
        assert_no_errors(other)
    finally:
        context.close()


def test_shared_donor_link(page: Page, app_server) -> None:
    open_page(page, app_server, "donors?donor=sida")
    expect(page.locator("h3").first).to_contain_text("Swedish International Development Cooperation Agency")


def test_download_a_csv(page: Page, app_server, tmp_path: Path) -> None:
    open_page(page, app_server, "data")
    button = page.get_by_role("button", name="Download CSV").first  # the visible tab's; hidden tabs have their own
    expect(button).to_be_visible()
    with page.expect_download() as arrived:
        button.click()
    saved = tmp_path / arrived.value.suggested_filename
    arrived.value.save_as(saved)
    assert saved.name == "figures.csv"
    # A byte-order mark so Excel reads accents; the figures are the stored ones, row for row.
    rows = list(csv.DictReader(saved.open(encoding="utf-8-sig")))
    assert len(rows) == len(FIGURES)
    assert {row["figure_id"]: float(row["value"]) for row in rows} == {k: float(v["value"]) for k, v in FIGURES.items()}
    assert {row["figure_id"]: row["source_quote"] for row in rows} == {k: v["source_quote"] for k, v in FIGURES.items()}


@pytest.mark.parametrize("path, file_name", [("donors?donor=ear", "brief-ear-2004-11.pdf"), ("", "brief-2004-11.pdf")])
def test_download_a_brief(page: Page, app_server, tmp_path: Path, path: str, file_name: str) -> None:
    """The donor's brief from the Donors page, the edition's from the overview: a PDF of one or two pages."""
    from pypdf import PdfReader

    open_page(page, app_server, path)
    button = page.get_by_role("button", name="Download brief (PDF)")
    expect(button).to_be_visible()
    with page.expect_download(timeout=60_000) as arrived:  # typeset on the server when clicked
        button.click()
    saved = tmp_path / arrived.value.suggested_filename
    arrived.value.save_as(saved)
    assert saved.name == file_name and saved.read_bytes().startswith(b"%PDF")
    assert 1 <= len(PdfReader(saved).pages) <= 2


HOSTILE_QUOTE = (
    "![tracker](http://example.invalid/x.png) [a link](http://example.invalid) :red[red] $x^2$ "
    "<b>bold</b> KCSF -- www.example.invalid"
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, chromium):
    """The app on data whose quote, section and edition title are full of Markdown, HTML, shortcodes and LaTeX."""
    from tests.e2e.conftest import start_server, stop_server

    folder = tmp_path_factory.mktemp("e2e-hostile")
    data_dir = folder / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("history", ".*"))
    rows = list(csv.DictReader((data_dir / "figures.csv").open(encoding="utf-8")))
    for row in rows:
        if row["figure_id"] == "2004-11-009":
            row["source_quote"] = f"{HOSTILE_QUOTE} {row['value_as_written']}"
            row["source_section"] = "## Heading [x](http://example.invalid)"
    with (data_dir / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    editions = data_dir / "editions.csv"
    editions.write_text(
        editions.read_text(encoding="utf-8").replace(
            "IOM Kosovo News", "IOM Kosovo News *$y$* [z](http://example.invalid)", 1
        ),
        encoding="utf-8",
    )
    server = start_server(ROOT / "serve.py", data_dir, folder / "server.log")
    yield server
    stop_server(server)


def test_markdown_in_data_is_shown_as_text(page: Page, hostile_server) -> None:
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(hostile_server.url) or request.url.startswith(("data:", "blob:"))
            else elsewhere.append(request.url)
        ),
    )
    open_page(page, hostile_server, "")
    card = card_of(page, written("2004-11-009"))
    card.get_by_role("button", name=re.compile("Source")).click()
    body = page.get_by_test_id("stPopoverBody")
    expect(body).to_contain_text(HOSTILE_QUOTE)  # every character as written
    # Inside our own Markdown (the bold section heading) an invisible word joiner keeps "://" from becoming a link.
    expect(body).to_contain_text(re.compile(r"## Heading \[x\]\(http:\u2060?//example\.invalid\)"))
    for markup in ("img", "a", "h2", ".katex", "b", "[data-testid=stMarkdownColoredText]"):
        expect(body.locator(markup)).to_have_count(0)
    open_page(page, hostile_server, "data")
    page.get_by_role("tab", name="How it is made, how to cite").click()
    expect(page.get_by_text(re.compile(r"IOM Kosovo News \*\$y\$\* \[z\]\(http"))).to_be_visible()
    expect(page.get_by_test_id("stMain").locator(".katex")).to_have_count(0)
    assert elsewhere == [], elsewhere[:3]


def test_a_deep_link_opens_its_page_not_a_blank_one(page: Page, app_server) -> None:
    """'/returns/old/link?edition=2004-11' opens Returns for that edition (served through serve.py)."""
    open_url(page, f"{app_server.url}/returns/old/link?edition=2004-11")
    expect(page.locator("h1").first).to_contain_text("Returns")
    assert page.url.endswith("/returns?edition=2004-11")
    assert_no_errors(page)
