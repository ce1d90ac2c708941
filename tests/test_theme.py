"""The theme's colours are readable: WCAG 2.1 contrast of text and the accent against every background."""

from __future__ import annotations

import tomllib

import pytest

from tests.conftest import ROOT

THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb' (WCAG 2.1)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_is_right():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_text_and_links_are_readable_on_every_background(background):
    assert contrast(THEME["textColor"], THEME[background]) >= 7.0  # AAA for body text
    assert contrast(THEME["primaryColor"], THEME[background]) >= 4.5  # links and primary buttons: AA


def test_white_text_on_the_primary_colour_is_readable():
    assert contrast("#FFFFFF", THEME["primaryColor"]) >= 4.5  # a primary button's label


def blend(foreground: str, background: str, opacity: float) -> str:
    """``foreground`` at ``opacity`` over ``background``, as a browser draws it."""
    mixed = [
        round(
            opacity * int(foreground.lstrip("#")[i : i + 2], 16)
            + (1 - opacity) * int(background.lstrip("#")[i : i + 2], 16)
        )
        for i in (0, 2, 4)
    ]
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_captions_are_readable(background):
    # Streamlit draws captions (every figure's basis, the sources) in the text colour at 60% (axe measured #797f85 for
    # the old #1F2933: 4.04, short of 4.5); the text colour is dark enough that they pass.
    caption = blend(THEME["textColor"], THEME[background], 0.6)
    assert contrast(caption, THEME[background]) >= 4.5, caption
