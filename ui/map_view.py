"""Maps on a page: the Map page's map (SVG, or a deck.gl deck to pan and zoom, with its two legends), the programme
pages' Vega-Lite panels, and their attribution."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from lib.dataset.memo import Memo
from lib.i18n import N_, _, current, translated
from lib.presenting import maps, vega_maps
from lib.presenting.themes import THEMES
from lib.presenting.viewport import KOSOVO_BOUNDS, fit, map_height
from ui.widgets import chart_spec, frame_digest

THEME_LEGEND = pd.DataFrame(  # in English: ``theme_legend`` gives it in the reader's language
    {"colour": [theme.hex for theme in THEMES.values()], "label": [theme.name for theme in THEMES.values()]}
)
# Kept: a map's deck JSON takes 11 ms to build (GeoJSON for 30 municipalities) against 0.7 ms for its key
# (both tables' content hashed, ``frame_digest``), and a filter on the Map page brings back the same few inputs
# again and again.
_DECKS = Memo(max_entries=64)
SITES_LEGEND = N_("Sites, by theme (circle area: people reached, capped)")  # drawn with ``translated``


def theme_legend() -> pd.DataFrame:
    """The sites' legend: each theme's colour and its name in the reader's language."""
    return THEME_LEGEND.assign(label=[translated(name) for name in THEME_LEGEND["label"]])


def colour_by(values: pd.DataFrame) -> str:
    """How a map colours ``values``: by its ``category`` where the table has one (what works there), else by value."""
    return maps.CATEGORY if maps.CATEGORY in values.columns else "value"


def map_deck(level: str, values: pd.DataFrame, site_rows: pd.DataFrame, width: int) -> maps.PrebuiltDeck:
    """The map of ``values`` by ``level`` with ``site_rows``, showing all Kosovo in a map ``width`` pixels wide;
    built once per input."""
    key = (level, frame_digest(values), frame_digest(site_rows), width, current())  # its tooltips are in words
    view = maps.fitted_view(width)
    return maps.PrebuiltDeck(
        _DECKS.get(
            key,
            lambda: maps.deck(
                maps.map_layers(level, values, site_rows, colour_by(values), view), maps.view_state(view)
            ).to_json(),
        )
    )


# The map's own width, measured by the browser: deck.gl opens on a fixed view, so the view that shows all Kosovo
# depends on the element's size, which only the page knows. The probe reports a width (``maps.map_width``: to 20 px,
# at most ``maps.WIDEST_MAP``, from which every map is the same) only when it differs from the one the map was drawn
# for: on a laptop or a tablet nothing is sent and nothing reruns; on a phone, or after the screen turns, the page
# reruns once with the fitted view. Streamlit calls the function again whenever ``data`` changes, without the
# cleanup of the last call, so an element keeps one observer: the latest.
_WIDTH_PROBE_JS = """
export default function (component) {
  const { parentElement, data, setStateValue } = component;
  if (parentElement.iomWidthProbe) parentElement.iomWidthProbe.disconnect();
  let sent = data.drawn;
  const observer = new ResizeObserver(() => {
    const measured = Math.floor(parentElement.getBoundingClientRect().width / data.step) * data.step;
    const width = Math.min(measured, data.widest);
    if (width > 0 && width !== sent) {
      sent = width;
      setStateValue("width", width);
    }
  });
  observer.observe(parentElement);
  parentElement.iomWidthProbe = observer;
  return () => observer.disconnect();
}
"""
_width_probe = st.components.v2.component("iom_map_width", js=_WIDTH_PROBE_JS, isolate_styles=False)
LARGEST_BELIEVED = 10_000  # px: a width reported beyond this (or not a number) is not believed


def _believed(reported: object) -> int | None:
    """A reported width as a map is drawn for it (``maps.map_width``); None for what no screen reports."""
    if isinstance(reported, bool) or not isinstance(reported, int | float):
        return None
    return maps.map_width(reported) if maps.NARROWEST_MAP <= reported <= LARGEST_BELIEVED else None


