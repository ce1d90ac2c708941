"""The programme themes, once: name, colour (on the map and its legend) and the page that presents them.

A theme's ``name`` is in English, marked with ``N_``: whoever shows it shows ``lib.i18n.translated(theme.name)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.i18n import N_
from lib.presenting.formats import hex_colour


@dataclass(frozen=True)
class Theme:
    name: str  # in English: shown as ``translated(name)``
    colour: tuple[int, int, int]  # Okabe-Ito, as the charts use
    page: str  # key of the page in ``lib.presenting.pages`` that presents its programmes

    @property
    def hex(self) -> str:
        return hex_colour(self.colour)


THEMES: dict[str, Theme] = {
    "returns": Theme(N_("Returns"), (0, 114, 178), "returns"),
    "stabilisation": Theme(N_("Stabilisation"), (230, 159, 0), "stabilisation"),
    "technical_cooperation": Theme(N_("Technical cooperation"), (0, 158, 115), "stabilisation"),
    "counter_trafficking": Theme(N_("Counter-trafficking"), (204, 121, 167), "counter-trafficking"),
    "migration_health": Theme(N_("Migration health"), (213, 94, 0), "health"),
    "mission": Theme(N_("Mission-wide"), (86, 180, 233), "returns"),
}
UNKNOWN_COLOUR = (0, 0, 0)


def theme_colour(theme: str) -> tuple[int, int, int]:
    """A theme's colour; black for a theme the table does not know, so it stands out."""
    return THEMES[theme].colour if theme in THEMES else UNKNOWN_COLOUR
