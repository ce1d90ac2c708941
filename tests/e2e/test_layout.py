"""Nothing cut off: every page at a desktop and a tablet width shows its text whole.

Two kinds of cut text are looked for, once the page's script has finished and its charts are drawn:

- an element of the main area whose text overflows its box while the box hides the rest (its
  ``text-overflow`` is ``ellipsis``, or its ``overflow`` is ``hidden`` or ``clip``): a card title
  ending in "…", a caption clipped by its card. Boxes meant to scroll or hold text of their own
  kind are left out: tables (their cells are clipped on purpose, the full text is a click away),
  code blocks, tab lists, icons (a Material icon is a ligature: its name is wider than its glyph),
  and the charts themselves, which are checked by their text instead.
- a text of a Vega-Lite chart (axis labels, legends, titles, the map panels) that Vega shortened
  past its ``labelLimit`` (it ends with "…"), or that reaches past the chart's edge and is clipped.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lib.presenting.pages import PAGES, url_path
from tests.e2e.conftest import ROOT, assert_no_errors, new_page, open_page

SHOTS = ROOT / "artifacts" / "layout"  # git-ignored: for a person to look at

VIEWPORTS = {1280: 800, 768: 1024}

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


@pytest.mark.parametrize("width", VIEWPORTS, ids=[f"{w}px" for w in VIEWPORTS])
@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_nothing_is_cut_off(browser, app_server, spec, width: int) -> None:
    context, page = new_page(browser, width, VIEWPORTS[width])
    try:
        open_page(page, app_server, url_path(spec))
        expect(page.locator("h1").first).to_contain_text(spec.heading)
        assert_no_errors(page)
        wait_drawn(page)
        cut = page.evaluate(FIND_CUT, ["[data-testid=stMain]", SKIP])
        # The whole page, at this width: Streamlit scrolls inside its own container, so grow the window.
        SHOTS.mkdir(parents=True, exist_ok=True)
        height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(VIEWPORTS[width], height)})
        page.screenshot(path=SHOTS / f"{spec.key}-{width}.png")
        assert not cut, f"/{url_path(spec)} at {width} px cuts off {len(cut)} text(s):\n" + "\n".join(
            "  " + ", ".join(f"{key}: {value}" for key, value in item.items()) for item in cut
        )
    finally:
        context.close()
