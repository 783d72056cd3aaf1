"""The review sizes itself from the screen and reflows rather than clipping (issue 8, item 1)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QApplication

from tap_assistant.core.model import Audience
from tap_assistant.gui.review.fitting import PREFERRED_SIZE, fitted_geometry

RISKY = (
    "Hi Jordan, text me at 555-201-3344 or email coach.d@gmail.com. Let's keep this between us. "
    "Want to grab a beer after the game? lol u gonna love it"
)


def test_fitted_geometry_keeps_the_frame_inside_the_free_area() -> None:
    available = QRect(0, 0, 1366, 728)  # 1366x768 with a 40 px taskbar
    frame = QSize(12, 40)
    rect = fitted_geometry(available, PREFERRED_SIZE, frame)
    outer = rect.adjusted(-6, -34, 6, 6)
    assert available.contains(outer), outer
    assert rect.width() == 1180 and rect.height() == 728 - 40
    # A window the user dragged half off screen is pulled back, keeping its size where it fits.
    moved = fitted_geometry(available, PREFERRED_SIZE, frame, QRect(900, 500, 800, 600))
    assert moved.size() == QSize(800, 600)
    assert available.contains(moved.adjusted(-6, -34, 6, 6))
    # A big screen gets the preferred size, centred.
    big = fitted_geometry(QRect(0, 0, 1920, 1040), PREFERRED_SIZE, frame)
    assert big.size() == PREFERRED_SIZE and abs((big.left() - 6) - (1920 - big.right() - 7)) <= 1


def test_window_fits_the_screen_it_opens_on(qtbot, review, checker) -> None:
    review.present(RISKY, checker.check(RISKY, Audience.STUDENT), grammar=False)
    qtbot.waitExposed(review)
    available = review.screen().availableGeometry()  # pytest-xvfb's screen, smaller than 1180x780
    assert review.width() <= available.width() and review.height() <= available.height()
    for button in (review.copy_button, review.close_button):
        top_left = button.mapToGlobal(button.rect().topLeft())
        assert available.contains(QRect(top_left, button.size())), button.text()


def test_cards_reflow_at_the_narrowest_width_without_clipping(qtbot, review, checker) -> None:
    review.present(RISKY, checker.check(RISKY, Audience.STUDENT), grammar=False)
    qtbot.waitExposed(review)
    review.resize(review.minimumSize())
    review.splitter.setSizes([10_000, 1])  # the findings side as narrow as it may get
    QApplication.processEvents()
    qtbot.wait(50)
    viewport = review.findings.viewport()
    assert review.findings.cards
    for card in review.findings.cards:
        assert card.geometry().right() <= viewport.width(), "card wider than the list: it clips"
        for button in card.findChildren(QAbstractButton):
            if button.isVisible():
                assert card.rect().contains(QRect(button.mapTo(card, button.rect().topLeft()), button.size())), button.text()
                # The label fits (elided with "…" if need be), never cut mid-letter.
                assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width(), button.text()
        # "Ignore" is short enough never to need eliding, even this narrow ("Ign…" was a bug).
        assert not card.ignore_button.is_elided(), card.ignore_button.text()


def test_masthead_never_wraps_it_scales_then_elides(qtbot, review, checker, config) -> None:
    config.settings.district_name = "Maple Valley School District of the Northern Counties"
    review.present(RISKY, checker.check(RISKY, Audience.STUDENT), grammar=False)
    qtbot.waitExposed(review)
    masthead = review.page.masthead
    review.resize(review.minimumSize())
    review.splitter.setSizes([1, 10_000])
    QApplication.processEvents()
    assert not masthead.wordWrap()
    assert masthead.height() == masthead.sizeHint().height()  # one line of the full-size font
    assert masthead.fontMetrics().horizontalAdvance(masthead.text()) <= masthead.contentsRect().width()
    assert masthead.full_text() == "MAPLE VALLEY SCHOOL DISTRICT OF THE NORTHERN COUNTIES"
    assert masthead.font().pointSizeF() < 25 or masthead.is_elided()
