"""Nothing cut off, nothing sideways: every page at a desktop, a tablet and a phone width shows its text whole.

At 390 and 360 px the page is opened as a phone opens it (Chromium's mobile emulation: a 390 × 844 or 360 × 780
viewport, touch).

Two kinds of cut text are looked for, once the page's script has finished and its charts are drawn:

- an element of the main area whose text overflows its box while the box hides the rest (its
  ``text-overflow`` is ``ellipsis``, or its ``overflow`` is ``hidden`` or ``clip``): a card title
  ending in "…", a caption clipped by its card. Boxes meant to scroll or hold text of their own
  kind are left out: tables (their cells are clipped on purpose, the full text is a click away),
  code blocks, tab lists, icons (a Material icon is a ligature: its name is wider than its glyph),
  and the charts themselves, which are checked by their text instead.
- a text of a Vega-Lite chart (axis labels, legends, titles, the map panels) that Vega shortened
  past its ``labelLimit`` (it ends with "…"), or that reaches past the chart's edge and is clipped.

And at every width: the page does not scroll sideways, and the metric cards use the width of their row (each
line of cards but a row's last fills most of it; on a phone, two cards to a line, never one half-wide card).
"""

from __future__ import annotations

import json
import time

import pytest
from google.protobuf.message import DecodeError
from playwright.sync_api import Page, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.i18n import translated, using
from lib.presenting import viewport
from lib.presenting.pages import PAGES, url_path
from tests.e2e.conftest import ROOT, assert_no_errors, open_page, tracked, wait_ready

SHOTS = ROOT / "artifacts" / "layout"  # git-ignored: for a person to look at

# 390 px: a common phone (the issue's); 360 px: the narrowest common one (many Android phones).
VIEWPORTS = {1280: 800, 768: 1024, 390: 844, 360: 780}
PHONES = {390, 360}  # opened with touch and a phone's viewport (``is_mobile``)

# Boxes that are meant to scroll or clip, and what is checked otherwise (the charts, by their SVG text).
SKIP = ", ".join(
    [
        "[data-testid=stDataFrame]",
        "[data-testid=stTable]",
        "[data-testid=stCode]",
        "pre",
        "[role=tablist]",
        "[data-testid=stIconMaterial]",
        "[data-testid=stIconEmoji]",
        "[data-testid=stVegaLiteChart]",
        "[data-testid=stDeckGlJsonChart]",
    ]
)

FIND_CUT = """([root, skip]) => {
  const cut = [];
  const describe = (el) => {
    const id = el.closest('[data-testid]');
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ' class="' + el.className.split(' ').slice(0, 2).join(' ') + '"' : ''}>`
      + (id ? ` in ${id.getAttribute('data-testid')}` : '');
  };
  for (const el of document.querySelector(root).querySelectorAll('*')) {
    if (el.closest(skip)) continue;
    if (el.getClientRects().length === 0) continue;  // not drawn: a closed expander's body, a hidden element
    const text = (el.innerText || '').trim();
    if (!text) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const hides = (overflow) => overflow === 'hidden' || overflow === 'clip';
    const wide = el.scrollWidth > el.clientWidth + 1 && (style.textOverflow === 'ellipsis' || hides(style.overflowX));
    const tall = el.scrollHeight > el.clientHeight + 1 && hides(style.overflowY);
    if (wide || tall) {
      cut.push({kind: wide ? 'too wide' : 'too tall', text: text.slice(0, 120), element: describe(el),
                box: `${el.clientWidth}x${el.clientHeight}`, content: `${el.scrollWidth}x${el.scrollHeight}`});
    }
  }
  document.querySelectorAll(root + ' [data-testid=stVegaLiteChart] svg text').forEach((el) => {
    const text = (el.textContent || '').trim();
    const svg = el.ownerSVGElement.getBoundingClientRect(), box = el.getBoundingClientRect();
    const outside = text && (box.left < svg.left - 1 || box.right > svg.right + 1 || box.bottom > svg.bottom + 1);  // clipped by the chart's edge
    if (text.endsWith('\u2026') || outside) {
      const chart = el.closest('[data-testid=stVegaLiteChart]');
      const title = chart && chart.getAttribute('aria-label') || chart.querySelector('svg').getAttribute('aria-label') || '';
      const charts = Array.from(document.querySelectorAll(root + ' [data-testid=stVegaLiteChart]'));
      cut.push({kind: outside ? 'chart text past its edge' : 'chart text', text, element: `svg text (${el.closest('g[class]') ? el.closest('g[class]').getAttribute('class') : ''})`,
                chart: `chart ${charts.indexOf(chart)}: ${title.slice(0, 100)}`});
    }
  });
  return cut;
}"""  # noqa: E501 - JavaScript, kept as the browser runs it

