"""Cards speak plain words first (issue 8, item 3): titles, details line, grouping, suggestions."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from tap_assistant.core.model import Audience, Finding, Pillar, Report, Severity, Source

TEXT = "Teh trip is on friday. Teh bus leaves at 8. Bring teh form."


def _typos(text: str) -> list[Finding]:
    found, start = [], 0
    while (start := text.lower().find("teh", start)) >= 0:
        found.append(
            Finding(
                rule="MORFOLOGIK_RULE_EN_US", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION,
                start=start, end=start + 3, text=text[start : start + 3],
                message="Possible spelling mistake found.", why="P5", source=Source.GRAMMAR,
                suggestions=("the", "ten", "tea", "tech", "Ted"), title="Spelling",
            )
        )
        start += 3
    return found


def _present(review, text: str, findings: list[Finding]) -> None:
    review.present(text, Report(text=text, audience=Audience.PARENT, findings=findings, headline="Staff writes"), grammar=False)


def test_repeated_findings_are_one_card_with_apply_to_all(qtbot, review) -> None:
    text = "teh trip is on Friday. teh bus leaves at 8. Bring teh form."
    findings = _typos(text)
    assert len(findings) == 3
    _present(review, text, findings)
    (card,) = review.findings.cards
    assert card.count_label is not None and card.count_label.text() == "3 times"
    assert card.title_label.text() == "Spelling"
    assert "MORFOLOGIK_RULE_EN_US" in card.details_label.text()
    assert "MORFOLOGIK" not in card.title_label.text() and "MORFOLOGIK" not in card.accessibleName()
    # At most three suggestions, in the engine's order (its best first).
    assert [b.toolTip() for b in card.apply_buttons] == ["the", "ten", "tea"]
    assert card.apply_buttons[0].full_text().startswith("Apply to all 3:")
    with qtbot.waitSignal(review.report_changed, timeout=10_000):
        qtbot.mouseClick(card.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert review.revised_text() == "the trip is on Friday. the bus leaves at 8. Bring the form."
    assert review.status_label.text().startswith("Checked again at")  # not stuck on "Checking again…"


def test_different_words_stay_separate_cards(review) -> None:
    text = "teh trip and teh bus"
    first, second = _typos(text)
    other = Finding(
        rule=second.rule, pillar=second.pillar, severity=second.severity, start=13, end=16, text="teh",
        message=second.message, why=second.why, source=second.source, suggestions=("the",), title="Spelling",
    )
    _present(review, text, [first, other])
    assert len(review.findings.cards) == 2  # other suggestions: not the same finding
    assert all(card.count_label is None for card in review.findings.cards)


def test_tap_cards_are_titled_by_the_rule_title(review, checker) -> None:
    text = "Just text me tonight at 555-201-3344."
    report = checker.check(text, Audience.STUDENT)
    review.present(text, report, grammar=False)
    titles = {card.finding.rule: card for card in review.findings.cards}
    assert titles, report.findings
    for rule, card in titles.items():
        assert rule not in card.title_label.text()
        assert rule in card.details_label.text()
        assert card.title_label.text() == card.finding.title and card.finding.title


def test_meaning_check_card_reads_like_and_concept_title(review) -> None:
    from tap_assistant.semantic.concepts import shipped_concepts

    concept = next(c for c in shipped_concepts() if c.rule_id == "meaning.affection-boundary")
    text = "You are my favourite, I think about you all the time."
    finding = Finding(
        rule=concept.rule_id, pillar=concept.pillar, severity=Severity.STOP, start=0, end=len(text), text=text,
        message=concept.message, why=concept.why, source=Source.SEMANTIC, score=0.91,
        example="You're my special student, nobody gets me like you.", also_pillars=(Pillar.TRANSPARENT,),
    )
    _present(review, text, [finding])
    (card,) = review.findings.cards
    assert card.title_label.text() == concept.title
    assert card.reads_like is not None
    assert card.reads_like.text() == "Reads like: You're my special student, nobody gets me like you."
    assert "meaning.affection-boundary" in card.details_label.text()


def test_card_titles_do_not_import_numpy() -> None:
    code = (
        "import sys\n"
        "from tap_assistant.core.model import Finding, Pillar, Severity, Source\n"
        "from tap_assistant.gui.review.findings import card_title\n"
        "f = Finding(rule='meaning.secrecy', pillar=Pillar.TRANSPARENT, severity=Severity.STOP, start=0, end=1,"
        " text='x', message='m', why='w', source=Source.SEMANTIC)\n"
        "print(card_title(f)); print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    title, numpy_loaded = out.stdout.strip().splitlines()
    assert title and title != "meaning.secrecy"
    assert numpy_loaded == "False"


def test_ignore_can_be_undone(qtbot, review, checker) -> None:
    text = "Want to grab a beer after the game? lol u gonna love it"
    report = checker.check(text, Audience.STUDENT)
    review.present(text, report, grammar=False)
    qtbot.waitExposed(review)
    before = [card.finding.rule for card in review.findings.cards]
    assert not review.undo_ignore_button.isVisible()
    qtbot.mouseClick(review.findings.cards[0].ignore_button, Qt.MouseButton.LeftButton)
    assert len(review.findings.cards) == len(before) - 1
    assert review.undo_ignore_button.isVisible()
    with qtbot.waitSignal(review.report_changed, timeout=2000):
        qtbot.mouseClick(review.undo_ignore_button, Qt.MouseButton.LeftButton)
    assert [card.finding.rule for card in review.findings.cards] == before
    assert not review.undo_ignore_button.isVisible()
    assert review.visible_report.verdict is report.verdict