def measured_width(key: str, assumed: int) -> int:
    """The width of the column this is called in as a map is drawn for it: as the browser last reported it, else as
    it was last time on this page (the probe's own state goes when the reader visits another page), else
    ``assumed``."""
    state = st.session_state.get(key)
    reported = _believed(state.get("width") if isinstance(state, dict) else None)
    remembered = f"{key}_drawn"
    drawn = reported if reported is not None else st.session_state.get(remembered, maps.map_width(assumed))
    st.session_state[remembered] = drawn
    _width_probe(
        key=key,
        data={"drawn": drawn, "step": maps.WIDTH_STEP, "widest": maps.WIDEST_MAP},
        on_width_change=lambda: None,
    )
    return drawn


def note_and_attribution(note: str) -> None:
    """Under every map: its note, if it has one, and where its boundaries and places come from."""
    if note:
        st.caption(note)
    st.caption(maps.attribution())


def map_with_legend(
    deck_spec: pdk.Deck,
    legend_items: Sequence[tuple[str, str]],
    legend_title: str,
    note: str = "",
    height: int = 560,
    key: str = "map",
) -> None:
    """A map, its legend for the areas and the site colours (each swatch beside its name), and its attribution."""
    st.pydeck_chart(deck_spec, height=height, key=key)
    left, right = st.columns([3, 2])
    with left:
        areas = pd.DataFrame(
            {"colour": [colour for colour, _label in legend_items], "label": [label for _colour, label in legend_items]}
        )
        st.vega_lite_chart(chart_spec(vega_maps.legend_chart, areas, legend_title), width="content")
    with right:
        sites_legend = chart_spec(vega_maps.legend_chart, theme_legend(), translated(SITES_LEGEND), "circle")
        st.vega_lite_chart(sites_legend, width="content")
    note_and_attribution(note)


def _still_chart(
    values: pd.DataFrame,
    level: str,
    sites: pd.DataFrame,
    title: str,
    unit: str,
    note: str,
    legends: tuple[str | None, str],
    width: int,
) -> alt.LayerChart:
    """The Map page's map as SVG: ``vega_maps.area_map`` at a map's height for ``width`` (``map_height``), its
    names thinned and its sites sized for the view that fits Kosovo there."""
    height = map_height(width)
    view = fit(KOSOVO_BOUNDS, width, height, padding=0)
    return vega_maps.area_map(
        level,
        values,
        sites,
        title,
        unit,
        note,
        colour_by(values),
        height=height,
        view=view,
        legends=legends,
        stacked=True,
    )


def still_map(
    level: str,
    values: pd.DataFrame,
    site_rows: pd.DataFrame,
    unit: str,
    title: str,
    legend_title: str,
    note: str,
    width: int,
    key: str,
) -> None:
    """The Map page's map drawn as SVG (Vega-Lite), with the deck's areas, names, sites, tooltips and legends: no
    WebGL, so it is ready at once without a GPU, and it prints. Its note and attribution under it."""
    legends = (legend_title, translated(SITES_LEGEND))
    spec = chart_spec(_still_chart, values, level, site_rows, title, unit, note, legends, width)
    st.vega_lite_chart(spec, width="stretch", key=key)
    note_and_attribution(note)


def _panel_chart(
    values: pd.DataFrame, level: str, sites: pd.DataFrame, title: str, unit: str, note: str
) -> alt.LayerChart:
    """``vega_maps.area_map`` with ``values`` first and coloured as ``colour_by`` says, for ``chart_spec`` (which
    keeps it by the content of both tables)."""
    return vega_maps.area_map(level, values, sites, title, unit, note, colour_by(values))


def map_panel(
    level: str, values: pd.DataFrame, site_rows: pd.DataFrame, unit: str, title: str, note: str, key: str
) -> None:
    """A smaller map for a programme page: the Map page's areas, classes and sites as a Vega-Lite chart (SVG, no
    WebGL: ready without a GPU, and it prints), its note and attribution, and the same map in words."""
    st.markdown(f"**{title}**")
    spec = chart_spec(_panel_chart, values, level, site_rows, title, unit, note)
    st.vega_lite_chart(spec, width="stretch", key=key)
    note_and_attribution(note)
    with st.expander(_("Map as text"), icon=":material/description:", key=f"{key}_text"):
        st.text(vega_maps.map_as_text(title, values, site_rows, unit, note))  # text, never Markdown: it carries data
