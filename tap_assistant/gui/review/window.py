"""The review window: the draft as the lead story of the local newspaper, with the verdict.

The window never checks on the GUI thread: it asks the shared `CheckRunner` and applies the
result for the newest token only. TAP findings arrive first; grammar findings stream in later
with a busy indicator while the engine works.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import (
    Audience,
    Finding,
    GrammarResult,
    GrammarStatus,
    Report,
    Source,
    Verdict,
)
from tap_assistant.gui.badge import app_icon
from tap_assistant.gui.capture.mime import own_text
from tap_assistant.gui.capture.putback import PutBack, SourceWindow, can_put_back, describe
from tap_assistant.gui.review.article import normalise_newlines
from tap_assistant.gui.review.findings import FindingsList
from tap_assistant.gui.review.fitting import (
    MINIMUM_SIZE,
    PREFERRED_SIZE,
    fitted_geometry,
    frame_margins,
    screen_for,
)
from tap_assistant.gui.review.newspaper import NewspaperPage
from tap_assistant.gui.review.popover import FindingPopover
from tap_assistant.gui.review.scorecard import Scorecard
from tap_assistant.gui.review.send_anyway import SendAnywayDialog
from tap_assistant.gui.theme import current_palette
from tap_assistant.gui.whole_check import merged_report
from tap_assistant.gui.workers import CheckRunner

log = logging.getLogger(__name__)

WINDOW_TITLE = "TAP Assistant — Front page test"
RECHECK_PAUSE_MS = 600

def audience_reason_text(report: Report) -> str:
    """The small label beside the audience: was it chosen, guessed or the default, and why."""
    if report.audience_source == "guessed":
        return f"({report.audience_reason})"
    if report.audience_source == "default":
        return "(your default: no clear sign of the reader in the draft)"
    return ""


AUDIENCE_LABELS = {
    Audience.STUDENT: "Student",
    Audience.PARENT: "Parent or family",
    Audience.COLLEAGUE: "Colleague",
    Audience.PUBLIC: "Public post",
}


@dataclass(frozen=True)
class SendAnywayRecord:
    """What is remembered when a user sends despite findings: never the draft itself."""

    when: dt.datetime
    verdict: Verdict
    rules: tuple[str, ...]
    reason: str = ""


@dataclass
class _Ignore:
    keys: set[tuple[str, str]] = field(default_factory=set)
    order: list[tuple[str, str]] = field(default_factory=list)  # for undo, newest last

    @staticmethod
    def key(finding: Finding) -> tuple[str, str]:
        return (finding.rule, " ".join(finding.text.lower().split()))

    def add(self, finding: Finding) -> None:
        key = self.key(finding)
        if key not in self.keys:
            self.keys.add(key)
            self.order.append(key)

    def undo(self) -> bool:
        if not self.order:
            return False
        self.keys.discard(self.order.pop())
        return True

    def hides(self, finding: Finding) -> bool:
        return self.key(finding) in self.keys


class ReviewWindow(QMainWindow):
    #: The report as the user sees it now (ignored findings removed), after every change.
    report_changed = Signal(object)
    #: Emitted once the window is on screen with TAP findings for a newly opened draft.
    presented = Signal(float)  # perf_counter() timestamp when the draft was captured
    sent_anyway = Signal(object)  # SendAnywayRecord: the text left the review despite findings
    copied = Signal()
    #: (ok, message) after Put back or Copy: the confirmation, for the tray to show.
    action_done = Signal(bool, str)

    def __init__(self, config: Configuration, runner: CheckRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.runner = runner
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(app_icon())
        self.setObjectName("reviewWindow")
        self.setAccessibleName(WINDOW_TITLE)
        self._ignored = _Ignore()
        self._tap_report: Report | None = None
        self._grammar: GrammarResult | None = None
        self._grammar_so_far: tuple[Finding, ...] = ()  # streamed while a long check runs
        self._visible: Report | None = None
        self._tap_token = 0
        self._grammar_token = 0
        self._want_grammar = True
        self._present_started: float | None = None
        self._checked_text = ""
        #: True while the reader is the checker's guess; a click on the audience makes it False.
        self._guess_audience = False
        self._palette = current_palette()

        self._build()
        runner.tap_ready.connect(self._on_tap_ready)
        runner.grammar_started.connect(self._on_grammar_started)
        runner.grammar_ready.connect(self._on_grammar_ready)
        runner.grammar_progress.connect(self._on_grammar_progress)
        runner.check_failed.connect(self._on_check_failed)
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_PAUSE_MS)
        self._recheck_timer.timeout.connect(lambda: self._request_check(grammar=True))
        self._source: SourceWindow | None = None
        self._placed = False  # sized for a screen once; afterwards the user's size is kept
        self.resize(PREFERRED_SIZE)

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(10)

        top = QHBoxLayout()
        audience_label = QLabel("&Audience:")
        self.audience_combo = QComboBox()
        self.audience_combo.setAccessibleName("Audience")
        self.audience_combo.setToolTip("Who will read this message; the same words can be fine for one audience and not another.")
        for audience in Audience:
            self.audience_combo.addItem(AUDIENCE_LABELS[audience], audience)
        audience_label.setBuddy(self.audience_combo)
        self.audience_combo.currentIndexChanged.connect(self._on_audience_changed)
        self.grammar_busy = QProgressBar()
        self.grammar_busy.setRange(0, 0)
        self.grammar_busy.setFixedWidth(70)
        self.grammar_busy.setMaximumHeight(10)
        self.grammar_busy.setTextVisible(False)
        self.grammar_busy.setAccessibleName("Grammar check in progress")
        self.grammar_busy.hide()
        self.grammar_label = QLabel()
        self.grammar_label.setAccessibleName("Grammar status")
        # Says whether the audience was guessed, and from which words ("guessed from 'Dear …'").
        self.audience_reason = QLabel()
        self.audience_reason.setAccessibleName("Audience reason")
        self.audience_reason.setObjectName("audienceReason")
        top.addWidget(audience_label)
        top.addWidget(self.audience_combo)
        top.addWidget(self.audience_reason)
        top.addStretch(1)
        top.addWidget(self.grammar_busy)
        top.addWidget(self.grammar_label)
        outer.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.page = NewspaperPage()
        self.page.setMinimumWidth(340)
        self.article = self.page.article
        self.article.edited.connect(self._on_edited)
        self.article.finding_activated.connect(self._open_popover)
        self.popover = FindingPopover(self)
        self.popover.apply_requested.connect(self.apply_suggestion)
        self.popover.ignore_requested.connect(self.ignore_finding)
        splitter.addWidget(self.page)

        side = QWidget()
        side.setMinimumWidth(300)  # cards reflow down to this width; nothing in them clips
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        side_layout.setSpacing(10)
        self.scorecard = Scorecard()
        side_layout.addWidget(self.scorecard)
        self.findings_title = QLabel("Findings")
        title_font = self.findings_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.findings_title.setFont(title_font)
        side_layout.addWidget(self.findings_title)
        self.findings = FindingsList()
        self.findings.apply_requested.connect(self.apply_suggestion)
        self.findings.ignore_requested.connect(self.ignore_finding)
        self.findings.focus_requested.connect(self._on_card_focused)
        self.findings.show_requested.connect(self._show_in_draft)
        side_layout.addWidget(self.findings, 1)
        splitter.addWidget(side)
        splitter.setSizes([700, 440])
        # The page gives up width first: the cards keep room for their buttons.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        outer.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        self.undo_ignore_button = QPushButton("&Undo ignore")
        self.undo_ignore_button.setAccessibleName("Undo the last ignore")
        self.undo_ignore_button.setToolTip("Show the last ignored finding again")
        self.undo_ignore_button.clicked.connect(self.undo_ignore)
        self.undo_ignore_button.hide()
        bottom.addWidget(self.undo_ignore_button)
        # The actions say what they do: nothing here sends a message.
        self.put_back_button = QPushButton("&Put back")
        self.put_back_button.setAccessibleName("Put the revised text back in the program the draft came from")
        self.put_back_button.setToolTip("Replace the selected draft in its program with the revised text")
        self.put_back_button.clicked.connect(self.put_back)
        self.put_back_button.hide()  # shown when the draft's window is known
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the revised text to the clipboard")
        self.copy_button.setToolTip("Copy the revised text, then paste it into your message (Ctrl+Shift+C)")
        self.copy_button.clicked.connect(self.copy_revised_text)
        self.close_button = QPushButton("C&lose")
        self.close_button.setAccessibleName("Close the review")
        self.close_button.clicked.connect(self.close)
        self._put_back = PutBack(QGuiApplication.clipboard(), parent=self)
        self._put_back.finished.connect(self._on_put_back_finished)
        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(2500)
        self._copied_timer.timeout.connect(lambda: self.copy_button.setText("&Copy"))
        for button in (self.put_back_button, self.copy_button, self.close_button):
            bottom.addWidget(button)
        outer.addLayout(bottom)
        self.setCentralWidget(central)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, activated=self.copy_revised_text)
        self.setTabOrder(self.audience_combo, self.article)
        self.setTabOrder(self.article, self.findings)
        self._apply_palette()

    def _apply_palette(self) -> None:
        self._palette = current_palette(self.palette())
        self.page.apply_palette(self._palette)
        if self._visible is not None:
            self._render(self._visible)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange, QEvent.Type.ThemeChange):
            QTimer.singleShot(0, self._apply_palette)
        super().changeEvent(event)

    # ----------------------------------------------------------------- public API
    @property
    def audience(self) -> Audience:
        return Audience(self.audience_combo.currentData())

    @property
    def visible_report(self) -> Report | None:
        return self._visible

    @property
    def grammar_pending(self) -> bool:
        return self._grammar is None and self._want_grammar and self._tap_report is not None

    def present(
        self,
        text: str,
        report: Report,
        started: float | None = None,
        grammar: bool = True,
        source: SourceWindow | None = None,
    ) -> None:
        """Show a draft the app has just checked (it ran the TAP check already, for the badge).

        `text` must be the exact text given to the checker (see `normalise_newlines`).
        """
        self._recheck_timer.stop()
        self._ignored = _Ignore()
        self.undo_ignore_button.hide()
        self._want_grammar = grammar
        self._present_started = None
        self._guess_audience = report.audience_source != "given"
        self.set_source(source)
        self._set_audience_silently(report.audience)
        self.article.set_draft(text)
        self._checked_text = text
        self._tap_token = 0
        self._grammar = None
        self._grammar_so_far = ()
        self._tap_report = report
        self.status_label.setText(f"Checked at {dt.datetime.now():%H:%M}.")
        self._refresh()
        self.bring_to_front()
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)  # visible caret: type at once
        self.presented.emit(started if started is not None else time.perf_counter())
        if grammar:
            self._start_grammar_only()

    def open_draft(self, text: str, audience: Audience | None = None, grammar: bool = True) -> None:
        """Check `text` and show the window as soon as the TAP findings are in."""
        self._recheck_timer.stop()
        self._ignored = _Ignore()
        self.undo_ignore_button.hide()
        self._want_grammar = grammar
        self._guess_audience = audience is None
        self._set_audience_silently(audience or Audience(self.config.settings.default_audience))
        self.article.set_draft(normalise_newlines(text))
        self._present_started = time.perf_counter()
        self._request_check(grammar=grammar)

    def prepare(self) -> None:
        """Do the one-off work of a first show (polish, layout, native window) ahead of time."""
        self.ensurePolished()
        self.centralWidget().layout().activate()
        self.winId()

    def fit_to_screen(self, screen=None) -> None:  # noqa: ANN001 - QScreen | None
        """Size and place the window inside the screen's free area (taskbars excluded)."""
        screen = screen or screen_for(self)
        available = screen.availableGeometry()
        frame = frame_margins(self)
        self.setMinimumSize(MINIMUM_SIZE.boundedTo(available.size() - frame))
        current = self.geometry() if self._placed else None
        self.setGeometry(fitted_geometry(available, PREFERRED_SIZE, frame, current))
        self._placed = True
        side = max(300, min(440, self.width() * 2 // 5))
        self.splitter.setSizes([max(340, self.width() - side), side])

    def _keep_on_screen(self) -> None:
        """After the window manager has mapped the window (the real frame is known now), pull
        it back inside the screen if any part of it is outside."""
        if not self.isVisible():
            return
        available = screen_for(self).availableGeometry()
        if not available.contains(self.frameGeometry()):
            self.setGeometry(fitted_geometry(available, PREFERRED_SIZE, frame_margins(self), self.geometry()))

    def set_fixed_placement(self, width: int, height: int) -> None:
        """Use this size instead of fitting the screen (screenshots of a given laptop size)."""
        self.resize(width, height)
        self._placed = True

    def bring_to_front(self) -> None:
        if not self._placed:
            self.fit_to_screen()
        self.show()
        QTimer.singleShot(0, self._keep_on_screen)
        QTimer.singleShot(250, self._keep_on_screen)
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.raise_()
        self.activateWindow()

    def _set_audience_silently(self, audience: Audience) -> None:
        self.audience_combo.blockSignals(True)
        self.audience_combo.setCurrentIndex(self.audience_combo.findData(audience))
        self.audience_combo.blockSignals(False)

    # ----------------------------------------------------------------- checking
    def _request_check(self, grammar: bool) -> None:
        """Re-check the article as it is now; grammar too unless only the audience changed."""
        self._checked_text = self.article.current_text()
        want = grammar and self._want_grammar and self.runner.grammar is not None
        audience = None if self._guess_audience else self.audience
        self._tap_token = self.runner.check(
            self._checked_text, audience, with_grammar=want, visible=self.article.visible_range()
        )
        if want:
            self._grammar_token = self._tap_token
            self._grammar = None
            self._grammar_so_far = ()
            self._update_grammar_label()

    def _start_grammar_only(self) -> None:
        if self.runner.grammar is None:
            self._grammar = GrammarResult(GrammarStatus.UNAVAILABLE, "the grammar engine is not running")
            self._update_grammar_label()
            return
        self._grammar = None
        self._grammar_so_far = ()
        self._grammar_token = self.runner.check_grammar(self._checked_text, self.article.visible_range())
        self._update_grammar_label()

    def _on_tap_ready(self, token: int, report: Report) -> None:
        if token != self._tap_token:
            return
        self._tap_report = report
        self._set_audience_silently(report.audience)
        self._refresh()
        if "hecking again" in self.status_label.text() and not report.notices:
            # The re-check asked for by an edit or an Apply is done: say so, with the time.
            self.status_label.setText(f"Checked again at {dt.datetime.now():%H:%M}.")
        if self._present_started is not None:
            started, self._present_started = self._present_started, None
            self.bring_to_front()
            self.presented.emit(started)

    def _on_grammar_started(self, token: int) -> None:
        if token == self._grammar_token:
            self.grammar_busy.show()
            self.grammar_label.setText("Checking grammar…")

    def _on_grammar_ready(self, token: int, result: GrammarResult) -> None:
        if token != self._grammar_token:
            return
        self._grammar = result
        self._grammar_so_far = ()
        self._refresh()

    def _on_grammar_progress(self, token: int, findings: tuple[Finding, ...]) -> None:
        if token != self._grammar_token or self._grammar is not None:
            return
        self._grammar_so_far = findings
        self._refresh()

    def _on_check_failed(self, token: int, message: str) -> None:
        if token == self._tap_token:
            self.status_label.setText(f"Could not check: {message}")
            if self._present_started is not None:
                self._present_started = None
                self.bring_to_front()

    def _on_audience_changed(self) -> None:
        # Grammar does not depend on the audience: unless the text changed too, keep its result.
        edited = self._recheck_timer.isActive() or self.article.current_text() != self._checked_text
        self._guess_audience = False
        self._recheck_timer.stop()
        self._request_check(grammar=edited)

    def _on_card_focused(self, findings: Finding | list[Finding]) -> None:
        group = [findings] if isinstance(findings, Finding) else list(findings)
        self.article.focus_finding(group, move_caret=False)
        card = self.findings.card_for(group[0]) if group else None
        if card is not None:
            self.findings.ensureWidgetVisible(card)

    def _show_in_draft(self, findings: Finding | list[Finding]) -> None:
        self.article.focus_finding(findings, move_caret=True)
        self.article.setFocus()

    def _open_popover(self, finding: Finding, words: QRect) -> None:
        """A highlight was clicked (or hovered): its advice beside the words, its card marked."""
        if self.popover.isVisible() and self.popover.finding is finding:
            return
        self.popover.show_for(finding, self._palette, words)
        card = self.findings.card_for(finding)
        if card is not None:
            self.findings.ensureWidgetVisible(card)
            self.article.focus_finding(card.findings, move_caret=False)
        log.info("popover rule=%s", finding.rule)

    def _on_edited(self) -> None:
        self.status_label.setText("Edited — checking again after a pause…")
        self._recheck_timer.start()

    # ----------------------------------------------------------------- rendering
    def _current_report(self) -> Report | None:
        tap = self._tap_report
        if tap is None:
            return None
        if self._grammar is not None:
            return merged_report(tap, self._grammar, self.config.settings.district_name)
        if self._grammar_so_far:
            # Still checking: show what the engine found so far (the label says it is not done).
            partial = GrammarResult(GrammarStatus.UNAVAILABLE, "still checking", self._grammar_so_far)
            return merged_report(tap, partial, self.config.settings.district_name)
        return tap

    def _refresh(self) -> None:
        report = self._current_report()
        if report is None:
            return
        kept = [f for f in report.findings if not self._ignored.hides(f)]
        visible = Report(
            text=report.text,
            audience=report.audience,
            findings=kept,
            grammar=report.grammar,
            notices=list(report.notices),
            headline=report.headline,
            audience_source=report.audience_source,
            audience_reason=report.audience_reason,
        )
        self._visible = visible
        if self.popover.isVisible() and not any(f is self.popover.finding for f in kept):
            self.popover.close()  # its finding is gone (ignored, fixed, or re-checked)
        self._render(visible)
        self.report_changed.emit(visible)

    def _render(self, report: Report) -> None:
        palette = self._palette
        self.page.set_front_page(self.config.settings.district_name, report, report.audience, dt.date.today())
        if self.article.current_text() == self._checked_text:
            self.article.show_findings(report.text, report.findings, palette)
        else:
            # Edited since this check: keep the (edit-tracking) highlights until the re-check lands.
            self.article.keep_only(report.findings)
        self.scorecard.set_report(report, palette)
        self.audience_reason.setText(audience_reason_text(report))
        counted = len(report.counted_findings())
        self.findings_title.setText(
            f"Findings ({len(report.findings)})" if report.findings else "Findings"
        )
        self.findings_title.setAccessibleName(f"{len(report.findings)} findings, {counted} affecting the verdict")
        empty = "Nothing to flag. This reads fine on the front page." if not self._ignored.keys else "Nothing left to flag."
        self.findings.set_findings(report.findings, palette, empty)
        self._update_grammar_label()
        notices = " ".join(n.message for n in report.notices)
        if notices:
            self.status_label.setText(notices)

    def _update_grammar_label(self) -> None:
        grammar = self._grammar
        if grammar is None and self._want_grammar:
            self.grammar_busy.show()
            state = getattr(self.runner.grammar, "state", "")
            self.grammar_label.setText("Starting the grammar engine…" if state == "starting" else "Checking grammar…")
            return
        self.grammar_busy.hide()
        if grammar is None or grammar.status is GrammarStatus.DISABLED:
            self.grammar_label.setText("Grammar: off")
        elif grammar.status is GrammarStatus.UNAVAILABLE:
            self.grammar_label.setText("Grammar: unavailable")
            self.grammar_label.setToolTip(grammar.detail)
        else:
            count = sum(1 for f in grammar.findings if not self._ignored.hides(f))
            self.grammar_label.setText(f"Grammar: {count} suggestion{'s' if count != 1 else ''}" if count else "Grammar: no issues")
            self.grammar_label.setToolTip("")

    # ----------------------------------------------------------------- actions
    def apply_suggestion(self, findings: Finding | list[Finding], replacement: str) -> None:
        """Put `replacement` in place of one finding's words, or of every finding of a group
        ("Apply to all"); then check again."""
        group = [findings] if isinstance(findings, Finding) else list(findings)
        # Later spans first: an earlier replacement of another length must not move them
        # (the cursors would follow, but this keeps each replacement independent).
        applied = [f for f in sorted(group, key=lambda f: -f.start) if self.article.replace_finding(f, replacement)]
        self._recheck_timer.stop()
        if applied:
            log.info("applied suggestion rule=%s count=%d", group[0].rule, len(applied))
            where = f" in {len(applied)} places" if len(applied) > 1 else ""
            self.status_label.setText(f"Applied{where}. Checking again…")
        else:
            self.status_label.setText("The text there has changed; checking again first.")
        self._request_check(grammar=True)

    def ignore_finding(self, finding: Finding) -> None:
        self._ignored.add(finding)
        log.info("ignored finding rule=%s", finding.rule)
        self._refresh()
        self.status_label.setText("Ignored for this message.")
        self.undo_ignore_button.show()

    def undo_ignore(self) -> None:
        if self._ignored.undo():
            log.info("undid an ignore")
            self._refresh()
            self.status_label.setText("The finding is back.")
        self.undo_ignore_button.setVisible(bool(self._ignored.order))

    def revised_text(self) -> str:
        return self.article.current_text()

    def set_source(self, source: SourceWindow | None) -> None:
        """The window the draft came from: Put back pastes there (named once known)."""
        self._source = source if source is not None and can_put_back() else None
        self.put_back_button.setVisible(self._source is not None)
        self.put_back_button.setText("&Put back")
        if self._source is not None:
            QTimer.singleShot(0, self._name_source)

    def _name_source(self) -> None:
        if self._source is None:
            return
        self._source = describe(self._source)
        if self._source.program:
            self.put_back_button.setText(f"&Put back in {self._source.program}")

    @property
    def source(self) -> SourceWindow | None:
        return self._source

    def _release_ok(self, action: str) -> bool:
        """Before the text leaves the review: a Stop verdict needs a reason (or the user stays);
        anything but a pass is remembered (never the text)."""
        report = self._visible
        if report is None:
            return False
        reason = ""
        if report.verdict is Verdict.STOP:
            asked = self.ask_reason()
            if asked is None:
                self.status_label.setText(f"Not {action}. Fix the highlighted words, or give a reason.")
                return False
            reason = asked
        if report.verdict is not Verdict.PASS:
            record = SendAnywayRecord(
                when=dt.datetime.now().astimezone(),
                verdict=report.verdict,
                rules=tuple(sorted({f.rule for f in report.counted_findings()})),
                reason=reason,
            )
            log.info("released despite findings verdict=%s rules=%s", record.verdict.value, ",".join(record.rules))
            self.sent_anyway.emit(record)
        return True

    def copy_revised_text(self) -> None:
        if not self._release_ok("copied"):
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setMimeData(own_text(self.revised_text()), QClipboard.Mode.Clipboard)
        message = "Revised text copied — paste it into your message."
        self.status_label.setText(message)
        self.copy_button.setText("Copied ✓")
        self._copied_timer.start()
        log.info("copied revised text length=%d", len(self.revised_text()))
        self.copied.emit()
        self.action_done.emit(True, message)

    def put_back(self) -> None:
        """Replace the draft in its program with the revised text; Copy when that is not possible."""
        if self._source is None:
            self.copy_revised_text()
            return
        if self._put_back.busy or not self._release_ok("put back"):
            return
        self.hide()  # the draft's window takes the focus back for the paste
        self._put_back.put_back(self.revised_text(), self._source)

    def _on_put_back_finished(self, ok: bool, message: str) -> None:
        self.status_label.setText(message)
        if not ok:
            self.bring_to_front()  # the revised text is on the clipboard; the review stays at hand
        self.action_done.emit(ok, message)

    def ask_reason(self) -> str | None:
        return SendAnywayDialog.ask(self)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Escape closes, also when the window is not the active one (the shortcut needs that).
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._recheck_timer.stop()
        super().closeEvent(event)

    def findings_shown(self) -> list[Finding]:
        return [card.finding for card in self.findings.cards]

    def grammar_findings_shown(self) -> list[Finding]:
        return [f for f in self.findings_shown() if f.source is Source.GRAMMAR]
