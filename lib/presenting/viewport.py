"""Where a web map looks: the view that shows a whole extent in an element of a given size, and where a point
falls in it. Pure arithmetic on deck.gl's Web Mercator (a world 512 px wide at zoom 0), no pydeck here.

The Map page fits Kosovo to its map's width and height (a phone's 358 px as well as a laptop's 800), where a
fixed zoom would cut the west and the east off on a phone; tests check with ``pixel`` that every municipality's
centroid falls inside the element.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WORLD_PX = 512  # deck.gl's Web Mercator: the whole world's width in pixels at zoom 0
# Kosovo's extent (west, south, east, north) in degrees, from the shipped municipal boundaries
# (geo/municipalities.geojson); tests/test_phone_layout.py checks it against them.
KOSOVO_BOUNDS = (20.0248, 41.844, 21.7728, 43.2631)


@dataclass(frozen=True)
class View:
    longitude: float
    latitude: float
    zoom: float


def _mercator_y(latitude: float) -> float:
    """Web Mercator's y in radians of the world's circumference (north is larger)."""
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _latitude(mercator_y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(mercator_y)) - math.pi / 2)


def fit(bounds: tuple[float, float, float, float], width: float, height: float, padding: float = 12) -> View:
    """The view centred on ``bounds`` (west, south, east, north) at the largest zoom, to the hundredth and
    rounded down, that shows all of it in ``width`` × ``height`` pixels with ``padding`` pixels around it."""
    west, south, east, north = bounds
    span_x = (east - west) / 360 * WORLD_PX  # pixels at zoom 0
    span_y = (_mercator_y(north) - _mercator_y(south)) / (2 * math.pi) * WORLD_PX
    room_x, room_y = max(width - 2 * padding, 1), max(height - 2 * padding, 1)
    zoom = math.floor(math.log2(min(room_x / span_x, room_y / span_y)) * 100) / 100
    middle = _latitude((_mercator_y(north) + _mercator_y(south)) / 2)
    return View(longitude=round((west + east) / 2, 5), latitude=round(middle, 5), zoom=zoom)


def pixel(view: View, width: float, height: float, longitude: float, latitude: float) -> tuple[float, float]:
    """Where a point falls in an element of ``width`` × ``height`` pixels showing ``view``: (0, 0) is its top left."""
    scale = WORLD_PX * 2**view.zoom
    x = (longitude - view.longitude) / 360 * scale
    y = (_mercator_y(view.latitude) - _mercator_y(latitude)) / (2 * math.pi) * scale
    return width / 2 + x, height / 2 + y


def map_height(width: float, tallest: int = 600, lowest: int = 360) -> int:
    """A map's height for its width: Kosovo is about as tall as it is wide, so a phone's map is not a tall strip
    of empty space, and a wide screen's map keeps a height that fits the window."""
    return int(min(max(width * 1.1, lowest), tallest))


EARTH_CIRCUMFERENCE_M = 2 * math.pi * 6_378_137  # Web Mercator's sphere, at the equator


def metres_per_pixel(view: View) -> float:
    """How many metres of ground a pixel of ``view`` covers at its centre (Mercator stretches them northwards)."""
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(view.latitude)) / (WORLD_PX * 2**view.zoom)