# How far the page reaches past the window's right edge, and each metric card's width beside its row's.
SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  return {window: document.documentElement.clientWidth, page: document.documentElement.scrollWidth,
          main: main.scrollWidth, mainBox: main.clientWidth};
}"""
CARDS = """(root) => Array.from(document.querySelectorAll(root + ' [data-testid=stMetric]')).map((metric) => {
  let card = metric.closest('[data-testid=stVerticalBlock]');
  while (card && getComputedStyle(card).borderTopWidth === '0px') card = card.parentElement.closest('[data-testid=stVerticalBlock]');
  let row = card.parentElement.closest('[data-testid=stHorizontalBlock]');
  while (row && getComputedStyle(row).flexWrap !== 'wrap') row = row.parentElement.closest('[data-testid=stHorizontalBlock]');
  const rows = Array.from(document.querySelectorAll(root + ' [data-testid=stHorizontalBlock]'));
  const box = card.getBoundingClientRect(), line = row.getBoundingClientRect();
  return {label: metric.innerText.split('\\n')[0], row: rows.indexOf(row), top: Math.round(box.top),
          left: box.left - line.left, width: box.width, rowWidth: line.width};
})"""  # noqa: E501 - JavaScript, kept as the browser runs it


def open_at(browser, width: int):
    """A new page at ``width``; at a phone's width as a phone opens it (touch, mobile viewport)."""
    phone = width in PHONES
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]}, is_mobile=phone, has_touch=phone, accept_downloads=True
    )
    return context, tracked(context.new_page())


def card_problems(cards: list[dict], width: int) -> list[str]:
    """Lines of cards that leave much of their row empty (a row's last line may), and on a phone a card
    narrower than 45% of its row (one card a line, half the screen empty)."""
    problems = []
    lines: dict[tuple[int, int], list[dict]] = {}
    for card in cards:
        lines.setdefault((card["row"], card["top"]), []).append(card)
    last = {row: max(top for r, top in lines if r == row) for row, _ in lines}
    for (row, top), line in lines.items():
        used = max(c["left"] + c["width"] for c in line) - min(c["left"] for c in line)
        if top != last[row] and used < 0.8 * line[0]["rowWidth"]:
            problems.append(f"a line of {len(line)} card(s) uses {used:.0f} of {line[0]['rowWidth']:.0f} px")
        if width in PHONES:
            problems += [
                f"card {c['label']!r} is {c['width']:.0f} px of a {c['rowWidth']:.0f} px row"
                for c in line
                if c["width"] < 0.45 * c["rowWidth"]
            ]
    return problems


def wait_drawn(page: Page) -> None:
    """Until every element of the page is drawn: Streamlit shows a skeleton for an element whose
    code is still loading (metrics, charts), and Vega draws a chart's SVG after that."""
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stSkeleton")).to_have_count(0)
    charts = main.locator("[data-testid=stVegaLiteChart]")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg").first).to_be_attached()
        expect(chart.locator("svg text").first).to_be_attached()  # its axes, legends or labels are in


# Albanian's words run longest of our languages: each page again in it, at the desktop and tablet widths; and in
# Serbian Cyrillic at the tablet width.
LANGUAGE_CASES = [("en", width) for width in VIEWPORTS] + [("sq", 1280), ("sq", 768), ("sr-Cyrl", 768)]


@pytest.mark.parametrize(("language", "width"), LANGUAGE_CASES, ids=[f"{lang}-{w}px" for lang, w in LANGUAGE_CASES])
@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_nothing_is_cut_off(browser, app_server, spec, language: str, width: int) -> None:
    context, page = open_at(browser, width)
    try:
        open_page(page, app_server, url_path(spec) + ("" if language == "en" else f"?lang={language}"))
        with using(language):
            heading = translated(spec.heading)
        expect(page.locator("h1").first).to_contain_text(heading)
        assert_no_errors(page)
        wait_drawn(page)
        cut = page.evaluate(FIND_CUT, ["[data-testid=stMain]", SKIP])
        sideways = page.evaluate(SIDEWAYS)
        cards = card_problems(page.evaluate(CARDS, "[data-testid=stMain]"), width)
        # The whole page, at this width: Streamlit scrolls inside its own container, so grow the window.
        SHOTS.mkdir(parents=True, exist_ok=True)
        height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(VIEWPORTS[width], height)})
        page.screenshot(path=SHOTS / f"{spec.key}-{width}{'' if language == 'en' else '-' + language}.png")
        assert not cut, f"/{url_path(spec)} at {width} px cuts off {len(cut)} text(s):\n" + "\n".join(
            "  " + ", ".join(f"{key}: {value}" for key, value in item.items()) for item in cut
        )
        assert sideways["page"] <= sideways["window"] and sideways["main"] <= sideways["mainBox"], (
            f"/{url_path(spec)} at {width} px scrolls sideways: {sideways}"
        )
        assert not cards, f"/{url_path(spec)} at {width} px: " + "; ".join(cards)
    finally:
        context.close()


