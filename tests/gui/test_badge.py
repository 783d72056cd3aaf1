"""The tray badge: one distinct, recognisable icon per state, crisp at every size."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from tap_assistant.gui.badge import ICON_SIZES, BadgeState, badge_icon, badge_pixmap
from tap_assistant.gui.theme import BADGE_COLOURS


def _image(state: BadgeState, count: int = 0, size: int = 64) -> QImage:
    return badge_pixmap(size, state, count).toImage()


def _near(colour: QColor, expected: QColor, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3]))


def _badge_edge_pixel(image: QImage) -> QColor:
    # Just inside the badge disc, away from the glyph in its middle.
    size = image.width()
    return image.pixelColor(int(size * 0.80), int(size * 0.50))


@pytest.mark.parametrize("state", ["starting", "checking", "pass", "caution", "stop", "paused"])
def test_each_state_has_its_badge_colour(qapp, state: str) -> None:
    image = _image(BadgeState(state), count=3)
    assert _near(_badge_edge_pixel(image), BADGE_COLOURS[state])


def test_idle_icon_has_no_badge(qapp) -> None:
    image = _image(BadgeState.IDLE)
    corner = image.pixelColor(int(image.width() * 0.97), int(image.height() * 0.97))
    assert corner.alpha() == 0


def test_states_are_visually_distinct(qapp) -> None:
    images = {state: _image(state, count=2) for state in BadgeState}
    for a in BadgeState:
        for b in BadgeState:
            if a is not b:
                assert images[a] != images[b], f"{a} and {b} look the same"


def test_caution_shows_the_count(qapp) -> None:
    assert _image(BadgeState.CAUTION, 2) != _image(BadgeState.CAUTION, 3)
    assert _image(BadgeState.CAUTION, 12) == _image(BadgeState.CAUTION, 15)  # both "9+"


def test_icon_carries_every_size_and_high_dpi(qapp) -> None:
    icon = badge_icon(BadgeState.STOP)
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(s, s) for s in ICON_SIZES} <= sizes
    hidpi = badge_pixmap(32, BadgeState.STOP, device_pixel_ratio=2.0)
    assert hidpi.width() == 64 and hidpi.devicePixelRatio() == 2.0


def test_tray_state_updates_icon_and_tooltip(qapp) -> None:
    from tap_assistant.gui.tray import Tray

    tray = Tray()
    first = tray.icon.icon().pixmap(32).toImage()
    tray.set_state(BadgeState.CAUTION, 2)
    tray.set_last_summary("Last check: Caution (2 findings)")
    assert tray.icon.icon().pixmap(32).toImage() != first
    assert "caution" in tray.tooltip().lower() and "2 findings" in tray.tooltip()
    assert tray.show_last_action.isEnabled()
    tray.set_hotkey_note("no hooks here")
    assert tray.hotkey_note.isVisible() and "--check-selection" in tray.hotkey_note.text()
    tray.set_paused(True, watching_enabled=True)
    assert tray.pause_action.isChecked()
    labels = [a.text().replace("&", "") for a in tray.menu.actions() if a.text()]
    for wanted in ("Check selection", "Check clipboard", "Show last review", "Pause clipboard watching", "Settings…", "About TAP Assistant", "Quit"):
        assert any(label.startswith(wanted) for label in labels), wanted
