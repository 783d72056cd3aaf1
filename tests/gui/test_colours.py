"""One honest colour code (issue 8, item 4), measured: contrast and colour-blindness simulation."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtGui import QColor

from tap_assistant.core.model import Audience, Pillar, Verdict
from tap_assistant.gui.theme import DARK, LIGHT, VERDICT_ICONS, Palette, blend, contrast_ratio, contrast_text

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _gamma(value: float) -> float:
    value = min(1.0, max(0.0, value))
    return 12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055


def simulate(colour: QColor, kind: str | None) -> tuple[float, float, float]:
    rgb = (colour.redF(), colour.greenF(), colour.blueF())
    if kind is None:
        return rgb
    lin = [_linear(c) for c in rgb]
    return tuple(_gamma(sum(row[j] * lin[j] for j in range(3))) for row in CVD[kind])


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def delta_e(first: QColor, second: QColor, kind: str | None = None) -> float:
    return math.dist(lab(simulate(first, kind)), lab(simulate(second, kind)))


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_highlights_and_underlines_reach_three_to_one(palette: Palette) -> None:
    for pillar, colour in palette.pillar.items():
        # The underline (and the card edge, and the circle) against the page.
        assert contrast_ratio(colour, palette.paper) >= 3.0, pillar
        # Text stays readable on the highlight, weak and strong.
        for strong in (False, True):
            tint = blend(palette.highlight(pillar, strong), palette.paper)
            assert contrast_ratio(palette.ink, tint) >= 4.5, (pillar, strong)
        # The chosen card's words: solid pillar colour with contrasting text.
        assert contrast_ratio(contrast_text(colour), colour) >= 4.5, pillar


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_pillars_stay_apart_under_colour_blindness(palette: Palette, vision: str | None) -> None:
    for (p1, c1), (p2, c2) in itertools.combinations(palette.pillar.items(), 2):
        assert delta_e(c1, c2, vision) >= 25, f"{p1.value} and {p2.value} look alike ({vision})"


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_no_pillar_looks_like_a_verdict(palette: Palette) -> None:
    for pillar, colour in palette.pillar.items():
        for verdict, traffic in palette.verdict.items():
            assert delta_e(colour, traffic) >= 25, f"{pillar.value} looks like {verdict.value}"


def test_scorecard_circles_wear_pillar_colours_and_verdicts_have_shapes(review, checker) -> None:
    text = "Hi Jordan, text me at 555-201-3344. Let's keep this between us."
    review.present(text, checker.check(text, Audience.STUDENT), grammar=False)
    palette = review._palette
    for pillar in Pillar:
        assert palette.pillar[pillar].name() in review.scorecard.letters[pillar].styleSheet()
        verdict = review.visible_report.pillar_verdict(pillar)
        assert review.scorecard.verdicts[pillar].text().startswith(VERDICT_ICONS[verdict])
    assert review.scorecard.banner.text().startswith(VERDICT_ICONS[Verdict.STOP])
    for card in review.findings.cards:
        chip = card.findChild(type(review.scorecard.banner), "chip")
        assert chip.text()[0] in "✕▲●"