def deck_views(page) -> list[dict]:
    """Every map the server sends this page from now on, as its deck's first view (``initialViewState``)."""
    views: list[dict] = []

    def frame(payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except DecodeError:
            return
        if (
            message.WhichOneof("type") == "delta"
            and message.delta.new_element.WhichOneof("type") == "deck_gl_json_chart"
        ):
            views.append(json.loads(message.delta.new_element.deck_gl_json_chart.json)["initialViewState"])

    page.on("websocket", lambda socket: socket.on("framereceived", frame))
    return views


def seats_outside(view: dict, width: float, height: float) -> list[str]:
    """The municipalities whose seat (the reference gazetteer's, else the shipped boundary's centroid) falls
    outside a map of ``width`` × ``height`` pixels opened on ``view``."""
    shown = viewport.View(longitude=view["longitude"], latitude=view["latitude"], zoom=view["zoom"])
    return [
        name
        for name, longitude, latitude in municipality_points()
        if not (
            0 <= (at := viewport.pixel(shown, width, height, longitude, latitude))[0] <= width and 0 <= at[1] <= height
        )
    ]


def municipality_points() -> list[tuple[str, float, float]]:
    """Each municipality's centroid, from the shipped boundaries (the reference layers are checked against them in
    tests/test_geo.py)."""
    import shapely.geometry

    features = json.loads((ROOT / "geo" / "municipalities.geojson").read_text(encoding="utf-8"))["features"]
    points = []
    for feature in features:
        centroid = shapely.geometry.shape(feature["geometry"]).centroid
        points.append((feature["properties"]["name_sq"], centroid.x, centroid.y))
    return points


@pytest.mark.parametrize("width", VIEWPORTS, ids=[f"{w}px" for w in VIEWPORTS])
def test_map_opens_on_all_of_kosovo(browser, app_server, width: int) -> None:
    """The Map page's first view to pan and zoom holds every municipality's centroid, at the map's own size: on a
    phone the page measures its map and sends the view that fits it, once."""
    context, page = open_at(browser, width)
    views = deck_views(page)
    try:
        open_page(page, app_server, "map?map_kind=zoom")
        deck = page.get_by_test_id("stDeckGlJsonChart")
        expect(deck.locator("canvas").first).to_be_attached()
        box = deck.bounding_box()
        assert box is not None
        deadline = time.monotonic() + 30
        # The last map sent is the one shown: on a phone, a second comes once the page has measured its width.
        while not views or seats_outside(views[-1], box["width"], box["height"]):
            if time.monotonic() > deadline:
                outside = seats_outside(views[-1], box["width"], box["height"]) if views else "no map sent"
                raise AssertionError(
                    f"at {width} px the map ({box['width']:.0f} × {box['height']:.0f}) opens "
                    f"on {views[-1] if views else None}; outside it: {outside}"
                )
            page.wait_for_timeout(100)
            box = deck.bounding_box() or box
        # No map after it: the page is idle, and a second later still no other map has come (a probe that reported
        # again and again would rerun the page in a loop).
        wait_ready(page)
        page.wait_for_timeout(1000)
        assert len(views) <= 2, f"the map was sent {len(views)} times: {views}"
        if width not in PHONES:
            assert len(views) == 1, f"at {width} px the map is drawn once, without measuring first: {views}"
    finally:
        context.close()


AREAS_IN_SVG = """(chart) => {
  const svg = chart.querySelector('svg');
  const box = svg.getBoundingClientRect();
  // The areas: the geoshape marks, one path per municipality, drawn in the map's own group.
  const areas = [...svg.querySelectorAll('.mark-shape path, g.mark-shape > path')];
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          areas: areas.map(a => { const r = a.getBoundingClientRect();
                                  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })};
}"""


@pytest.mark.parametrize("width", VIEWPORTS, ids=[f"{w}px" for w in VIEWPORTS])
def test_the_still_map_shows_all_of_kosovo(browser, app_server, width: int) -> None:
    """The Map page's SVG map draws every municipality whole inside the chart, and the page does not scroll
    sideways for it, at every width."""
    context, page = open_at(browser, width)
    try:
        open_page(page, app_server, "map")
        wait_ready(page)
        chart = page.locator("[data-testid=stVegaLiteChart].vega-embed").first
        expect(chart.locator("svg .mark-shape path")).to_have_count(30)
        drawn = chart.evaluate(AREAS_IN_SVG)
        box = drawn["box"]
        outside = [
            index
            for index, area in enumerate(drawn["areas"])
            if area["left"] < box["left"] - 1
            or area["right"] > box["right"] + 1
            or area["top"] < box["top"] - 1
            or area["bottom"] > box["bottom"] + 1
        ]
        assert not outside, f"at {width} px areas {outside} reach past the map ({box})"
        assert box["right"] <= width, f"at {width} px the map is {box['right'] - box['left']:.0f} px wide"
        spans = [area["right"] - area["left"] for area in drawn["areas"]]
        assert min(spans) > 5, "an area drawn as a speck: the map did not fit Kosovo"
    finally:
        context.close()
